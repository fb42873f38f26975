"""Download every URL read from stdin, one a line, with asyncio: one thread,
one task per file, standard library only (plain http:// URLs, as `app serve`
prints them). `python3 main_asyncio.py < urls.txt`"""
import asyncio
import sys
import time
from urllib.parse import urlsplit


async def fetch(url):
    u = urlsplit(url)
    target = u.path + (f"?{u.query}" if u.query else "") or "/"
    reader, writer = await asyncio.open_connection(u.hostname, u.port or 80)
    try:
        # HTTP/1.0 keeps it simple: a plain body, and the server closes when done.
        writer.write(f"GET {target} HTTP/1.0\r\nHost: {u.netloc}\r\n\r\n".encode())
        # Every wait is capped at 30 s, so a stalled server fails instead of hanging.
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        status, *fields = head.decode("latin-1").split("\r\n")
        if status.split()[1] != "200":
            raise RuntimeError(f"server said {status}")
        size = 0
        while chunk := await asyncio.wait_for(reader.read(65536), 30):
            size += len(chunk)
        length = [f[15:] for f in fields if f.lower().startswith("content-length:")]
        if length and int(length[0]) != size:
            raise RuntimeError(f"body cut off after {size} bytes")
        return size
    finally:
        writer.close()


async def report(url):
    try:
        print(f"ok   {url}: {await fetch(url)} bytes")
    except Exception as err:  # one failed file does not stop the others
        print(f"FAIL {url}: {err!r}")


async def main():
    urls = [line.strip() for line in sys.stdin if line.startswith("http")]
    start = time.perf_counter()
    # No pool: a waiting task costs almost nothing. To cap open connections,
    # share an asyncio.Semaphore(8) and hold it (`async with`) around fetch.
    await asyncio.gather(*(report(url) for url in urls))
    print(f"finished in {time.perf_counter() - start:.2f} s")


asyncio.run(main())
