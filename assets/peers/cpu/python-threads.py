"""cpu, python-threads: the cpu demo's work on real CPython threads.

Each worker thread takes the next chunk from a shared counter and computes
it: `units` units of `rounds` rounds of splitmix64, the mixing function the
Go demo uses, so the checksum is the Go one's for the same rounds. Under the
GIL only one thread runs Python code at a time, so a second thread does not
make the work go faster. (The free-threaded mode runs this same program on a
CPython 3.13t or later with the GIL off.)

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import json
import os
import sys
import threading
import time

try:
    import resource  # Unix only
except ImportError:
    resource = None

MASK = (1 << 64) - 1  # Python's ints never overflow; Go's uint64 wraps
GOLDEN = 0x9E3779B97F4A7C15


def emit(**event):
    # one write per line, so lines of two threads never interleave
    os.write(1, (json.dumps(event) + "\n").encode())


def cpu_ms():
    """CPU time used so far, in ms: this process's (every thread's) and, on
    Unix, that of its children that were waited for. Finer than os.times(),
    which counts in clock ticks of 10 ms."""
    ms = time.process_time() * 1000
    if resource:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        ms += (r.ru_utime + r.ru_stime) * 1000
    return ms


def crunch(chunk, units, rounds, progress):
    x = ((chunk + 1) * GOLDEN) & MASK
    total = 0
    for unit in range(units):
        for _ in range(rounds):
            x = (x + GOLDEN) & MASK
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            total = (total + (z ^ (z >> 31))) & MASK
        progress(unit + 1)
    return total


def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    workers, chunks, units, rounds = (int(cfg[k]) for k in ("workers", "chunks", "units", "rounds"))
    report = cfg.get("report", "1") == "1"
    # the CPU time of the start-up (a launcher's too), which the adapter leaves out
    emit(ev="ready", cpu_ms=cpu_ms())

    lock = threading.Lock()
    next_chunk = 0
    results = []

    def worker(w):
        nonlocal next_chunk
        while True:
            with lock:
                chunk, next_chunk = next_chunk, next_chunk + 1
            if chunk >= chunks:
                return
            emit(ev="start", task=chunk, worker=w)
            last = time.monotonic()

            def progress(done):
                nonlocal last
                now = time.monotonic()
                if report and now - last >= 0.005:  # a few lines a second, not one per unit
                    last = now
                    emit(ev="progress", task=chunk, n=done, total=units)

            result = crunch(chunk, units, rounds, progress)  #@ running
            with lock:
                results.append(result)
            emit(ev="progress", task=chunk, n=units, total=units)
            emit(ev="done", task=chunk)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    emit(ev="stat", name="checksum", value=sum(results) & MASK & ((1 << 52) - 1))
    # the CPU time at the end of the work, so that the interpreter's
    # shutdown after it is not counted as busy
    emit(ev="end", cpu_ms=cpu_ms())


if __name__ == "__main__":
    main()
