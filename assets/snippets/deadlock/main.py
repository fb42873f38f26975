"""Two threads take the same two locks in opposite order, and both wait forever.
Python does not notice; here the main thread gives up waiting after 2 s.
The fix: every thread takes the locks in one agreed order (a, then b)."""
import threading
import time

a, b = threading.Lock(), threading.Lock()


def both(name, first, second):
    with first:
        print(name, "holds its first lock")
        time.sleep(0.1)  # time for the other one to take its first lock
        with second:  # held by the other thread, which waits for ours
            print(name, "holds both")  # never printed


pairs = [("worker 1", a, b), ("worker 2", b, a)]  # the bug; the fix: (a, b) for both
workers = [threading.Thread(target=both, args=p, daemon=True) for p in pairs]
for w in workers:
    w.start()
for w in workers:
    w.join(timeout=2)  # daemon threads let the program exit even if they are stuck
print("deadlock!" if any(w.is_alive() for w in workers) else "both finished")
