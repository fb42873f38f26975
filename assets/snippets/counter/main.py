"""N threads each add 1 to a shared counter K times, with and without a lock."""
import threading
import time

WORKERS, INCREMENTS = 8, 10_000
racy = locked = 0
lock = threading.Lock()


def work():
    global racy, locked
    for _ in range(INCREMENTS):
        # `racy += 1` is these same three steps: read, add, write. The GIL does
        # not make them one step; sleep(0) just makes a switch in between likely.
        n = racy
        time.sleep(0)
        racy = n + 1  # overwrites whatever other threads stored meanwhile
        with lock:  # one thread at a time in here
            locked += 1


threads = [threading.Thread(target=work) for _ in range(WORKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("expected", WORKERS * INCREMENTS, "racy", racy, "locked", locked)
