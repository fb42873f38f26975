package demos

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"concurrencylab/demos/engine"
)

func init() {
	Register(&Demo{
		ID:      "pool",
		Title:   "Worker pool, live",
		Summary: "A steady stream of jobs into a queue served by N workers, like ThreadPoolExecutor and its futures.",
		Notice: "When jobs arrive faster than the workers finish them, the queue grows and every job waits longer; " +
			"add workers and the queue drains, remove them and it builds up again. Throughput cannot pass " +
			"workers ÷ cost, however fast jobs arrive. Each job's work is a sleep: simulated, and labelled so.",
		Question: "Jobs arrive at {rate} and each takes {cost}. How many workers keep the queue from growing?",
		Modes: []Mode{
			{Name: "fixed", Help: "the pool keeps the worker count it started with"},
			{Name: "live", Help: "the pool follows the worker count while it runs: workers join or retire at once", Live: true},
		},
		Workers: Knob{Name: "workers", Title: "Workers", Kind: Int, Default: 4, Min: 1, Max: 64, Log: true},
		Prints:  true,
		Knobs: []Knob{
			{Name: "rate", Title: "Jobs arriving per second", Unit: "jobs/s", Kind: Float, Default: 20, Min: 1, Max: 1000, Log: true},
			{Name: "cost", Title: "Time per job (simulated work)", Kind: Duration, Default: 0.2, Min: 0.001, Max: 5, Log: true},
			{Name: "jobs", Title: "Jobs in all", Kind: Int, Default: 100, Min: 1, Max: 10000, Log: true},
		},
		Figures: []Figure{
			{Name: "queue", Title: "queue", Unit: "jobs"},
			{Name: "throughput", Title: "mean throughput", Unit: "jobs/s"},
			{Name: "workers", Title: "workers"},
			{Name: "jobs_done", Title: "jobs done"},
			{Name: "mean_wait_ms", Title: "mean wait", Unit: "ms"},
			{Name: "peak_queue", Title: "longest queue", Unit: "jobs"},
		},
		Shows: Shows{Chart: "Queue, throughput and workers over time"},
		Sweep: Sweep{Chart: Figure{Name: "mean_wait_ms", Title: "mean wait in the queue", Unit: "ms"},
			Predict: Figure{Name: "peak_queue", Title: "the longest the queue gets", Unit: "jobs"},
			// rate × cost workers keep up; twice that shows the waits vanish
			UpTo: func(c Config) float64 { return max(4, 2*math.Ceil(c.Knobs["rate"]*c.Knobs["cost"])) }},
		Moments: []MomentKind{
			// the queue is unbounded: "full" is its longest, where arrivals
			// outran the workers most
			{Name: "queue-peak", Title: "the queue was at its longest: jobs arrived faster than the workers finished them"},
			{Name: "resized", Title: "the pool grew or shrank"},
		},
		Spot: spotPool,
		Run:  runPool,
	})
}

// poolSampleEvery is how often the pool's series are sampled: ten points a
// second make a smooth chart and cost nothing.
const poolSampleEvery = 100 * time.Millisecond

// poolWindow is the sliding window over which throughput is measured.
const poolWindow = time.Second

type poolJob struct {
	id      int
	arrived Stopwatch // a pause while the job is queued is not its wait
}

// poolRun is the state shared by the source, the dispatcher, the workers and
// the sampler of one run.
type poolRun struct {
	r    *Run
	live bool
	cost time.Duration

	queued   atomic.Int64 // jobs waiting in the queue now
	peak     atomic.Int64
	done     atomic.Int64
	waitSum  atomic.Int64 // nanoseconds from arrival to pick-up, summed over done jobs
	clock    Stopwatch    // the run's active time, pauses left out
	finishNS atomic.Int64 // when the last job finished, on clock
	doneBy   []atomic.Int32

	// mu guards running, workers and size; a worker decides to retire
	// under it, so the manager never leaves a lane empty nor starts a
	// second worker on one.
	mu      sync.Mutex
	running []bool
	workers int // on a lane now
	// size is the pool's size as a class reads it: the workers joined and
	// not retired by a resize. Workers leaving once the jobs run out do
	// not shrink it: the "workers" series draws size, so a 4-worker pool
	// never ends the chart at 2.
	size int
	wg   sync.WaitGroup
}

// runPool: a source goroutine sends jobs at `rate` to a dispatcher goroutine
// that owns the queue (a slice) and hands its head to whichever worker is
// free. Queued jobs show as Pending until a worker picks them; the time
// they spent queued is reported with Task.Waited. In live mode a manager
// goroutine starts a worker for every lane below the target; a worker above
// the target retires when it is idle, or right after the job in hand (it
// finishes that job first), so no job is ever lost or done twice.
func runPool(r *Run) error {
	mode, _ := r.Demo.Mode(r.Config.Mode)
	n := r.Config.Int("jobs")
	rate := r.Config.Float("rate")
	p := &poolRun{r: r, clock: r.Stopwatch(), live: mode.Live, cost: r.Config.Dur("cost"),
		doneBy: make([]atomic.Int32, n), running: make([]bool, int(r.Demo.Workers.Max))}
	ctx := r.Context()
	r.Tasks(n, func(int) int { return 0 }) // a job's worker is known once it is picked

	arrivals := make(chan poolJob)
	out := make(chan poolJob)
	dispatched := make(chan struct{})
	go p.dispatch(arrivals, out, dispatched)

	stopSampling := r.Every(poolSampleEvery, p.sampler())

	managed := make(chan struct{})
	if p.live {
		go p.manage(out, dispatched, managed)
	} else {
		p.mu.Lock()
		p.ensure(out, r.Config.Workers, false)
		p.mu.Unlock()
		close(managed)
	}

	p.source(n, rate, arrivals)
	<-dispatched
	<-managed // no worker starts after this
	p.wg.Wait()
	stopSampling()

	jobsDone := p.done.Load()
	for id := range p.doneBy {
		if c := p.doneBy[id].Load(); c > 1 {
			return fmt.Errorf("job %d was done %d times", id, c)
		}
	}
	r.Stat("peak_queue", float64(p.peak.Load()))
	r.Stat("jobs_done", float64(jobsDone))
	if jobsDone > 0 {
		r.Stat("mean_wait_ms", float64(p.waitSum.Load())/float64(jobsDone)/1e6)
		if fin := time.Duration(p.finishNS.Load()); fin > 0 {
			r.Stat("throughput", float64(jobsDone)/fin.Seconds())
		}
	}
	return ctx.Err()
}

// source sends n jobs at rate jobs per second (slower in slow motion). It
// keeps to a schedule rather than sleeping a fixed gap, so timer overhead
// does not lower the rate; after a pause it starts a fresh schedule instead
// of sending the jobs it "missed" in a burst.
func (p *poolRun) source(n int, rate float64, arrivals chan<- poolJob) {
	defer close(arrivals)
	r := p.r
	gap := time.Duration(float64(time.Second) / rate)
	due := time.Now()
	for i := range n {
		if i > 0 {
			due = due.Add(time.Duration(float64(gap) / r.Speed()))
			d := time.Until(due)
			if d < -gap {
				due, d = time.Now(), 0
			}
			// exactly d: the slow-motion stretch is in due
			if err := r.SleepExact(d); err != nil {
				return
			}
		}
		select {
		case arrivals <- poolJob{id: i, arrived: r.Stopwatch()}:
		case <-r.Context().Done():
			return
		}
	}
}

// dispatch owns the queue: it appends what arrives and hands the head to
// the first free worker. It closes out once every job has been handed out.
func (p *poolRun) dispatch(arrivals <-chan poolJob, out chan<- poolJob, dispatched chan<- struct{}) {
	defer close(dispatched)
	defer close(out)
	var q []poolJob
	in := arrivals
	for in != nil || len(q) > 0 {
		var send chan<- poolJob
		var head poolJob
		if len(q) > 0 {
			send, head = out, q[0]
		}
		select {
		case j, ok := <-in:
			if !ok {
				in = nil
				continue
			}
			q = append(q, j)
			l := int64(len(q))
			p.queued.Store(l)
			if l > p.peak.Load() {
				p.peak.Store(l)
			}
		case send <- head:
			q = q[1:]
			p.queued.Store(int64(len(q)))
		case <-p.r.Context().Done():
			return
		}
	}
}

// manage keeps one worker on every lane below the live target.
func (p *poolRun) manage(out <-chan poolJob, dispatched <-chan struct{}, managed chan<- struct{}) {
	defer close(managed)
	first := true
	for {
		changed := p.r.WorkersChanged() // taken before reading the target: no change is missed
		p.mu.Lock()
		p.ensure(out, p.r.Workers(), !first)
		p.mu.Unlock()
		first = false
		select {
		case <-changed:
		case <-dispatched:
			return
		case <-p.r.Context().Done():
			return
		}
	}
}

// ensure starts a worker on every empty lane below target; p.mu is held.
func (p *poolRun) ensure(out <-chan poolJob, target int, log bool) {
	for lane := range target {
		if p.running[lane] {
			continue
		}
		p.running[lane] = true
		p.workers++
		p.size = max(p.size, p.workers)
		if log {
			p.r.Log(lane, "w%d joined the pool (%d workers)", lane, p.workers)
			p.r.Sample("workers", float64(p.size))
		}
		p.wg.Add(1)
		go p.work(lane, out)
	}
}

// retire reports whether the worker on lane should leave the pool now, and
// if so takes it off its lane; in fixed mode no worker ever retires early.
func (p *poolRun) retire(lane int, always bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !always && (!p.live || lane < p.r.Workers()) {
		return false
	}
	p.running[lane] = false
	p.workers--
	if !always {
		p.size = p.workers
		p.r.Log(lane, "w%d retired from the pool (%d workers)", lane, p.workers)
		p.r.Sample("workers", float64(p.size))
	}
	return true
}

func (p *poolRun) work(lane int, out <-chan poolJob) {
	defer p.wg.Done()
	for {
		var changed <-chan struct{}
		if p.live {
			changed = p.r.WorkersChanged()
		}
		if p.retire(lane, false) {
			return
		}
		select {
		case j, ok := <-out:
			if !ok {
				p.retire(lane, true)
				return
			}
			if err := p.do(j, lane); err != nil {
				p.retire(lane, true)
				return
			}
		case <-changed:
		case <-p.r.Context().Done():
			p.retire(lane, true)
			return
		}
	}
}

// do runs one job on lane. A job picked is always finished, unless the run
// is stopped.
func (p *poolRun) do(j poolJob, lane int) error {
	t := p.r.Task(j.id, lane)
	wait := j.arrived.Elapsed()
	t.Waited(wait)
	if err := t.Work("a job (simulated work: a sleep)", p.cost); err != nil {
		t.Fail(err)
		return err
	}
	t.Done()
	p.waitSum.Add(int64(wait)) // a stopped job's wait is not in the mean over done jobs
	p.doneBy[j.id].Add(1)
	p.done.Add(1)
	p.finishNS.Store(int64(p.clock.Elapsed()))
	return nil
}

// sampler returns what records the queue length, the live worker count and the
// throughput over a sliding window, ten times a second, and the queue and
// throughput once more at the end. (Workers joining or retiring also add a
// "workers" point at once, so the series catches every step.)
func (p *poolRun) sampler() func(final bool) {
	type mark struct {
		at   time.Duration
		done int64
	}
	marks := []mark{{at: p.r.Elapsed()}}
	var lastDone, lastPeak int64 = -1, -1
	return func(final bool) {
		now, done := p.r.Elapsed(), p.done.Load()
		marks = append(marks, mark{now, done})
		for len(marks) > 2 && now-marks[1].at >= poolWindow {
			marks = marks[1:]
		}
		old := marks[0]
		var tput float64
		if span := now - old.at; span > 0 {
			tput = float64(done-old.done) / span.Seconds()
		}
		p.mu.Lock()
		workers := p.size
		p.mu.Unlock()
		p.r.Sample("queue", float64(p.queued.Load()))
		p.r.Sample("throughput", tput)
		if !final {
			p.r.Sample("workers", float64(workers)) // at the end they have all left
		}
		if done != lastDone {
			p.r.Stat("jobs_done", float64(done))
			// the mean wait so far, so that a drag of the slider shows in it
			p.r.Stat("mean_wait_ms", float64(p.waitSum.Load())/float64(done)/1e6)
			lastDone = done
		}
		if pk := p.peak.Load(); pk != lastPeak {
			p.r.Stat("peak_queue", float64(pk))
			lastPeak = pk
		}
	}
}

// spotPool tells each change of the pool's size (workers joining or
// retiring one after another in one drag of the slider make one change),
// and at the end when the queue was at its longest.
func spotPool() Spotter {
	workers := -1.0
	type resize struct {
		from, to float64
		idx      int
		at       time.Duration
	}
	var pending *resize
	flush := func(sc *Scan) {
		if pending != nil {
			verb := "grew"
			if pending.to < pending.from {
				verb = "shrank"
			}
			sc.AddAt(pending.idx, pending.at, "resized", "the pool %s from %.0f to %.0f workers", verb, pending.from, pending.to)
			pending = nil
		}
	}
	peak, peakIdx, peakAt, peakWorkers := 0.0, -1, time.Duration(0), 0
	return func(sc *Scan, e *Event) {
		if workers < 0 {
			workers = float64(sc.Config.Workers) // the first workers join unsaid
		}
		switch {
		case e.Kind == EvSample && e.Text == "workers" && e.Value != workers:
			if pending != nil && (e.At-pending.at > poolBurst || (e.Value > workers) != (pending.to > pending.from)) {
				flush(sc)
			}
			if pending == nil {
				pending = &resize{from: workers}
			}
			pending.to, pending.idx, pending.at = e.Value, sc.Index(), e.At
			workers = e.Value
		case e.Kind == EvSample && e.Text == "queue" && e.Value > peak:
			peak, peakIdx, peakAt, peakWorkers = e.Value, sc.Index(), e.At, int(workers)
		case e.Kind == engine.EvEnd:
			flush(sc)
			if peakIdx >= 0 {
				sc.AddAt(peakIdx, peakAt, "queue-peak", "the queue was at its longest, %.0f jobs: they arrived faster than %s finished them",
					peak, Plural(peakWorkers, "worker", "workers"))
			}
		}
		if pending != nil && e.At-pending.at > poolBurst {
			flush(sc)
		}
	}
}

// poolBurst is how close together workers join or retire to be one resize.
const poolBurst = 20 * time.Millisecond
