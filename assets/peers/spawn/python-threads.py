"""spawn, python-threads: start N CPython threads; time it and weigh them.

Each thread says it is up, then blocks until released. The start time runs
from the first start until the last thread is up; the memory per thread is
how much the resident set (VmRSS in /proc/self/status) grew, over N.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import json
import os
import sys
import threading
import time


def emit(**event):
    # one write per line, so lines of two threads never interleave
    os.write(1, (json.dumps(event) + "\n").encode())


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    count = int(cfg["count"])
    emit(ev="ready")

    up = threading.Semaphore(0)
    release = threading.Event()

    def unit(i):
        emit(ev="start", task=i, worker=0)
        up.release()
        release.wait()  #@ running
        emit(ev="done", task=i)

    before = rss_bytes()
    t0 = time.perf_counter()
    threads = [threading.Thread(target=unit, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for _ in threads:
        up.acquire()  # every thread is up
    took = time.perf_counter() - t0
    grew = rss_bytes() - before

    emit(ev="stat", name="units", value=count)
    emit(ev="stat", name="start_ms", value=took * 1e3)
    emit(ev="stat", name="start_us_per_unit", value=took * 1e6 / count)
    emit(ev="stat", name="bytes_per_unit", value=grew / count)
    emit(ev="print", worker=0, text=f"{count} threads up in {took * 1e3:.1f} ms; "
                                    f"resident set grew {grew // 1024} KiB, {grew / count / 1024:.1f} KiB each")
    time.sleep(0.2)  # kept alive a moment, so the board shows them all
    release.set()
    for t in threads:
        t.join()
    emit(ev="end")


if __name__ == "__main__":
    main()
