"""download, python-asyncio: the downloader on one thread and an event loop.

asyncio.gather runs a coroutine per URL; each awaits the network, and while
it waits the loop runs the others. The standard library has no asyncio HTTP
client, so each coroutine speaks plain HTTP/1.1 over asyncio's streams:
a GET, the status line, the headers, then the body.

A file that gets no data for `timeout` seconds has stalled. The app stops
this process (SIGSTOP) while the run is paused, and the loop's clock goes on
meanwhile, so asyncio.wait_for would take a pause for a stall. Instead a
watchdog task cancels a stalled download, and a continue (SIGCONT) restarts
every file's count.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import asyncio
import json
import os
import signal
import sys
import time
import urllib.parse


def emit(**event):
    os.write(1, (json.dumps(event) + "\n").encode())


def size_text(n):
    return f"{n / 1024:.0f} KiB" if n < 1 << 20 else f"{n / (1 << 20):.1f} MiB"


class Watchdog:
    """Cancels the download of a file that has had no data for timeout s,
    not counting the time this process was stopped."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.files = {}  # file -> [time of its last data, its task]
        self.stalled = set()
        self.resumed = 0.0  # when this process was last continued

    def continued(self, signum, frame):
        self.resumed = time.monotonic()

    def heard(self, i):
        self.files[i] = [time.monotonic(), asyncio.current_task()]

    async def watch(self):
        while True:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            for i, (last, task) in list(self.files.items()):
                if now - max(last, self.resumed) > self.timeout:
                    self.stalled.add(i)
                    del self.files[i]
                    task.cancel()


async def get(i, url, got, dog):
    """Fetches url; got counts the body's bytes and their total. Returns an error or None."""
    u = urllib.parse.urlsplit(url)
    reader, writer = await asyncio.open_connection(u.hostname, u.port)
    try:
        writer.write(f"GET {u.path} HTTP/1.1\r\nHost: {u.netloc}\r\nConnection: close\r\n\r\n".encode())
        status = (await reader.readline()).decode().split(" ", 2)  #@ sleeping
        headers = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        if status[1] != "200":
            return f"HTTP {status[1]} {status[2].strip()}"
        total = got[1] = int(headers["content-length"])
        emit(ev="run", task=i, on="receiving")
        last = 0.0
        while got[0] < total:
            block = await reader.read(32 * 1024)  #@ running
            if not block:
                return f"connection closed after {got[0]} of {total} bytes"
            dog.heard(i)
            got[0] += len(block)
            now = time.monotonic()
            if now - last >= 0.005 or got[0] == total:
                last = now
                emit(ev="progress", task=i, n=got[0], total=total)
        return None
    finally:
        writer.close()


async def download(i, url, dog):
    emit(ev="sleep", task=i, worker=i, on="waiting for first byte")
    t0 = time.monotonic()
    got = [0, 0]  # bytes received, bytes in all
    dog.heard(i)
    try:
        error = await get(i, url, got, dog)
    except asyncio.CancelledError:
        if i not in dog.stalled:
            raise
        error = f"stalled: no data for {dog.timeout:g} s"
    except ConnectionResetError:
        error = f"connection reset after {got[0]} of {got[1]} bytes"
    except (ConnectionError, OSError) as e:
        error = f"request failed: {e}"
    dog.files.pop(i, None)
    if error:
        emit(ev="fail", task=i, reason=error)
        emit(ev="print", worker=i, text=f"file {i}: FAILED: {error}")
        return
    took = time.monotonic() - t0
    emit(ev="done", task=i)
    emit(ev="print", worker=i, text=f"file {i}: {size_text(got[0])} in {took:.2f} s ({size_text(got[0] / took)}/s)")


async def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    dog = Watchdog(float(cfg["timeout"]))
    urls = cfg["urls"].split(",")
    # signal.signal, not the loop's add_signal_handler: its handler runs as
    # the loop wakes, before any task looks at the clock; the loop's would
    # run after the watchdog's timer
    signal.signal(signal.SIGCONT, dog.continued)
    emit(ev="ready")
    watching = asyncio.create_task(dog.watch())
    await asyncio.gather(*(download(i, url, dog) for i, url in enumerate(urls)))
    watching.cancel()
    emit(ev="end")


if __name__ == "__main__":
    asyncio.run(main())
