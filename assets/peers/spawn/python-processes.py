"""spawn, python-processes: start N CPython processes; time it and weigh them.

Each process (multiprocessing) says it is up, then blocks until released.
The start time runs from the first start until the last process is up; the
memory per process is its proportional set size (Pss in
/proc/PID/smaps_rollup: pages shared with others counted in part), or its
resident set where Pss is not available.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import json
import multiprocessing as mp
import os
import sys
import time


def emit(**event):
    # one write per line: lines of two processes never interleave
    os.write(1, (json.dumps(event) + "\n").encode())


def memory_bytes(pid):
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
    return 0


def unit(i, up, release):
    emit(ev="start", task=i, worker=0)
    up.release()
    release.wait()  #@ running


def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    count = int(cfg["count"])
    emit(ev="ready")

    up = mp.Semaphore(0)
    release = mp.Event()
    t0 = time.perf_counter()
    procs = [mp.Process(target=unit, args=(i, up, release)) for i in range(count)]
    for p in procs:
        p.start()
    for _ in procs:
        up.acquire()  # every process is up
    took = time.perf_counter() - t0
    total = sum(memory_bytes(p.pid) for p in procs)

    emit(ev="stat", name="units", value=count)
    emit(ev="stat", name="start_ms", value=took * 1e3)
    emit(ev="stat", name="start_us_per_unit", value=took * 1e6 / count)
    emit(ev="stat", name="bytes_per_unit", value=total / count)
    emit(ev="print", worker=0, text=f"{count} processes up in {took * 1e3:.1f} ms; "
                                    f"{total / count / 1024:.0f} KiB each (Pss)")
    time.sleep(0.2)  # kept alive a moment, so the board shows them all
    release.set()
    for i, p in enumerate(procs):
        p.join()
        emit(ev="done", task=i)
    emit(ev="end")


if __name__ == "__main__":
    main()
