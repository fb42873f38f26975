"""A pipeline of three stages joined by queues: generate numbers, square them on
3 worker threads (fan-out), and add up what all 3 send back (fan-in)."""
import queue
import threading

DONE = object()  # a sentinel: queues cannot be closed, so we send "no more"
nums = queue.Queue(maxsize=10)  # bounded: put() blocks while it is full
squares = queue.Queue(maxsize=10)


def generate(workers):
    for n in range(1, 101):
        nums.put(n)
    for _ in range(workers):
        nums.put(DONE)  # one per worker: each stops at the first it gets


def square():
    while (n := nums.get()) is not DONE:  # fan-out: workers share one queue
        squares.put(n * n)  # fan-in: all of them write to one queue
    squares.put(DONE)


workers = [threading.Thread(target=square) for _ in range(3)]
for t in [threading.Thread(target=generate, args=(3,)), *workers]:
    t.start()
total, finished = 0, 0
while finished < len(workers):  # the stream ends when every worker has said DONE
    item = squares.get()
    if item is DONE:
        finished += 1
    else:
        total += item
print("sum of squares 1..100 =", total)
