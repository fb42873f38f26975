"""sleepers, python-threads: M tasks that each wait, on a pool of threads.

A ThreadPoolExecutor of `workers` threads runs the tasks; each calls
time.sleep, the stand-in for I/O, which releases the GIL. At most `workers`
tasks wait at once, so the batch takes about tasks / workers waits: a
thread per waiting task is what asyncio saves.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import concurrent.futures
import itertools
import json
import os
import sys
import threading
import time


def emit(**event):
    # one write per line, so lines of two threads never interleave
    os.write(1, (json.dumps(event) + "\n").encode())


def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    tasks, wait, workers = int(cfg["tasks"]), float(cfg["wait"]), int(cfg["workers"])
    emit(ev="ready")

    lanes = itertools.count()  # each pool thread takes the next lane number
    mine = threading.local()
    lock = threading.Lock()
    sleeping = peak = 0

    def name_thread():
        mine.lane = next(lanes)

    def sleeper(i):
        nonlocal sleeping, peak
        emit(ev="sleep", task=i, worker=mine.lane, on="simulated I/O")
        with lock:
            sleeping += 1
            peak = max(peak, sleeping)
        time.sleep(wait)  #@ sleeping
        with lock:
            sleeping -= 1
        emit(ev="done", task=i)

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers, initializer=name_thread) as pool:
        for i in range(tasks):
            pool.submit(sleeper, i)
    emit(ev="stat", name="peak_sleeping", value=peak)
    emit(ev="end")


if __name__ == "__main__":
    main()
