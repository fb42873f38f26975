"""cpu, python-processes: the cpu demo's work in CPython processes.

`workers` processes (multiprocessing), each with its own interpreter and its
own GIL, take the next chunk from a counter they share and compute it: the
same splitmix64 rounds as the threads program. Processes run on every core,
so two of them finish in about half the time of one, start-up aside.

Every process writes its own JSON lines to the stdout it inherited; see the
README, "Peers".
"""
import json
import multiprocessing as mp
import os
import sys
import time

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def emit(**event):
    # one write per line: lines of two processes never interleave
    os.write(1, (json.dumps(event) + "\n").encode())


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


def worker(w, next_chunk, results, chunks, units, rounds, report):
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

        total += crunch(chunk, units, rounds, progress)
        emit(ev="progress", task=chunk, n=units, total=units)
        emit(ev="done", task=chunk)
    results.put(total)  # one partial sum per process


def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    workers, chunks, units, rounds = (int(cfg[k]) for k in ("workers", "chunks", "units", "rounds"))
    report = cfg.get("report", "1") == "1"
    # the CPU time of the start-up (a launcher's too), which the adapter leaves out
    t = os.times()
    emit(ev="ready", cpu_ms=(t.user + t.system + t.children_user + t.children_system) * 1000)

    next_chunk = mp.Value("i", 0)
    results = mp.Queue()
    procs = [mp.Process(target=worker, args=(w, next_chunk, results, chunks, units, rounds, report))
             for w in range(workers)]
    for p in procs:
        p.start()
    total = sum(results.get() for _ in procs)
    for p in procs:
        p.join()
    emit(ev="stat", name="checksum", value=total & MASK & ((1 << 52) - 1))
    emit(ev="end")


if __name__ == "__main__":
    main()
