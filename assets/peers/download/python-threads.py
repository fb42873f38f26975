"""download, python-threads: the downloader on a pool of CPython threads.

A ThreadPoolExecutor of `workers` threads fetches every URL with urllib.
While a thread waits for the network, CPython releases the GIL, so the
waits overlap even though only one thread runs Python code at a time.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import concurrent.futures
import http.client
import itertools
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request


def emit(**event):
    # one write per line, so lines of two threads never interleave
    os.write(1, (json.dumps(event) + "\n").encode())


def size_text(n):
    return f"{n / 1024:.0f} KiB" if n < 1 << 20 else f"{n / (1 << 20):.1f} MiB"


def download(i, url, lane, timeout):
    emit(ev="sleep", task=i, worker=lane, on="waiting for first byte")
    t0 = time.monotonic()
    got = total = 0
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            total = int(resp.headers["Content-Length"])
            emit(ev="run", task=i, on="receiving")
            last = 0.0
            while True:
                block = resp.read1(32 * 1024)
                if not block:
                    break
                got += len(block)
                now = time.monotonic()
                if now - last >= 0.005 or got == total:
                    last = now
                    emit(ev="progress", task=i, n=got, total=total)
        if got < total:
            raise http.client.IncompleteRead(b"")
    except urllib.error.HTTPError as e:
        reason = f"HTTP {e.code} {e.reason}"
    except TimeoutError:
        reason = f"stalled: no data for {timeout:g} s"
    except ConnectionResetError:
        reason = f"connection reset after {got} of {total} bytes"
    except (http.client.IncompleteRead, ConnectionError):
        reason = f"connection closed after {got} of {total} bytes"
    else:
        took = time.monotonic() - t0
        emit(ev="done", task=i)
        emit(ev="print", worker=lane, text=f"file {i}: {size_text(total)} in {took:.2f} s ({size_text(total / took)}/s)")
        return
    emit(ev="fail", task=i, reason=reason)
    emit(ev="print", worker=lane, text=f"file {i}: FAILED: {reason}")


def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    workers, timeout = int(cfg["workers"]), float(cfg["timeout"])
    urls = cfg["urls"].split(",")
    emit(ev="ready")

    lanes = itertools.count()  # each pool thread takes the next lane number
    mine = threading.local()

    def name_thread():
        mine.lane = next(lanes)

    def job(i, url):
        download(i, url, mine.lane, timeout)

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers, initializer=name_thread) as pool:
        for i, url in enumerate(urls):
            pool.submit(job, i, url)
    emit(ev="end")


if __name__ == "__main__":
    main()
