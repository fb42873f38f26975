package engine

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"concurrencylab/assets"
)

// fakeExpected is the counter total a fake peer's run expects.
const fakeExpected = 8

// fakePeerDemo is a demo whose one mode runs a shell script as its peer.
func fakePeerDemo(script string, tasks int) *Demo {
	return &Demo{ID: "fakepeer", Modes: []Mode{{Name: "sh"}},
		Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 4},
		Run: func(r *Run) error {
			r.Tasks(tasks, nil)
			_, err := RunPeer(r, PeerJob{Demo: "fakepeer", Mode: "sh", Tasks: tasks, Lanes: max(tasks, 1), Expected: fakeExpected, argv: []string{"sh", "-c", script}})
			return err
		}}
}

// runFake runs script as a peer to its end and returns the run, its final
// snapshot and its error.
func runFake(t *testing.T, script string, tasks int) (*Run, Snapshot, error) {
	t.Helper()
	d := fakePeerDemo(script, tasks)
	r, err := Start(context.Background(), d, d.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(20 * time.Second):
		r.Stop()
		<-r.Done()
		t.Fatal("the fake peer's run did not end within 20 s")
	}
	var s Snapshot
	r.Snapshot(&s)
	return r, s, r.Wait()
}

// watchPeers records the PIDs of the peers started until the test ends.
func watchPeers(t *testing.T) func() []int {
	var mu sync.Mutex
	var pids []int
	peerStarted = func(pid int) { mu.Lock(); pids = append(pids, pid); mu.Unlock() }
	t.Cleanup(func() { peerStarted = nil })
	return func() []int { mu.Lock(); defer mu.Unlock(); return append([]int(nil), pids...) }
}

// groupGone reports whether no live process is left in process group pgid.
// A killed grandchild is a zombie until init reaps it, which in a container
// may take seconds; a zombie runs nothing and holds nothing, so it counts
// as gone.
func groupGone(pgid int) bool {
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if len(liveInGroup(pgid)) == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// liveInGroup lists the processes of group pgid that are not zombies.
func liveInGroup(pgid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var live []int
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(b[i+1:]))
		if len(fields) < 3 || fields[0] == "Z" || fields[2] != strconv.Itoa(pgid) {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		live = append(live, pid)
	}
	return live
}

func TestPeerProtocolFolds(t *testing.T) {
	script := `sleep 0.05
echo '{"ev":"ready","cpu_ms":1}'
echo '{"ev":"start","task":0,"worker":1}'
echo '{"ev":"progress","task":0,"n":5,"total":10}'
echo '{"ev":"wait","task":0,"on":"lock A"}'
echo '{"ev":"waited","task":0,"ms":2.5}'
echo '{"ev":"run","task":0,"on":"receiving"}'
echo '{"ev":"done","task":0}'
echo '{"ev":"sleep","task":1,"worker":0,"on":"simulated I/O"}'
echo '{"ev":"fail","task":1,"reason":"HTTP 404 Not Found"}'
echo '{"ev":"print","worker":1,"text":"hello"}'
echo '{"ev":"stat","name":"checksum","value":42}'
echo '{"ev":"counter","actual":7,"expected":8}'
echo '{"ev":"end"}'`
	wall := time.Now()
	_, s, err := runFake(t, script, 2)
	wallMS := time.Since(wall).Seconds() * 1e3
	if err != nil {
		t.Fatal(err)
	}
	t0, t1 := s.Tasks[0], s.Tasks[1]
	if t0.State != Done || t0.Worker != 1 || t0.N != 5 || t0.Waited != 2500*time.Microsecond {
		t.Errorf("task 0: %+v", t0)
	}
	var states []string
	for _, sp := range t0.Spans {
		states = append(states, sp.State.String()+":"+sp.On)
	}
	if got := strings.Join(states, " "); got != "running: waiting:lock A running:receiving done:" {
		t.Errorf("task 0's history: %s", got)
	}
	if t1.State != Failed || t1.On != "HTTP 404 Not Found" {
		t.Errorf("task 1: %v %q", t1.State, t1.On)
	}
	if len(s.Logs) != 1 || s.Logs[0].Text != "hello" || s.Logs[0].Worker != 1 {
		t.Errorf("logs: %+v", s.Logs)
	}
	if s.Stats["checksum"] != 42 || s.Counter != (Counter{Actual: 7, Expected: 8, Set: true}) {
		t.Errorf("stats %v, counter %+v", s.Stats, s.Counter)
	}
	// The 50 ms before ready are start-up: measured, and not in the run's time.
	if st := s.Stats["startup_ms"]; st < 40 {
		t.Errorf("startup_ms %v, want at least the 50 ms the peer slept", st)
	}
	// The run and the start-up add up to no more than the wall time the test
	// saw: a start-up counted in the run's time too would pass it.
	if el := s.Elapsed.Seconds() * 1e3; el+s.Stats["startup_ms"] > wallMS {
		t.Errorf("elapsed %.1f ms and start-up %.1f ms exceed the %.1f ms of wall time: the start-up is counted twice", el, s.Stats["startup_ms"], wallMS)
	}
}

func TestPeerFailures(t *testing.T) {
	defer func(d time.Duration) { peerSilence = d }(peerSilence)
	// Long enough that no scheduling delay on a busy machine passes for a
	// hang between two lines a script echoes back to back.
	peerSilence = time.Second
	for _, tc := range []struct {
		name, script string
		want         []string
	}{
		{"garbage", `echo '{"ev":"ready"}'; echo 'Traceback? no: garbage'; sleep 30`,
			[]string{"not the protocol's JSON", "garbage"}},
		{"unknown event", `echo '{"ev":"ready"}'; echo '{"ev":"explode","task":0}'; sleep 30`,
			[]string{`unknown event "explode"`}},
		{"before ready", `echo '{"ev":"start","task":0}'; sleep 30`, []string{`"start" before ready`}},
		{"task out of range", `echo '{"ev":"ready"}'; echo '{"ev":"start","task":-1}'; sleep 30`, []string{"line 2 named task -1, but the run has 1 task"}},
		{"absurd task", `echo '{"ev":"ready"}'; echo '{"ev":"start","task":1048575,"worker":0}'; echo '{"ev":"end"}'`,
			[]string{"line 2 named task 1048575, but the run has 1 task (0 to 0)"}},
		{"absurd worker", `echo '{"ev":"ready"}'; echo '{"ev":"start","task":0,"worker":1048575}'; echo '{"ev":"end"}'`,
			[]string{"line 2 named worker 1048575, but the run has 1 worker (0 to 0)"}},
		{"counter gains", `echo '{"ev":"ready"}'; echo '{"ev":"counter","actual":9,"expected":8}'; echo '{"ev":"end"}'`,
			[]string{"line 2 reported a counter of 9 of 8"}},
		{"counter of another run", `echo '{"ev":"ready"}'; echo '{"ev":"counter","actual":1,"expected":1000}'; echo '{"ev":"end"}'`,
			[]string{"where the run expects 8"}},
		{"huge stat", `echo '{"ev":"ready"}'; echo '{"ev":"stat","name":"lost","value":1e308}'; echo '{"ev":"end"}'`,
			[]string{"line 2 reported the stat lost as 1e+308, out of range"}},
		{"negative stat", `echo '{"ev":"ready"}'; echo '{"ev":"stat","name":"lost","value":-1}'; echo '{"ev":"end"}'`,
			[]string{"the stat lost as -1"}},
		{"progress past total", `echo '{"ev":"ready"}'; echo '{"ev":"progress","task":0,"n":11,"total":10}'; echo '{"ev":"end"}'`,
			[]string{"line 2 reported progress 11 of 10"}},
		{"negative cpu", `echo '{"ev":"ready","cpu_ms":-5}'; echo '{"ev":"end"}'`, []string{"line 1 gave a CPU time of -5 ms"}},
		{"crash", `echo '{"ev":"ready"}'; echo 'ZeroDivisionError: division by zero' >&2; exit 3`,
			[]string{"exit status 3", "ZeroDivisionError"}},
		{"hang", `echo '{"ev":"ready"}'; echo 'stuck here' >&2; sleep 30`,
			[]string{"said nothing for", "taken for hung", "stuck here"}},
		{"no end", `echo '{"ev":"ready"}'`, []string{"without saying its work ended"}},
		{"ready twice", `echo '{"ev":"ready"}'; echo '{"ev":"ready"}'; sleep 30`, []string{"said ready twice"}},
		{"no ready", `exit 0`, []string{"without saying ready"}},
		{"missing", ``, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "missing" {
				d := &Demo{ID: "fakepeer", Modes: []Mode{{Name: "sh"}}, Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 1},
					Run: func(r *Run) error {
						_, err := RunPeer(r, PeerJob{argv: []string{"/nonexistent/python3"}})
						return err
					}}
				r, _ := Start(context.Background(), d, d.Defaults())
				if err := r.Wait(); err == nil || !strings.Contains(err.Error(), "cannot start") {
					t.Errorf("a peer that cannot start: %v", err)
				}
				return
			}
			pids := watchPeers(t)
			start := time.Now()
			_, s, err := runFake(t, tc.script+"\n", 1)
			if err == nil {
				t.Fatal("the run ended without an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("the run took %v to end", d)
			}
			if !s.Ended || s.Active() != 0 {
				t.Errorf("ended %v, %d tasks active", s.Ended, s.Active())
			}
			for _, p := range pids() {
				if !groupGone(p) {
					t.Errorf("the peer's process group %d is still there", p)
				}
			}
		})
	}
}

// TestPeerStopLeavesNoProcess stops a peer that has a child of its own at a
// random moment: the whole group goes, and (goleak) no goroutine stays.
func TestPeerStopLeavesNoProcess(t *testing.T) {
	script := `sleep 30 &
echo '{"ev":"ready"}'
i=0
while true; do
  echo "{\"ev\":\"progress\",\"task\":0,\"n\":$i,\"total\":100000}"
  i=$((i+1)); sleep 0.01
done`
	for range 4 {
		pids := watchPeers(t)
		d := fakePeerDemo(script, 1)
		r, err := Start(context.Background(), d, d.Defaults())
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
		if rand.IntN(2) == 0 {
			r.Pause() // a stopped (SIGSTOP) group must die too
		}
		r.Stop()
		select {
		case <-r.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("the run did not end within 5 s of Stop")
		}
		if err := r.Wait(); err != ErrStopped {
			t.Errorf("stopped run returned %v", err)
		}
		for _, p := range pids() {
			if !groupGone(p) {
				t.Errorf("the peer's process group %d is still there", p)
			}
		}
		if left := childPIDs(); len(left) > 0 {
			t.Errorf("child processes left after stop: %v", left)
		}
	}
}

// TestPeerPauseStopsTheChild: while the run is paused the peer's group is
// stopped (state T in /proc), and it runs again on resume.
func TestPeerPauseStopsTheChild(t *testing.T) {
	pids := watchPeers(t)
	d := fakePeerDemo(`echo '{"ev":"ready"}'; while true; do sleep 0.01; done`, 1)
	r, err := Start(context.Background(), d, d.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { r.Stop(); r.Wait() }()
	for len(pids()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	pid := pids()[0] // the leader of the peer's process group
	// groupStates lists the states of the group's live processes.
	groupStates := func() (states []string) {
		for _, p := range liveInGroup(pid) {
			b, _ := os.ReadFile("/proc/" + strconv.Itoa(p) + "/stat")
			if i := bytes.LastIndexByte(b, ')'); i >= 0 {
				if f := strings.Fields(string(b[i+1:])); len(f) > 0 {
					states = append(states, f[0])
				}
			}
		}
		return states
	}
	// Stopped: some process of the group is stopped (T) and none runs or
	// sleeps (R, S). A shell stopped mid-vfork stays in D, waiting for its
	// stopped child: it is paused too. A stop takes effect when a process
	// next runs; on a loaded machine that may take seconds, so the bound
	// only detects a pause that never reaches the group.
	stopped := func(states []string) bool {
		return slices.ContainsFunc(states, func(s string) bool { return s == "T" || s == "t" }) &&
			!slices.ContainsFunc(states, func(s string) bool { return s == "R" || s == "S" })
	}
	running := func(states []string) bool {
		return len(states) > 0 && !slices.ContainsFunc(states, func(s string) bool { return s == "T" || s == "t" })
	}
	waitFor := func(want string, cond func([]string) bool) {
		deadline := time.Now().Add(15 * time.Second)
		for !cond(groupStates()) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if got := groupStates(); !cond(got) {
			t.Fatalf("peer group's states %v; want it %s", got, want)
		}
	}
	r.Pause()
	waitFor("stopped", stopped)
	r.Resume()
	waitFor("running", running)
}

// TestEveryPeerModeHasAProgram: each python-* or rust-* mode of every demo
// has an embedded program in its language, and the Python ones compile.
func TestEveryPeerModeHasAProgram(t *testing.T) {
	n := 0
	for _, d := range All() {
		for _, m := range d.Modes {
			lang, src, ok := assets.Peer(d.ID, m.Name)
			if ok != IsPeer(m.Name) {
				t.Errorf("%s %s: a program %v, a peer mode %v", d.ID, m.Name, ok, IsPeer(m.Name))
				continue
			}
			if !ok {
				continue
			}
			n++
			if !strings.HasPrefix(m.Name, lang) || m.Unavailable == nil {
				t.Errorf("%s %s: a %s program; availability checked %v", d.ID, m.Name, lang, m.Unavailable != nil)
			}
			if lang != "python" {
				continue
			}
			if _, err := exec.LookPath("python3"); err != nil {
				continue
			}
			cmd := exec.Command("python3", "-c", "import sys; compile(sys.stdin.read(), sys.argv[1], 'exec')", d.ID+"/"+m.Name)
			cmd.Stdin = strings.NewReader(src)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s %s does not compile: %v %s", d.ID, m.Name, err, out)
			}
		}
	}
	if n < 15 {
		t.Errorf("%d peer modes, want every one the catalogue lists", n)
	}
	if _, _, ok := assets.Peer("cpu", "goroutines"); ok {
		t.Error("a Go mode has a peer program")
	}
	if _, _, ok := assets.Peer("../cpu", "python-threads"); ok {
		t.Error("a path is taken for a demo")
	}
}

// TestPeerClockNeverRunsBackwards: the run's clock stands still while a peer
// starts (it sleeps before ready) and while it exits (it sleeps after end),
// rather than running on and being wound back: every snapshot's elapsed time
// and every event's time follow the order they happened in.
func TestPeerClockNeverRunsBackwards(t *testing.T) {
	script := `sleep 0.3
echo '{"ev":"ready"}'
echo '{"ev":"start","task":0,"worker":0}'
echo '{"ev":"print","worker":0,"text":"working"}'
sleep 0.1
echo '{"ev":"done","task":0}'
echo '{"ev":"end"}'
sleep 0.3`
	var during sync.WaitGroup
	d := &Demo{ID: "fakepeer", Modes: []Mode{{Name: "sh"}},
		Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 1},
		Run: func(r *Run) error {
			r.Tasks(1, nil)
			// An event while the peer starts, as compile_ms is.
			during.Go(func() { time.Sleep(150 * time.Millisecond); r.Log(0, "during start-up") })
			_, err := RunPeer(r, PeerJob{Demo: "fakepeer", Mode: "sh", Tasks: 1, Lanes: 1, argv: []string{"sh", "-c", script}})
			during.Wait()
			return err
		}}
	wall := time.Now()
	r, err := Start(context.Background(), d, d.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	var s Snapshot
	var last time.Duration
	for ended := false; !ended; time.Sleep(2 * time.Millisecond) {
		r.Snapshot(&s)
		if s.Elapsed < last {
			t.Fatalf("elapsed went back from %v to %v", last, s.Elapsed)
		}
		last, ended = s.Elapsed, s.Ended
	}
	wallTime := time.Since(wall)
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for i, l := range s.Logs {
		texts = append(texts, l.Text)
		if i > 0 && l.At < s.Logs[i-1].At {
			t.Errorf("%q at %v, after %q at %v", l.Text, l.At, s.Logs[i-1].Text, s.Logs[i-1].At)
		}
	}
	if got := strings.Join(texts, ", "); got != "during start-up, working" {
		t.Errorf("logs: %s", got)
	}
	for _, sp := range s.Tasks[0].Spans {
		if sp.At > s.Elapsed {
			t.Errorf("task 0 %v at %v, after the run's end at %v", sp.State, sp.At, s.Elapsed)
		}
	}
	// The 0.6 s the peer slept outside its work are not the run's time.
	if s.Elapsed > wallTime-550*time.Millisecond {
		t.Errorf("elapsed %v of %v wall time: the peer's start-up or exit is counted", s.Elapsed, wallTime)
	}
}

// TestPeerProbeHoldsNoLockWhileItRuns: looking for rustc runs rustc
// --version, which can take seconds; while one look waits on a rustc that
// does not answer, another (a new PATH) is answered, and the first gets its
// answer once its rustc does.
func TestPeerProbeHoldsNoLockWhileItRuns(t *testing.T) {
	stuck, fine := t.TempDir(), t.TempDir()
	gate := filepath.Join(stuck, "gate")
	if err := exec.Command("mkfifo", gate).Run(); err != nil {
		t.Skip("mkfifo:", err)
	}
	write := func(dir, body string) {
		if err := os.WriteFile(filepath.Join(dir, "rustc"), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	started := filepath.Join(stuck, "started")
	// it says it started, then waits until the test writes to the fifo
	write(stuck, ": > "+started+"; read line < "+gate+"; echo rustc 0.0.0")
	write(fine, "echo rustc 1.0.0")

	t.Setenv("PATH", stuck+string(os.PathListSeparator)+"/bin")
	first := make(chan string, 1)
	go func() { exe, why := lookRustc(); first <- exe + why }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, err := os.Stat(started); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the stuck rustc did not start within 10 s")
		}
	}
	t.Setenv("PATH", fine+string(os.PathListSeparator)+"/bin")
	second := make(chan string, 1)
	go func() { exe, why := lookRustc(); second <- exe + why }()
	select {
	case got := <-second:
		if got != filepath.Join(fine, "rustc") {
			t.Errorf("with a working rustc on PATH: %q", got)
		}
	case <-time.After(8 * time.Second): // below rustc's 10 s timeout
		t.Error("a look for rustc waited for another one's rustc to answer")
	}
	f, err := os.OpenFile(gate, os.O_RDWR, 0) // O_RDWR: never blocks on a fifo
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("go\n")
	f.Close()
	if got := <-first; got != filepath.Join(stuck, "rustc") {
		t.Errorf("the stuck rustc, once it answered: %q", got)
	}
}

// TestPeerBusyTimeEndsAtEnd: a peer's busy CPU time runs from ready to end,
// by the cpu_ms it gives on each; the CPU it burns after end (an
// interpreter's shutdown) is not counted, though its exit's rusage has it.
func TestPeerBusyTimeEndsAtEnd(t *testing.T) {
	script := `echo '{"ev":"ready","cpu_ms":100}'
echo '{"ev":"end","cpu_ms":350}'
i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done`
	var res PeerResult
	d := &Demo{ID: "fakepeer", Modes: []Mode{{Name: "sh"}},
		Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 1},
		Run: func(r *Run) error {
			var err error
			res, err = RunPeer(r, PeerJob{Demo: "fakepeer", Mode: "sh", argv: []string{"sh", "-c", script}})
			return err
		}}
	r, err := Start(context.Background(), d, d.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	if res.CPU != 250*time.Millisecond {
		t.Errorf("busy %v, want the 250 ms from ready to end", res.CPU)
	}
}
