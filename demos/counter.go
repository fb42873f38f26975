package demos

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
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
			peerMode("python-threads", "real CPython threads, count += 1 with no lock: whatever CPython really loses, maybe nothing"),
			peerMode("python-lock", "real CPython threads, count += 1 under threading.Lock"),
			peerMode("rust-mutex", "Rust std threads, the counter inside a Mutex"),
			peerMode("rust-atomic", "Rust std threads, AtomicU64::fetch_add"),
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
		Run: runCounter,
	})
}

// reportEvery is how many increments pass between two reports of a worker:
// often enough for a smooth bar, rare enough to keep the loop tight.
const reportEvery = 64

// counterAdder returns the increment of the run's mode, which reports how
// long it waited, and what ends it (the channel mode's owner goroutine).
// add is nil for an unknown mode.
func counterAdder(r *Run, value *atomic.Int64) (add func() time.Duration, closeAdder func()) {
	closeAdder = func() {}
	switch r.Config.Mode {
	case "unsafe":
		add = func() time.Duration {
			// A load and a store that are each atomic, but not together: another
			// worker can run in between, and its update is overwritten. The race
			// detector sees no data race, yet updates are lost.
			v := value.Load()
			runtime.Gosched()
			value.Store(v + 1)
			return 0
		}
	case "mutex":
		var mu sync.Mutex
		add = func() time.Duration {
			w := lockTimed(&mu)
			value.Store(value.Load() + 1)
			mu.Unlock()
			return w
		}
	case "atomic":
		add = func() time.Duration { value.Add(1); return 0 }
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
		add = func() time.Duration {
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
	sample := func() { r.CounterSample(made.Load, value.Load, expected) }
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
				waited += add()
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
	actual := value.Load()
	r.Counter(actual, expected)
	r.Stat("lost", float64(expected-actual))
	r.Stat("increments_per_s", float64(performed.Load())/wall.Seconds())
	return r.Context().Err()
}
