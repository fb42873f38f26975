"""Download every URL read from stdin, one a line, on 8 threads, and report
bytes or the error for each file. Against the app's own server:
`app serve > urls.txt` in one terminal, `python3 main.py < urls.txt` in another."""
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed


def fetch(url):
    # urlopen raises HTTPError for a 404 or 500; the timeout (per read, in
    # seconds) turns a stalled server into an error instead of a hang.
    with urllib.request.urlopen(url, timeout=30) as resp:
        return len(resp.read())  # a connection reset mid-body raises here


urls = [line.strip() for line in sys.stdin if line.startswith("http")]
start = time.perf_counter()
with ThreadPoolExecutor(max_workers=8) as pool:
    futures = {pool.submit(fetch, url): url for url in urls}
    for future in as_completed(futures):  # in the order they finish
        url = futures[future]
        try:
            print(f"ok   {url}: {future.result()} bytes")
        except Exception as err:  # one failed file does not stop the others
            print(f"FAIL {url}: {err!r}")
print(f"finished in {time.perf_counter() - start:.2f} s")
