"""A steady stream of jobs goes to a pool of 4 worker threads. submit() puts a
job in the pool's queue and returns a future: a ticket for its result."""
import time
from concurrent.futures import ThreadPoolExecutor

start = time.perf_counter()


def job(n):
    time.sleep(0.1)  # the job's cost (simulated I/O)
    return n, time.perf_counter() - start


with ThreadPoolExecutor(max_workers=4) as pool:
    futures = []
    for n in range(20):
        futures.append(pool.submit(job, n))  # returns at once; the job waits its turn
        time.sleep(0.02)  # 50 jobs/s arrive; 4 workers clear 40/s
    for future in futures:
        n, at = future.result()  # blocks until that job is done
        print(f"{at:.2f} s: job {n} done")
# leaving the with block waits for every job, like shutdown(wait=True)
