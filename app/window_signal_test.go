package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWindowSignalStopsChildren starts the real app under Xvfb on a run
// whose workers are child processes (the app's own, and real CPython's
// multiprocessing when python3 is installed), starts the run with Space,
// then ends the window with SIGTERM or SIGHUP, as a session's end or a
// service manager does: the window closes as by its close button (exit 0),
// and nothing it started is left in its session. It is skipped where Xvfb or xdotool is missing.
func TestWindowSignalStopsChildren(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real app")
	}
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "app")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	disp := startXvfb(t)
	cases := []struct {
		mode string
		sig  syscall.Signal
	}{{"processes", syscall.SIGTERM}, {"python-processes", syscall.SIGHUP}}
	for _, tc := range cases {
		t.Run(tc.mode+"/"+tc.sig.String(), func(t *testing.T) {
			if strings.HasPrefix(tc.mode, "python") {
				if _, err := exec.LookPath("python3"); err != nil {
					t.Skip("python3 is not installed")
				}
			}
			// a run of the cpu demo long enough to be mid-way at the signal
			prefs := fmt.Sprintf(`{"demo": "cpu", "cpu.mode": %q, "cpu.workers": 2, "cpu.knob.chunks": 1024, "cpu.knob.work": 100000}`, tc.mode)
			signalWindow(t, bin, disp, prefs, tc.sig)
		})
	}
}

// signalWindow starts the app with the given preferences in a session of
// its own, presses Space once its window is up, waits for a child process in
// that session, sends sig and checks that the app exits and that its
// session empties.
func signalWindow(t *testing.T, bin, disp, prefs string, sig syscall.Signal) {
	env, x := appEnv(t, t.TempDir(), disp, prefs)
	var log syncBuffer
	app := exec.Command(bin)
	app.Env, app.Stdout, app.Stderr = env, &log, &log
	app.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // its session is everything it starts
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	sid := app.Process.Pid
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer func() {
		if left := inSession(sid); len(left) > 0 {
			for _, p := range left {
				syscall.Kill(p, syscall.SIGKILL)
			}
		}
		app.Process.Kill() // harmless once it has exited
	}()

	win := waitWindow(t, x, exited, &log)
	time.Sleep(time.Second) // the first frames, and the peer's probe, settle
	x("xdotool", "windowfocus", win)
	x("xdotool", "key", "--window", win, "space")
	children := []int{}
	for deadline := lastMoment(t); len(children) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no child process in the app's session by the test's deadline, after Space\n%s", log.String())
		}
		for _, p := range inSession(sid) {
			if p != sid {
				children = append(children, p)
			}
		}
	}
	time.Sleep(500 * time.Millisecond) // every worker started
	t.Logf("children before %v: %v", sig, inSession(sid))
	if err := syscall.Kill(sid, sig); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	select {
	case err := <-exited:
		t.Logf("the app exited %v after %v (%v)", time.Since(sent).Round(time.Millisecond), sig, err)
		if err != nil { // killed by the signal, or out of time to close
			t.Errorf("the app ended with %v after %v; want its window closed as by its close button, exit 0", err, sig)
		}
	case <-time.After(quitWait + 30*time.Second): // its own limit, and a busy machine's slack
		t.Fatalf("the app still ran %v after %v\n%s", quitWait+30*time.Second, sig, log.String())
	}
	// Orphans would be reparented and live on; the dead are reaped by init.
	// The wait ends as soon as the session is empty: its limit only gives a
	// busy machine time to end them.
	var left []int
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if left = inSession(sid); len(left) == 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(left) > 0 {
		var what []string
		for _, p := range left {
			comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", p))
			what = append(what, fmt.Sprintf("%d (%s)", p, strings.TrimSpace(string(comm))))
		}
		t.Errorf("after %v to the window, its children live on: %s", sig, strings.Join(what, ", "))
	}
	if s := log.String(); strings.Contains(s, "should have been called in fyne.Do") {
		t.Errorf("Fyne's thread checker complained:\n%s", s)
	}
}

// inSession lists the live processes (zombies left out) of session sid.
func inSession(sid int) []int {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var out []int
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp session ...; comm may hold spaces and parens
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 4 || f[0] == "Z" {
			continue
		}
		if n, err := strconv.Atoi(f[3]); err == nil && n == sid {
			p, _ := strconv.Atoi(filepath.Base(d))
			out = append(out, p)
		}
	}
	return out
}
