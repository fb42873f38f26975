"""cpu, python-processes: the cpu demo's work in CPython processes.

`workers` processes (multiprocessing), each with its own interpreter and its
own GIL, take the next chunk from a counter they share and compute it: the
same splitmix64 rounds as the threads program. Processes run on every core,
so two of them finish in about half the time of one, start-up aside.

The processes are started before the program says it is ready, and wait for
a go: starting them (a fork each) is start-up, with the interpreter's, and
the work's time is the work's. The spawn demo shows what a process costs.

Every process writes its own JSON lines to the stdout it inherited; see the
README, "Peers".
"""
import json
import multiprocessing as mp
import os
import sys
import time

try:
    import resource  # Unix only
except ImportError:
    resource = None

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def emit(**event):
    # one write per line: lines of two processes never interleave
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


def worker(w, go, next_chunk, results, chunks, units, rounds, report):
    go.wait()
    total = 0
    while True:
        with next_chunk.get_lock():
            chunk = next_chunk.value
            next_chunk.value += 1
        if chunk >= chunks:
            break
        emit(ev="start", task=chunk, worker=w)
        last = time.monotonic()

        def progress(done):
            nonlocal last
            now = time.monotonic()
            if report and now - last >= 0.005:
                last = now
                emit(ev="progress", task=chunk, n=done, total=units)

        total += crunch(chunk, units, rounds, progress)  #@ running
        emit(ev="progress", task=chunk, n=units, total=units)
        emit(ev="done", task=chunk)
    results.put(total)  # one partial sum per process


def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    workers, chunks, units, rounds = (int(cfg[k]) for k in ("workers", "chunks", "units", "rounds"))
    report = cfg.get("report", "1") == "1"

    # fork, where there is one: its workers are this process's children, so
    # their CPU time reaches os.times() once they are joined (3.14 makes
    # forkserver the default, whose workers are the server's children).
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else None)
    go = ctx.Event()
    next_chunk = ctx.Value("i", 0)
    results = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(w, go, next_chunk, results, chunks, units, rounds, report))
             for w in range(workers)]
    for p in procs:
        p.start()
    # the CPU time of the start-up (a launcher's, and the processes' start,
    # too), which the adapter leaves out
    emit(ev="ready", cpu_ms=cpu_ms())
    go.set()
    total = sum(results.get() for _ in procs)
    for p in procs:
        p.join()
    emit(ev="stat", name="checksum", value=total & MASK & ((1 << 52) - 1))
    # the CPU time at the end of the work (the processes', joined, too), so
    # that the interpreter's shutdown after it is not counted as busy
    emit(ev="end", cpu_ms=cpu_ms())


if __name__ == "__main__":
    main()
