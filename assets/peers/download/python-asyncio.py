"""download, python-asyncio: the downloader on one thread and an event loop.

asyncio.gather runs a coroutine per URL; each awaits the network, and while
it waits the loop runs the others. The standard library has no asyncio HTTP
client, so each coroutine speaks plain HTTP/1.1 over asyncio's streams:
a GET, the status line, the headers, then the body.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import asyncio
import json
import os
import sys
import time
import urllib.parse


def emit(**event):
    os.write(1, (json.dumps(event) + "\n").encode())


def size_text(n):
    return f"{n / 1024:.0f} KiB" if n < 1 << 20 else f"{n / (1 << 20):.1f} MiB"


async def get(i, url, got, timeout):
    """Fetches url; got counts the body's bytes and their total. Returns an error or None."""
    u = urllib.parse.urlsplit(url)
    reader, writer = await asyncio.wait_for(asyncio.open_connection(u.hostname, u.port), timeout)
    try:
        writer.write(f"GET {u.path} HTTP/1.1\r\nHost: {u.netloc}\r\nConnection: close\r\n\r\n".encode())
        status = (await asyncio.wait_for(reader.readline(), timeout)).decode().split(" ", 2)
        headers = {}
        while (line := await asyncio.wait_for(reader.readline(), timeout)) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        if status[1] != "200":
            return f"HTTP {status[1]} {status[2].strip()}"
        total = got[1] = int(headers["content-length"])
        emit(ev="run", task=i, on="receiving")
        last = 0.0
        while got[0] < total:
            block = await asyncio.wait_for(reader.read(32 * 1024), timeout)
            if not block:
                return f"connection closed after {got[0]} of {total} bytes"
            got[0] += len(block)
            now = time.monotonic()
            if now - last >= 0.005 or got[0] == total:
                last = now
                emit(ev="progress", task=i, n=got[0], total=total)
        return None
    finally:
        writer.close()


async def download(i, url, timeout):
    emit(ev="sleep", task=i, worker=i, on="waiting for first byte")
    t0 = time.monotonic()
    got = [0, 0]  # bytes received, bytes in all
    try:
        error = await get(i, url, got, timeout)
    except asyncio.TimeoutError:
        error = f"stalled: no data for {timeout:g} s"
    except ConnectionResetError:
        error = f"connection reset after {got[0]} of {got[1]} bytes"
    except (ConnectionError, OSError) as e:
        error = f"request failed: {e}"
    if error:
        emit(ev="fail", task=i, reason=error)
        emit(ev="print", worker=i, text=f"file {i}: FAILED: {error}")
        return
    took = time.monotonic() - t0
    emit(ev="done", task=i)
    emit(ev="print", worker=i, text=f"file {i}: {size_text(got[0])} in {took:.2f} s ({size_text(got[0] / took)}/s)")


async def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    timeout = float(cfg["timeout"])
    urls = cfg["urls"].split(",")
    emit(ev="ready")
    await asyncio.gather(*(download(i, url, timeout) for i, url in enumerate(urls)))
    emit(ev="end")


if __name__ == "__main__":
    asyncio.run(main())
