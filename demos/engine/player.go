package engine

import (
	"maps"
	"slices"
	"sync"
	"time"
)

// keyEvery is how many events lie between two keyframes: a seek folds at
// most this many events after restoring the keyframe before it.
const keyEvery = 1024

// blockTasks is how many tasks a keyframe's block holds. A keyframe shares
// the blocks no event changed since the keyframe before it, so a
// keyframe costs the tasks that changed, not the whole table.
const blockTasks = 32

// taskBlock is a frozen run of a keyframe's tasks, spans clipped: never
// written once made, shared by keyframes and copied into the Model.
type taskBlock []TaskInfo

// keyframe is the Model's state after pos events.
type keyframe struct {
	pos    int
	at     time.Duration
	rd     recReader // positioned at pos
	n      int       // tasks
	blocks []*taskBlock
	foldState
}

// Player is a recording and a cursor in it: the state of the run after
// the cursor's first events, rebuilt by the Model's own fold from the
// nearest keyframe, so a replayed moment reads exactly as it did live.
// Following (Follow), the cursor stays at the head of the recording and
// snapshots come from the live run's Model itself.
//
// A Player's methods may be called from any goroutine; one mutex guards
// them (the window calls them from its UI goroutine). The run's fold
// goroutine never waits for a Player: it appends to the Recording, whose
// own lock is held only to publish a batch, and the Player reads what was
// published. Keyframes are made as the Player first folds past them, so
// the first seek to the far end of a long recording folds all of it once.
type Player struct {
	mu     sync.Mutex
	rec    *Recording
	live   *Model // the live run's Model; nil for a recording read from a file
	follow bool
	cursor int
	start  int // the first cursor: after the run's first declarations

	m    *Model
	at   time.Duration // the time at the cursor
	pos  int           // events folded into m
	rd   *recReader
	kfs  []*keyframe
	cur  []*taskBlock // the blocks m's tasks were last synced with
	sync uint64       // m's Seq when they were
	ev   Event

	moments momentScan
}

// NewPlayer returns a player of run r's recording, following the run.
func NewPlayer(r *Run) *Player {
	p := newPlayer(r.rec)
	p.live = r.model
	p.follow = true
	return p
}

// NewRecordingPlayer returns a player of a finished recording (read from a
// file), its cursor at the end.
func NewRecordingPlayer(rec *Recording) *Player {
	p := newPlayer(rec)
	p.follow = true
	return p
}

func newPlayer(rec *Recording) *Player {
	p := &Player{rec: rec}
	p.m = newModel(func() time.Duration { return p.at }, rec.Config)
	v := rec.view()
	p.rd = v.reader(0)
	p.kfs = []*keyframe{p.capture()}
	p.moments.init(rec)
	return p
}

// Recording is the recording played.
func (p *Player) Recording() *Recording { return p.rec }

// Len is the number of events recorded so far: the cursor's last place.
func (p *Player) Len() int { return p.rec.Len() }

// Start is the cursor's first place: after the declarations of the run's
// tasks (and of what they stand for) that come before any other event, so
// the start shows every task pending.
func (p *Player) Start() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.startLocked()
}

func (p *Player) startLocked() int {
	if p.start == 0 {
		v := p.rec.view()
		rd := v.reader(0)
		var e Event
		for rd.next(&e) && (e.Kind == evDeclare || e.Kind == evWorkers || e.Kind == EvUnits) {
			p.start = rd.i
		}
	}
	return p.start
}

// Cursor is how many events the state shown has folded: from Start to Len.
// Following, it is the head.
func (p *Player) Cursor() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.follow {
		return p.rec.Len()
	}
	return p.cursor
}

// Live reports whether the cursor follows the head of the recording.
func (p *Player) Live() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.follow
}

// Follow puts the cursor at the head and keeps it there as events come.
func (p *Player) Follow() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.follow = true
}

// Seek puts the cursor at i, clamped to Start..Len; the cursor stops
// following the head.
func (p *Player) Seek(i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seekLocked(i)
}

func (p *Player) seekLocked(i int) {
	p.follow = false
	p.cursor = max(p.startLocked(), min(i, p.rec.Len()))
}

// Step moves the cursor n events (back when n < 0).
func (p *Player) Step(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.cursor
	if p.follow {
		c = p.rec.Len()
	}
	p.seekLocked(c + n)
}

// SeekTime puts the cursor after the last event at or before run time t.
func (p *Player) SeekTime(t time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v := p.rec.view()
	// marks keep the time before their event: the last mark at or before t
	k := max(0, sortSearch(len(v.marks), func(j int) bool { return v.marks[j].at > t })-1)
	rd := v.reader(k * markEvery)
	var e Event
	last := rd.i
	for rd.next(&e) && e.At <= t {
		last = rd.i
	}
	p.seekLocked(last)
}

// sortSearch is sort.Search, kept local for its one use.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// At is the run's time at the cursor: the time of the last event folded.
func (p *Player) At() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.follow && p.live != nil {
		return p.live.elapsed()
	}
	p.moveTo(p.cursorLocked())
	return p.at
}

// Head is the run's time at the head of the recording: a live run's time
// now, or the time of the last event recorded (a finished run's length).
// A scrub bar spans 0 to Head.
func (p *Player) Head() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live != nil && !p.rec.Ended() {
		return p.live.elapsed()
	}
	v := p.rec.view()
	if v.n == 0 {
		return 0
	}
	rd := v.reader(max(0, v.n-1))
	var e Event
	rd.next(&e)
	return e.At
}

func (p *Player) cursorLocked() int {
	if p.follow {
		return p.rec.Len()
	}
	return p.cursor
}

// Snapshot fills dst with the state at the cursor, as Model.Snapshot
// does (only what changed since dst's last snapshot of the same source is
// copied). Following a live run, it is the live Model's own snapshot; at
// any other cursor the source is the Player's.
func (p *Player) Snapshot(dst *Snapshot) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.follow && p.live != nil {
		p.live.Snapshot(dst)
		return
	}
	p.moveTo(p.cursorLocked())
	p.m.Snapshot(dst)
}

// moveTo folds p.m to event i: forward from where it is when that is
// nearer than the keyframe before i, else from that keyframe.
func (p *Player) moveTo(i int) {
	if i == p.pos {
		return
	}
	k := min(i/keyEvery, len(p.kfs)-1)
	if i < p.pos || p.pos < p.kfs[k].pos {
		p.restore(p.kfs[k])
	}
	if i > p.rd.v.n {
		v := p.rec.view()
		p.rd.v = v // published bytes never move: the reader's place holds
	}
	p.m.mu.Lock()
	defer p.m.mu.Unlock()
	for p.pos < i && p.rd.next(&p.ev) {
		p.m.foldRecorded(&p.ev, p.rd)
		p.m.seq++
		p.pos++
		p.at = p.ev.At
		if p.pos%keyEvery == 0 && p.pos/keyEvery == len(p.kfs) {
			p.kfs = append(p.kfs, p.captureLocked())
		}
	}
}

// capture makes a keyframe of p.m as it is.
func (p *Player) capture() *keyframe {
	p.m.mu.Lock()
	defer p.m.mu.Unlock()
	return p.captureLocked()
}

// dirty returns which blocks of m's tasks changed since the last sync, one
// flag a block; all is true when the change log no longer reaches back.
func (p *Player) dirty() (flags []bool, all bool) {
	m := p.m
	flags = make([]bool, (len(m.tasks)+blockTasks-1)/blockTasks)
	if m.chgBase > p.sync {
		return flags, true
	}
	i, _ := slices.BinarySearch(m.chgSeq, p.sync+1)
	for _, id := range m.chg[i:] {
		if int(id) < len(m.tasks) {
			flags[int(id)/blockTasks] = true
		}
	}
	return flags, false
}

// synced notes that m's tasks match p.cur now, and lets the change log go
// when it has grown long.
func (p *Player) synced() {
	m := p.m
	m.seq++
	p.sync = m.seq
	if len(m.chg) > 2*keyEvery+2*len(m.tasks) {
		m.chg, m.chgSeq, m.chgBase = m.chg[:0], m.chgSeq[:0], m.seq
	}
}

func (p *Player) captureLocked() *keyframe {
	m := p.m
	flags, all := p.dirty()
	k := &keyframe{pos: p.pos, at: p.at, rd: *p.rd, n: len(m.tasks), foldState: m.frozen()}
	k.rd.workers = nil
	k.blocks = make([]*taskBlock, len(flags))
	for b := range flags {
		lo, hi := b*blockTasks, min((b+1)*blockTasks, len(m.tasks))
		if !all && !flags[b] && b < len(p.cur) && len(*p.cur[b]) == hi-lo {
			k.blocks[b] = p.cur[b]
			continue
		}
		blk := taskBlock(slices.Clone(m.tasks[lo:hi]))
		for i := range blk {
			clipSpans(&blk[i])
		}
		k.blocks[b] = &blk
	}
	p.cur = slices.Clone(k.blocks)
	p.synced()
	return k
}

// restore sets p.m to keyframe k, copying only the blocks that differ.
func (p *Player) restore(k *keyframe) {
	m := p.m
	m.mu.Lock()
	defer m.mu.Unlock()
	flags, all := p.dirty()
	shrunk := len(m.tasks) > k.n
	if shrunk {
		m.tasks, m.mark = m.tasks[:k.n], m.mark[:k.n]
	}
	for len(m.tasks) < k.n {
		m.tasks = append(m.tasks, TaskInfo{})
		m.mark = append(m.mark, 0)
	}
	for b, blk := range k.blocks {
		if !all && b < len(flags) && !flags[b] && b < len(p.cur) && p.cur[b] == blk {
			continue
		}
		copy(m.tasks[b*blockTasks:], *blk)
		for i := range *blk {
			m.touch(int32(b*blockTasks + i))
		}
	}
	p.cur = slices.Clone(k.blocks)
	m.thaw(&k.foldState)
	p.pos, p.at = k.pos, k.at
	rd := k.rd
	rd.v = p.rd.v
	if len(rd.v.blocks) < len(k.rd.v.blocks) {
		rd.v = k.rd.v
	}
	p.rd = &rd
	p.synced()
	if shrunk {
		// Tasks that come back by growing the table again are not logged
		// as changed: a reader that saw them must copy the whole table.
		m.chg, m.chgSeq, m.chgBase = m.chg[:0], m.chgSeq[:0], m.seq
	}
}

// frozen is a copy of f that later folds into f never write: maps cloned,
// slices clipped so that an append copies them.
func (f *foldState) frozen() foldState {
	c := *f
	c.logs = slices.Clip(f.logs)
	c.stats, c.gauges, c.flags, c.lanes = maps.Clone(f.stats), maps.Clone(f.gauges), maps.Clone(f.flags), maps.Clone(f.lanes)
	c.series = make(map[string][]Point, len(f.series))
	for name, pts := range f.series {
		c.series[name] = slices.Clip(pts)
	}
	c.graph = cloneGraph(f.graph)
	return c
}

// thaw sets f to the frozen state k, reusing f's maps.
func (f *foldState) thaw(k *foldState) {
	reuse := *f
	*f = *k
	f.stats = copyInto(reuse.stats, k.stats)
	f.gauges = copyInto(reuse.gauges, k.gauges)
	f.flags = copyInto(reuse.flags, k.flags)
	f.lanes = copyInto(reuse.lanes, k.lanes)
	f.series = copyInto(reuse.series, k.series)
	f.graph = cloneGraph(k.graph)
}

func cloneGraph(g map[int]*WaitEdge) map[int]*WaitEdge {
	out := make(map[int]*WaitEdge, len(g))
	for w, e := range g {
		c := *e
		c.Holds = slices.Clip(e.Holds)
		out[w] = &c
	}
	return out
}
