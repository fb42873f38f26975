package demos

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"concurrencylab/demos/engine"
)

func init() {
	Register(&Demo{
		ID:      "counter",
		Title:   "Shared counter",
		Summary: "N workers each add 1, K times, to one shared counter.",
		Notice: "Without a lock, two workers read the same value and both write it back plus one: " +
			"one update is lost. A mutex or an atomic makes the count exact, at the price of workers " +
			"waiting for each other; a single owner reached by a channel is exact too. " +
			"(The unsafe mode yields between its read and its write to make the lost update likely; " +
			"that yield, not the missing lock, is why it is the slowest here.) " +
			"Real CPython threads (python-threads) may lose nothing: CPython 3.10 and later hand the GIL over only " +
			"at calls and loop jumps, never between the load and the store of count += 1. That is luck, not safety: " +
			"a free-threaded CPython does lose updates.",
		Question: "With {workers}, each adding 1 to one shared counter {increments} times, what will it read with no lock, and with a mutex, an atomic or a channel?",
		Modes: []Mode{
			{Name: "unsafe", Help: "read, yield, write back: updates get lost (yet race-detector clean)"},
			{Name: "mutex", Help: "sync.Mutex around each increment"},
			{Name: "atomic", Help: "atomic.Int64.Add, one hardware instruction"},
			{Name: "channel", Help: "one owner goroutine holds the counter; workers send it increments"},
			engine.PeerMode("python-threads", "real CPython threads, count += 1 with no lock: whatever CPython really loses, maybe nothing"),
			engine.PeerMode("python-lock", "real CPython threads, count += 1 under threading.Lock"),
			engine.PeerMode("rust-mutex", "Rust std threads, the counter inside a Mutex"),
			engine.PeerMode("rust-atomic", "Rust std threads, AtomicU64::fetch_add"),
		},
		Workers: Knob{Name: "workers", Title: "Workers", Kind: Int, Default: 8, Min: 1, Max: 64, Log: true},
		Knobs: []Knob{
			{Name: "increments", Title: "Increments per worker", Kind: Int, Default: 10000, Min: 1, Max: 1_000_000, Log: true},
		},
		Figures: []Figure{
			{Name: "lost", Title: "lost updates"},
			{Name: "increments_per_s", Title: "increments", Unit: "/s"},
		},
		Counter:  true,
		CPUBound: true,
		// each worker adds its own increments, so more workers do more work:
		// no speedup to take, but the rate the lock (or its absence) allows
		Sweep: Sweep{Chart: Figure{Name: "increments_per_s", Title: "increments per second", Unit: "/s"}, Predict: FigCounter, MoreWork: true,
			UpTo: func(Config) float64 { return max(8, 2*cores()) }},
		Moments: []MomentKind{
			{Name: "lost-update", Title: "two workers read the same value and one write lands over the other"},
		},
		Spot: spotCounter,
		Run:  runCounter,
	})
}

// reportEvery is how many increments pass between two reports of a worker:
// often enough for a smooth bar, rare enough to keep the loop tight.
const reportEvery = 64

// The unsafe mode keeps, above the count, the worker that wrote it last,
// so a write that lands over another's knows whose it erased: the lost
// update told as it happened. Counts stay far below 2^48 (64 workers of a
// million increments).
const (
	counterShift = 48
	counterMask  = 1<<counterShift - 1
)

// lostTold is how many lost updates the unsafe mode tells one by one; the
// moments list counts the rest from the counter.
const lostTold = 5

// counterAdder returns the increment of the run's mode, done by worker w,
// which reports how long it waited, and what ends it (the channel mode's
// owner goroutine). add is nil for an unknown mode.
func counterAdder(r *Run, value *atomic.Int64) (add func(w int) time.Duration, closeAdder func()) {
	closeAdder = func() {}
	switch r.Config.Mode {
	case "unsafe":
		var told atomic.Int32
		add = func(w int) time.Duration {
			// A load and a store (a swap, which costs the same) that are each
			// atomic, but not together: another worker can run in between,
			// and its update is overwritten. The race detector sees no data
			// race, yet updates are lost.
			v := value.Load()
			runtime.Gosched()
			old := value.Swap(v&counterMask + 1 | int64(w)<<counterShift)
			if old&counterMask > v&counterMask && told.Load() < lostTold && told.Add(1) <= lostTold {
				tellLost(r, w, v, old)
			}
			return 0
		}
	case "mutex":
		var mu sync.Mutex
		add = func(int) time.Duration {
			w := lockTimed(&mu)
			value.Store(value.Load() + 1)
			mu.Unlock()
			return w
		}
	case "atomic":
		add = func(int) time.Duration { value.Add(1); return 0 }
	case "channel":
		ch := make(chan struct{})
		var owner sync.WaitGroup
		owner.Go(func() {
			var count int64 // owned by this goroutine alone
			for range ch {
				count++
				value.Store(count)
			}
		})
		add = func(int) time.Duration {
			t0 := time.Now()
			select {
			case ch <- struct{}{}:
			case <-r.Context().Done():
			}
			return time.Since(t0)
		}
		closeAdder = func() { close(ch); owner.Wait() }
	}
	return add, closeAdder
}

// tellLost reports the lost update worker w just made: it read v, and its
// write of v+1 landed over old, which another worker wrote after it read.
func tellLost(r *Run, w int, v, old int64) {
	v, by, o := v&counterMask, old>>counterShift, old&counterMask
	if o == v+1 {
		r.Moment("lost-update", w, "w%d read %d, w%d read %d, w%d wrote %d, w%d wrote %d over it: one update lost",
			by, v, w, v, by, o, w, v+1)
		return
	}
	r.Moment("lost-update", w, "w%d read %d; meanwhile the others took the counter to %d (w%d wrote it last); w%d wrote %d over it: %d updates lost",
		w, v, o, by, w, v+1, o-v)
}

// lockTimed locks mu and returns how long it waited for another holder to
// let go. Only a lock another worker holds is timed: an uncontended Lock is
// no wait, and leaving the clock out makes it cheaper.
func lockTimed(mu *sync.Mutex) time.Duration {
	if mu.TryLock() {
		return 0
	}
	t0 := time.Now()
	mu.Lock()
	// A held lock is a wait even when the clock's tick is too coarse to see it.
	return max(time.Since(t0), time.Nanosecond)
}

func runCounter(r *Run) error {
	if IsPeer(r.Config.Mode) {
		return runCounterPeer(r)
	}
	n, k := r.Config.Workers, int64(r.Config.Int("increments"))
	expected := int64(n) * k
	r.Tasks(n, nil)

	var value atomic.Int64 // the counter, or in channel mode a mirror of it for display
	add, closeAdder := counterAdder(r, &value)
	if add == nil {
		return errors.New("unknown mode " + r.Config.Mode)
	}

	r.Counter(0, expected)
	var performed atomic.Int64 // increments done, lost or not: the rate's numerator
	// made counts the increments made so far, published at the report
	// points (an atomic add per increment would change what is measured)
	var made atomic.Int64
	read := func() int64 { return value.Load() & counterMask }
	sample := func() { r.CounterSample(made.Load, read, expected) }
	sw := r.Stopwatch()
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := r.Task(w, w)
			t.Start()
			var waited time.Duration
			for i := int64(0); i < k; i++ {
				if i%reportEvery == 0 {
					if err := r.Pace(2 * time.Millisecond); err != nil {
						t.Fail(err)
						return
					}
					t.Progress(i, k)
					if i > 0 {
						made.Add(reportEvery)
						sample()
					}
					if waited > 0 {
						t.Waited(waited)
						waited = 0
					}
				}
				waited += add(w)
			}
			performed.Add(k)
			made.Add(k - (k-1)/reportEvery*reportEvery)
			t.Waited(waited)
			t.Progress(k, k)
			t.Done()
			sample()
		}()
	}
	wg.Wait()
	closeAdder()
	wall := sw.Elapsed() // paused time left out
	actual := read()
	r.Counter(actual, expected)
	r.Stat("lost", float64(expected-actual))
	r.Stat("increments_per_s", float64(performed.Load())/wall.Seconds())
	return r.Context().Err()
}

// spotCounter counts, at the end, the lost updates the demo did not tell.
func spotCounter() Spotter {
	var c Event
	return func(sc *Scan, e *Event) {
		switch e.Kind {
		case EvCounter:
			c = *e
		case engine.EvEnd:
			if lost := c.Total - c.N; lost > 0 {
				sc.Add("lost-update", "the run ended: %s of %s updates were lost; the counter reads %s",
					Thousands(lost), Thousands(c.Total), Thousands(c.N))
			}
		}
	}
}
