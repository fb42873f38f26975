"""The same CPU-bound work on 1 thread, on a thread per core, on a process per core."""
import os
import time
from multiprocessing.pool import Pool, ThreadPool

N = 600_000


def count_primes(first, step):
    # slow trial division over first, first+step, ...: pure computing, no waiting
    return sum(all(k % d for d in range(2, int(k**0.5) + 1)) for k in range(first, N, step))


if __name__ == "__main__":  # child processes import this file; only the parent runs this
    cores = os.cpu_count()
    for kind, workers in ((ThreadPool, 1), (ThreadPool, cores), (Pool, cores)):
        start = time.perf_counter()
        with kind(workers) as pool:
            primes = sum(pool.starmap(count_primes, [(2 + w, workers) for w in range(workers)]))
        print(f"{workers:2} x {kind.__name__}: {primes} primes in {time.perf_counter() - start:.2f} s")
    # Threads take turns holding the GIL, so a thread per core is no faster than one.
    # Each process has its own interpreter and its own GIL, so processes use every core.
