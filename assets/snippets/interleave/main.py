"""Two threads with different rhythms: numbers every 1 s, letters every 1.5 s."""
import threading
import time


def numbers():
    for i in range(1, 6):
        time.sleep(1.0)
        print(i, flush=True)


def letters():
    for c in "abcde":
        time.sleep(1.5)
        print(c, flush=True)


workers = [threading.Thread(target=numbers), threading.Thread(target=letters)]
for w in workers:
    w.start()
for w in workers:
    w.join()  # wait here until this thread has finished
print("both done")
