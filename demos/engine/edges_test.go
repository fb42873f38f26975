//go:build unix

package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// launcherScript is a launcher (as pyenv's shim is a script) that leaves a
// background child holding its output and exits at once.
const launcherScript = "#!/bin/sh\nsleep 100 &\necho $! >\"$0.child\"\nexit 0\n"

// fakeLauncher writes launcherScript as dir/name and returns its path.
func fakeLauncher(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(launcherScript), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// leftChildGone reports whether the background child the launcher at p
// left behind has been killed.
func leftChildGone(t *testing.T, p string) bool {
	t.Helper()
	b, err := os.ReadFile(p + ".child")
	if err != nil {
		t.Fatalf("the launcher did not run: %v", err)
	}
	var pid int
	fmt.Sscan(string(b), &pid)
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil || strings.Contains(string(st), ") Z ") {
			return true
		}
	}
	return false
}

// TestProbeLauncherWithBackgroundChild: a python3 or rustc that leaves a
// child holding its output is answered within seconds (not when the child
// ends), and the child is killed with its group.
func TestProbeLauncherWithBackgroundChild(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("reads processes' state in /proc")
	}
	py := fakeLauncher(t, "python3")
	start := time.Now()
	if got := behindLauncher(context.Background(), py); got != py {
		t.Errorf("behind the launcher: %q, want the launcher itself", got)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("asking the launcher took %v", d)
	}
	if !leftChildGone(t, py) {
		t.Error("the launcher's background child outlived the probe")
	}

	rustc := fakeLauncher(t, "rustc")
	t.Setenv("PATH", filepath.Dir(rustc)+string(os.PathListSeparator)+os.Getenv("PATH"))
	start = time.Now()
	exe, why := checkRustc()
	if exe != "" || !strings.Contains(why, "does not say its version") {
		t.Errorf("a rustc that prints nothing: %q, %q", exe, why)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("rustc --version took %v", d)
	}
	if !leftChildGone(t, rustc) {
		t.Error("rustc's background child outlived the probe")
	}
}

// TestPeerLeavingAChildEnds: a peer that exits and leaves a child holding
// its stdout ends the run at once, and the child dies with its group.
func TestPeerLeavingAChildEnds(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("reads processes' state in /proc")
	}
	p := fakeLauncher(t, "peer")
	pids := watchPeers(t)
	start := time.Now()
	d := &Demo{ID: "fakepeer", Modes: []Mode{{Name: "sh"}},
		Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 1},
		Run: func(r *Run) error {
			_, err := RunPeer(r, PeerJob{Tasks: 1, Lanes: 1, argv: []string{p}})
			return err
		}}
	r, err := Start(context.Background(), d, d.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Wait(); err == nil || !strings.Contains(err.Error(), "without saying ready") {
		t.Errorf("run: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the run took %v to see the peer end", d)
	}
	if !leftChildGone(t, p) || !groupGone(pids()[0]) {
		t.Error("the peer's child outlived it")
	}
}

// TestWhyNeverWaits: while a check runs, Why says so at once, Check lets
// the mode through (the run waits for the answer), and Await has it.
func TestWhyNeverWaits(t *testing.T) {
	release := make(chan struct{})
	p := &probe{what: "the test tool", env: func() string { return "test" },
		check: func() (string, string) { <-release; return "", "the test tool is broken" }}
	m := Mode{Name: "slow", probe: p, Unavailable: p.now}
	d := &Demo{ID: "slowcheck", Modes: []Mode{m}, Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 1}}
	start := time.Now()
	if why := m.Why(); why != "checking the test tool…" || !m.Checking() {
		t.Errorf("while checking: Why %q, Checking %v", why, m.Checking())
	}
	if _, err := d.Check(d.Defaults()); err != nil {
		t.Errorf("Check refused a mode still being checked: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Why and Check waited %v", d)
	}
	close(release)
	if why := m.Await(); why != "the test tool is broken" {
		t.Errorf("Await: %q", why)
	}
	if _, err := d.Check(d.Defaults()); err == nil || !strings.Contains(err.Error(), "the test tool is broken") {
		t.Errorf("Check once the answer is in: %v", err)
	}
}

func init() {
	// The parent of a peer in TestPeerDiesWithItsParent: it starts a peer
	// that says ready and then sleeps, says the peer's PID, and waits to be
	// killed.
	RegisterChild("peerparent", func(_ []string, out io.Writer) error {
		pid := make(chan int, 1)
		peerStarted = func(p int) { pid <- p }
		d := &Demo{ID: "fakepeer", Modes: []Mode{{Name: "sh"}},
			Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 1},
			Run: func(r *Run) error {
				_, err := RunPeer(r, PeerJob{Tasks: 1, Lanes: 1,
					argv: []string{"sh", "-c", `echo '{"ev":"ready"}'; exec sleep 100`}})
				return err
			}}
		r, err := Start(context.Background(), d, d.Defaults())
		if err != nil {
			return err
		}
		fmt.Fprintln(out, <-pid)
		return r.Wait()
	})
}

// TestPeerDiesWithItsParent: a peer does not outlive the app, even when the
// app is killed with SIGKILL and can clean nothing up.
func TestPeerDiesWithItsParent(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("reads processes' state in /proc")
	}
	if !parentDeathSignal {
		t.Skip("this system has no parent-death signal")
	}
	cmd, err := ChildCommand(context.Background(), "peerparent")
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Fscan(out, &pid); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the parent said no peer PID: %v", err)
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	if !groupGone(pid) {
		t.Errorf("the peer (PID %d) outlived its parent's SIGKILL: %v alive", pid, liveInGroup(pid))
	}
}
