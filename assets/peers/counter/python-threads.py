"""counter, python-threads: real CPython threads add 1 to a shared counter, no lock.

`count += 1` is several bytecodes: load, add, store. If the GIL passed to
another thread between the load and the store, that thread's update would
be overwritten and lost. Recent CPythons switch threads only at certain
points of a loop, so this program may well lose nothing: run it and see.
That it is exact here proves nothing; a lock is what makes it exact.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import json
import os
import sys
import threading
import time

count = 0  # the shared counter


def emit(**event):
    # one write per line, so lines of two threads never interleave
    os.write(1, (json.dumps(event) + "\n").encode())


def worker(w, increments):
    global count
    emit(ev="start", task=w, worker=w)
    last = time.monotonic()
    for done in range(1, increments + 1):
        count += 1  # load, add, store: not one step #@ running
        if done % 1024 == 0 and time.monotonic() - last >= 0.005:
            last = time.monotonic()
            emit(ev="progress", task=w, n=done, total=increments)
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
