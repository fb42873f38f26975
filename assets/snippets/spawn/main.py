"""Start and finish N threads, then N processes, and time each kind."""
import multiprocessing
import threading
import time


def work():
    pass  # nothing to do: we only measure the cost of starting and ending


if __name__ == "__main__":  # not in the child processes, which import this file
    for kind, n in ((threading.Thread, 1000), (multiprocessing.Process, 100)):
        start = time.perf_counter()
        workers = [kind(target=work) for _ in range(n)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        each = (time.perf_counter() - start) / n
        print(f"{n} x {kind.__name__}: {each * 1e6:.0f} µs each")
    # Threads share one interpreter; each process needs its own (forked or started fresh).
