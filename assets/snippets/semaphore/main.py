"""Twelve threads want a resource that only 3 may use at once (say, 3
database connections). A semaphore of 3 slots makes the rest wait."""
import threading
import time

start = time.perf_counter()
slots = threading.Semaphore(3)  # K = 3


def task(n):
    with slots:  # waits for a free slot; leaving the block hands it on
        print(f"{time.perf_counter() - start:.1f} s: task {n} got a slot")
        time.sleep(0.5)  # use the resource (simulated)


threads = [threading.Thread(target=task, args=(n,)) for n in range(12)]
for t in threads:
    t.start()
for t in threads:
    t.join()
# 12 tasks, 3 at a time, 0.5 s each: about 2 s in all
print(f"all done in {time.perf_counter() - start:.1f} s")
# In asyncio the same is asyncio.Semaphore(3) and `async with slots:`.
