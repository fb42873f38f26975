package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Moment is a place in a run that carries its lesson, or a warning the
// engine found about the run, told in one plain sentence.
type Moment struct {
	// Kind is the name of the demo's MomentKind ("lost-update",
	// "cycle-closed"), or for a warning one of WarnBusy, WarnNoYield,
	// WarnBlocked.
	Kind string
	// Index is the player's cursor that shows the moment: every event up to
	// and including the one that made it folded (Player.Seek(Index)).
	Index   int
	At      time.Duration
	Text    string
	Warning bool
}

// The kinds of the warnings the engine finds in every run.
const (
	WarnBusy    = "busy-machine"  // other programs took CPU time during the run
	WarnNoYield = "no-yield"      // a task ran a second without yielding
	WarnBlocked = "still-blocked" // tasks were still blocked when the run ended
)

// Thresholds of the warnings: the share of the machine's CPU other
// programs took, and the longest a task may run without an event.
// A run shorter than busyWall is not judged: the machine's busy time comes
// in ticks of 10 ms.
const (
	busyShare = 0.25
	busyWall  = 500 * time.Millisecond
	noYield   = time.Second
)

// momentsNamed is how many moments of one kind are told one by one; those
// after are counted in one more moment, kept at the last of them, so a
// run of millions of events keeps a list a class can read.
const momentsNamed = 40

// Spotter sees a run's events in the order they were folded and adds the
// moments it finds with Scan.Add. A demo's Spot returns a fresh one for each
// scan, so it may keep what it needs between events.
type Spotter func(sc *Scan, e *Event)

// Scan is what a Spotter sees besides the event: the run's configuration,
// every task's state before the event, and where the event lies.
type Scan struct {
	Demo   *Demo
	Config Config
	index  int // the cursor after the event seen
	at     time.Duration
	states []State
	lastAt []time.Duration // when each task's last event came
	found  []Moment
	counts map[string]int
	more   map[string]int // the index in found of a kind's counted moment
}

// Index is the cursor after the event seen: where a moment added now lies.
func (sc *Scan) Index() int { return sc.index }

// At is the time of the event seen.
func (sc *Scan) At() time.Duration { return sc.at }

// State is task id's state before the event seen.
func (sc *Scan) State(id int32) State {
	if int(id) < len(sc.states) {
		return sc.states[id]
	}
	return Pending
}

// Add adds a moment of kind at the event seen, its sentence made as by
// fmt.Sprintf and prefixed by the time.
func (sc *Scan) Add(kind, format string, args ...any) { sc.add(kind, false, format, args...) }

// AddAt is Add for a moment found later than it happened: at cursor index
// and time at.
func (sc *Scan) AddAt(index int, at time.Duration, kind, format string, args ...any) {
	i, t := sc.index, sc.at
	sc.index, sc.at = index, at
	sc.Add(kind, format, args...)
	sc.index, sc.at = i, t
}

func (sc *Scan) add(kind string, warning bool, format string, args ...any) {
	sc.counts[kind]++
	n := sc.counts[kind]
	if n <= momentsNamed {
		sc.found = append(sc.found, Moment{Kind: kind, Index: sc.index, At: sc.at, Warning: warning,
			Text: "At " + SayTime(sc.at) + ", " + fmt.Sprintf(format, args...)})
		return
	}
	title := kind
	if mk, ok := sc.Demo.MomentKind(kind); ok {
		title = mk.Title
	}
	m := Moment{Kind: kind, Index: sc.index, At: sc.at, Warning: warning,
		Text: fmt.Sprintf("%s more till %s: %s", Thousands(int64(n-momentsNamed)), SayTime(sc.at), title)}
	if i, ok := sc.more[kind]; ok {
		sc.found[i] = m
		return
	}
	sc.more[kind] = len(sc.found)
	sc.found = append(sc.found, m)
}

// SayTime writes a run's time for a sentence: "52.1 ms", "1.204 s".
func SayTime(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.0f µs", float64(d)/1e3)
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.3f s", d.Seconds())
}

// momentScan finds a recording's moments, going on from where it stopped
// each time it is asked.
type momentScan struct {
	rec   *Recording
	sc    Scan
	spot  Spotter
	rd    *recReader
	ended bool // the end's warnings are in
	e     Event
}

func (s *momentScan) init(rec *Recording) {
	s.rec = rec
	s.sc = Scan{Demo: rec.Demo, Config: rec.Config, counts: map[string]int{}, more: map[string]int{}}
	if rec.Demo.Spot != nil {
		s.spot = rec.Demo.Spot()
	}
	v := rec.view()
	s.rd = v.reader(0)
}

// update scans the events recorded since the last update.
func (s *momentScan) update() {
	if s.ended {
		return
	}
	s.rd.v = s.rec.view()
	sc := &s.sc
	for s.rd.next(&s.e) {
		e := &s.e
		sc.index, sc.at = s.rd.i, e.At
		if e.Kind == EvMoment && e.N >= 0 && e.N < int64(len(sc.Demo.Moments)) {
			sc.Add(sc.Demo.Moments[e.N].Name, "%s", e.Text)
		}
		if s.spot != nil {
			s.spot(sc, e)
		}
		s.track(e)
	}
	if _, _, _, load, ok := s.rec.Result(); ok && s.rd.i == s.rd.v.n {
		s.ended = true
		if o := load.Others(); o >= busyShare && load.Wall >= busyWall {
			sc.add(WarnBusy, true, "other programs used %.0f%% of the CPU during this run: speedups here are lower than this machine can give", o*100)
		}
	}
}

// track keeps every task's state and finds the engine's own warnings.
func (s *momentScan) track(e *Event) {
	sc := &s.sc
	switch e.Kind {
	case EvState, EvProgress, EvWaited, EvHold, EvRelease:
	case evDeclare:
		s.grow(int(e.N))
		return
	case EvEnd:
		blocked := 0
		for _, st := range sc.states {
			if st == Waiting {
				blocked++
			}
		}
		if blocked > 0 {
			sc.add(WarnBlocked, true, "%s still blocked when the run ended: they were cancelled",
				Plural(blocked, "goroutine was", "goroutines were"))
		}
		return
	default:
		return
	}
	id := e.Task
	s.grow(int(id) + 1)
	// a CPU-bound demo's tasks hold their core by design: that is its
	// lesson, not something to warn of
	if prev := sc.states[id]; prev == Running && e.At-sc.lastAt[id] >= noYield && !sc.Demo.CPUBound {
		sc.add(WarnNoYield, true, "task %d on w%d ran %s without yielding or reporting a step: it computed, or waited unseen, all along", id, e.Worker, SayTime(e.At-sc.lastAt[id]))
	}
	sc.lastAt[id] = e.At
	if e.Kind == EvState && !sc.states[id].Ended() {
		sc.states[id] = e.State
	}
}

func (s *momentScan) grow(n int) {
	for len(s.sc.states) < n {
		s.sc.states = append(s.sc.states, Pending)
		s.sc.lastAt = append(s.sc.lastAt, 0)
	}
}

// list returns the moments found, in the order of their cursors.
func (s *momentScan) list() []Moment {
	out := slices.Clone(s.sc.found)
	slices.SortStableFunc(out, func(a, b Moment) int { return a.Index - b.Index })
	return out
}

// Moments returns the moments found in the recording so far (the run's
// lesson and the engine's warnings), in the order they happened.
func (p *Player) Moments() []Moment {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.moments.update()
	return p.moments.list()
}

// NextMoment puts the cursor on the first moment after it and returns it;
// ok is false (and the cursor stays) when there is none.
func (p *Player) NextMoment() (m Moment, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.moments.update()
	c := p.cursorLocked()
	for _, m := range p.moments.list() {
		if m.Index > c {
			p.seekLocked(m.Index)
			return m, true
		}
	}
	return Moment{}, false
}

// PrevMoment puts the cursor on the last moment before it and returns it;
// ok is false (and the cursor stays) when there is none.
func (p *Player) PrevMoment() (m Moment, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.moments.update()
	c := p.cursorLocked()
	list := p.moments.list()
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].Index < c {
			p.seekLocked(list[i].Index)
			return list[i], true
		}
	}
	return Moment{}, false
}

// MomentAt returns the moments that show at the cursor: those whose Index
// it is, for the window to say while the cursor rests there.
func (p *Player) MomentAt() []Moment {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.moments.update()
	c := p.cursorLocked()
	var out []Moment
	for _, m := range p.moments.list() {
		if m.Index == c {
			out = append(out, m)
		}
	}
	return out
}

// Moment reports a moment the demo saw itself, which its events alone
// would not show (whose write landed over whose): kind is the name of one
// of its declared MomentKinds, text the sentence. A demo reports a few, not
// one per step: the moments list counts the rest.
func (r *Run) Moment(kind string, worker int, format string, args ...any) {
	i := slices.IndexFunc(r.Demo.Moments, func(m MomentKind) bool { return m.Name == kind })
	if i < 0 {
		panic("demos: " + r.Demo.ID + " declares no moment " + kind)
	}
	r.emit(Event{Kind: EvMoment, Worker: int32(worker), N: int64(i), Text: fmt.Sprintf(format, args...)})
}

// LaneName names worker w as the timeline does: its lane's name in names
// (from the run's EvLane events), or "w" and its number.
func LaneName(names map[int]string, w int32) string {
	if n, ok := names[int(w)]; ok {
		return n
	}
	return fmt.Sprintf("w%d", w)
}

// JoinAnd joins words as a sentence does: "A", "A and B", "A, B and C".
func JoinAnd(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
