package demos

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"concurrencylab/demos/engine"
)

func init() {
	Register(&Demo{
		ID:      "deadlock",
		Title:   "Deadlock",
		Summary: "Workers that take two locks in opposite order freeze; ordering the locks or a timeout prevents it.",
		Notice: "Each worker holds one lock and waits for the other, so no one can ever move: a cycle of waits. " +
			"The app keeps its own graph of who holds and who waits for which lock and spots the cycle. " +
			"Taking locks in one global order makes a cycle impossible; a timeout breaks it, at the price of a failed attempt.",
		Question: "Each worker needs locks A and B. What happens when they take them in opposite orders, and when every one takes A first?",
		Modes: []Mode{
			{Name: "deadlock", Help: "worker i takes lock A or B first (i mod 2), then the other: opposite orders"},
			{Name: "ordered", Help: "every worker takes A before B: one global order, no cycle possible"},
			{Name: "timeout", Help: "opposite orders, but the second lock is awaited with a deadline (select with context.WithTimeout)"},
		},
		Workers: Knob{Name: "workers", Title: "Workers", Kind: Int, Default: 2, Min: 2, Max: 16},
		Prints:  true,
		Knobs: []Knob{
			{Name: "timeout", Title: "Deadline for the second lock (timeout mode)", Kind: Duration, Default: 0.5, Min: 0.01, Max: 10, Log: true},
			{Name: "rounds", Title: "Rounds per worker", Kind: Int, Default: 3, Min: 1, Max: 100},
		},
		Figures: []Figure{
			{Name: "deadlocked", Title: "deadlocked"},
			{Name: "cycle_length", Title: "workers in the cycle"},
			{Name: "detected_ms", Title: "detected at", Unit: "ms"},
			{Name: "detected_after_ms", Title: "detected after", Unit: "ms"},
			{Name: "rounds_done", Title: "rounds done"},
			{Name: "timeouts", Title: "lock timeouts"},
		},
		Sweep: Sweep{Chart: FigElapsed, Predict: Figure{Name: "rounds_done", Title: "rounds completed", Unit: "rounds"}},
		Moments: []MomentKind{
			{Name: "lock-taken", Title: "a worker took a lock"},
			{Name: "wait", Title: "a worker began to wait for a lock another holds"},
			{Name: "cycle-closed", Title: "the wait-for cycle closed: no one can go on"},
		},
		Spot: spotDeadlock,
		Run:  runDeadlock,
	})
}

// The rhythm of one round. A worker holds its first lock for about lkHold
// (±20%, at random) before it asks for the second: long enough that, in the
// deadlock mode, every worker has its first lock before anyone asks for a
// second, so the deadlock happens every time rather than by luck; uneven
// enough that, in the timeout mode, one side gives up first and the other
// then gets its lock, as in real programs whose timings never match exactly.
const (
	lkHold  = 50 * time.Millisecond // simulated work with the first lock, on average
	lkWork  = 10 * time.Millisecond // simulated work with both
	lkCheck = 20 * time.Millisecond // the detector also looks this often
)

// errDeadlocked is returned to a waiter released by the detector.
var errDeadlocked = errors.New("deadlocked")

// lkError is a task's failure: a plain sentence that still matches its
// cause (errDeadlocked, context.DeadlineExceeded) with errors.Is.
type lkError struct {
	msg   string
	cause error
}

func (e lkError) Error() string { return e.msg }
func (e lkError) Unwrap() error { return e.cause }

// lkLock is a lock whose waiters can give up: holding it means having put
// the one token into its channel of capacity 1.
type lkLock struct {
	name string
	ch   chan struct{}
}

// lkWait is one edge of the wait-for graph: a worker waiting for a lock.
type lkWait struct {
	lock  *lkLock
	timed bool // the wait has a deadline, so it ends by itself
}

// lkGraph is the run's own record of who holds and who waits for which lock.
// A holder is recorded after it has the token and removed before it gives
// the token back, so a recorded holder really holds the lock.
type lkGraph struct {
	mu      sync.Mutex
	holder  map[*lkLock]int // lock → worker holding it
	waits   map[int]lkWait  // worker → the lock it waits for
	live    int             // workers still running their rounds
	formed  time.Time       // when the graph last changed
	reasons map[int]string  // set when a deadlock is found: why each waiter fails
	changed chan struct{}   // a nudge to the detector, capacity 1
	broken  chan struct{}   // closed when a deadlock is found: waiters give up
	r       *Run            // reports the graph (Run.ReportWaits) at every change
	n       int             // the workers, 0 to n-1
}

func (g *lkGraph) nudge() {
	g.formed = time.Now()
	select {
	case g.changed <- struct{}{}:
	default:
	}
	select {
	case <-g.broken:
		// the deadlock as detected stays the reported graph, while its
		// waiters are released and let go of their locks
	default:
		g.report()
	}
}

// report gives the front ends every worker's holds and wait as data, so a
// picture needs no sentences parsed. g.mu is held.
func (g *lkGraph) report() {
	if g.r == nil {
		return
	}
	for w := range g.n {
		e := WaitEdge{Worker: w, Holds: g.holds(w), Holder: -1}
		if wt, ok := g.waits[w]; ok {
			e.WaitsFor = wt.lock.name
			if h, ok := g.holder[wt.lock]; ok {
				e.Holder = h
			}
		}
		g.r.ReportWaits(e)
	}
}

// acquire takes l for worker w. It tries without blocking first, so a worker
// is drawn waiting (and enters the graph) only when it really waits. With
// timeout > 0 it gives up after that long.
func (g *lkGraph) acquire(ctx context.Context, t *Task, w int, l *lkLock, timeout time.Duration) error {
	select {
	case <-g.broken:
		return errDeadlocked // the detector has spoken: no one moves on
	case l.ch <- struct{}{}:
		g.took(w, l)
		return nil
	default:
	}
	g.mu.Lock()
	g.waits[w] = lkWait{lock: l, timed: timeout > 0}
	g.nudge()
	g.mu.Unlock()
	t.Waiting("lock " + l.name)
	t0 := time.Now()
	var deadline <-chan struct{}
	if timeout > 0 {
		tctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		deadline = tctx.Done()
	}
	var err error
	select {
	case l.ch <- struct{}{}:
		g.took(w, l)
	case <-g.broken:
		err = errDeadlocked
	case <-deadline:
		err = context.DeadlineExceeded
		if ctx.Err() != nil {
			err = ctx.Err()
		}
	case <-ctx.Done():
		err = ctx.Err()
	}
	t.Waited(time.Since(t0))
	if err == nil {
		select {
		case <-g.broken:
			// The lock came free only because the detector released its
			// frozen holder; this worker was frozen too, and stops.
			g.release(w, l)
			err = errDeadlocked
		default:
		}
	}
	if err != nil {
		g.mu.Lock()
		delete(g.waits, w)
		g.nudge()
		g.mu.Unlock()
		return err
	}
	t.Running()
	return nil
}

func (g *lkGraph) took(w int, l *lkLock) {
	g.mu.Lock()
	delete(g.waits, w)
	g.holder[l] = w
	g.nudge()
	g.mu.Unlock()
}

func (g *lkGraph) release(w int, l *lkLock) {
	g.mu.Lock()
	delete(g.holder, l)
	g.nudge()
	g.mu.Unlock()
	<-l.ch
}

// holds names the locks worker w holds, in name order; g.mu is held.
func (g *lkGraph) holds(w int) []string {
	var names []string
	for l, h := range g.holder {
		if h == w {
			names = append(names, l.name)
		}
	}
	sort.Strings(names)
	return names
}

// cycle follows waits from each waiting worker (lowest first) to the holder
// of the lock it waits for, and so on, and returns the first cycle of waits
// it finds, as workers in order. With untimed true it follows only waits
// without a deadline. g.mu is held.
func (g *lkGraph) cycle(untimed bool) []int {
	var starts []int
	for w := range g.waits {
		starts = append(starts, w)
	}
	sort.Ints(starts)
	for _, s := range starts {
		seen := map[int]int{} // worker → position on the path
		var path []int
		for w := s; ; {
			if at, ok := seen[w]; ok {
				return path[at:]
			}
			e, ok := g.waits[w]
			if !ok || (untimed && e.timed) {
				break
			}
			h, ok := g.holder[e.lock]
			if !ok {
				break
			}
			seen[w] = len(path)
			path = append(path, w)
			w = h
		}
	}
	return nil
}

// describe says what worker w holds and waits for: "holds A, waits for B
// (held by w1)". Its failure reason and its log line are built on it. g.mu
// is held.
func (g *lkGraph) describe(w int) string {
	holds := "holds nothing"
	if h := g.holds(w); len(h) > 0 {
		holds = "holds " + strings.Join(h, " and ")
	}
	e := g.waits[w]
	by := "free"
	if h, ok := g.holder[e.lock]; ok {
		by = fmt.Sprintf("held by w%d", h)
	}
	return fmt.Sprintf("%s, waits for %s (%s)", holds, e.lock.name, by)
}

// runDeadlock: `workers` goroutines, each doing `rounds` rounds of "take the
// first lock, work, take the second, work, release both". One task per
// worker per round, on the worker's lane, so the board shows each lock
// held (Task.Hold) and each wait (Waiting "lock B"). A detector goroutine
// watches the run's own wait-for graph: when every live worker waits with
// no deadline and the waits form a cycle, it reports the deadlock and
// releases the frozen workers, whose tasks fail saying what they held and
// waited for. The Go runtime's own deadlock crash can never happen: the
// detector and the run's other goroutines are always able to run.
func runDeadlock(r *Run) error {
	mode := r.Config.Mode
	n, rounds := r.Config.Workers, r.Config.Int("rounds")
	timeout := r.Config.Dur("timeout")
	ctx := r.Context()
	locks := []*lkLock{{name: "A", ch: make(chan struct{}, 1)}, {name: "B", ch: make(chan struct{}, 1)}}
	g := &lkGraph{holder: map[*lkLock]int{}, waits: map[int]lkWait{}, live: n,
		changed: make(chan struct{}, 1), broken: make(chan struct{}), formed: time.Now(), r: r, n: n}
	r.Tasks(n*rounds, func(i int) int { return i % n })
	r.Flag("deadlocked", false)
	switch mode {
	case "deadlock":
		r.Log(0, "even workers take A then B, odd workers B then A")
	case "ordered":
		r.Log(0, "every worker takes A, then B: one global order")
	case "timeout":
		r.Log(0, "even workers take A then B, odd workers B then A; the second lock is awaited for at most %v", timeout)
	}

	var deadlocked atomic.Bool
	var timeouts, roundsDone atomic.Int64
	detectorDone := make(chan struct{})
	quit := make(chan struct{})
	go func() {
		defer close(detectorDone)
		if lkDetect(r, g, quit) {
			deadlocked.Store(true)
		}
	}()

	start := make(chan struct{}) // every worker begins its first round together
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				g.mu.Lock()
				g.live--
				g.nudge()
				g.mu.Unlock()
			}()
			first, second := locks[0], locks[1]
			if mode != "ordered" && w%2 == 1 {
				first, second = second, first
			}
			wait := time.Duration(0)
			if mode == "timeout" {
				wait = timeout
			}
			<-start
			backoff := time.Duration(0)
			for round := range rounds {
				t := r.Task(round*n+w, w)
				err := lkRound(r, g, t, w, first, second, wait, backoff)
				backoff = 0
				switch {
				case err == nil:
					roundsDone.Add(1)
					t.Done()
				case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
					timeouts.Add(1)
					t.Fail(err)
					backoff = time.Duration(1 + rand.Int64N(int64(lkHold+lkWork)))
				default:
					t.Fail(err)
					if errors.Is(err, errDeadlocked) {
						for later := round + 1; later < rounds; later++ {
							r.Task(later*n+w, w).Cancel("not run: its worker was deadlocked")
						}
					}
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(quit)
	<-detectorDone

	r.Flag("deadlocked", deadlocked.Load())
	r.Stat("rounds_done", float64(roundsDone.Load()))
	if mode == "timeout" {
		r.Stat("timeouts", float64(timeouts.Load()))
		if ctx.Err() == nil {
			r.Log(0, "%d of %d rounds gave up at their deadline: a timeout ends the freeze, but only a lock order guarantees progress",
				timeouts.Load(), n*rounds)
		}
	}
	return ctx.Err()
}

// lkRound is one round of worker w: first lock, work, second lock (with a
// deadline when wait > 0), work, release both. Whatever ends it early, the
// locks it holds are released before it returns.
func lkRound(r *Run, g *lkGraph, t *Task, w int, first, second *lkLock, wait, backoff time.Duration) error {
	ctx := r.Context()
	t.Start()
	if backoff > 0 {
		// After a timeout, wait a random spell first, so the two sides do
		// not meet again in lockstep (which would be a livelock).
		if err := t.Sleep("backing off after a timeout (random)", backoff); err != nil {
			return err
		}
	}
	if err := g.acquire(ctx, t, w, first, 0); err != nil {
		return lkReason(g, w, err, first, 0, nil)
	}
	t.Hold(first.name)
	defer func() {
		g.release(w, first)
		t.Release(first.name)
	}()
	hold := lkHold*4/5 + time.Duration(rand.Int64N(int64(lkHold*2/5)))
	if err := t.Sleep("simulated work holding "+first.name, hold); err != nil {
		return err
	}
	t0 := time.Now()
	// In slow motion the deadline stretches with everything else.
	if err := g.acquire(ctx, t, w, second, time.Duration(float64(wait)/r.Speed())); err != nil {
		return lkReason(g, w, err, second, time.Since(t0), first)
	}
	t.Hold(second.name)
	defer func() {
		g.release(w, second)
		t.Release(second.name)
	}()
	return t.Sleep("simulated work holding "+first.name+" and "+second.name, lkWork)
}

// lkReason turns a failed acquire into the sentence its task fails with.
func lkReason(g *lkGraph, w int, err error, l *lkLock, waited time.Duration, held *lkLock) error {
	switch {
	case errors.Is(err, errDeadlocked):
		g.mu.Lock()
		why := g.reasons[w]
		g.mu.Unlock()
		return lkError{"deadlocked: " + why, errDeadlocked}
	case errors.Is(err, context.DeadlineExceeded):
		msg := fmt.Sprintf("gave up waiting for lock %s after %v", l.name, waited.Round(time.Millisecond))
		if held != nil {
			msg += ", released " + held.name
		}
		return lkError{msg, context.DeadlineExceeded}
	}
	return err
}

// lkDetect watches the graph until quit or stop. It reports a deadlock when
// every live worker waits without a deadline and the waits form a cycle, then
// releases the waiters; it returns whether it found one. In timeout mode it
// also says when the waits form a cycle that the deadlines will break.
func lkDetect(r *Run, g *lkGraph, quit <-chan struct{}) bool {
	tick := time.NewTicker(lkCheck)
	defer tick.Stop()
	var timedCycle []int // the cycle of timed waits last seen, if any
	for {
		select {
		case <-g.changed:
		case <-tick.C:
		case <-quit:
			return false
		case <-r.Context().Done():
			return false
		}
		g.mu.Lock()
		untimed := 0
		for _, e := range g.waits {
			if !e.timed {
				untimed++
			}
		}
		if g.live > 0 && untimed == g.live {
			if cyc := g.cycle(true); cyc != nil {
				lkReport(r, g, cyc)
				g.mu.Unlock()
				return true
			}
		}
		var cyc []int
		if lkTimedWaits(g) {
			cyc = g.cycle(false)
		}
		switch {
		case cyc != nil && timedCycle == nil:
			r.Log(cyc[0], "cycle of waits: %s; their deadlines will break it", lkCycleText(g, cyc))
		case cyc == nil && timedCycle != nil:
			r.Log(timedCycle[0], "the cycle is broken: a waiter gave up or got its lock")
		}
		timedCycle = cyc
		g.mu.Unlock()
	}
}

// lkTimedWaits reports whether any worker waits with a deadline. g.mu is held.
func lkTimedWaits(g *lkGraph) bool {
	for _, e := range g.waits {
		if e.timed {
			return true
		}
	}
	return false
}

// lkReport says who holds and waits for what, records the figures, and
// releases every waiter with its reason. g.mu is held.
func lkReport(r *Run, g *lkGraph, cyc []int) {
	after := time.Since(g.formed)
	r.Flag("deadlocked", true)
	r.Stat("cycle_length", float64(len(cyc)))
	r.Stat("detected_ms", r.Elapsed().Seconds()*1e3)
	r.Stat("detected_after_ms", after.Seconds()*1e3)
	r.Log(cyc[0], "deadlock: all %d workers wait and no one can move", g.live)
	var ws []int
	for w := range g.waits {
		ws = append(ws, w)
	}
	sort.Ints(ws)
	g.reasons = map[int]string{}
	for _, w := range ws {
		why := g.describe(w)
		g.reasons[w] = why
		r.Log(w, "w%d %s", w, why)
	}
	r.Log(cyc[0], "cycle: %s", lkCycleText(g, cyc))
	close(g.broken)
}

// lkCycleText renders a cycle as "w0 → B (held by w1) → w1 → A (held by w0) → w0". g.mu is held.
func lkCycleText(g *lkGraph, cyc []int) string {
	var b strings.Builder
	for _, w := range cyc {
		e := g.waits[w]
		fmt.Fprintf(&b, "w%d waits for %s held by w%d → ", w, e.lock.name, g.holder[e.lock])
	}
	fmt.Fprintf(&b, "w%d", cyc[0])
	return b.String()
}

// spotDeadlock tells each lock taken and each wait, and finds the moment
// the wait-for graph the demo reports first holds a cycle. The demo
// reports the whole graph, worker by worker, just before a worker marks
// itself waiting: the graph is looked at once whole, and a cycle that the
// next event's wait completes is told with that wait.
func spotDeadlock() Spotter {
	holder := map[string]int32{} // lock → worker
	waits := map[int]WaitEdge{}  // the graph as reported
	closed, pending := false, false
	var pIdx int
	var pAt time.Duration
	return func(sc *Scan, e *Event) {
		last := int32(sc.Config.Workers - 1)
		graph := e.Kind == EvWaitFor || e.Kind == EvHeld
		var cyc []int
		if pending && !(e.Kind == EvHeld && e.Worker == last) {
			pending = false
			cyc = waitCycle(waits)
			if cyc == nil || closed {
				closed, cyc = cyc != nil, nil
			}
		}
		// tell adds the closed cycle as a moment at cursor index i, time at.
		tell := func(i int, at time.Duration) {
			if cyc == nil {
				return
			}
			var parts []string
			for _, w := range cyc {
				g := waits[w]
				parts = append(parts, fmt.Sprintf("w%d holds %s and waits for %s, held by w%d", w, engine.JoinAnd(g.Holds), g.WaitsFor, g.Holder))
			}
			sc.AddAt(i, at, "cycle-closed", "the cycle closed: %s: no one can go on", strings.Join(parts, "; "))
			closed, cyc = true, nil
		}
		switch e.Kind {
		case EvHold:
			holder[e.Text] = e.Worker
			sc.Add("lock-taken", "w%d took lock %s", e.Worker, e.Text)
		case EvRelease:
			delete(holder, e.Text)
		case EvState:
			if on, ok := strings.CutPrefix(e.Text, "lock "); ok && e.State == Waiting {
				by := "free a moment ago"
				if h, ok := holder[on]; ok {
					by = fmt.Sprintf("held by w%d", h)
				}
				sc.Add("wait", "w%d began to wait for lock %s, %s", e.Worker, on, by)
				if slices.Contains(cyc, int(e.Worker)) {
					tell(sc.Index(), sc.At()) // with the wait that closed it
				}
			}
		case EvWaitFor:
			waits[int(e.Worker)] = WaitEdge{Worker: int(e.Worker), WaitsFor: e.Text, Holder: int(e.N)}
		case EvHeld:
			w := waits[int(e.Worker)]
			w.Holds = append(slices.Clip(w.Holds), e.Text)
			waits[int(e.Worker)] = w
		}
		if cyc != nil {
			tell(pIdx, pAt)
		}
		if graph && e.Worker == last {
			pending, pIdx, pAt = true, sc.Index(), e.At
		}
	}
}

// waitCycle returns the first cycle of waits in g, lowest worker first, or nil.
func waitCycle(g map[int]WaitEdge) []int {
	for _, s := range slices.Sorted(maps.Keys(g)) {
		var path []int
		seen := map[int]bool{}
		for w := s; ; {
			if seen[w] {
				if w == s {
					return path
				}
				break
			}
			e, ok := g[w]
			if !ok || e.WaitsFor == "" || e.Holder < 0 {
				break
			}
			seen[w] = true
			path = append(path, w)
			w = e.Holder
		}
	}
	return nil
}
