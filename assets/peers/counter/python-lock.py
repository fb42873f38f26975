"""counter, python-lock: real CPython threads add 1 to a shared counter under a lock.

threading.Lock makes the load, add and store one step that no other thread
can cut into, so the count is exact. A thread that finds the lock taken
waits; that wait is timed and shown.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import json
import os
import sys
import threading
import time

count = 0  # the shared counter
lock = threading.Lock()


def emit(**event):
    # one write per line, so lines of two threads never interleave
    os.write(1, (json.dumps(event) + "\n").encode())


def worker(w, increments):
    global count
    emit(ev="start", task=w, worker=w)
    last = time.monotonic()
    waited = 0.0
    for done in range(1, increments + 1):
        if not lock.acquire(blocking=False):  # only a lock someone holds is timed
            t0 = time.perf_counter()
            lock.acquire()
            waited += time.perf_counter() - t0
        count += 1  #@ running
        lock.release()
        if done % 1024 == 0 and time.monotonic() - last >= 0.005:
            last = time.monotonic()
            emit(ev="progress", task=w, n=done, total=increments)
    emit(ev="waited", task=w, ms=waited * 1000)
    emit(ev="progress", task=w, n=increments, total=increments)
    emit(ev="done", task=w)


def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    workers, increments = int(cfg["workers"]), int(cfg["increments"])
    emit(ev="ready")
    threads = [threading.Thread(target=worker, args=(w, increments)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    emit(ev="counter", actual=count, expected=workers * increments)
    emit(ev="stat", name="lost", value=workers * increments - count)
    emit(ev="end")


if __name__ == "__main__":
    main()
