package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A peer is a real program in another language (assets/peers/<demo>/<mode>)
// that a peer mode runs as a child process. It writes one JSON object per
// line on stdout; RunPeer folds each line into the run through the same task
// API a Go demo uses, so every front end, pause, stop and the history work
// unchanged. The protocol (the README's "Peers" section is its contract):
//
//	{"ev":"ready","cpu_ms":21.5}              interpreter up; the work starts now
//	{"ev":"start","task":3,"worker":1}        task 3 runs on worker (lane) 1
//	{"ev":"progress","task":3,"n":10,"total":300}
//	{"ev":"wait","task":3,"on":"lock"}        blocked on something it names
//	{"ev":"sleep","task":3,"on":"network"}    asleep or waiting on I/O
//	{"ev":"run","task":3,"on":"receiving"}    running again ("on" optional)
//	{"ev":"waited","task":3,"ms":1.5}         time spent waiting, too fine to draw
//	{"ev":"done","task":3}
//	{"ev":"fail","task":3,"reason":"HTTP 404 Not Found"}
//	{"ev":"print","worker":1,"text":"file 3: 256 KiB in 0.31 s"}
//	{"ev":"stat","name":"checksum","value":12345}
//	{"ev":"counter","actual":7990,"expected":8000}
//	{"ev":"end","cpu_ms":480.2}               the work is over; exit 0 next
//
// Anything else on stdout is garbage: the run ends, naming the line.
type peerLine struct {
	Ev       string   `json:"ev"`
	Task     *int     `json:"task"`
	Worker   int      `json:"worker"`
	N        int64    `json:"n"`
	Total    int64    `json:"total"`
	On       string   `json:"on"`
	Reason   string   `json:"reason"`
	Text     string   `json:"text"`
	Name     string   `json:"name"`
	Value    *float64 `json:"value"`
	Actual   int64    `json:"actual"`
	Expected int64    `json:"expected"`
	MS       float64  `json:"ms"`
	CPUMS    *float64 `json:"cpu_ms"` // CPU time so far, children's included
}

// peerSilence is the longest a peer may say nothing (pauses left out)
// before it is taken for hung and killed; a demo adds its own longest
// quiet stretch (a sleeper's wait). A variable so that tests can shorten it.
var peerSilence = 10 * time.Second

// peerMaxValue bounds the numbers a peer reports (progress, stats, times
// in ms): 2^53, past which a float64 no longer counts in ones.
const peerMaxValue = 1 << 53

// PeerResult is what RunPeer measured of a peer that ran to its end.
type PeerResult struct {
	Startup time.Duration // from its start until it said ready (wall time less pauses)
	Work    time.Duration // from ready until end, pauses left out
	CPU     time.Duration // CPU time of the peer and its children from ready to end
}

// PeerJob is one run of a peer: the mode's program, its arguments
// (key=value) and how long its quietest honest stretch may last.
type PeerJob struct {
	Demo, Mode string        // the peer's program is assets/peers/<Demo>/<Mode>
	Args       []string      // key=value arguments
	Quiet      time.Duration // the longest honest silence, besides the engine's allowance
	argv       []string      // when set (by a test), run this instead of the mode's program
	// Tasks and Lanes are what the run declared: the peer may name tasks
	// 0 to Tasks-1 on workers (lanes) 0 to Lanes-1, and nothing else, so
	// that a broken peer cannot make the run grow without end.
	Tasks, Lanes int
	Expected     int64 // the counter's expected total, for a counter peer
	// OnReady, when set, is called once the peer is ready and its start-up
	// is out of the run's time: where a demo starts its samplers.
	OnReady func()
}

// program is how to start the job's peer.
func (j PeerJob) program(ctx context.Context) (peerProgram, error) {
	if j.argv != nil {
		return peerProgram{name: "the test peer", argv: j.argv}, nil
	}
	return preparePeer(ctx, j.Demo, j.Mode)
}

// RunPeer starts the peer for job, in a process group of its own, folds its
// lines into r and waits for it. The run's clock stands still until the
// peer says ready and from its end until it has exited, so that elapsed time
// and speedups compare work with work: the interpreter's (and a compiler's)
// time before ready is given as the stat startup_ms instead. Holding the
// clock, rather than taking the start-up out afterwards, keeps it from
// running backwards: no event is stamped later than one after it.
// It returns the run's error on a stop, and a plain sentence with the tail
// of the peer's stderr when the peer crashed, hung or printed garbage.
func RunPeer(r *Run, job PeerJob) (PeerResult, error) {
	var res PeerResult
	release := r.holdClock()
	defer func() { release() }()
	prog, err := job.program(r.Context())
	if err != nil {
		return res, err
	}
	if prog.compiled > 0 {
		r.Stat("compile_ms", prog.compiled.Seconds()*1e3)
	}
	ctx, kill := context.WithCancel(r.Context())
	defer kill()
	cmd := exec.CommandContext(ctx, prog.argv[0], append(prog.argv[1:], job.Args...)...)
	cmd.Env = append(os.Environ(), prog.env...)
	ownGroup(cmd)
	// The peer writes into pipes of the adapter's own rather than exec's,
	// so that Wait returns when the peer ends, whatever it left running
	// with the pipes open: reading them must not outlast the peer.
	out, stderrR, err := peerPipes(cmd)
	if err != nil {
		return res, err
	}
	defer out.Close()
	stderr := &tailBuffer{max: 4 << 10}
	spawned := newActiveWatch(r)
	err = startChild(cmd)
	cmd.Stdout.(*os.File).Close() // the peer's ends: the adapter keeps only its own
	cmd.Stderr.(*os.File).Close()
	if err != nil {
		stderrR.Close()
		if r.Context().Err() != nil {
			return res, r.Context().Err() // stopped before the child could start: a stop, not a failure
		}
		return res, fmt.Errorf("cannot start %s: %v", prog.name, err)
	}
	if peerStarted != nil {
		peerStarted(cmd.Process.Pid)
	}
	exited := make(chan struct{})
	var werr error
	go func() {
		werr = reapChild(cmd) // kills what the peer left in its group
		close(exited)
		// Something that left the group may still hold the pipes: what
		// it writes after a second is not the peer's.
		deadline := time.Now().Add(time.Second)
		out.SetReadDeadline(deadline)
		stderrR.SetReadDeadline(deadline)
	}()
	var helpers sync.WaitGroup
	helpers.Go(func() { FollowPause(r, cmd.Process.Pid, exited) })
	helpers.Go(func() {
		io.Copy(stderr, stderrR)
		stderrR.Close()
	})

	// The watchdog kills a peer that stays silent too long. It times the
	// silence on wall time less pauses: the run's clock stands still during
	// the start-up, when a hang must be caught too.
	var (
		mu     sync.Mutex
		lines  atomic.Int64 // lines read so far
		reason string       // why the adapter killed the peer; set once
	)
	fail := func(why string) {
		mu.Lock()
		if reason == "" {
			reason = why
		}
		mu.Unlock()
		kill()
	}
	limit := peerSilence + job.Quiet
	helpers.Go(func() {
		tick := time.NewTicker(limit / 20)
		defer tick.Stop()
		seen, quiet := int64(0), newActiveWatch(r)
		for {
			select {
			case <-exited:
				return
			case <-tick.C:
				if n := lines.Load(); n != seen {
					seen, quiet = n, newActiveWatch(r)
				}
				if quiet.elapsed() > limit {
					fail(fmt.Sprintf("said nothing for %v: taken for hung and killed", limit))
				}
			}
		}
	})

	f := peerFolder{r: r, tasks: map[int]*Task{}, job: job}
	var work Stopwatch
	ready, ended, cpuAtEnd := false, false, false
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
lines:
	for sc.Scan() {
		n := lines.Add(1)
		var l peerLine
		if err := decodeStrict(sc.Bytes(), &l); err != nil {
			fail(fmt.Sprintf("printed a line that is not the protocol's JSON (%v): %q", err, clip(sc.Text(), 80)))
			break
		}
		if err := checkTimes(l); err != nil {
			fail(fmt.Sprintf("on line %d %s: %q", n, err, clip(sc.Text(), 80)))
			break
		}
		switch l.Ev {
		case "ready":
			if ready {
				fail("said ready twice")
				break lines
			}
			ready = true
			res.Startup = spawned.elapsed()
			r.Stat("startup_ms", res.Startup.Seconds()*1e3)
			if l.CPUMS != nil {
				res.CPU = -time.Duration(*l.CPUMS * 1e6)
			}
			release()
			work = r.Stopwatch()
			if job.OnReady != nil {
				job.OnReady()
			}
			continue
		case "end":
			if ended {
				fail("said end twice")
				break lines
			}
			// An interpreter's shutdown is no more the work than its start-up.
			res.Work, ended = work.Elapsed(), true
			if l.CPUMS != nil {
				// The CPU time at end, so that the interpreter's (and a
				// pool's) shutdown is not counted as busy; a peer that says
				// none (Rust: nothing to shut down) is measured at exit.
				res.CPU += time.Duration(*l.CPUMS * 1e6)
				cpuAtEnd = true
			}
			release = r.holdClock()
			continue
		}
		if !ready {
			fail(fmt.Sprintf("sent %q before ready", l.Ev))
			break
		}
		if err := f.fold(l); err != nil {
			fail(fmt.Sprintf("on line %d %s: %q", n, err, clip(sc.Text(), 80)))
			break
		}
	}
	if err := sc.Err(); err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
		fail("printed a line the adapter cannot read: " + err.Error())
	}
	// A peer stopped mid-line is killed (fail, or the run's stop), and a
	// killed process does not wait on the pipe it was writing to.
	<-exited
	helpers.Wait()
	release()
	if ps := cmd.ProcessState; ps != nil && !cpuAtEnd {
		res.CPU += ps.UserTime() + ps.SystemTime()
	}
	mu.Lock()
	why := reason
	mu.Unlock()
	switch {
	case r.Context().Err() != nil:
		return res, r.Context().Err()
	case why != "":
	case werr != nil:
		why = "exited with an error (" + werr.Error() + ")"
	case !ready:
		why = "exited without saying ready"
	case !ended:
		why = "exited without saying its work ended"
	}
	if why != "" {
		if tail := stderr.tail(3); tail != "" {
			why += "; its stderr ended with: " + tail
		}
		return res, fmt.Errorf("%s %s", prog.name, why)
	}
	return res, nil
}

// peerStarted, when set (by a test), learns the PID of every peer.
var peerStarted func(pid int)

// decodeStrict reads one protocol line: one JSON object, nothing after it.
func decodeStrict(b []byte, l *peerLine) error {
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(l); err != nil {
		return err
	}
	if d.More() {
		return errors.New("more than one value on the line")
	}
	if l.Ev == "" {
		return errors.New(`no "ev"`)
	}
	return nil
}

// peerFolder turns protocol lines into the run's events.
type peerFolder struct {
	r     *Run
	tasks map[int]*Task
	job   PeerJob
}

// task is the handle of the task a line names.
func (f *peerFolder) task(l peerLine) (*Task, error) {
	if l.Task == nil {
		return nil, fmt.Errorf("sent %q without a task", l.Ev)
	}
	id := *l.Task
	if err := f.checkWorker(l); err != nil {
		return nil, err
	}
	if id < 0 || id >= f.job.Tasks {
		return nil, fmt.Errorf("named task %d, but the run has %s (0 to %d)", id, Plural(f.job.Tasks, "task", "tasks"), f.job.Tasks-1)
	}
	t := f.tasks[id]
	if t == nil {
		t = f.r.Task(id, l.Worker)
		f.tasks[id] = t
	}
	return t, nil
}

// checkWorker holds the worker a line names to the run's lanes.
func (f *peerFolder) checkWorker(l peerLine) error {
	if l.Worker < 0 || l.Worker >= f.job.Lanes {
		return fmt.Errorf("named worker %d, but the run has %s (0 to %d)", l.Worker, Plural(f.job.Lanes, "worker", "workers"), f.job.Lanes-1)
	}
	return nil
}

// checkTimes holds the times a line gives to what a run can take.
func checkTimes(l peerLine) error {
	if l.CPUMS != nil && !inRange(*l.CPUMS, 0, peerMaxValue) {
		return fmt.Errorf("gave a CPU time of %g ms", *l.CPUMS)
	}
	if !inRange(l.MS, 0, peerMaxValue) {
		return fmt.Errorf("gave a wait of %g ms", l.MS)
	}
	return nil
}

// inRange reports whether lo <= v <= hi.
func inRange(v, lo, hi float64) bool { return v >= lo && v <= hi }

func (f *peerFolder) fold(l peerLine) error {
	r := f.r
	switch l.Ev {
	case "print":
		if err := f.checkWorker(l); err != nil {
			return err
		}
		r.Log(l.Worker, "%s", l.Text)
		return nil
	case "stat":
		if l.Name == "" || l.Value == nil {
			return errors.New(`sent a stat without "name" or "value"`)
		}
		if !inRange(*l.Value, 0, peerMaxValue) {
			return fmt.Errorf("reported the stat %s as %g, out of range (0 to 2^53)", l.Name, *l.Value)
		}
		r.Stat(l.Name, *l.Value)
		return nil
	case "counter":
		if l.Expected != f.job.Expected || l.Actual < 0 || l.Actual > l.Expected {
			return fmt.Errorf("reported a counter of %d of %d, where the run expects %d and a counter cannot gain updates", l.Actual, l.Expected, f.job.Expected)
		}
		r.Counter(l.Actual, l.Expected)
		return nil
	}
	t, err := f.task(l)
	if err != nil {
		return err
	}
	switch l.Ev {
	case "start":
		t.Start()
	case "progress":
		if l.N < 0 || l.Total < 0 || l.N > l.Total || l.Total > peerMaxValue {
			return fmt.Errorf("reported progress %d of %d", l.N, l.Total)
		}
		t.Progress(l.N, l.Total)
	case "wait":
		t.Waiting(l.On)
	case "sleep":
		t.Sleeping(l.On)
	case "run":
		t.set(Running, l.On)
	case "waited":
		t.Waited(time.Duration(l.MS * 1e6))
	case "done":
		t.Done()
	case "fail":
		if l.Reason == "" {
			l.Reason = "failed, and the peer did not say why"
		}
		t.Fail(errors.New(l.Reason))
	default:
		return fmt.Errorf("sent an unknown event %q", l.Ev)
	}
	return nil
}

// holdClock stops the run's clock, as a pause does but with the tasks left
// running, until release is called (once; later calls do nothing): a peer's
// start-up and exit are not part of the work its figures measure.
func (r *Run) holdClock() (release func()) {
	r.mu.Lock() // serialised with Pause and Resume, the clock's other writers
	r.clock.pause()
	r.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			r.mu.Lock()
			r.clock.resume()
			r.mu.Unlock()
		})
	}
}

// activeWatch measures wall time less the run's pauses: time that goes on
// while the run's clock is held for a peer's start-up, and stops while
// the run (and so the peer) is paused.
type activeWatch struct {
	r      *Run
	t0     time.Time
	paused time.Duration
}

func newActiveWatch(r *Run) activeWatch {
	return activeWatch{r: r, t0: time.Now(), paused: r.PausedFor()}
}

func (w activeWatch) elapsed() time.Duration {
	return time.Since(w.t0) - (w.r.PausedFor() - w.paused)
}

// tailBuffer keeps the last max bytes written to it: a peer's stderr, whose
// end says why it failed.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

// tail is the last n non-empty lines, joined by " | ".
func (t *tailBuffer) tail(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var lines []string
	for _, l := range strings.Split(string(t.b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return clip(strings.Join(lines, " | "), 400)
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	if rs := []rune(s); len(rs) > n {
		return string(rs[:n]) + "…"
	}
	return s
}

// String is what was kept.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// peerPipes gives cmd a stdout and a stderr of os.Pipe's and returns the
// adapter's ends of them; the caller closes cmd's ends once it started.
func peerPipes(cmd *exec.Cmd) (stdout, stderr *os.File, err error) {
	stdout, outW, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	stderr, errW, err := os.Pipe()
	if err != nil {
		stdout.Close()
		outW.Close()
		return nil, nil, err
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	return stdout, stderr, nil
}
