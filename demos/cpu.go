package demos

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"concurrencylab/demos/engine"
)

func init() {
	Register(&Demo{
		ID:      "cpu",
		Title:   "CPU-bound: cores vs GIL",
		Summary: "The same CPU work, split into chunks, computed by N workers: parallelism is CPU time used over wall time.",
		Notice: "Goroutines run on every core, so two workers finish the work in about half the time and parallelism " +
			"reaches the number of cores. The gil mode is a model of CPython's GIL, not Python itself: one token, " +
			"handed over every 5 ms, so only one worker computes at a time and parallelism stays near 1. " +
			"Processes each have their own interpreter in Python; here each chunk runs in a child process, which " +
			"uses every core again but pays to start. The python- and rust- modes run real CPython and Rust programs " +
			"doing the same work: the real GIL keeps python-threads near one core.",
		Question: "Run it on one worker first. How much faster is it on {workers} as goroutines, under a GIL, and as processes?",
		Modes: []Mode{
			{Name: "goroutines", Help: "plain goroutines, scheduled on every core"},
			{Name: "gil", Help: "a model of CPython's GIL: one global token, held while computing, handed over every 5 ms"},
			{Name: "processes", Help: "each chunk computed in a child process of the app (like multiprocessing)"},
			engine.PeerMode("python-threads", "real CPython threads under the real GIL (a Python unit is 1/100 of a Go unit)"),
			engine.PeerMode("python-processes", "real CPython processes (multiprocessing), one interpreter and GIL each"),
			engine.PeerMode("python-freethreaded", "the python-threads program on a free-threaded CPython (3.13t or later, GIL off)"),
			engine.PeerMode("rust-threads", "Rust std threads, no GIL: the Go demo's exact work (same checksum)"),
		},
		Workers: Knob{Name: "workers", Title: "Workers", Kind: Int, Default: 4, Min: 1, Max: 64, Log: true},
		Knobs: []Knob{
			{Name: "chunks", Title: "Chunks", Kind: Int, Default: 32, Min: 1, Max: 1024, Log: true},
			{Name: "work", Title: "Work per chunk", Unit: "units", Kind: Int, Default: 1000, Min: 1, Max: 100_000, Log: true},
		},
		Figures: []Figure{
			{Name: "parallelism", Title: "parallelism", Unit: "×"},
			{Name: "busy_ms", Title: "busy time, all workers", Unit: "ms"},
			{Name: "units_per_s", Title: "work units done", Unit: "/s"},
			{Name: "gil_switches", Title: "GIL hand-overs"},
			{Name: "gomaxprocs", Title: "cores Go runs on"},
			{Name: "checksum", Title: "checksum", Hidden: true},
			{Name: "rounds_per_unit", Title: "mixing rounds per unit", Work: true},
		},
		CPUBound: true,
		Shows:    Shows{Speedup: true},
		Sweep: Sweep{Chart: FigSpeedup, Predict: FigSpeedup, Modes: []string{"goroutines", "gil", "processes"},
			// past twice the cores the curve is flat; past the chunks nothing is left to share
			UpTo: func(c Config) float64 { return min(c.Knobs["chunks"], max(4, 2*cores())) }},
		Moments: []MomentKind{
			{Name: "handover", Title: "the lock passes from one worker to the next, and how long the next one waited"},
		},
		Spot: spotCPU,
		Run:  runCPU,
	})
	engine.RegisterChild("cpu", cpuChild)
}

// cpuRounds is how many rounds of a 64-bit mixing function make one unit of
// work: about 30 µs on the 2-core machine the demo was tuned on, so the
// default 32 chunks of 1000 units take about 1 s on one worker. A unit is
// short next to the GIL's 5 ms switch interval, so a worker notices a switch
// request in time, and long next to a progress report, which stays cheap.
const cpuRounds = 40000

// gilSwitch is CPython's default switch interval (sys.getswitchinterval()).
const gilSwitch = 5 * time.Millisecond

// crunch does units units of CPU work for chunk and returns the chunk's
// result, the same in every mode. After each unit it calls step, when not
// nil, with the units done so far, and stops early with step's error. A nil
// step turns all reporting off (the benchmark's baseline).
func crunch(chunk, units int, step func(done int) error) (uint64, error) {
	x := uint64(chunk+1) * 0x9E3779B97F4A7C15
	var sum uint64
	for u := 0; u < units; u++ {
		for range cpuRounds {
			// splitmix64: pure arithmetic, no memory traffic, no waiting.
			x += 0x9E3779B97F4A7C15
			z := x
			z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
			z = (z ^ z>>27) * 0x94D049BB133111EB
			sum += z ^ z>>31
		}
		if step != nil {
			if err := step(u + 1); err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}

// cpuRun is one run of the cpu demo: a shared queue of chunks, the figures
// the workers measure, and the GIL when the mode has one.
type cpuRun struct {
	r      *Run
	chunks int
	units  int
	next   atomic.Int64 // the queue: the next chunk to take
	busy   atomic.Int64 // nanoseconds: children's CPU time, or the workers' wall time computing
	sum    atomic.Uint64
	done   atomic.Int64 // chunks finished
	gil    *gil
}

func runCPU(r *Run) error {
	c := &cpuRun{r: r, chunks: r.Config.Int("chunks"), units: r.Config.Int("work")}
	n := r.Config.Workers
	var chunk func(w int, t *Task) error
	switch r.Config.Mode {
	case "goroutines":
		chunk = c.inProcess
	case "gil":
		c.gil = newGIL()
		chunk = c.inProcess
	case "processes":
		chunk = c.inChild
	default:
		if IsPeer(r.Config.Mode) {
			return runCPUPeer(r)
		}
		return errors.New("unknown mode " + r.Config.Mode)
	}
	r.Tasks(c.chunks, func(i int) int { return i % n })
	r.Stat("gomaxprocs", float64(runtime.GOMAXPROCS(0)))
	r.Stat("rounds_per_unit", cpuRounds) // as the peers say theirs: a Python unit is smaller

	sw := r.Stopwatch()
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			// Each worker keeps one OS thread, so that its thread's CPU time
			// is its own busy time, and nothing else in the process (the
			// window's drawing, the engine) counts as parallel work.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for {
				i := int(c.next.Add(1) - 1)
				if i >= c.chunks || r.Context().Err() != nil {
					return
				}
				t := r.Task(i, w)
				if err := r.Pace(time.Millisecond); err != nil {
					t.Fail(err)
					return
				}
				if err := chunk(i, t); err != nil {
					t.Fail(err)
					if r.Context().Err() != nil {
						return
					}
					continue
				}
				t.Done()
				c.done.Add(1)
			}
		})
	}
	wg.Wait()
	wall := sw.Elapsed() // paused time left out

	// Busy time is CPU time, as the operating system counts it, so that more
	// workers than cores cannot look like more cores: the children's in
	// processes mode, the worker threads' otherwise.
	busy := time.Duration(c.busy.Load())
	r.Stat("busy_ms", float64(busy)/1e6)
	r.Stat("parallelism", busy.Seconds()/wall.Seconds())
	r.Stat("units_per_s", float64(int64(c.units)*c.done.Load())/wall.Seconds())
	if c.gil != nil {
		r.Stat("gil_switches", float64(c.gil.switches.Load()))
	}
	if int(c.done.Load()) == c.chunks {
		// The low 52 bits of the sum of every chunk's result: exact in a
		// float64, and the same in every mode when the work is really done.
		r.Stat("checksum", float64(c.sum.Load()&(1<<52-1)))
	}
	return r.Context().Err()
}

// inProcess computes chunk i on this goroutine, under the GIL in gil mode.
func (c *cpuRun) inProcess(i int, t *Task) error {
	step := c.stepper(t)
	if c.gil != nil {
		if err := c.gil.take(c.r, t); err != nil {
			return err
		}
		step.holding = true
		defer func() {
			if step.holding {
				c.gil.drop()
			}
		}()
	} else {
		t.Start()
	}
	start := time.Now()
	step.last = start
	cpu0, ok0 := threadCPU()
	sum, err := crunch(i, c.units, step.step)
	if cpu1, ok1 := threadCPU(); ok0 && ok1 {
		c.busy.Add(int64(cpu1 - cpu0))
	} else {
		c.busy.Add(int64(time.Since(start) - step.idle))
	}
	if err != nil {
		return err
	}
	c.sum.Add(sum)
	if c.gil != nil {
		t.Done() // before the deferred drop hands the token on
	}
	return nil
}

// cpuPaceEvery is how much work a worker does between two pacings.
const cpuPaceEvery = 2 * time.Millisecond

// stepper is what a worker does between two units of work: honour pause,
// stop and slow motion, report progress, and in gil mode hand the GIL over
// when its switch interval is up and another worker waits. idle is the time
// it spent not computing, which busy time leaves out.
type stepper struct {
	c        *cpuRun
	t        *Task
	idle     time.Duration
	computed time.Duration // work since the last pacing
	last     time.Time
	holding  bool // holds the GIL (gil mode)
}

func (c *cpuRun) stepper(t *Task) *stepper {
	return &stepper{c: c, t: t, last: time.Now()}
}

func (s *stepper) step(done int) error {
	now := time.Now()
	// Slow motion stretches the work by the time it took to compute, so a
	// 0.3x run takes about 3.3 times as long. Units take microseconds, far
	// below what a timer can sleep, so the pacing (and the pause gate)
	// comes every few milliseconds of work.
	s.computed += now.Sub(s.last)
	err := s.c.r.Context().Err()
	if s.computed >= cpuPaceEvery {
		err = s.c.r.Pace(s.computed)
		s.computed = 0
	}
	if g := s.c.gil; g != nil && err == nil && g.waiting.Load() > 0 && now.Sub(g.since) >= gilSwitch {
		// waiting before the token goes, and the next holder is marked
		// running as it gets it (in drop): a snapshot never sees no
		// holder, or two, at a switch
		s.t.Waiting("GIL")
		g.drop()
		s.holding = false
		if err = g.take(s.c.r, s.t); err == nil {
			s.holding = true
		}
	}
	after := time.Now()
	s.idle += after.Sub(now)
	s.last = after
	s.t.Progress(int64(done), int64(s.c.units))
	return err
}

// gil is a model of CPython's global interpreter lock: one token that a
// worker must hold to compute. Like CPython since 3.2, a waiting worker asks
// for it, and the holder hands it over once it has held it for the switch
// interval; handing over is first come, first served, so a worker that gives
// the token up queues behind the others for it.
type gil struct {
	mu       sync.Mutex
	held     bool
	queue    []gilWaiter
	waiting  atomic.Int32 // len(queue), read by the holder without the lock
	switches atomic.Int64 // hand-overs from one worker to another
	since    time.Time    // when the holder took it; written by the holder alone
}

// gilWaiter is a worker queued for the token: its task, and the channel
// closed when the token is its.
type gilWaiter struct {
	t  *Task
	ch chan struct{}
}

func newGIL() *gil { return &gil{} }

// take waits for the token, showing the task as waiting on the GIL, and
// records the time waited. It fails only when the run is stopped.
func (g *gil) take(r *Run, t *Task) error {
	g.mu.Lock()
	if !g.held {
		g.held = true
		g.mu.Unlock()
		g.since = time.Now()
		t.Running()
		return nil
	}
	// marked waiting under the lock: once queued, a drop may mark it
	// running at any moment
	t.Waiting("GIL")
	ch := make(chan struct{})
	g.queue = append(g.queue, gilWaiter{t, ch})
	g.waiting.Store(int32(len(g.queue)))
	g.mu.Unlock()
	t0 := time.Now()
	select {
	case <-ch:
		g.since = time.Now()
		t.Waited(g.since.Sub(t0)) // drop marked it running
		return nil
	case <-r.Context().Done():
		g.mu.Lock()
		granted := true
		for i, q := range g.queue {
			if q.ch == ch {
				g.queue = append(g.queue[:i], g.queue[i+1:]...)
				g.waiting.Store(int32(len(g.queue)))
				granted = false
				break
			}
		}
		g.mu.Unlock()
		if granted {
			g.drop()
		}
		return r.Context().Err()
	}
}

// drop gives the token to the first waiting worker, or puts it down.
func (g *gil) drop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		g.held = false
		return
	}
	next := g.queue[0]
	g.queue = g.queue[1:]
	g.waiting.Store(int32(len(g.queue)))
	g.switches.Add(1)
	// Marked running by the giver, in the same breath as the giver's own
	// change: waking the next worker takes long enough for a snapshot to
	// see no holder. The close orders this before anything next does.
	next.t.Running()
	close(next.ch) // the token passes straight to it: held stays true
}

// inChild computes chunk i in a child process of the app's own binary, reads
// its progress and result from the child's output, and counts the child's
// CPU time, start-up included, as busy time.
func (c *cpuRun) inChild(i int, t *Task) error {
	cmd, err := engine.ChildCommand(c.r.Context(), "cpu", strconv.Itoa(i), strconv.Itoa(c.units))
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cannot start a child process: %w", err)
	}
	if cpuChildStarted != nil {
		cpuChildStarted(cmd.Process.Pid)
	}
	exited := make(chan struct{})
	var follower sync.WaitGroup
	follower.Go(func() { engine.FollowPause(c.r, cmd.Process.Pid, exited) })
	t.Start()
	var sum uint64
	var got bool
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		kind, val, _ := strings.Cut(sc.Text(), " ")
		n, perr := strconv.ParseUint(val, 10, 64)
		if perr != nil {
			continue
		}
		switch kind {
		case "p":
			t.Progress(int64(n), int64(c.units))
		case "r":
			sum, got = n, true
		}
	}
	err = cmd.Wait() // reaps the child, killed or not
	close(exited)
	follower.Wait()
	if ps := cmd.ProcessState; ps != nil {
		c.busy.Add(int64(ps.UserTime() + ps.SystemTime()))
	}
	switch {
	case err != nil && c.r.Context().Err() != nil:
		return c.r.Context().Err()
	case err != nil:
		return fmt.Errorf("child process for chunk %d failed: %v", i, err)
	case !got:
		return fmt.Errorf("child process for chunk %d printed no result", i)
	}
	t.Progress(int64(c.units), int64(c.units))
	c.sum.Add(sum)
	return nil
}

// cpuChildStarted, when set (by a test), learns the PID of every child.
var cpuChildStarted func(pid int)

// cpuChild is the child's side: args are the chunk and its units. It prints
// "p N" progress lines, at most one every few milliseconds, then "r SUM".
func cpuChild(args []string, out io.Writer) error {
	if len(args) != 2 {
		return fmt.Errorf("cpu child: want chunk and units, got %q", args)
	}
	chunk, err1 := strconv.Atoi(args[0])
	units, err2 := strconv.Atoi(args[1])
	if err1 != nil || err2 != nil {
		return fmt.Errorf("cpu child: bad arguments %q", args)
	}
	w := bufio.NewWriter(out)
	last := time.Now()
	sum, _ := crunch(chunk, units, func(done int) error {
		if now := time.Now(); now.Sub(last) >= engine.ProgressEvery {
			last = now
			fmt.Fprintf(w, "p %d\n", done)
			return w.Flush()
		}
		return nil
	})
	fmt.Fprintf(w, "r %d\n", sum)
	return w.Flush()
}

// spotCPU finds the GIL's hand-overs (gil mode): the holder stops, the
// first waiter is marked running, then reports how long it waited.
func spotCPU() Spotter {
	holder, next := int32(-1), int32(-1)
	var giver int32 = -1
	return func(sc *Scan, e *Event) {
		if sc.Config.Mode != "gil" {
			return
		}
		switch {
		case e.Kind == EvState && e.State == Running:
			if sc.State(e.Task) == Waiting && holder >= 0 && holder != e.Task {
				giver, next = holder, e.Task
			}
			holder = e.Task
		case e.Kind == EvWaited && e.Task == next:
			sc.Add("handover", "w%d handed the GIL to w%d, which had waited %s for it", giver, e.Worker, SayTime(time.Duration(e.N)))
			next = -1
		}
	}
}
