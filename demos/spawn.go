package demos

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"concurrencylab/demos/engine"
)

func init() {
	engine.RegisterChild(spawnJob, spawnChild)
	Register(&Demo{
		ID:      "spawn",
		Title:   "Cost of a worker",
		Summary: "Start N goroutines, N OS threads or N processes; measure the time to start them all and the memory each takes.",
		Notice: "A goroutine starts in about a microsecond and begins with a few kilobytes of stack; an OS thread costs " +
			"the kernel a stack and a schedulable entity; a process is a whole program with its own memory. " +
			"That is why a Go server can afford a goroutine per connection, and why Python pools its processes.",
		Question: "How many goroutines fit in the memory of one process?",
		Modes: []Mode{
			{Name: "goroutines", Help: "go f(): each unit is a goroutine that blocks until released"},
			{Name: "threads", Help: "each unit is a goroutine wired to an OS thread of its own (runtime.LockOSThread)"},
			{Name: "processes", Help: "each unit is a child process of this app that waits until its stdin closes"},
			engine.WithFixed(engine.PeerMode("python-threads", "real CPython: threading.Thread units, blocked on an Event"), "one spawner thread"),
			engine.WithFixed(engine.PeerMode("python-processes", "real CPython: multiprocessing.Process units, blocked on an Event"), "one spawner process"),
			engine.WithFixed(engine.PeerMode("rust-threads", "Rust: std::thread::spawn units, blocked on a Barrier"), "one spawner thread"),
		},
		Workers: Knob{Name: "workers", Title: "Spawners (start units in parallel)", Kind: Int, Default: 1, Min: 1, Max: 8},
		Prints:  true,
		Knobs: []Knob{
			{Name: "count", Title: fmt.Sprintf("Units to start (threads at most %d, processes at most %d)", spawnMaxThreads, spawnMaxProcs),
				Kind: Int, Default: 200, Min: 1, Max: 10000, Log: true},
		},
		Figures: []Figure{
			{Name: "alive", Title: "units alive"},
			{Name: "units", Title: "units started"},
			{Name: "count_run", Title: "units run (the count capped)"},
			{Name: "start_ms", Title: "time to start all", Unit: "ms"},
			{Name: "start_us_per_unit", Title: "start time per unit", Unit: "µs"},
			{Name: "release_ms", Title: "time to release all", Unit: "ms"},
			{Name: "bytes_per_unit", Title: "memory per unit", Unit: "B"},
			{Name: "heap_bytes_per_unit", Title: "heap per unit", Unit: "B"},
			{Name: "rss_bytes_per_unit", Title: "resident memory per unit", Unit: "B"},
			{Name: "pss_bytes_per_unit", Title: "own memory per unit (PSS)", Unit: "B"},
			{Name: "starting_stack_bytes", Title: "starting stack size", Unit: "B"},
			{Name: "threads_before", Title: "OS threads before"},
			{Name: "threads_after", Title: "OS threads after"},
		},
		CPUBound: true,
		Sweep:    Sweep{Chart: FigSpeedup, Predict: Figure{Name: "bytes_per_unit", Title: "memory per unit", Unit: "B"}},
		Moments: []MomentKind{
			{Name: "first-started", Title: "the first worker started"},
			{Name: "last-started", Title: "the last worker started"},
		},
		Spot: spotSpawn,
		Run:  runSpawn,
	})
}

const (
	spawnJob = "spawn-wait"
	// The Go runtime stops a program that has more than 10,000 threads (and
	// the race detector at about 8,000), so the threads mode stays well below.
	spawnMaxThreads = 2000
	// Each child is a whole Go program of several MiB; 500 of them are
	// already a few GiB of memory.
	spawnMaxProcs = 500
	// The board shows at most this many tasks: one per unit up to this
	// count (the default run's tasks are its units), then one per batch.
	spawnBatches = 1000
	// Once all are up, the units are kept alive this long so the board (and
	// a look at top) can see them, then released.
	spawnParked = 200 * time.Millisecond
	// How often the "alive" series is sampled.
	spawnSampleEvery = 10 * time.Millisecond
)

// spawnChild is the child's side of the processes mode: say it is up, then
// wait until the parent closes its stdin.
func spawnChild(_ []string, out io.Writer) error {
	if _, err := fmt.Fprintln(out, "up"); err != nil {
		return err
	}
	_, err := io.Copy(io.Discard, os.Stdin)
	return err
}

// spawnRun is the state of one run shared by its spawners and units.
type spawnRun struct {
	r       *Run
	mode    string
	units   int
	batch   int // units per batch
	begin   chan struct{}
	abort   error // set before begin closes: start nothing
	release chan struct{}
	t0      time.Time
	p0      time.Duration // the run's paused time at t0
	alive   atomic.Int64  // units up and not yet ended

	mu   sync.Mutex
	pids []int
}

// spawnReady is what a spawner tells the run once its units are all up.
type spawnReady struct {
	started int
	lastUp  time.Duration
	err     error
}

// spawnEvent is a unit reporting that it is up (or failed to come up), or
// that it has ended.
type spawnEvent struct {
	batch int
	at    time.Duration
	err   error
}

// runSpawn: `workers` spawner goroutines start the units between them, one
// batch at a time (a task per unit when there are at most spawnBatches,
// else per batch of units), each unit reporting when it is up. Once all are up
// the run measures the memory, keeps them alive a moment, releases them and
// waits until every one has ended (every child process reaped).
func runSpawn(r *Run) error {
	if IsPeer(r.Config.Mode) {
		return runSpawnPeer(r)
	}
	s := &spawnRun{r: r, mode: r.Config.Mode, units: r.Config.Int("count"),
		begin: make(chan struct{}), release: make(chan struct{})}
	if limit := map[string]int{"threads": spawnMaxThreads, "processes": spawnMaxProcs}[s.mode]; limit > 0 && s.units > limit {
		// The configuration keeps the count asked for, as the summary and
		// the history show it; the log and a figure say what ran, from the
		// start, so that a run stopped early says it too.
		r.Log(0, "count %d is more than %d %s; running %d", s.units, limit, s.mode, limit)
		s.units = limit
		r.Stat("count_run", float64(limit))
	}
	if s.mode != "goroutines" {
		if _, err := os.Stat("/proc/self/status"); err != nil {
			return fmt.Errorf("the %s mode measures memory in /proc, which this system does not have; it runs on Linux", s.mode)
		}
	}
	s.batch = (s.units + spawnBatches - 1) / spawnBatches
	nb := (s.units + s.batch - 1) / s.batch
	w := min(r.Config.Workers, nb)
	first := func(k int) int { return k * nb / w } // spawner k starts batches first(k) to first(k+1)
	r.Tasks(nb, func(b int) int {
		k := 0
		for first(k+1) <= b {
			k++
		}
		return k
	})
	// Also for a task per unit: the front ends then name the units, and
	// count them rather than the tasks where a batch holds several.
	r.TaskUnits(s.batch, s.units, s.mode)
	if s.mode == "processes" {
		s.pids = make([]int, s.units)
	}

	stopSampling := r.Every(spawnSampleEvery, s.sampler())

	readies := make(chan spawnReady, w)
	var wg sync.WaitGroup
	for k := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.spawner(first(k), first(k+1), k, readies)
		}()
	}

	if s.mode == "threads" {
		if from, to, err := spawnRetireIdleThreads(); err == nil && to < from {
			r.Log(0, "first retired %d idle threads the runtime kept from earlier work (%d → %d), so that every unit gets a fresh thread", from-to, from, to)
		}
	}
	// The baseline is taken with the spawners and the sampler already
	// running, so that it counts everything but the units.
	before, err := spawnMeasure(s.mode)
	s.abort = err
	s.t0, s.p0 = time.Now(), r.PausedFor()
	close(s.begin)

	var started int
	var lastUp time.Duration
	var firstErr error
	for range w {
		rd := <-readies
		started += rd.started
		lastUp = max(lastUp, rd.lastUp)
		if firstErr == nil {
			firstErr = rd.err
		}
	}
	if firstErr == nil {
		firstErr = s.abort
	}
	ok := firstErr == nil && r.Context().Err() == nil && started == s.units
	if ok {
		s.report(before, lastUp)
		r.Sleep(spawnParked) // honours stop: a Stop here releases at once
	}
	releasedAt := time.Now()
	close(s.release)
	wg.Wait()
	if ok {
		r.Stat("release_ms", time.Since(releasedAt).Seconds()*1e3)
	}
	stopSampling()
	if err := r.Context().Err(); err != nil {
		return err // a stop, not a failure of the demo
	}
	return firstErr
}

// spawner starts the units of batches [b0, b1), waits until they are all up,
// reports, waits for the release, and waits until every unit has ended.
// It owns the tasks of its batches.
func (s *spawnRun) spawner(b0, b1, lane int, readies chan<- spawnReady) {
	r := s.r
	ctx := r.Context()
	lo, hi := b0*s.batch, min(b1*s.batch, s.units)
	n := max(0, hi-lo)
	events := make(chan spawnEvent, 2*n) // ups and ends: no unit ever blocks on it
	tasks := make([]*Task, b1-b0)
	size := func(b int) int { return min((b+1)*s.batch, s.units) - b*s.batch }
	up := make([]int, b1-b0)
	ended := make([]int, b1-b0)
	done := make([]bool, b1-b0)
	var failed error
	released := false // by the run, not by a Stop: only then is an ended unit done

	ups, ends := 0, 0
	var lastUp time.Duration
	handle := func(e spawnEvent) {
		i := e.batch - b0
		if e.at < 0 { // an end
			ends++
			ended[i]++
			if released && ended[i] == up[i] && ended[i] == size(e.batch) && failed == nil {
				tasks[i].Done()
				done[i] = true
			}
			return
		}
		ups++
		if e.err != nil {
			if failed == nil {
				failed = e.err
			}
			return
		}
		up[i]++
		lastUp = max(lastUp, e.at)
		tasks[i].Progress(int64(up[i]), int64(size(e.batch)))
		if up[i] == size(e.batch) {
			tasks[i].Waiting("release")
		}
	}

	<-s.begin
	started := 0
starting:
	for b := b0; b < b1 && s.abort == nil; b++ {
		if err := r.Pace(2 * time.Millisecond); err != nil {
			break
		}
		tasks[b-b0] = r.Task(b, lane)
		tasks[b-b0].Start()
		for u := b * s.batch; u < min((b+1)*s.batch, s.units); u++ {
			if ctx.Err() != nil {
				break starting
			}
			if err := s.start(u, b, events); err != nil {
				failed = err
				break starting
			}
			started++
			for drained := false; !drained; { // take in the ups so far, without waiting
				select {
				case e := <-events:
					handle(e)
				default:
					drained = true
				}
			}
		}
	}
	for ups < started && ctx.Err() == nil {
		select {
		case e := <-events:
			handle(e)
		case <-ctx.Done():
		}
	}
	readies <- spawnReady{started: started, lastUp: lastUp, err: failed}

	select {
	case <-s.release:
		released = ctx.Err() == nil
	case <-ctx.Done():
	}
	for i, t := range tasks {
		if t != nil && up[i] == size(b0+i) {
			t.Running() // released: the batch's units are ending
		}
	}
	for ends < started { // every unit ends after the release or the stop
		handle(<-events)
	}
	for i, t := range tasks {
		if t == nil || done[i] {
			continue
		}
		switch {
		case failed != nil:
			t.Fail(failed)
		case ctx.Err() != nil:
			t.Fail(ctx.Err())
		case ended[i] < size(b0+i):
			t.Fail(errors.New("not all of its units started"))
		}
	}
}

// start starts unit u of batch b, which reports on events when it is up and
// when it has ended. In the processes mode the child is reaped before the
// unit reports its end.
func (s *spawnRun) start(u, b int, events chan<- spawnEvent) error {
	ctx := s.r.Context()
	switch s.mode {
	case "goroutines", "threads":
		lock := s.mode == "threads"
		go func() {
			if lock {
				// Wire this goroutine to its thread and never unwire it: while
				// it blocks, its thread sleeps with it, so the runtime has to
				// make a fresh thread for the next one; when it returns locked,
				// the runtime ends the thread.
				runtime.LockOSThread()
			}
			s.alive.Add(1)
			events <- spawnEvent{batch: b, at: time.Since(s.t0)}
			select {
			case <-s.release:
			case <-ctx.Done():
			}
			s.alive.Add(-1)
			events <- spawnEvent{batch: b, at: -1}
		}()
		return nil
	}
	cmd, err := engine.ChildCommand(ctx, spawnJob)
	if err != nil {
		return err
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		stdin.Close()
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start child process %d: %w", u+1, err)
	}
	s.mu.Lock()
	s.pids[u] = cmd.Process.Pid
	s.mu.Unlock()
	go s.child(cmd, stdin, stdout, b, events)
	return nil
}

// child waits for one child process to say it is up, then for the release,
// then closes its stdin (its signal to exit) and reaps it.
func (s *spawnRun) child(cmd *exec.Cmd, stdin io.WriteCloser, stdout io.Reader, b int, events chan<- spawnEvent) {
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err == nil && line != "up\n" {
		err = fmt.Errorf("child process %d said %q instead of up", cmd.Process.Pid, line)
	} else if err != nil {
		err = fmt.Errorf("child process %d ended before it was up: %w", cmd.Process.Pid, err)
	}
	if err == nil {
		s.alive.Add(1)
	}
	events <- spawnEvent{batch: b, at: time.Since(s.t0), err: err}
	select {
	case <-s.release:
	case <-s.r.Context().Done(): // childCommand kills it; Wait below reaps it
	}
	stdin.Close()
	cmd.Wait() // its error only says how it ended: closed stdin, or killed by Stop
	if err == nil {
		s.alive.Add(-1)
	}
	events <- spawnEvent{batch: b, at: -1}
}

// spawnMem is a reading of memory and threads taken before and after the
// units are up.
type spawnMem struct {
	stack, heap uint64 // runtime.MemStats StackInuse and HeapAlloc, after a GC
	rss         int64  // VmRSS of this process, bytes
	threads     int64  // Threads of this process
	created     int    // the threadcreate profile's count
}

func spawnMeasure(mode string) (spawnMem, error) {
	var m spawnMem
	switch mode {
	case "goroutines":
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		m.stack, m.heap = ms.StackInuse, ms.HeapAlloc
	case "threads":
		st, err := spawnProcStatus("/proc/self/status")
		if err != nil {
			return m, err
		}
		m.rss, m.threads = st["VmRSS"], st["Threads"]
		m.created = pprof.Lookup("threadcreate").Count()
	}
	return m, nil
}

// spawnRetireIdleThreads ends the OS threads the runtime keeps idle from
// earlier work: otherwise the first units would take those instead of new
// ones, and neither the thread count nor the memory would show them. It
// wires as many goroutines as there are threads to a thread each, which
// takes every idle thread (and makes new ones for the rest), then lets them
// return still wired, which ends those threads. It reports the thread count
// before and after.
func spawnRetireIdleThreads() (from, to int64, err error) {
	st, err := spawnProcStatus("/proc/self/status")
	if err != nil {
		return 0, 0, err
	}
	from = st["Threads"]
	var locked, ended sync.WaitGroup
	all := make(chan struct{})
	for range from {
		locked.Add(1)
		ended.Add(1)
		go func() {
			defer ended.Done()
			runtime.LockOSThread() // never unlocked: the thread ends when this returns
			locked.Done()
			<-all
		}()
	}
	locked.Wait()
	close(all)
	ended.Wait()
	// Threads end just after their goroutine: wait until the count settles.
	to, prev := from, int64(-1)
	for range 50 {
		time.Sleep(2 * time.Millisecond)
		st, err := spawnProcStatus("/proc/self/status")
		if err != nil {
			return from, to, err
		}
		if to = st["Threads"]; to == prev {
			break
		}
		prev = to
	}
	return from, to, nil
}

// report measures the memory with every unit up and records the figures.
func (s *spawnRun) report(before spawnMem, lastUp time.Duration) {
	r, n := s.r, float64(s.units)
	// Spawners stop between batches while the run is paused; the units time
	// themselves on the wall clock (a stopwatch each would slow them), so
	// the pause is taken out here, just after the last unit came up.
	lastUp = max(0, lastUp-(r.PausedFor()-s.p0))
	r.Stat("units", n)
	r.Stat("start_ms", lastUp.Seconds()*1e3)
	r.Stat("start_us_per_unit", lastUp.Seconds()*1e6/n)
	r.Log(0, "%d %s up in %v (from the first start until the last said it was up)", s.units, s.mode, lastUp.Round(time.Microsecond))
	after, err := spawnMeasure(s.mode)
	if err != nil {
		r.Log(0, "memory not measured: %v", err)
		return
	}
	switch s.mode {
	case "goroutines":
		stack := int64(after.stack) - int64(before.stack)
		heap := int64(after.heap) - int64(before.heap)
		start := spawnStartingStack()
		r.Stat("starting_stack_bytes", float64(start))
		if heap > 0 {
			// a GC between the two readings can leave less heap than
			// before: no figure then, rather than a negative one
			r.Stat("heap_bytes_per_unit", float64(heap)/n)
		}
		r.Log(0, "memory: runtime.MemStats after a GC, before and after: stacks in use %+d KiB, heap %+d KiB; "+
			"the runtime gives a new goroutine a %d-byte stack. Memory per unit is the stacks: the heap also holds "+
			"each goroutine's record (a few hundred bytes), but it moves with whatever else the app does meanwhile "+
			"(in the window, its drawing), by megabytes", stack>>10, heap>>10, start)
		if stack >= int64(n)*start/2 {
			r.Stat("bytes_per_unit", float64(stack)/n)
		} else {
			// Stacks are carved from 32 KiB spans, and a few goroutines fit in
			// the room left in spans already in use: too little to register.
			r.Stat("bytes_per_unit", float64(start))
			r.Log(0, "too few goroutines for MemStats to resolve (their stacks fit in spans already in use): "+
				"memory per unit shows the starting stack size the runtime reports instead; try a few thousand")
		}
	case "threads":
		rss := after.rss - before.rss
		if rss > 0 { // memory freed meanwhile can hide the threads' own
			r.Stat("bytes_per_unit", float64(rss)/n)
		}
		r.Stat("threads_before", float64(before.threads))
		r.Stat("threads_after", float64(after.threads))
		r.Log(0, "OS threads of this process: %d before, %d with all units up (/proc/self/status); the runtime created %d",
			before.threads, after.threads, after.created-before.created)
		r.Log(0, "memory: resident set (VmRSS in /proc/self/status) grew %d KiB; the kernel's own per-thread memory is not in it",
			rss>>10)
		if after.threads-before.threads < int64(s.units)*9/10 {
			r.Log(0, "fewer new threads than units: the runtime reused threads it had already")
		}
	case "processes":
		var rss, pss int64
		pssOK := true
		s.mu.Lock()
		pids := append([]int(nil), s.pids...)
		s.mu.Unlock()
		for _, pid := range pids {
			st, err := spawnProcStatus(fmt.Sprintf("/proc/%d/status", pid))
			if err != nil {
				r.Log(0, "memory not measured: %v", err)
				return
			}
			rss += st["VmRSS"]
			if roll, err := spawnProcStatus(fmt.Sprintf("/proc/%d/smaps_rollup", pid)); err == nil && roll["Pss"] > 0 {
				pss += roll["Pss"]
			} else {
				pssOK = false
			}
		}
		r.Stat("rss_bytes_per_unit", float64(rss)/n)
		if pssOK {
			r.Stat("pss_bytes_per_unit", float64(pss)/n)
			r.Stat("bytes_per_unit", float64(pss)/n)
			r.Log(0, "memory: proportional set size (Pss in /proc/PID/smaps_rollup) of the children, %d KiB each; "+
				"resident set (VmRSS) %d KiB each, which counts the pages they share once per child", pss/int64(n)>>10, rss/int64(n)>>10)
		} else {
			r.Stat("bytes_per_unit", float64(rss)/n)
			r.Log(0, "memory: resident set (VmRSS in /proc/PID/status) of the children, %d KiB each; it counts shared pages once per child",
				rss/int64(n)>>10)
		}
	}
	if r.Speed() < 1 {
		r.Log(0, "measured in slow motion: the start time includes its pauses")
	}
}

// spawnStartingStack is the stack size the runtime gives a new goroutine
// (it adapts it to the programs' average), from runtime/metrics.
func spawnStartingStack() int64 {
	sample := []metrics.Sample{{Name: "/gc/stack/starting-size:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(sample[0].Value.Uint64())
}

// spawnProcStatus reads a /proc file of "Name: value [kB]" lines; values in kB
// are returned in bytes.
func spawnProcStatus(path string) (map[string]int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var name, unit string
		var v int64
		k, _ := fmt.Sscanf(sc.Text(), "%s %d %s", &name, &v, &unit)
		if k < 2 || len(name) < 2 || name[len(name)-1] != ':' {
			continue
		}
		if unit == "kB" {
			v <<= 10
		}
		out[name[:len(name)-1]] = v
	}
	return out, sc.Err()
}

// sampler returns what records how many units are alive, when it changed.
func (s *spawnRun) sampler() func(final bool) {
	last := int64(-1)
	return func(final bool) {
		if n := s.alive.Load(); n != last || final {
			s.r.Sample("alive", float64(n))
			last = n
		}
	}
}

// spotSpawn finds the first unit started and, at the end, the last.
func spotSpawn() Spotter {
	first := true
	last, lastAt := -1, time.Duration(0)
	var lastTask int32
	return func(sc *Scan, e *Event) {
		switch {
		case e.Kind == EvProgress && e.N > 0 && first:
			first = false
			sc.Add("first-started", "the first unit was up (batch %d, started by w%d)", e.Task, e.Worker)
		case e.Kind == EvProgress && e.Total > 0 && e.N == e.Total:
			last, lastAt, lastTask = sc.Index(), e.At, e.Task
		case e.Kind == engine.EvEnd && last >= 0:
			sc.AddAt(last, lastAt, "last-started", "the last unit was up (batch %d was the last full one)", lastTask)
		}
	}
}
