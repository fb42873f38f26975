package demos

import (
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"concurrencylab/demos/engine"
)

func init() {
	Register(&Demo{
		ID:      "sleepers",
		Title:   "Waiting is cheap",
		Summary: "M tasks each wait on simulated I/O (a sleep); run together, they take about one wait, not M.",
		Notice: "The waits are simulated I/O: each task sleeps, as it would while a server answers. One after " +
			"another, the run takes tasks × wait; a goroutine per task takes about one wait, even for 100,000 " +
			"tasks, because a waiting goroutine holds no thread and no core. Bounded keeps at most the worker " +
			"count waiting at once (drag it while it runs), like a connection limit.",
		Question: "{tasks} tasks each wait {wait}. How long does the run take one after another, and how long all at once?",
		Modes: []Mode{
			{Name: "sequential", Help: "one task after another, on one goroutine", Fixed: "one goroutine"},
			{Name: "concurrent", Help: "a goroutine per task, all waiting at once (like asyncio.gather or tokio::spawn)", Fixed: "a goroutine per task"},
			{Name: "bounded", Help: "a goroutine per task, at most the worker count at once; follows the worker count live", Live: true},
			engine.WithFixed(engine.PeerMode("python-asyncio", "real CPython: asyncio.gather of a coroutine per task, on one thread"), "one thread, one event loop"),
			engine.PeerMode("python-threads", "real CPython: a ThreadPoolExecutor of `workers` threads, each task a time.sleep"),
		},
		// The worker count matters in bounded mode only.
		Workers: Knob{Name: "workers", Title: "Workers (bounded)", Kind: Int, Default: 8, Min: 1, Max: 10_000, Log: true},
		// Defaults keep every mode within seconds: 25 waits of 200 ms take 5 s
		// one after another, 0.2 s concurrently and 0.8 s bounded to 8.
		Knobs: []Knob{
			{Name: "tasks", Title: "Tasks", Kind: Int, Default: 25, Min: 1, Max: 100_000, Log: true},
			{Name: "wait", Title: "Wait per task (simulated I/O)", Kind: Duration, Default: 0.2, Min: 0.001, Max: 10, Log: true},
		},
		Figures: []Figure{
			{Name: "peak_sleeping", Title: "most asleep at once"},
			{Name: "tasks_per_s", Title: "tasks finished", Unit: "/s"},
			// each task's wait, so a front end can say "N waits of D"
			{Name: "sleep_ms", Title: "each task's wait", Unit: "ms", Hidden: true},
		},
		// one after another against all at once, over ever more tasks
		Sweep: Sweep{Axis: "tasks", Chart: FigElapsed, Predict: FigElapsed, Step: 10, Modes: []string{"sequential", "concurrent"},
			UpTo: func(c Config) float64 {
				if c.Mode == "sequential" { // tasks × wait: keep a sweep under ten seconds a run
					return max(1, math.Floor(10/max(c.Knobs["wait"], 1e-3)))
				}
				return 10_000
			}},
		Moments: []MomentKind{
			{Name: "most-asleep", Title: "the most tasks were asleep at once"},
		},
		Spot: spotSleepers,
		Run:  runSleepers,
	})
}

// sleepOn is what a sleeper's task says it waits on: honest labelling.
const sleepOn = "simulated I/O"

func runSleepers(r *Run) error {
	n, wait := r.Config.Int("tasks"), r.Config.Dur("wait")
	r.Stat("sleep_ms", float64(wait)/float64(time.Millisecond))
	var inflight, peak, done atomic.Int64
	sleeper := func(t *Task) {
		cur := inflight.Add(1)
		for p := peak.Load(); cur > p && !peak.CompareAndSwap(p, cur); p = peak.Load() {
		}
		err := t.Sleep(sleepOn, wait) // Sleeping, then Running: the first state starts the task
		inflight.Add(-1)
		if err != nil {
			t.Fail(err)
			return
		}
		t.Done()
		done.Add(1)
	}

	sw := r.Stopwatch()
	var wg sync.WaitGroup
	switch r.Config.Mode {
	case "python-asyncio", "python-threads":
		return runSleepersPeer(r)
	case "sequential":
		r.Tasks(n, func(int) int { return 0 })
		for i := range n {
			if r.Context().Err() != nil {
				break
			}
			sleeper(r.Task(i, 0))
		}
	case "concurrent":
		r.Tasks(n, nil)
		for i := range n {
			if r.Context().Err() != nil {
				break
			}
			wg.Go(func() { sleeper(r.Task(i, i)) })
		}
	case "bounded":
		w0 := r.Config.Workers
		r.Tasks(n, func(i int) int { return i % w0 })
		l := NewLimiter(r)
		var lanes laneSet
		for i := range n {
			if l.Acquire() != nil {
				break
			}
			lane := lanes.get()
			wg.Go(func() {
				defer l.Release()
				defer lanes.put(lane) // before the slot, so the next task finds the lane free
				sleeper(r.Task(i, lane))
			})
		}
		wg.Wait()
		l.Close()
	default:
		return errors.New("unknown mode " + r.Config.Mode)
	}
	wg.Wait()
	wall := sw.Elapsed() // paused time left out
	r.Stat("tasks_per_s", float64(done.Load())/wall.Seconds())
	r.Stat("peak_sleeping", float64(peak.Load()))
	return r.Context().Err()
}

// spotSleepers finds, at the end, the moment the most tasks were asleep.
func spotSleepers() Spotter {
	asleep, most, idx, at := 0, 0, -1, time.Duration(0)
	return func(sc *Scan, e *Event) {
		switch e.Kind {
		case EvState:
			was := sc.State(e.Task)
			if was == Sleeping && e.State != Sleeping && !was.Ended() {
				asleep--
			}
			if e.State == Sleeping && was != Sleeping && !was.Ended() {
				asleep++
				if asleep > most {
					most, idx, at = asleep, sc.Index(), e.At
				}
			}
		case engine.EvEnd:
			if idx >= 0 {
				sc.AddAt(idx, at, "most-asleep", "%s asleep at once, the most in this run", Plural(most, "task was", "tasks were"))
			}
		}
	}
}
