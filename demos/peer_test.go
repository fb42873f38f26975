package demos

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"concurrencylab/assets"
)

// fakePeerDemo is a demo whose one mode runs a shell script as its peer.
func fakePeerDemo(script string, tasks int) *Demo {
	return &Demo{ID: "fakepeer", Modes: []Mode{{Name: "sh"}},
		Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 4},
		Run: func(r *Run) error {
			r.Tasks(tasks, nil)
			_, err := runPeer(r, peerJob{demo: "fakepeer", mode: "sh", argv: []string{"sh", "-c", script}})
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
		{"task out of range", `echo '{"ev":"ready"}'; echo '{"ev":"start","task":-1}'; sleep 30`, []string{"out of range"}},
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
						_, err := runPeer(r, peerJob{argv: []string{"/nonexistent/python3"}})
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
	pid := pids()[0]
	state := func() string { // the field after "pid (comm)" in /proc/PID/stat
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if i := bytes.LastIndexByte(b, ')'); i >= 0 {
			return strings.TrimSpace(string(b[i+1:]))
		}
		return ""
	}
	// A stop takes effect when the process next runs; on a loaded machine
	// that may be seconds (it was seen in D, mid-fork, after 3 s), so the
	// bound only detects a pause that never reaches the child.
	waitFor := func(stopped bool) {
		deadline := time.Now().Add(15 * time.Second)
		for strings.HasPrefix(state(), "T") != stopped && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if got := state(); strings.HasPrefix(got, "T") != stopped {
			t.Fatalf("peer state %q; want stopped %v", got, stopped)
		}
	}
	r.Pause()
	waitFor(true)
	r.Resume()
	waitFor(false)
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
