"""sleepers, python-asyncio: M coroutines that each wait, on one thread.

asyncio.gather starts a coroutine per task; each awaits asyncio.sleep, the
stand-in for I/O. A waiting coroutine holds no thread, so the whole batch
takes about one wait, even for 100,000 tasks.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import asyncio
import json
import os
import sys


def emit(**event):
    os.write(1, (json.dumps(event) + "\n").encode())


sleeping = peak = 0


async def sleeper(i, wait):
    global sleeping, peak
    emit(ev="sleep", task=i, worker=i, on="simulated I/O")
    sleeping += 1  # one thread: no lock needed between awaits
    peak = max(peak, sleeping)
    await asyncio.sleep(wait)  #@ sleeping
    sleeping -= 1
    emit(ev="done", task=i)


async def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    tasks, wait = int(cfg["tasks"]), float(cfg["wait"])
    emit(ev="ready")
    await asyncio.gather(*(sleeper(i, wait) for i in range(tasks)))
    emit(ev="stat", name="peak_sleeping", value=peak)
    emit(ev="end")


if __name__ == "__main__":
    asyncio.run(main())
