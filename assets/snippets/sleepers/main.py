"""10,000 tasks each wait one second (simulated I/O). Waiting uses no CPU,
so together they take about one second, not 10,000."""
import asyncio
import time


async def task(i):
    # await hands control back to the event loop, which runs other tasks
    # meanwhile. time.sleep(1) here would block them all: 10,000 s in total.
    await asyncio.sleep(1)
    return i


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(*(task(i) for i in range(10_000)))
    print(f"{len(results)} waits of 1 s took {time.perf_counter() - start:.2f} s")


asyncio.run(main())  # one thread, one event loop, 10,000 tasks
