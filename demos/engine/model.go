package engine

import (
	"maps"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// EvEnd is folded last, after the demo returned: it closes every open task.
const EvEnd Kind = 255

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
	Counted bool          // it has reported progress
	On      string        // what it waits or sleeps on; the error when failed
	N       int64         // progress: units done
	Total   int64         // progress: units in all (0 when unknown)
	Since   time.Duration // when its first progress came (valid once Counted)
	Start   time.Duration // when it first started (valid once State != Pending)
	End     time.Duration // when it ended (valid once State.Ended())
	Waited  time.Duration // time reported as spent waiting (Task.Waited)
	Holds   []string      // resources it holds now
	Op      WaitOp        // what it waits to do with Res, when it waits through WaitingTo
	Res     string        // the resource it waits on then (a channel's name)
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
	Seq uint64 // grows with every folded batch; equal Seq means nothing changed
	// Source tells runs apart: snapshots of one run have the same Source,
	// never 0 (a snapshot built by hand has 0).
	Source uint64
	// Prev and Changed say what changed since the snapshot this one was
	// taken over (same Source, Seq Prev): the indices of the tasks that
	// changed or are new, possibly more than once. Prev is 0 when the whole
	// table was copied, and anything may have changed. A reader that saw
	// the snapshot of Seq Prev can follow a run at the cost of its changes,
	// not of its length.
	Prev    uint64
	Changed []int32
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
	// Units is what the run's tasks stand for, when the demo said
	// (Run.TaskUnits): spawn's 10,000 goroutines on 1,000 tasks of 10.
	Units Units
	// Graph is the wait-for graph the demo reports (Run.ReportWaits), one
	// entry per worker in worker order: who holds and waits for what. A
	// demo that stops reporting at a deadlock leaves the frozen graph.
	Graph []WaitEdge
}

// Units says what each of a run's tasks stands for, when a task is not the
// thing a class counts: a demo that starts more units than a board can
// show a row each gives a task to a batch of them. Task i stands for units
// i·Per to (i+1)·Per, the last task for what is left of Total. Per is 0
// when the demo declared nothing: a task stands for itself.
type Units struct {
	Per   int    `json:"per"`   // units a task stands for; 0: not declared
	Total int    `json:"total"` // units in all
	Noun  string `json:"noun"`  // what a unit is, in the plural: "goroutines"
}

// Of is how many units task i stands for: Per, what is left of Total for
// the last task, 0 past it; 1 when no units are declared.
func (u Units) Of(i int) int {
	if u.Per <= 0 {
		return 1
	}
	switch full := u.Total / u.Per; {
	case i < full:
		return u.Per
	case i == full:
		return u.Total % u.Per
	}
	return 0
}

// Tasks is how many tasks the units fill: Total divided by Per, rounded
// up; 0 when no units are declared.
func (u Units) Tasks() int {
	if u.Per <= 0 {
		return 0
	}
	return u.Total/u.Per + min(1, u.Total%u.Per)
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

// UnitsIn is how many units the tasks in state st stand for (see Units),
// or how many tasks are in st where the demo declared no units. It costs
// the tasks past the last full one, not all of them: every task before
// stands for Per units.
func (s *Snapshot) UnitsIn(st State) int {
	u := s.Units
	if u.Per <= 0 {
		return s.Count[st]
	}
	n := s.Count[st] * u.Per
	for i := min(u.Total/u.Per, len(s.Tasks)); i < len(s.Tasks); i++ {
		if s.Tasks[i].State == st {
			n -= u.Per - u.Of(i)
		}
	}
	return n
}

// Model is the one place that turns a run's events into state: per-task state
// and history, counters, figures and printed lines. One goroutine folds into
// it; any number of readers take snapshots.
type Model struct {
	mu     sync.Mutex
	now    func() time.Duration // the run's clock
	source uint64
	seq    uint64
	tasks  []TaskInfo
	foldState

	// The change log: task chg[i] changed in the batch that made Seq
	// chgSeq[i]; it holds every change after Seq chgBase. mark[i] is the
	// Seq under which task i was last logged, so a task is logged once per
	// batch.
	chg     []int32
	chgSeq  []uint64
	chgBase uint64
	mark    []uint64

	slab []Span // where tasks' first spans are carved from

	rec *Recording // where a live run's Model records what it folds; nil in a replay
}

// sources numbers Models, so that snapshots of two runs are told apart.
var sources atomic.Uint64

func newModel(now func() time.Duration, cfg Config) *Model {
	return &Model{now: now, source: sources.Add(1), seq: 1, foldState: foldState{workers: cfg.Workers,
		stats: map[string]float64{}, series: map[string][]Point{}, gauges: map[string]Gauge{},
		flags: map[string]bool{}, lanes: map[int]string{}, graph: map[int]*WaitEdge{}}}
}

// foldState is what the Model folds besides its tasks: the run's end, its
// counts, counter, printed lines and figures. A player's keyframe keeps a
// frozen copy of it.
type foldState struct {
	ended   bool
	end     time.Duration
	workers int
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
	units   Units
}

// task returns task id, growing the table as needed, and logs it as
// changed.
func (m *Model) task(id int32, worker int32) *TaskInfo {
	if int(id) >= len(m.tasks) {
		m.grow(int(id) + 1)
	}
	t := &m.tasks[id]
	if t.State == Pending {
		t.Worker = int(worker)
	}
	m.touch(id)
	return t
}

// grow makes the table n tasks long.
func (m *Model) grow(n int) {
	m.tasks = slices.Grow(m.tasks, n-len(m.tasks))
	m.mark = slices.Grow(m.mark, n-len(m.mark))
	for i := len(m.tasks); i < n; i++ {
		m.tasks = append(m.tasks, TaskInfo{ID: i, Worker: i})
		m.mark = append(m.mark, 0)
		m.count[Pending]++
	}
}

// touch logs task id as changed in the batch being folded.
func (m *Model) touch(id int32) {
	if next := m.seq + 1; m.mark[id] != next {
		m.mark[id] = next
		m.chg = append(m.chg, id)
		m.chgSeq = append(m.chgSeq, next)
	}
}

// trimLog forgets the oldest changes once the log outgrows the table, so it
// stays within a few times the table's size; a reader further behind copies
// the whole table.
func (m *Model) trimLog() {
	if len(m.chg) <= 4096+2*len(m.tasks) {
		return
	}
	cut := len(m.chg) / 2
	last := m.chgSeq[cut-1]
	for cut < len(m.chg) && m.chgSeq[cut] == last {
		cut++ // a batch is kept whole or dropped whole
	}
	m.chgBase = last
	m.chg = m.chg[:copy(m.chg, m.chg[cut:])]
	m.chgSeq = m.chgSeq[:copy(m.chgSeq, m.chgSeq[cut:])]
}

func (m *Model) declare(n int, worker func(int) int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rec != nil {
		m.rec.w.declare(m.now(), n, worker)
		m.rec.publish()
	}
	m.declareLocked(n, worker)
	m.seq++
	m.trimLog()
}

// declareLocked declares n tasks, the lock held.
func (m *Model) declareLocked(n int, worker func(int) int) {
	old := len(m.tasks)
	if n > old {
		m.grow(n)
	}
	for i := range m.tasks[:n] {
		if t := &m.tasks[i]; t.State == Pending {
			if worker != nil {
				t.Worker = worker(i)
			}
			if i < old {
				m.touch(int32(i)) // new tasks need no entry: a reader sees the table grow
			}
		}
	}
}

// spanSlab is how many spans a slab holds, and firstSpans how many of them
// a task's history gets at first: a sleeper's whole history (sleeping,
// running, done) fits. A history that outgrows its room moves to a room
// twice as large in the slab: growing it in the heap would cost an
// allocation per doubling for every task, and the fold would spend more on
// the garbage collector than on folding.
const (
	spanSlab   = 4096
	firstSpans = 3
	slabMax    = 256 // rooms larger than this are allocated alone
)

// addSpan appends sp to t's history.
func (m *Model) addSpan(t *TaskInfo, sp Span) {
	if n := len(t.Spans); n == cap(t.Spans) && n < slabMax {
		room := max(firstSpans, 2*n)
		if len(m.slab) < room {
			m.slab = make([]Span, spanSlab)
		}
		grown := m.slab[:n:room]
		copy(grown, t.Spans)
		m.slab = m.slab[room:]
		t.Spans = grown
	}
	t.Spans = append(t.Spans, sp)
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
	m.addSpan(t, Span{At: at, State: s, On: on})
}

// apply folds one event into the Model.
func (m *Model) apply(e Event) { m.applyp(&e) }

// applyp is apply without copying the event, for the fold's loop.
func (m *Model) applyp(e *Event) {
	switch e.Kind {
	case EvState:
		t, on := m.task(e.Task, e.Worker), e.Text
		t.Op, t.Res = WaitOp(e.N), ""
		if t.Op != WaitNone {
			t.Res, on = e.Text, t.Op.String()+" "+e.Text
		}
		m.setState(t, e.At, e.State, on)
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
	case EvUnits:
		if e.N >= 1 && e.Total >= 0 && e.N <= math.MaxInt32 && e.Total <= math.MaxInt32 {
			m.units = Units{Per: int(e.N), Total: int(e.Total), Noun: e.Text}
		}
	case EvEnd:
		for i := range m.tasks {
			t := &m.tasks[i]
			switch {
			case t.State == Pending:
				m.setState(t, e.At, Cancelled, "never started")
			case !t.State.Ended():
				m.setState(t, e.At, Cancelled, ErrStopped.Error())
			default:
				continue
			}
			m.touch(int32(i))
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

// Totals sums what the tasks reported: units of progress (a download's
// bytes), tasks done and tasks failed. A demo whose tasks a peer reports
// reads its figures here rather than copying a Snapshot of every task.
func (m *Model) Totals() (n int64, done, failed int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.tasks {
		n += m.tasks[i].N
	}
	return n, m.count[Done], m.count[Failed]
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
// When dst holds an earlier snapshot of this Model, only the tasks that
// changed since are copied (and listed in Changed): a reader must not
// change dst's tasks if it passes dst again.
func (m *Model) Snapshot(dst *Snapshot) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if dst.Source == m.source && dst.Seq >= m.chgBase && dst.Seq <= m.seq && len(dst.Tasks) <= len(m.tasks) {
		i, _ := slices.BinarySearch(m.chgSeq, dst.Seq+1)
		dst.Prev, dst.Changed = dst.Seq, append(dst.Changed[:0], m.chg[i:]...)
		for id := len(dst.Tasks); id < len(m.tasks); id++ {
			dst.Changed = append(dst.Changed, int32(id)) // new tasks
		}
		dst.Tasks = append(dst.Tasks, m.tasks[len(dst.Tasks):]...)
		for _, id := range dst.Changed {
			dst.Tasks[id] = m.tasks[id]
			clipSpans(&dst.Tasks[id])
		}
	} else {
		dst.Prev, dst.Changed = 0, dst.Changed[:0]
		dst.Tasks = append(dst.Tasks[:0], m.tasks...)
		for i := range dst.Tasks {
			clipSpans(&dst.Tasks[i])
		}
	}
	dst.Source, dst.Seq, dst.Ended, dst.Workers = m.source, m.seq, m.ended, m.workers
	if m.ended {
		dst.Elapsed = m.end
	} else {
		dst.Elapsed = m.now()
	}
	dst.Count, dst.Counter, dst.Waited, dst.Units = m.count, m.counter, m.waited, m.units
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

// clipSpans clips t's history, so that a reader's append can never write
// where the fold goroutine appends.
func clipSpans(t *TaskInfo) {
	t.Spans = t.Spans[:len(t.Spans):len(t.Spans)]
}

func copyInto[K comparable, V any](dst, src map[K]V) map[K]V {
	if dst == nil {
		dst = make(map[K]V, len(src))
	}
	clear(dst)
	maps.Copy(dst, src)
	return dst
}
