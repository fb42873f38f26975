"""The same CPU-bound work on 1 thread, on a thread per core, on a process per core."""
import math
import os
import time
from multiprocessing.pool import Pool, ThreadPool


def count_primes(first, step, n=600_000):
    # Slow trial division over first, first+step, ...: pure computing, no waiting.
    return sum(all(k % d for d in range(2, math.isqrt(k) + 1)) for k in range(first, n, step))


if __name__ == "__main__":  # not in the child processes, which import this file
    cores = os.cpu_count()
    for kind, workers in ((ThreadPool, 1), (ThreadPool, cores), (Pool, cores)):
        start = time.perf_counter()
        shares = [(2 + w, workers) for w in range(workers)]  # worker w: 2+w, 2+w+workers, ...
        with kind(workers) as pool:
            primes = sum(pool.starmap(count_primes, shares))
        secs = time.perf_counter() - start
        print(f"{workers:2} x {kind.__name__}: {primes} primes in {secs:.2f} s")
    # Threads take turns holding the GIL, so a thread per core is no faster than one.
    # Each process has its own interpreter and its own GIL, so processes use every core.
