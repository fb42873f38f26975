package engine

import (
	"encoding/binary"
	"math"
	"slices"
	"sync"
	"time"
)

// Codes of the records a Recording holds besides the demos' events: the
// changes the Model takes outside the event queue (Run.Tasks, SetWorkers),
// kept in the order the Model took them so that a replay folds them in the
// same place.
const (
	evDeclare Kind = 253 // N tasks declared; Total 1 when their workers follow
	evWorkers Kind = 254 // the live worker target became N
)

// recBlock is how many bytes a block of a Recording's encoded events holds
// before a new one is begun: full blocks are never moved, so a reader
// decodes them while the fold appends to the last.
const recBlock = 64 << 10

// Recording is every event a run folded, in the order its Model folded
// them, kept compact: a few bytes an event (time, task and worker as
// varint deltas, texts as indices into a table), against the 56 bytes of
// an Event. A Player rebuilds the state at any event from it with the
// Model's own fold.
//
// One writer appends (the run's fold goroutine, and Run.Tasks and
// SetWorkers, all under the Model's lock); any number of readers read what
// was published, under the Recording's own lock held only to copy slice
// headers: published bytes are never written again.
type Recording struct {
	Demo   *Demo
	Config Config
	// Started is when the run began, on the wall clock.
	Started time.Time

	mu     sync.Mutex
	blocks [][]byte // published blocks; the last may still grow
	marks  []recMark
	n      int      // events published
	texts  []string // interned texts, by index
	end    *recEnd  // set once the run ended
	tasks  int      // the most tasks a file's events name (files only)
	// version is the file format's lowest version that holds the events
	// published (see unitsVersion).
	version int

	// The writer's side, touched only under the Model's lock.
	w recWriter
}

// recMark is where an event begins, every markEvery events: a reader may
// start decoding there.
type recMark struct {
	block, off int
	at         time.Duration
	task       int32
}

// markEvery is how many events lie between two marks.
const markEvery = 1024

// recEnd is what the run's end adds: how it ended and what the machine did
// meanwhile.
type recEnd struct {
	Err     string
	Stopped bool
	Speed   float64
	Load    Load
}

// Load is what the machine's CPUs did during a run, where the OS tells:
// all the time its cores were busy, and this process's share of it. A
// busy machine makes speedups look worse than the machine can give.
type Load struct {
	Known   bool          `json:"known"`
	Cores   int           `json:"cores"`
	Wall    time.Duration `json:"wall_ns"`    // the run's length on the wall clock
	Busy    time.Duration `json:"busy_ns"`    // every core's busy time, all programs
	Process time.Duration `json:"process_ns"` // this process's CPU time
}

// Others is the share of the machine's CPU time (0 to 1) that other
// programs used during the run.
func (l Load) Others() float64 {
	if !l.Known || l.Cores <= 0 || l.Wall <= 0 {
		return 0
	}
	return max(0, min(1, float64(l.Busy-l.Process)/(float64(l.Wall)*float64(l.Cores))))
}

type recWriter struct {
	buf    []byte // the block being filled (shared with blocks once published)
	blocks [][]byte
	marks  []recMark
	n      int
	at     time.Duration
	task   int32
	texts  []string
	index  map[string]uint32
	// the last text and its index: a run's events mostly repeat a few
	// texts, and a compare is cheaper than a map lookup
	lastText string
	lastIdx  uint32
	version  int // the lowest file format version that holds the events added
}

func newRecording(d *Demo, cfg Config, started time.Time) *Recording {
	return &Recording{Demo: d, Config: cfg, Started: started, version: 1,
		w: recWriter{index: map[string]uint32{}, buf: make([]byte, 0, recBlock), version: 1}}
}

// Field bits of an encoded event: which fields follow its kind.
const (
	fState = 1 << iota
	fTask  // the task differs from the last event's
	fWorker
	fN
	fTotal
	fValue
	fText
	fTime // the time differs from the last event's
)

// add encodes e; the Model's lock is held. Events are published in
// batches (publish), so a reader takes the Recording's lock once a batch.
func (w *recWriter) add(e *Event) {
	if len(w.buf)+80 > cap(w.buf) {
		w.blocks = append(w.blocks, w.buf)
		w.buf = make([]byte, 0, recBlock)
	}
	if w.n%markEvery == 0 {
		w.marks = append(w.marks, recMark{block: len(w.blocks), off: len(w.buf), at: w.at, task: w.task})
	}
	if e.Kind == EvUnits {
		w.version = max(w.version, unitsVersion)
	}
	var f byte
	if e.State != 0 {
		f |= fState
	}
	if e.Task != w.task {
		f |= fTask
	}
	if e.Worker != e.Task {
		f |= fWorker
	}
	if e.N != 0 {
		f |= fN
	}
	if e.Total != 0 {
		f |= fTotal
	}
	if e.Value != 0 {
		f |= fValue
	}
	if e.Text != "" {
		f |= fText
	}
	if e.At != w.at {
		f |= fTime
	}
	b := append(w.buf, byte(e.Kind), f)
	if f&fTime != 0 {
		b = binary.AppendVarint(b, int64(e.At-w.at))
		w.at = e.At
	}
	if f&fState != 0 {
		b = append(b, byte(e.State))
	}
	if f&fTask != 0 {
		b = binary.AppendVarint(b, int64(e.Task)-int64(w.task))
		w.task = e.Task
	}
	if f&fWorker != 0 {
		b = binary.AppendVarint(b, int64(e.Worker)-int64(e.Task))
	}
	if f&fN != 0 {
		b = binary.AppendVarint(b, e.N)
	}
	if f&fTotal != 0 {
		b = binary.AppendVarint(b, e.Total)
	}
	if f&fValue != 0 {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(e.Value))
	}
	if f&fText != 0 {
		if e.Text != w.lastText {
			i, ok := w.index[e.Text]
			if !ok {
				i = uint32(len(w.texts))
				w.texts = append(w.texts, e.Text)
				w.index[e.Text] = i
			}
			w.lastText, w.lastIdx = e.Text, i
		}
		b = binary.AppendUvarint(b, uint64(w.lastIdx))
	}
	w.buf = b
	w.n++
}

// declare records Run.Tasks: n tasks, and the worker of each when given
// (as deltas from the one before, a byte each for the usual patterns).
func (w *recWriter) declare(at time.Duration, n int, worker func(int) int) {
	e := Event{At: at, Kind: evDeclare, N: int64(n)}
	if worker != nil {
		e.Total = 1
	}
	w.add(&e)
	if worker == nil {
		return
	}
	prev := -1
	for i := range n {
		if len(w.buf)+binary.MaxVarintLen64 > cap(w.buf) {
			// a long list spans blocks: the reader follows it across
			w.blocks = append(w.blocks, w.buf)
			w.buf = make([]byte, 0, recBlock)
		}
		wk := worker(i)
		w.buf = binary.AppendVarint(w.buf, int64(wk-prev-1))
		prev = wk
	}
}

// publish makes what was added visible to readers; the Model's lock is held.
func (r *Recording) publish() {
	w := &r.w
	r.mu.Lock()
	r.blocks = append(append(r.blocks[:0], w.blocks...), w.buf)
	r.marks = w.marks
	r.n = w.n
	r.texts = w.texts
	r.version = w.version
	r.mu.Unlock()
}

// finish records how the run ended; the recording is complete.
func (r *Recording) finish(end recEnd) {
	r.mu.Lock()
	r.end = &end
	r.mu.Unlock()
}

// Len is the number of events recorded so far.
func (r *Recording) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// Ended reports whether the run is over and every event recorded.
func (r *Recording) Ended() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.end != nil
}

// Result is how the recorded run ended: the error its Wait returned ("" for
// none), whether a stop cut it short, its speed at the end, and what the
// machine's CPUs did meanwhile. ok is false while the run goes on.
func (r *Recording) Result() (err string, stopped bool, speed float64, load Load, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.end == nil {
		return "", false, 0, Load{}, false
	}
	e := r.end
	return e.Err, e.Stopped, e.Speed, e.Load, true
}

// view is what a reader decodes: the published bytes, marks and texts.
type recView struct {
	blocks  [][]byte
	marks   []recMark
	n       int
	texts   []string
	version int
}

func (r *Recording) view() recView {
	r.mu.Lock()
	defer r.mu.Unlock()
	// the blocks' headers are copied: publish rewrites the last one
	return recView{blocks: slices.Clone(r.blocks), marks: r.marks[:len(r.marks):len(r.marks)],
		n: r.n, texts: r.texts[:len(r.texts):len(r.texts)], version: r.version}
}

// recReader decodes events one after another from a view.
type recReader struct {
	v       recView
	block   int
	off     int
	i       int // the index of the next event
	at      time.Duration
	task    int32
	workers []int // the last declaration's workers, when it gave them
	err     bool  // the bytes did not decode
}

// reader returns a reader at event i (0 <= i <= v.n).
func (v *recView) reader(i int) *recReader {
	rd := &recReader{v: *v}
	if i > 0 && len(v.marks) > 0 {
		m := v.marks[min(i/markEvery, len(v.marks)-1)]
		rd.block, rd.off, rd.at, rd.task, rd.i = m.block, m.off, m.at, m.task, min(i/markEvery, len(v.marks)-1)*markEvery
	}
	var e Event
	for rd.i < i && rd.next(&e) {
	}
	return rd
}

func (rd *recReader) byteAt() (byte, bool) {
	for rd.block < len(rd.v.blocks) && rd.off >= len(rd.v.blocks[rd.block]) {
		rd.block++
		rd.off = 0
	}
	if rd.block >= len(rd.v.blocks) {
		rd.err = true
		return 0, false
	}
	c := rd.v.blocks[rd.block][rd.off]
	rd.off++
	return c, true
}

func (rd *recReader) uvarint() uint64 {
	var ux uint64
	for sh := uint(0); sh < 64; sh += 7 {
		c, ok := rd.byteAt()
		if !ok {
			return 0
		}
		ux |= uint64(c&0x7f) << sh
		if c < 0x80 {
			return ux
		}
	}
	rd.err = true
	return 0
}

func (rd *recReader) varint() int64 {
	ux := rd.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

// maxTasks bounds the task numbers a recording may name, so that a damaged
// file cannot make a reader build a table of billions of tasks.
const maxTasks = 1 << 20

// next decodes the next event into e; false at the end or on bad bytes
// (rd.err). A declaration's workers are left in rd.workers.
func (rd *recReader) next(e *Event) bool {
	if rd.i >= rd.v.n || rd.err {
		return false
	}
	k, _ := rd.byteAt()
	f, ok := rd.byteAt()
	if !ok {
		return false
	}
	*e = Event{Kind: Kind(k), Task: rd.task}
	if f&fTime != 0 {
		rd.at += time.Duration(rd.varint())
	}
	e.At = rd.at
	if f&fState != 0 {
		s, _ := rd.byteAt()
		e.State = State(s)
	}
	if f&fTask != 0 {
		t := int64(rd.task) + rd.varint()
		if t < 0 || t >= maxTasks {
			rd.err = true
			return false
		}
		rd.task = int32(t)
		e.Task = rd.task
	}
	e.Worker = e.Task
	if f&fWorker != 0 {
		w := int64(e.Task) + rd.varint()
		if w < math.MinInt32 || w > math.MaxInt32 {
			rd.err = true
			return false
		}
		e.Worker = int32(w)
	}
	if f&fN != 0 {
		e.N = rd.varint()
	}
	if f&fTotal != 0 {
		e.Total = rd.varint()
	}
	if f&fValue != 0 {
		var u uint64
		for s := 0; s < 64; s += 8 {
			c, _ := rd.byteAt()
			u |= uint64(c) << s
		}
		e.Value = math.Float64frombits(u)
	}
	if f&fText != 0 {
		ti := rd.uvarint()
		if ti >= uint64(len(rd.v.texts)) {
			rd.err = true
			return false
		}
		e.Text = rd.v.texts[ti]
	}
	if !validKind(e.Kind) || e.State >= numStates {
		rd.err = true
		return false
	}
	if e.Kind == evDeclare {
		if e.N < 0 || e.N > maxTasks {
			rd.err = true
			return false
		}
		rd.workers = rd.workers[:0]
		if e.Total == 1 {
			prev := int64(-1)
			for range e.N {
				prev += rd.varint() + 1
				if prev < math.MinInt32 || prev > math.MaxInt32 {
					rd.err = true
				}
				rd.workers = append(rd.workers, int(prev))
			}
		}
	}
	if rd.err {
		return false
	}
	rd.i++
	return true
}

// validKind reports whether k is a kind a recording may hold.
func validKind(k Kind) bool {
	return k <= EvUnits || k == evDeclare || k == evWorkers || k == EvEnd
}

// fold applies e, as decoded by rd, to m, the Model's lock held; it is the
// replay's side of what the live run did: the Model's own fold for events,
// and Tasks and SetWorkers for the records of those.
func (m *Model) foldRecorded(e *Event, rd *recReader) {
	switch e.Kind {
	case evDeclare:
		var worker func(int) int
		if e.Total == 1 {
			ws := rd.workers
			worker = func(i int) int { return ws[i] }
		}
		m.declareLocked(int(e.N), worker)
	case evWorkers:
		m.workers = int(e.N)
	default:
		m.applyp(e)
	}
}
