"""download, python-threads: the downloader on a pool of CPython threads.

A ThreadPoolExecutor of `workers` threads fetches every URL with
http.client. While a thread waits for the network, CPython releases the GIL,
so the waits overlap even though only one thread runs Python code at a time.

A file that gets no data for `timeout` seconds has stalled. The app stops
this process (SIGSTOP) while the run is paused, and time.monotonic() goes on
meanwhile, so a socket timeout would take a pause for a stall. Instead the
main thread watches the files, and a continue (SIGCONT) restarts their count.

It reports one JSON object per line on stdout; see the README, "Peers".
"""
import concurrent.futures
import http.client
import itertools
import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.parse


def emit(**event):
    # one write per line, so lines of two threads never interleave
    os.write(1, (json.dumps(event) + "\n").encode())


def size_text(n):
    return f"{n / 1024:.0f} KiB" if n < 1 << 20 else f"{n / (1 << 20):.1f} MiB"


class Watchdog:
    """Closes the connection of a file that has had no data for timeout s,
    not counting the time this process was stopped."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.lock = threading.Lock()
        self.files = {}  # file -> [time of its last data, its connection]
        self.stalled = set()
        self.resumed = 0.0  # when this process was last continued
        signal.signal(signal.SIGCONT, self.continued)  # runs on the main thread

    def continued(self, signum, frame):
        self.resumed = time.monotonic()

    def heard(self, i, conn=None):
        with self.lock:
            self.files.setdefault(i, [0.0, conn])[0] = time.monotonic()

    def forget(self, i):
        with self.lock:
            self.files.pop(i, None)
            return i in self.stalled

    def watch(self, futures):
        """On the main thread, where the SIGCONT handler runs first."""
        while not all(f.done() for f in futures):
            time.sleep(0.05)
            now = time.monotonic()
            with self.lock:
                for i, (last, conn) in self.files.items():
                    if i not in self.stalled and now - max(last, self.resumed) > self.timeout and conn.sock:
                        self.stalled.add(i)
                        try:
                            conn.sock.shutdown(socket.SHUT_RDWR)  # the blocked read returns
                        except OSError:
                            pass  # closed by the server meanwhile


def download(i, url, lane, dog):
    emit(ev="sleep", task=i, worker=lane, on="waiting for first byte")
    t0 = time.monotonic()
    got = total = 0
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port)  # no timeout: the watchdog's
    dog.heard(i, conn)
    try:
        conn.request("GET", u.path)
        resp = conn.getresponse()  #@ sleeping
        if resp.status != 200:
            raise http.client.HTTPException(f"HTTP {resp.status} {resp.reason}")
        total = int(resp.headers["Content-Length"])
        emit(ev="run", task=i, on="receiving")
        last = 0.0
        while True:
            block = resp.read1(32 * 1024)  #@ running
            if not block:
                break
            dog.heard(i)
            got += len(block)
            now = time.monotonic()
            if now - last >= 0.005 or got == total:
                last = now
                emit(ev="progress", task=i, n=got, total=total)
        if got < total:
            raise http.client.IncompleteRead(b"")
    except ConnectionResetError:
        reason = f"connection reset after {got} of {total} bytes"
    except (http.client.IncompleteRead, http.client.RemoteDisconnected, ConnectionError):
        reason = f"connection closed after {got} of {total} bytes"
    except OSError as e:
        reason = f"request failed: {e}"
    except http.client.HTTPException as e:
        reason = str(e)
    else:
        reason = None
    if dog.forget(i):  # before the close: the watchdog may shut conn.sock down until then
        reason = f"stalled: no data for {dog.timeout:g} s"
    conn.close()
    if reason:
        emit(ev="fail", task=i, reason=reason)
        emit(ev="print", worker=lane, text=f"file {i}: FAILED: {reason}")
        return
    took = time.monotonic() - t0
    emit(ev="done", task=i)
    emit(ev="print", worker=lane, text=f"file {i}: {size_text(total)} in {took:.2f} s ({size_text(total / took)}/s)")


def main():
    cfg = dict(arg.split("=", 1) for arg in sys.argv[1:])
    workers, timeout = int(cfg["workers"]), float(cfg["timeout"])
    urls = cfg["urls"].split(",")
    dog = Watchdog(timeout)
    emit(ev="ready")

    lanes = itertools.count()  # each pool thread takes the next lane number
    mine = threading.local()

    def name_thread():
        mine.lane = next(lanes)
        # SIGCONT still continues these threads; its handler runs on the main
        # thread, which is woken by it before it looks at the files again
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCONT})

    def job(i, url):
        download(i, url, mine.lane, dog)

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers, initializer=name_thread) as pool:
        dog.watch([pool.submit(job, i, url) for i, url in enumerate(urls)])
    emit(ev="end")


if __name__ == "__main__":
    main()
