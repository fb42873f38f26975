package term

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"concurrencylab/demos"
)

// The real app, built once for all the end-to-end tests (and every -count)
// into builtDir, which TestMain removes.
var (
	buildOnce sync.Once
	builtDir  string
	builtBin  string
	buildErr  error
)

// buildApp builds the real app (the window's GL driver included, so it needs
// cgo) once for the end-to-end tests and returns the binary's path.
func buildApp(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the app: skipped with -short")
	}
	buildOnce.Do(func() {
		if builtDir, buildErr = os.MkdirTemp("", "concurrencylab-e2e-"); buildErr != nil {
			return
		}
		builtBin = filepath.Join(builtDir, "app")
		if runtime.GOOS == "windows" {
			builtBin += ".exe"
		}
		cmd := exec.Command("go", "build", "-o", builtBin, "./app")
		cmd.Dir = filepath.Join("..", "..") // the module root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./app: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// appCommand prepares a run of the built app under LANG=C.UTF-8, the locale
// of most servers and containers, in which Fyne's init would log a locale
// error on stderr unless app/locale runs first: the one-line usage errors
// checked here prove it does.
// A minute's deadline keeps a hung app from hanging the whole suite.
func appCommand(t *testing.T, bin string, args ...string) *exec.Cmd {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, bin, args...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LANG=") && !strings.HasPrefix(kv, "LC_ALL=") && !strings.HasPrefix(kv, "LANGUAGE=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "LANG=C.UTF-8")
	return cmd
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	t.Fatalf("running the app: %v", err)
	return -1
}

func TestEndToEnd(t *testing.T) {
	bin := buildApp(t)

	t.Run("run counter unsafe -json", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		cmd := appCommand(t, bin, "run", "counter", "-mode", "unsafe", "-workers", "8", "-json")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if code := exitCode(t, cmd.Run()); code != 0 {
			t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
		}
		s := summary(t, stdout.String())
		if c := s.Counter; c == nil || c.Expected != 80000 || c.Actual > c.Expected {
			t.Errorf("counter %+v", c)
		}
		if strings.Contains(stderr.String(), "\r") {
			t.Errorf("stderr is a pipe, yet a bar was drawn: %q", stderr.String())
		}
	})

	t.Run("run no-such-demo", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		cmd := appCommand(t, bin, "run", "no-such-demo")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if code := exitCode(t, cmd.Run()); code != exitUsage {
			t.Errorf("exit %d, want %d", code, exitUsage)
		}
		if got := stderr.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, `unknown demo "no-such-demo"; the demos are: `) {
			t.Errorf("stderr %q", got)
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout %q", stdout.String())
		}
	})

	t.Run("SIGINT stops a run", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		cmd := appCommand(t, bin, "run", "sleepers", "-mode", "sequential", "-tasks", "100", "-wait", "1s", "-json")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(700 * time.Millisecond) // the app has started its run
		cmd.Process.Signal(os.Interrupt)
		if code := exitCode(t, cmd.Wait()); code != exitInterrupted {
			t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitInterrupted, stderr.String())
		}
		if !summary(t, stdout.String()).Stopped {
			t.Error(`summary lacks "stopped": true`)
		}
	})

	t.Run("serve into a reader that reads to the end", func(t *testing.T) {
		if _, ok := demos.Lookup("download"); !ok {
			t.Fatal("no download demo registered")
		}
		cmd := appCommand(t, bin, "serve", "-files", "3", "-size", "8", "-latency", "0s")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		// Reading to the end works while the server goes on: `app serve |
		// python3 main.py` gets its URLs and the end of its input.
		done := make(chan []string, 1)
		go func() {
			var urls []string
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				urls = append(urls, sc.Text())
			}
			done <- urls
		}()
		var urls []string
		select {
		case urls = <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("stdout did not end after the URLs")
		}
		if len(urls) != 3 {
			t.Fatalf("URLs %v", urls)
		}
		client := &http.Client{Timeout: 5 * time.Second}
		defer client.CloseIdleConnections()
		resp, err := client.Get(urls[2])
		if err != nil {
			t.Fatalf("GET %s: %v", urls[2], err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || n != 8*1024 {
			t.Errorf("GET: %d, %d bytes", resp.StatusCode, n)
		}
		client.CloseIdleConnections()
		cmd.Process.Signal(syscall.SIGTERM)
		if code := exitCode(t, cmd.Wait()); code != 0 {
			t.Errorf("serve: exit %d after SIGTERM, want 0; stderr:\n%s", code, stderr.String())
		}
	})

	t.Run("stdout is full", func(t *testing.T) {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skip("no /dev/full")
		}
		defer full.Close()
		for _, args := range [][]string{{"run", "counter", "-increments", "10", "-json"}, {"list"}, {"serve", "-files", "1"}} {
			var stderr bytes.Buffer
			cmd := appCommand(t, bin, args...)
			cmd.Stdout, cmd.Stderr = full, &stderr
			if code := exitCode(t, cmd.Run()); code != exitFailed {
				t.Errorf("%v > /dev/full: exit %d, want %d", args, code, exitFailed)
			}
			// (task lines of the progress display come first)
			l := lines(stderr.String())
			if len(l) == 0 || !strings.HasPrefix(l[len(l)-1], "cannot write") || strings.Count(stderr.String(), "cannot write") != 1 {
				t.Errorf("%v > /dev/full: stderr %q, want one line saying the result was not written", args, stderr.String())
			}
		}
	})

	t.Run("list", func(t *testing.T) {
		cmd := appCommand(t, bin, "list")
		out, err := cmd.Output()
		if code := exitCode(t, err); code != 0 {
			t.Fatalf("exit %d", code)
		}
		for _, d := range demos.All() {
			if strings.HasPrefix(d.ID, "zz-") {
				continue // this test binary's own demos
			}
			if !bytes.Contains(out, []byte("\n"+d.ID+": ")) && !bytes.HasPrefix(out, []byte(d.ID+": ")) {
				t.Errorf("list lacks %s", d.ID)
			}
		}
	})
}

// appProcesses lists the processes running bin: the app and any child
// worker it started, which run the same binary.
func appProcesses(bin string) []int {
	var pids []int
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		exe, err := os.Readlink(filepath.Join(d, "exe"))
		if err != nil || strings.TrimSuffix(exe, " (deleted)") != bin {
			continue
		}
		if pid, err := strconv.Atoi(filepath.Base(d)); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

// sigintCaught reports whether process pid runs bin and no longer ignores
// SIGINT: its Go runtime has started and package early has caught the stop
// signals (a process started with SIGINT ignored keeps ignoring it until then).
func sigintCaught(pid int, bin string) bool {
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err != nil || exe != bin {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "SigIgn:"); ok {
			mask, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			return err == nil && mask&(1<<(int(syscall.SIGINT)-1)) == 0
		}
	}
	return false
}

// TestStopEveryModeAtRandomMoments stops the real app, running every mode of
// every demo, with SIGINT, SIGTERM or SIGHUP at random moments, its first
// milliseconds included. Each is started with SIGINT ignored, as a script's
// background job is, through a shell that execs it: the moment the app has
// taken SIGINT back is then visible in /proc, and the clock starts there
// (before it, the process is not yet running Go code). Every stop must leave
// exactly one summary on stdout, valid JSON with no NaN, "stopped" true
// exactly when the exit status is 130, and no process of the app (child
// workers included).
func TestStopEveryModeAtRandomMoments(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("reads processes' state in /proc")
	}
	bin := buildApp(t)
	type pair struct{ demo, mode string }
	var pairs []pair
	for _, d := range demos.All() {
		if strings.HasPrefix(d.ID, "zz-") {
			continue // this test binary's own demos
		}
		for _, m := range d.Modes {
			if m.Await() == "" { // else it cannot run on this machine
				pairs = append(pairs, pair{d.ID, m.Name})
			}
		}
	}
	var n, stopped int
	for round := range 2 {
		for i, p := range pairs {
			// The first round stops in the first 20 ms, the second
			// anywhere in 0.6 s.
			delay := time.Duration(rand.IntN(20_000)) * time.Microsecond
			if round == 1 {
				delay = time.Duration(rand.IntN(600)) * time.Millisecond
			}
			sig := []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}[(i+round)%3]
			args := []string{"-c", `trap "" INT; exec "$0" "$@"`, bin, "run", p.demo, "-mode", p.mode, "-json"}
			cmd := appCommand(t, "/bin/sh", args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			what := fmt.Sprintf("%s %s, %v %v after the app took SIGINT", p.demo, p.mode, sig, delay)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			// A short run may end before it is looked at: its summary must
			// then say finished, with exit 0.
			var err error
			ended := false
		wait:
			for deadline := time.Now().Add(10 * time.Second); !sigintCaught(cmd.Process.Pid, bin); time.Sleep(100 * time.Microsecond) {
				select {
				case err = <-done:
					ended = true
					break wait
				default:
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					<-done
					t.Fatalf("%s %s: the app did not take SIGINT back within 10 s", p.demo, p.mode)
				}
			}
			if !ended {
				time.Sleep(delay)
				cmd.Process.Signal(sig)
				select {
				case err = <-done:
				case <-time.After(10 * time.Second):
					cmd.Process.Kill()
					<-done
					t.Errorf("%s: still running 10 s after the signal", what)
					continue
				}
			}
			code := exitCode(t, err)
			n++
			if left := appProcesses(bin); len(left) > 0 {
				t.Errorf("%s: processes left: %v", what, left)
				for _, pid := range left {
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}
			out := stdout.String()
			if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
				t.Errorf("%s: a figure with no value in the summary:\n%s", what, out)
			}
			dec := json.NewDecoder(strings.NewReader(out))
			var s demos.Summary
			if err := dec.Decode(&s); err != nil || dec.More() {
				t.Errorf("%s: exit %d, stdout is not one JSON summary (%v):\n%s\nstderr: %s", what, code, err, out, stderr.String())
				continue
			}
			if s.Stopped {
				stopped++
			}
			if !(code == exitInterrupted && s.Stopped) && !(code == exitOK && !s.Stopped) {
				t.Errorf("%s: exit %d with \"stopped\": %v; stderr: %s", what, code, s.Stopped, stderr.String())
			}
		}
	}
	t.Logf("%d stops over %d demo/mode pairs: %d cut a run short", n, len(pairs), stopped)
}
