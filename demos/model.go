package demos

import (
	"maps"
	"slices"
	"sync"
	"time"
)

// evEnd is folded last, after the demo returned: it closes every open task.
const evEnd Kind = 255

// Span is one stretch of a task's history: from At, the task was in State
// (waiting or sleeping on On). It lasts until the next span's At, or until
// the task's End, or until now. Spans are only ever appended, so a snapshot
// may share them with the Model.
type Span struct {
	At    time.Duration
	State State
	On    string
}

// TaskInfo is the state of one task as folded from its events.
type TaskInfo struct {
	ID      int
	Worker  int
	State   State
	On      string        // what it waits or sleeps on; the error when failed
	N       int64         // progress: units done
	Total   int64         // progress: units in all (0 when unknown)
	Since   time.Duration // when its first progress came (valid once Counted)
	Counted bool          // it has reported progress
	Start   time.Duration // when it first started (valid once State != Pending)
	End     time.Duration // when it ended (valid once State.Ended())
	Waited  time.Duration // time reported as spent waiting (Task.Waited)
	Holds   []string      // resources it holds now
	Spans   []Span        // its history, for the timeline
}

// Elapsed is how long the task has run, at time now of the run.
func (t *TaskInfo) Elapsed(now time.Duration) time.Duration {
	switch {
	case t.State == Pending:
		return 0
	case t.State.Ended():
		return t.End - t.Start
	}
	return now - t.Start
}

// Fraction is the task's progress from 0 to 1; done tasks are at 1.
func (t *TaskInfo) Fraction() float64 {
	if t.State == Done {
		return 1
	}
	if t.Total <= 0 {
		return 0
	}
	return min(1, float64(t.N)/float64(t.Total))
}

// Rate is the task's progress in units per second since it began to report
// progress, so that a wait before its first unit (a download's latency)
// does not make the rest look slow.
func (t *TaskInfo) Rate(now time.Duration) float64 {
	if !t.Counted {
		return 0
	}
	if t.State.Ended() {
		now = t.End
	}
	el := (now - t.Since).Seconds()
	if el <= 0 {
		return 0
	}
	return float64(t.N) / el
}

// ETA estimates the time left from the rate so far; ok is false when there is
// no rate to go by yet or the task is not running.
func (t *TaskInfo) ETA(now time.Duration) (eta time.Duration, ok bool) {
	rate := t.Rate(now)
	if t.State.Ended() || t.State == Pending || rate <= 0 || t.Total <= 0 {
		return 0, false
	}
	return time.Duration(float64(t.Total-t.N) / rate * float64(time.Second)), true
}

// LogLine is one line a worker printed.
type LogLine struct {
	At     time.Duration
	Worker int
	Text   string
}

// Point is one sample of a time series.
type Point struct {
	At    time.Duration
	Value float64
}

// Gauge is a level against a capacity, such as a channel's buffer fill.
type Gauge struct {
	N, Max int64
}

// Counter is the demo's shared counter: what it should read and what it reads.
type Counter struct {
	Expected, Actual int64
	Set              bool // the demo reported a counter
	// Done is, while the run goes, how many updates the workers had made
	// when Actual was read (a sample, see Run.CounterSample); 0 otherwise.
	Done int64
}

// Lost is the number of updates that went missing.
func (c Counter) Lost() int64 { return c.Expected - c.Actual }

// Snapshot is a copy of a run's state that a reader may keep and read at
// leisure. Slices inside it (spans, logs, series points) are shared with the
// Model but never written again, so reading them needs no lock.
type Snapshot struct {
	Seq     uint64 // grows with every folded batch; equal Seq means nothing changed
	Elapsed time.Duration
	Ended   bool
	Workers int // the live worker target
	Tasks   []TaskInfo
	Count   [numStates]int // tasks per state
	Counter Counter
	Waited  time.Duration // sum of the tasks' reported waiting
	Logs    []LogLine
	Stats   map[string]float64
	Series  map[string][]Point
	Gauges  map[string]Gauge
	Flags   map[string]bool
	Lanes   map[int]string // names of lanes that have one (else "w" and the number)
	// Graph is the wait-for graph the demo reports (Run.ReportWaits), one
	// entry per worker in worker order: who holds and waits for what. A
	// demo that stops reporting at a deadlock leaves the frozen graph.
	Graph []WaitEdge
}

// WaitEdge is one worker's place in a wait-for graph: the resources it
// holds, and the one it waits for ("" for none) with the worker holding
// it (-1 for no one).
type WaitEdge struct {
	Worker   int
	Holds    []string
	WaitsFor string
	Holder   int
}

// Active is the number of tasks that have started and not ended.
func (s *Snapshot) Active() int { return s.Count[Running] + s.Count[Waiting] + s.Count[Sleeping] }

// Finished is the number of tasks that ended, however they ended.
func (s *Snapshot) Finished() int { return s.Count[Done] + s.Count[Failed] + s.Count[Cancelled] }

// Model is the one place that turns a run's events into state: per-task state
// and history, counters, figures and printed lines. One goroutine folds into
// it; any number of readers take snapshots.
type Model struct {
	mu      sync.Mutex
	now     func() time.Duration // the run's clock
	seq     uint64
	ended   bool
	end     time.Duration
	workers int
	tasks   []TaskInfo
	count   [numStates]int
	counter Counter
	waited  time.Duration
	logs    []LogLine
	stats   map[string]float64
	series  map[string][]Point
	gauges  map[string]Gauge
	flags   map[string]bool
	lanes   map[int]string
	graph   map[int]*WaitEdge
}

func newModel(now func() time.Duration, cfg Config) *Model {
	return &Model{now: now, workers: cfg.Workers, stats: map[string]float64{},
		series: map[string][]Point{}, gauges: map[string]Gauge{}, flags: map[string]bool{},
		lanes: map[int]string{}, graph: map[int]*WaitEdge{}}
}

// task returns task id, growing the table as needed.
func (m *Model) task(id int32, worker int32) *TaskInfo {
	for int(id) >= len(m.tasks) {
		n := len(m.tasks)
		m.tasks = append(m.tasks, TaskInfo{ID: n, Worker: n})
		m.count[Pending]++
	}
	t := &m.tasks[id]
	if t.State == Pending {
		t.Worker = int(worker)
	}
	return t
}

func (m *Model) declare(n int, worker func(int) int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n > 0 {
		m.task(int32(n-1), int32(n-1))
	}
	for i := range m.tasks[:n] {
		if t := &m.tasks[i]; t.State == Pending && worker != nil {
			t.Worker = worker(i)
		}
	}
	m.seq++
}

func (m *Model) setState(t *TaskInfo, at time.Duration, s State, on string) {
	if t.State.Ended() {
		return // a late report never reopens a finished task
	}
	if t.State == Pending && s != Pending {
		t.Start = at
	}
	if s.Ended() {
		t.End = at
		t.Holds = nil
	}
	m.count[t.State]--
	m.count[s]++
	t.State, t.On = s, on
	t.Spans = append(t.Spans, Span{At: at, State: s, On: on})
}

func (m *Model) apply(e Event) {
	switch e.Kind {
	case EvState:
		m.setState(m.task(e.Task, e.Worker), e.At, e.State, e.Text)
	case EvProgress:
		t := m.task(e.Task, e.Worker)
		if !t.Counted {
			t.Since, t.Counted = e.At, true
		}
		t.N, t.Total = e.N, e.Total
	case EvWaited:
		m.task(e.Task, e.Worker).Waited += time.Duration(e.N)
		m.waited += time.Duration(e.N)
	case EvHold:
		t := m.task(e.Task, e.Worker)
		t.Holds = append(slices.Clip(t.Holds), e.Text)
	case EvRelease:
		t := m.task(e.Task, e.Worker)
		if i := slices.Index(t.Holds, e.Text); i >= 0 {
			t.Holds = slices.Delete(slices.Clone(t.Holds), i, i+1)
		}
	case EvCounter:
		m.counter = Counter{Actual: e.N, Expected: e.Total, Set: true, Done: int64(e.Value)}
	case EvLog:
		m.logs = append(m.logs, LogLine{At: e.At, Worker: int(e.Worker), Text: e.Text})
	case EvStat:
		m.stats[e.Text] = e.Value
	case EvSample:
		m.series[e.Text] = append(m.series[e.Text], Point{At: e.At, Value: e.Value})
	case EvGauge:
		m.gauges[e.Text] = Gauge{N: e.N, Max: e.Total}
	case EvFlag:
		m.flags[e.Text] = e.N != 0
	case EvLane:
		m.lanes[int(e.Worker)] = e.Text
	case EvWaitFor:
		m.graph[int(e.Worker)] = &WaitEdge{Worker: int(e.Worker), WaitsFor: e.Text, Holder: int(e.N)}
	case EvHeld:
		if w := m.graph[int(e.Worker)]; w != nil {
			w.Holds = append(w.Holds, e.Text)
		}
	case evEnd:
		for i := range m.tasks {
			t := &m.tasks[i]
			switch {
			case t.State == Pending:
				m.setState(t, e.At, Cancelled, "never started")
			case !t.State.Ended():
				m.setState(t, e.At, Cancelled, ErrStopped.Error())
			}
		}
		m.ended, m.end = true, e.At
	}
}

func (m *Model) elapsed() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ended {
		return m.end
	}
	return m.now()
}

// Seq grows with every change; a reader whose last snapshot has the same Seq
// can skip its work.
func (m *Model) Seq() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seq
}

// Snapshot fills dst with the current state, reusing dst's storage, so a
// reader that snapshots every frame does not allocate for thousands of tasks.
func (m *Model) Snapshot(dst *Snapshot) {
	m.mu.Lock()
	defer m.mu.Unlock()
	dst.Seq, dst.Ended, dst.Workers = m.seq, m.ended, m.workers
	if m.ended {
		dst.Elapsed = m.end
	} else {
		dst.Elapsed = m.now()
	}
	dst.Tasks = append(dst.Tasks[:0], m.tasks...)
	for i := range dst.Tasks {
		// Clipped, so that a reader's append can never write where the
		// fold goroutine appends.
		sp := dst.Tasks[i].Spans
		dst.Tasks[i].Spans = sp[:len(sp):len(sp)]
	}
	dst.Count, dst.Counter, dst.Waited = m.count, m.counter, m.waited
	dst.Logs = m.logs[:len(m.logs):len(m.logs)]
	dst.Stats = copyInto(dst.Stats, m.stats)
	dst.Series = copyInto(dst.Series, m.series)
	for name, pts := range dst.Series {
		dst.Series[name] = pts[:len(pts):len(pts)] // clipped, like the spans
	}
	dst.Gauges = copyInto(dst.Gauges, m.gauges)
	dst.Flags = copyInto(dst.Flags, m.flags)
	dst.Lanes = copyInto(dst.Lanes, m.lanes)
	dst.Graph = dst.Graph[:0]
	for _, e := range m.graph {
		c := *e
		c.Holds = slices.Clone(e.Holds)
		dst.Graph = append(dst.Graph, c)
	}
	slices.SortFunc(dst.Graph, func(a, b WaitEdge) int { return a.Worker - b.Worker })
}

func copyInto[K comparable, V any](dst, src map[K]V) map[K]V {
	if dst == nil {
		dst = make(map[K]V, len(src))
	}
	clear(dst)
	maps.Copy(dst, src)
	return dst
}
