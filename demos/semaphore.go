package demos

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
)

func init() {
	Register(&Demo{
		ID:      "semaphore",
		Title:   "Semaphore: K at a time",
		Summary: "N tasks each need a resource that only K may use at once; a semaphore of K slots makes the others wait their turn.",
		Notice: "However many tasks want the resource, no more than K hold a slot: the rest queue up and each takes the slot " +
			"the first leaver frees, first come, first served. The run takes about ⌈N÷K⌉ holds, so throughput is capped by K; " +
			"one slot is a mutex, and with no limit every task goes at once (fine for a sleep, not for a database with ten connections).",
		Question: "{tasks} tasks each hold the resource for {hold}, at most K (Slots) at a time. " +
			"How many hold it at once, and how long does the run take?",
		Modes: []Mode{
			{Name: "semaphore", Help: "semaphore.Weighted with `workers` slots: Acquire(ctx, 1) waits for a free one, Release(1) hands it on"},
			{Name: "mutex", Help: "a semaphore of one slot: one task at a time, as with a sync.Mutex", Fixed: "one slot"},
			{Name: "unlimited", Help: "no semaphore: every task uses the resource at once", Fixed: "no limit"},
		},
		Workers: Knob{Name: "workers", Title: "Slots (K): tasks let in at once", Kind: Int, Default: 3, Min: 1, Max: 64, Log: true},
		Knobs: []Knob{
			{Name: "tasks", Title: "Tasks wanting the resource", Kind: Int, Default: 12, Min: 1, Max: 1000, Log: true},
			{Name: "hold", Title: "Time each holds it (simulated work)", Kind: Duration, Default: 0.5, Min: 0.001, Max: 5, Log: true},
		},
		Figures: []Figure{
			{Name: "in_use", Title: "slots in use", Unit: "tasks"},
			{Name: "waiting", Title: "waiting for a slot", Unit: "tasks"},
			{Name: "peak_in_use", Title: "most in use at once", Unit: "tasks"},
			{Name: "mean_wait_ms", Title: "mean wait for a slot", Unit: "ms"},
		},
		Shows: Shows{PerSecond: true, Chart: "Slots in use and tasks waiting"},
		// More slots shorten the run until there are as many as tasks.
		Sweep: Sweep{Chart: FigElapsed, Predict: FigElapsed,
			UpTo: func(c Config) float64 { return max(2, min(16, c.Knobs["tasks"])) }},
		Moments: []MomentKind{
			{Name: "slots-full", Title: "every slot was taken: a task had to wait"},
			{Name: "slot-handed-on", Title: "a task left and the first waiter took its slot"},
		},
		Spot: spotSemaphore,
		Run:  runSemaphore,
	})
}

// spotSemaphore finds where a task began to wait with every slot taken,
// and where such a waiter took the slot a leaver freed. The slots' gauge
// says how many are in use when a task asks: it counts a holder once its
// Acquire has returned, and stops counting it before its Release.
func spotSemaphore() Spotter {
	inUse, slots := 0, 0
	since := map[int32]time.Duration{} // tasks waiting on a full semaphore, since when
	return func(sc *Scan, e *Event) {
		switch {
		case e.Kind == EvGauge && e.Text == "slots":
			inUse, slots = int(e.N), int(e.Total)
		case e.Kind != EvState:
		case e.State == Waiting && slots > 0 && inUse >= slots:
			since[e.Task] = e.At
			sc.Add("slots-full", "all %s taken: w%d had to wait", Plural(slots, "slot was", "slots were"), e.Worker)
		case e.State == Running && sc.State(e.Task) == Waiting:
			if t0, ok := since[e.Task]; ok {
				delete(since, e.Task)
				sc.Add("slot-handed-on", "w%d took the slot a leaver freed, after waiting %s", e.Worker, SayTime(e.At-t0))
			}
		}
	}
}

// semSampleEvery is how often the in-use and waiting series are sampled.
const semSampleEvery = 100 * time.Millisecond

// semRun is the state the tasks and the sampler of one run share.
type semRun struct {
	r     *Run
	sem   *semaphore.Weighted // nil: no limit
	slots int                 // 0: no limit
	hold  time.Duration

	// mu orders the in-use count's changes with the gauge events that
	// report them, so the last gauge a front end sees is the count now.
	mu      sync.Mutex
	inUse   int
	peak    int
	waiting atomic.Int64
	waitSum atomic.Int64 // nanoseconds from asking to holding, over tasks that got a slot
	got     atomic.Int64 // tasks that got a slot
}

// runSemaphore starts a goroutine per task at once; each asks the
// semaphore for one slot (honouring the run's context, so a stop ends the
// wait), holds it for `hold` and releases it. The in-use count goes up
// after Acquire and down before Release, so it measures what the
// semaphore allows: it can exceed the slots only if the semaphore lets
// too many in.
func runSemaphore(r *Run) error {
	s := &semRun{r: r, hold: r.Config.Dur("hold")}
	switch r.Config.Mode {
	case "semaphore":
		s.slots = r.Config.Workers
	case "mutex":
		s.slots = 1
	}
	if s.slots > 0 {
		s.sem = semaphore.NewWeighted(int64(s.slots))
		r.Gauge("slots", 0, s.slots)
	}
	n := r.Config.Int("tasks")
	r.Tasks(n, nil)
	stop := r.Every(semSampleEvery, s.sample)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { s.task(i) })
	}
	wg.Wait()
	stop()
	s.mu.Lock()
	r.Stat("peak_in_use", float64(s.peak))
	s.mu.Unlock()
	s.statWait()
	return r.Context().Err()
}

// task is one task's life: ask for a slot, hold it, hand it on.
func (s *semRun) task(i int) {
	r := s.r
	t := r.Task(i, i)
	if err := r.Gate(); err != nil {
		t.Fail(err)
		return
	}
	t.Start()
	if s.sem != nil {
		t.Waiting("slot")
		s.waiting.Add(1)
		asked := r.Stopwatch() // a pause while queued is not part of the wait
		err := s.sem.Acquire(r.Context(), 1)
		s.waiting.Add(-1)
		if err != nil {
			t.Fail(err)
			return
		}
		wait := asked.Elapsed()
		t.Waited(wait)
		s.waitSum.Add(int64(wait))
		s.got.Add(1)
	}
	s.use(+1)
	t.Hold("slot")
	err := t.Work("using the resource (simulated work: a sleep)", s.hold)
	// its use ends before the slot is handed on: the next holder's begins
	// after it, never beside it
	t.RunningOn("handing the slot on")
	t.Release("slot")
	s.use(-1)
	if s.sem != nil {
		s.sem.Release(1)
	}
	t.End(err)
}

// use counts a task into (+1) or out of (-1) the resource and reports the
// slots' fill.
func (s *semRun) use(d int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inUse += d
	s.peak = max(s.peak, s.inUse)
	if s.slots > 0 {
		s.r.Gauge("slots", s.inUse, s.slots)
	}
}

// sample records the in-use and waiting counts, and the figures so far, so
// that they grow while the run goes.
func (s *semRun) sample(final bool) {
	s.mu.Lock()
	in, peak := s.inUse, s.peak
	s.mu.Unlock()
	s.r.Sample("in_use", float64(in))
	s.r.Sample("waiting", float64(s.waiting.Load()))
	if !final {
		s.r.Stat("peak_in_use", float64(peak))
		s.statWait()
	}
}

// statWait records the mean wait for a slot over the tasks that got one
// (none wait with no limit).
func (s *semRun) statWait() {
	if got := s.got.Load(); got > 0 {
		s.r.Stat("mean_wait_ms", float64(s.waitSum.Load())/float64(got)/1e6)
	} else if s.sem == nil {
		s.r.Stat("mean_wait_ms", 0)
	}
}
