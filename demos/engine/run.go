package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Run is one execution of one demo with one configuration. It owns the stop
// (its context), the pause gate, the speed factor and the live worker target,
// and the Model its events are folded into.
type Run struct {
	Demo   *Demo
	Config Config

	ctx    context.Context
	cancel context.CancelFunc
	clock  *runClock
	events *eventQueue
	model  *Model
	rec    *Recording
	done   chan struct{}
	err    error
	// unhook stops the wake-up of sleepers that a cancelled parent context
	// would cause, once the run has ended by itself.
	unhook func() bool

	// gate is read by every sleeper and every Pace without a lock; Pause,
	// Resume and Stop replace it under mu.
	gate atomic.Pointer[gateState]
	// alarms are the sleepers' shared timers, made at the first sleep.
	alarms atomic.Pointer[alarms]

	speed   atomic.Uint64 // math.Float64bits of the factor, 0.1..1
	workers atomic.Int64

	mu        sync.Mutex
	paused    bool
	stopped   bool          // gate.wake was closed for good
	pausedAt  time.Time     // when the current pause began
	pausedFor time.Duration // paused time of the pauses that ended
	workersCh chan struct{} // closed and replaced when the worker target changes

	counterAt atomic.Int64 // run time of the last counter sample (CounterSample)

	ended recEnd // how the run ended, for the recording; written before the queue closes
}

// recordRuns is whether runs are recorded: always, but for the benchmarks
// that measure what recording costs against a run that does not record.
var recordRuns = true

// ErrStopped is the reason given to tasks that a Stop cut short.
var ErrStopped = errors.New("stopped before it finished")

// Start checks cfg against the demo and starts a run of it. The run ends when
// the demo finishes or when Stop is called or ctx is cancelled; Done tells.
func Start(ctx context.Context, d *Demo, cfg Config) (*Run, error) {
	cfg, err := d.Check(cfg)
	if err != nil {
		return nil, err
	}
	r := newRun(ctx, d, cfg)
	load := startLoad()
	go r.fold()
	go func() {
		err := d.Run(r)
		if r.ctx.Err() != nil {
			// A stopped run ended because of the stop, whatever the demo
			// made of its cancelled calls ("cannot start python3: context
			// canceled"): the front ends report a stop, not a failure.
			err = ErrStopped
		}
		r.err = err
		r.emit(Event{Kind: EvEnd}) // folded after every event the demo sent
		end := recEnd{Stopped: errors.Is(err, ErrStopped), Speed: r.Speed(), Load: load.end()}
		if err != nil && !end.Stopped {
			end.Err = err.Error()
		}
		r.ended = end
		r.events.close()
	}()
	return r, nil
}

// gateState is the pause gate at one moment. A sleeper loads it once and
// waits on its timer and on wake alone: two channels, where resume, pause
// and stop would make three, each costing a blocked goroutine memory.
type gateState struct {
	resume  chan struct{} // closed while not paused
	pausing chan struct{} // closed while paused
	wake    chan struct{} // closed once paused or stopped
	woken   bool          // wake is closed
}

func newRun(ctx context.Context, d *Demo, cfg Config) *Run {
	r := &Run{Demo: d, Config: cfg, clock: newRunClock(), events: newEventQueue(),
		done: make(chan struct{}), workersCh: make(chan struct{})}
	r.ctx, r.cancel = context.WithCancel(ctx)
	resume := make(chan struct{})
	close(resume)
	r.gate.Store(&gateState{resume: resume, pausing: make(chan struct{}), wake: make(chan struct{})})
	r.unhook = context.AfterFunc(r.ctx, r.wakeAll) // a parent's cancel stops sleepers too
	r.model = newModel(r.clock.now, cfg)
	if recordRuns {
		r.rec = newRecording(d, cfg, r.clock.start)
		r.model.rec = r.rec
	}
	r.speed.Store(math.Float64bits(1))
	if cfg.Speed > 0 {
		r.SetSpeed(cfg.Speed) // before the demo starts, so its first sleep is stretched too
	}
	r.workers.Store(int64(cfg.Workers))
	return r
}

// fold is the one goroutine that turns events into Model state. It takes the
// Model's lock once per batch, not once per event.
func (r *Run) fold() {
	defer close(r.done)
	defer func() {
		r.unhook()
		r.cancel()
		if r.rec != nil {
			r.rec.finish(r.ended) // the demo's goroutine set it before closing the queue
		}
	}()
	m := r.model
	var w *recWriter
	if r.rec != nil {
		w = &r.rec.w
	}
	var spare [][]Event
	for {
		chunks, ok := r.events.take(spare)
		if !ok {
			return
		}
		for _, c := range chunks {
			m.mu.Lock()
			for i := range c {
				m.applyp(&c[i])
				if w != nil {
					w.add(&c[i])
				}
			}
			if w != nil {
				r.rec.publish()
			}
			m.seq++
			m.trimLog()
			m.mu.Unlock()
		}
		r.events.recycle(chunks)
		clear(chunks)
		spare = chunks[:0]
	}
}

// Context is cancelled when the run is stopped; demo code passes it to every
// blocking call.
func (r *Run) Context() context.Context { return r.ctx }

// Stop cancels the run. Done is closed once every worker has returned.
func (r *Run) Stop() {
	r.cancel() // first: a worker let through the gate must see the stop
	r.wakeAll()
	r.Resume()
}

// wakeAll wakes every sleeper for good, once the run is stopped.
func (r *Run) wakeAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	r.stopped = true
	g := *r.gate.Load()
	r.wake(g)
}

// wake stores g, the gate as it is now paused or stopped, with its wake
// channel closed, then rings the sleepers' alarms: after the gate, so that
// a sleeper that looks at it after its alarm sees the change. Every stop
// and pause goes through here, so no sleeper on a shared alarm misses one.
// r.mu is held.
func (r *Run) wake(g gateState) {
	if !g.woken {
		close(g.wake)
		g.woken = true
	}
	r.gate.Store(&g)
	if as := r.alarms.Load(); as != nil {
		as.ringAll()
	}
}

// Done is closed when the demo has returned and every event is folded.
func (r *Run) Done() <-chan struct{} { return r.done }

// Wait blocks until the run is over and returns the demo's error, or
// ErrStopped when it was stopped.
func (r *Run) Wait() error {
	<-r.done
	return r.err
}

// Recording returns the run's recording: every event folded so far, and
// once the run is over, how it ended.
func (r *Run) Recording() *Recording { return r.rec }

// Settle waits until every event the run has sent so far is folded into
// its Model: a demo that sums up from the Model at its end (a peer's files
// done and failed) counts its last tasks' ends too.
func (r *Run) Settle() { r.events.settle() }

// Model returns the run's Model, which front ends read snapshots from.
func (r *Run) Model() *Model { return r.model }

// Snapshot fills dst with the run's current state (see Model.Snapshot).
func (r *Run) Snapshot(dst *Snapshot) { r.model.Snapshot(dst) }

// now is the run's time: since it began, pauses left out.
func (r *Run) now() time.Duration { return r.clock.now() }

// Elapsed is the run's time since it began, or its whole length once it
// ended; time spent paused is not in it.
func (r *Run) Elapsed() time.Duration {
	select {
	case <-r.done:
		return r.model.elapsed()
	default:
		return r.now()
	}
}

func (r *Run) emit(e Event) {
	if e.At == 0 {
		e.At = r.now()
	}
	r.events.push(&e)
}

// Pause closes the gate: tasks stop at their next Pace or Sleep.
func (r *Run) Pause() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.paused {
		r.paused = true
		r.pausedAt = time.Now()
		r.clock.pause()
		g := *r.gate.Load()
		g.resume = make(chan struct{})
		close(g.pausing)
		r.wake(g)
	}
}

// Resume opens the gate again.
func (r *Run) Resume() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.paused {
		r.paused = false
		r.pausedFor += time.Since(r.pausedAt)
		r.clock.resume()
		g := *r.gate.Load()
		close(g.resume)
		g.pausing = make(chan struct{})
		if !r.stopped {
			g.wake, g.woken = make(chan struct{}), false
		}
		r.gate.Store(&g)
	}
}

// Paused reports whether the gate is closed.
func (r *Run) Paused() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.paused
}

// pauseChans returns the channel closed by the next (or current) pause and
// the one closed by the next resume; resume is closed while not paused.
func (r *Run) pauseChans() (pausing, resume <-chan struct{}) {
	g := r.gate.Load()
	return g.pausing, g.resume
}

// Resumed returns a channel that is closed while the run is not paused: a
// demo that blocks outside Gate (a server answering a request) selects on
// it beside its own reasons to stop. Ask again after each wait: a later
// pause makes a new one.
func (r *Run) Resumed() <-chan struct{} { return r.gate.Load().resume }

// pausedTotal is all the time the run has spent paused so far.
func (r *Run) pausedTotal() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.paused {
		return r.pausedFor + time.Since(r.pausedAt)
	}
	return r.pausedFor
}

// Stopwatch measures a stretch of the run's time, which leaves pauses
// out. Rates and parallelism divide by it, so that a pause in the middle of
// a run does not make the run look slow.
type Stopwatch struct {
	c  *runClock
	t0 time.Duration
}

// Stopwatch starts a stopwatch now.
func (r *Run) Stopwatch() Stopwatch { return Stopwatch{c: r.clock, t0: r.clock.now()} }

// Elapsed is the run's time since the stopwatch started.
func (s Stopwatch) Elapsed() time.Duration { return s.c.now() - s.t0 }

// Gate blocks while the run is paused. It returns the context's error once
// the run is stopped.
func (r *Run) Gate() error {
	done := r.ctx.Done()
	select {
	case <-r.gate.Load().resume:
	default: // paused: wait for the resume or the stop
		select {
		case <-r.gate.Load().resume:
		case <-done:
		}
	}
	select {
	case <-done:
		return r.ctx.Err()
	default:
		return nil
	}
}

// SetSpeed sets the slow-motion factor, from MinSpeed (ten times slower) to 1.
func (r *Run) SetSpeed(f float64) {
	if math.IsNaN(f) {
		return
	}
	r.speed.Store(math.Float64bits(min(1, max(MinSpeed, f))))
}

// Speed is the slow-motion factor; speedup figures mean something only at 1.
func (r *Run) Speed() float64 { return math.Float64frombits(r.speed.Load()) }

// SetWorkers changes the live worker target; demos whose mode is Live follow
// it at once, the others ignore it. It is clamped to the demo's range.
func (r *Run) SetWorkers(n int) {
	n = int(min(r.Demo.Workers.Max, max(r.Demo.Workers.Min, float64(n))))
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.workers.Swap(int64(n)) == int64(n) {
		return
	}
	close(r.workersCh)
	r.workersCh = make(chan struct{})
	m := r.model
	m.mu.Lock()
	m.workers = n
	if m.rec != nil {
		m.rec.w.add(&Event{At: r.now(), Kind: evWorkers, N: int64(n)})
		m.rec.publish()
	}
	m.seq++
	m.mu.Unlock()
}

// Workers is the live worker target.
func (r *Run) Workers() int { return int(r.workers.Load()) }

// WorkersChanged returns a channel closed at the next change of the target.
func (r *Run) WorkersChanged() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.workersCh
}

// Pace is called by demos between steps: it waits while paused and, in slow
// motion, adds a pause that grows as the speed factor falls.
func (r *Run) Pace(step time.Duration) error {
	if err := r.Gate(); err != nil {
		return err
	}
	s := r.Speed()
	if s >= 1 {
		return nil
	}
	return r.sleep(time.Duration(float64(step) * (1/s - 1)))
}

// sleep waits d honouring stop and pause: a pause freezes the time left,
// so a paused sleeper resumes where it was.
func (r *Run) sleep(d time.Duration) error {
	for d > 0 {
		if err := r.Gate(); err != nil {
			return err
		}
		g := r.gate.Load()
		if g.woken {
			continue // paused or stopped since Gate: its ringing came before any alarm of ours
		}
		// on the run's clock, which a pause stops at once: wall time would
		// count the moments between the pause and this sleeper's waking
		// as slept, and the task would end that much early
		t0 := r.now()
		if due := r.sleepAlarms().after(d); due != nil {
			if r.gate.Load() != g {
				continue // paused or stopped meanwhile: its ringing may have missed this alarm
			}
			<-due
			if r.gate.Load() == g {
				return nil // the alarm's tick has passed: d has
			}
			d -= r.now() - t0 // paused or stopped
			continue
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
			return nil
		case <-g.wake: // paused or stopped
			t.Stop()
			d -= r.now() - t0
		}
	}
	return r.Gate()
}

// sleepAlarms returns the run's alarms, making them at the first call.
func (r *Run) sleepAlarms() *alarms {
	if as := r.alarms.Load(); as != nil {
		return as
	}
	r.alarms.CompareAndSwap(nil, &alarms{})
	return r.alarms.Load()
}

// Sleep waits d, stretched by the slow-motion factor, honouring pause and stop.
func (r *Run) Sleep(d time.Duration) error {
	if err := r.Gate(); err != nil {
		return err
	}
	return r.sleep(time.Duration(float64(d) / r.Speed()))
}

// Every calls f every d from a goroutine of its own: the sampler of a queue
// length, a channel's fill or a rate. The returned stop calls f a last time
// with final set and returns once it has, so a demo that calls stop before
// returning leaves no sampler behind.
func (r *Run) Every(d time.Duration, f func(final bool)) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(d)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				f(false)
			case <-quit:
				f(true)
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(quit) })
		<-done
	}
}

// Log records a printed line from worker w, in the order lines happened.
func (r *Run) Log(w int, format string, args ...any) {
	r.emit(Event{Kind: EvLog, Worker: int32(w), Text: fmt.Sprintf(format, args...)})
}

// Counter reports the shared counter's actual value against the expected one.
func (r *Run) Counter(actual, expected int64) {
	r.emit(Event{Kind: EvCounter, N: actual, Total: expected})
}

// CounterSample reports the shared counter while the run goes, so that a
// front end shows it move and the lost updates grow: done reads how many
// updates the workers have made, actual the counter. done is read first:
// in a mode that loses nothing the counter then holds at least as many.
// Workers call it as often as they like; it samples at most once per
// ProgressEvery across the run. Counter still reports the exact end.
func (r *Run) CounterSample(done, actual func() int64, expected int64) {
	now := r.now()
	last := r.counterAt.Load()
	if last != 0 && now-time.Duration(last) < ProgressEvery || !r.counterAt.CompareAndSwap(last, int64(now)) {
		return
	}
	d := done()
	r.emit(Event{At: now, Kind: EvCounter, N: actual(), Total: expected, Value: float64(d)})
}

// ReportWaits records worker e.Worker's place in the run's wait-for graph,
// replacing its last: what it holds, and what it waits for held by whom.
// A front end draws the graph from these as data (Snapshot.Graph).
func (r *Run) ReportWaits(e WaitEdge) {
	r.emit(Event{Kind: EvWaitFor, Worker: int32(e.Worker), Text: e.WaitsFor, N: int64(e.Holder)})
	for _, h := range e.Holds {
		r.emit(Event{Kind: EvHeld, Worker: int32(e.Worker), Text: h})
	}
}

// Stat records one of the demo's own figures, e.g. "parallelism". A figure
// with no value yet (a mean over nothing, a rate over no time: NaN or an
// infinity) is left out, so no front end shows or encodes it.
func (r *Run) Stat(name string, v float64) {
	if !finite(v) {
		return
	}
	r.emit(Event{Kind: EvStat, Text: name, Value: v})
}

// NameLane gives lane a name the timeline shows instead of its number, for
// demos whose lanes are roles rather than interchangeable workers.
func (r *Run) NameLane(lane int, name string) {
	r.emit(Event{Kind: EvLane, Worker: int32(lane), Text: name})
}

// Flag records a yes/no figure, e.g. "deadlocked".
func (r *Run) Flag(name string, v bool) {
	var n int64
	if v {
		n = 1
	}
	r.emit(Event{Kind: EvFlag, Text: name, N: n})
}

// Sample appends a point to the time series name (queue length, throughput);
// like Stat, it leaves out a point with no value.
func (r *Run) Sample(name string, v float64) {
	if !finite(v) {
		return
	}
	r.emit(Event{Kind: EvSample, Text: name, Value: v})
}

// Gauge reports that gauge name is at n of max (a channel's buffer fill).
func (r *Run) Gauge(name string, n, max int) {
	r.emit(Event{Kind: EvGauge, Text: name, N: int64(n), Total: int64(max)})
}

// Task returns the handle through which task id, run by worker, reports. The
// task shows as pending until Start.
func (r *Run) Task(id, worker int) *Task {
	return &Task{r: r, id: int32(id), worker: int32(worker)}
}

// Tasks declares n pending tasks up front, so the board shows the whole run
// from its first frame; worker is given by the function (nil: task i on i).
func (r *Run) Tasks(n int, worker func(i int) int) {
	r.model.declare(n, worker)
}

// TaskUnits declares that each of the run's tasks stands for per units,
// total in all, the last task for what is left, and names what a unit is
// (noun, in the plural: "goroutines"): a demo that starts more units than
// a board can show a row each gives a task to a batch of them, and the
// front ends then count units where a class would count them
// (Snapshot.Units). A demo whose tasks are its units may declare per 1,
// so that the front ends can name them.
func (r *Run) TaskUnits(per, total int, noun string) {
	r.emit(Event{Kind: EvUnits, N: int64(max(1, per)), Total: int64(max(0, total)), Text: noun})
}

// finite reports whether v is a number a front end can show: not NaN, not
// infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// SleepExact waits d, honouring pause and stop like Sleep, but without the
// slow-motion stretch: for a demo that keeps its own schedule and has
// stretched it already (deadlines divided by Speed).
func (r *Run) SleepExact(d time.Duration) error { return r.sleep(d) }

// PausedFor is all the time the run has spent paused so far. A demo that
// times something on the wall clock (where a Stopwatch would cost too much)
// takes out the pauses that fell inside it.
func (r *Run) PausedFor() time.Duration { return r.pausedTotal() }
