package term

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"concurrencylab/app/meta"
	"concurrencylab/demos"
)

// summary decodes the JSON summary of a run, failing the test unless stdout
// holds exactly one JSON object.
func summary(t *testing.T, stdout string) demos.Summary {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	var s demos.Summary
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("stdout is not a JSON summary: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value:\n%s", stdout)
	}
	return s
}

func TestRunCounterJSON(t *testing.T) {
	for _, mode := range []string{"mutex", "atomic", "channel"} {
		t.Run(mode, func(t *testing.T) {
			res := call(context.Background(), "run", "counter", "-mode", mode, "-workers", "4", "-increments", "1000", "-json")
			if res.code != 0 {
				t.Fatalf("exit %d; stderr:\n%s", res.code, res.stderr)
			}
			s := summary(t, res.stdout)
			if s.Demo != "counter" || s.Mode != mode || s.Workers != 4 || s.Stopped || s.Error != "" {
				t.Errorf("summary heads %+v", s)
			}
			if s.Knobs["increments"] != float64(1000) { // JSON numbers decode as float64
				t.Errorf("knobs = %v, want increments 1000", s.Knobs)
			}
			if c := s.Counter; c == nil || c.Expected != 4000 || c.Actual != 4000 || c.Lost != 0 {
				t.Errorf("counter = %+v, want 4000 of 4000", c)
			}
			if len(s.Tasks) != 4 {
				t.Fatalf("%d tasks, want 4", len(s.Tasks))
			}
			for _, task := range s.Tasks {
				if task.State != "done" || task.Error != "" || task.EndMS < task.StartMS {
					t.Errorf("task %+v", task)
				}
			}
			// Four tasks get a line each on stderr, and nothing else is there.
			if n := strings.Count(res.stderr, "✓ task"); n != 4 {
				t.Errorf("%d task lines on stderr, want 4:\n%s", n, res.stderr)
			}
		})
	}
}

func TestRunCounterUnsafeLosesUpdates(t *testing.T) {
	// Lost updates depend on scheduling: a few tries make a miss vanishingly rare.
	for try := 0; try < 5; try++ {
		res := call(context.Background(), "run", "counter", "-mode", "unsafe", "-workers", "8", "-increments", "5000", "-json")
		if res.code != 0 {
			t.Fatalf("exit %d; stderr:\n%s", res.code, res.stderr)
		}
		c := summary(t, res.stdout).Counter
		if c == nil || c.Expected != 40000 || c.Actual > c.Expected || c.Lost != c.Expected-c.Actual {
			t.Fatalf("counter = %+v", c)
		}
		if c.Lost > 0 {
			return
		}
	}
	t.Error("unsafe mode lost no update in 5 runs")
}

func TestRunHumanSummary(t *testing.T) {
	res := call(context.Background(), "run", "counter", "-mode", "mutex", "-workers", "2", "-increments", "500")
	if res.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", res.code, res.stderr)
	}
	for _, want := range []string{
		"counter, mode mutex, 2 workers, increments 500",
		"elapsed", "(finished)",
		"expected 1000, actual 1000, lost 0",
		"tasks     2: 2 done, 0 failed, 0 cancelled",
		"stats     increments: ", // the demo's words for increments_per_s, as the window shows them
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, res.stdout)
		}
	}
	if strings.Contains(res.stdout, "{") {
		t.Errorf("human summary holds JSON:\n%s", res.stdout)
	}
}

func TestSummaryBytesAsTheWindowSaysThem(t *testing.T) {
	// Byte counts read in binary units, as on the window: "6.00 MiB", not
	// "6291456 B".
	var out strings.Builder
	writeSummary(&out, &demos.Summary{Demo: "download", Mode: "pool", Workers: 4, Speed: 1,
		Stats: map[string]any{"bytes": 6291456.0, "bytes_per_s": 1490304.0, "files_done": 12.0}})
	for _, want := range []string{"downloaded: 6.00 MiB\n", "mean download rate: 1.42 MiB/s\n", "files downloaded: 12\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "6291456") {
		t.Errorf("raw bytes in the summary:\n%s", out.String())
	}
}

func TestRunFailuresAreData(t *testing.T) {
	// 300 tasks, one in 100 fails: exit 0, the failures listed with their
	// reasons; too many tasks for a line each, so stderr has the failures
	// and a tally only.
	res := call(context.Background(), "run", manyID, "-tasks", "300", "-every", "100")
	if res.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", res.code, res.stderr)
	}
	for _, want := range []string{"300: 297 done, 3 failed", "task 99 gave up (task 99)", "task 299 gave up"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, res.stdout)
		}
	}
	errLines := lines(res.stderr)
	if len(errLines) != 4 || !strings.Contains(res.stderr, "300 tasks: 297 done, 3 failed, 0 cancelled") {
		t.Errorf("stderr: want 3 failure lines and a tally:\n%s", res.stderr)
	}
}

func TestRunManyTasksPrintsFewLines(t *testing.T) {
	res := call(context.Background(), "run", manyID, "-tasks", "100000", "-every", "10", "-json")
	if res.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", res.code, res.stderr)
	}
	s := summary(t, res.stdout)
	if len(s.Tasks) != 100000 {
		t.Errorf("%d tasks in the JSON, want 100000", len(s.Tasks))
	}
	// 10,000 failures: the first failLineLimit get a line, then one line
	// says the rest are left out, then the tally.
	if n := len(lines(res.stderr)); n != failLineLimit+2 {
		t.Errorf("%d lines on stderr, want %d:\n%s", n, failLineLimit+2, res.stderr)
	}
}

func TestRunDemoError(t *testing.T) {
	res := call(context.Background(), "run", brokenID, "-json")
	if res.code != exitFailed {
		t.Errorf("exit %d, want %d", res.code, exitFailed)
	}
	s := summary(t, res.stdout)
	if s.Error != "cannot start: no port left" || s.Stopped {
		t.Errorf("summary error %q stopped %v", s.Error, s.Stopped)
	}
	if !strings.Contains(res.stderr, "zz-broken could not run: cannot start: no port left") {
		t.Errorf("stderr:\n%s", res.stderr)
	}
}

func TestRunInterrupted(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"sleepers", []string{"run", "sleepers", "-mode", "sequential", "-tasks", "100", "-wait", "1s", "-json"}},
		{"counter", []string{"run", "counter", "-mode", "mutex", "-workers", "64", "-increments", "1000000", "-json"}},
		{"download", []string{"run", "download", "-mode", "unbounded", "-files", "8", "-bandwidth", "64", "-json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := demos.Lookup(tc.args[1]); !ok {
				t.Fatalf("no %s demo registered", tc.args[1])
			}
			// A cancelled context is what Main makes of SIGINT and SIGTERM.
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(300*time.Millisecond, cancel)
			t0 := time.Now()
			res := call(ctx, tc.args...)
			cancel()
			if res.code != exitInterrupted {
				t.Fatalf("exit %d, want %d; stderr:\n%s", res.code, exitInterrupted, res.stderr)
			}
			if d := time.Since(t0); d > 5*time.Second {
				t.Errorf("the run took %v to stop", d)
			}
			s := summary(t, res.stdout)
			if !s.Stopped {
				t.Error(`summary lacks "stopped": true`)
			}
			if !slices.ContainsFunc(s.Tasks, func(t demos.TaskSummary) bool { return t.State == "cancelled" && t.Error != "" }) {
				t.Error("no task was cancelled with a reason")
			}
			for _, task := range s.Tasks {
				if task.State != "done" && task.State != "failed" && task.State != "cancelled" {
					t.Errorf("task %d ended %q", task.ID, task.State)
				}
			}
			if !strings.Contains(res.stderr, "interrupted: stopping the run") {
				t.Errorf("stderr does not say it stopped:\n%s", res.stderr)
			}
		})
	}
}

func TestRunEveryModeOfEveryDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every demo")
	}
	// Every demo's flags build (no knob takes a name the run uses itself),
	// and every mode runs to a JSON summary, whenever it is stopped: in its
	// first milliseconds (a third of the runs) or anywhere in 0.6 s. The
	// exit status says stopped exactly when the summary does; goleak (in
	// TestMain) checks that no goroutine is left.
	for i, d := range demos.All() {
		for j, m := range d.Modes {
			t.Run(d.ID+"/"+m.Name, func(t *testing.T) {
				if why := m.Await(); why != "" {
					t.Skip(why)
				}
				delay := time.Duration(rand.IntN(600)) * time.Millisecond
				if (i+j)%3 == 0 {
					delay = time.Duration(rand.IntN(3000)) * time.Microsecond
				}
				ctx, cancel := context.WithTimeout(context.Background(), delay)
				defer cancel()
				res := call(ctx, "run", d.ID, "-mode", m.Name, "-json")
				if d.ID == brokenID && res.code == exitFailed {
					return
				}
				s := summary(t, res.stdout)
				if s.Demo != d.ID || s.Mode != m.Name || len(s.Knobs) != len(d.Knobs) {
					t.Errorf("summary heads: demo %q mode %q knobs %v", s.Demo, s.Mode, s.Knobs)
				}
				if !(res.code == exitInterrupted && s.Stopped) && !(res.code == exitOK && !s.Stopped) {
					t.Errorf("stopped after %v: exit %d with stopped=%v; stderr:\n%s", delay, res.code, s.Stopped, res.stderr)
				}
				for k, v := range s.Stats {
					if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
						t.Errorf("stat %s = %v", k, f)
					}
				}
			})
		}
	}
}

func TestBadUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string // in the one line on stderr
	}{
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate"`, "list, run, replay, serve, sweep, lesson"}},
		{[]string{"run"}, []string{"name a demo", "counter"}},
		{[]string{"run", "no-such-demo"}, []string{`unknown demo "no-such-demo"`, "the demos are: ", "counter"}},
		{[]string{"run", "-json", "counter"}, []string{"name the demo before the flags", "counter"}},
		{[]string{"run", "counter", "-mode", "nope"}, []string{`unknown mode "nope" for counter`, "unsafe, mutex, atomic, channel"}},
		{[]string{"run", "counter", "-workers", "500"}, []string{"-workers 500 is out of range; use a value from 1 to 64"}},
		{[]string{"run", "counter", "-workers", "0"}, []string{"-workers 0 is out of range; use a value from 1 to 64"}},
		{[]string{"run", "counter", "-workers", "many"}, []string{`-workers "many" is not a whole number`, "1 to 64"}},
		{[]string{"run", "counter", "-workers"}, []string{"-workers needs a value", "1 to 64"}},
		{[]string{"run", "counter", "-increments", "2000000"}, []string{"-increments 2000000 is out of range", "1 to 1000000"}},
		{[]string{"run", "counter", "-speed", "2"}, []string{"-speed 2 is out of range; use a value from 0.1 to 1"}},
		// A refused value is named as typed, not rounded into the range.
		{[]string{"run", "download", "-fail", "1.0000001"}, []string{"-fail 1.0000001 is out of range; use a value from 0 to 1"}},
		{[]string{"run", "sleepers", "-wait", "1ns"}, []string{"-wait 1ns is out of range; use a value from 1ms to 10s"}},
		{[]string{"sweep", "sleepers", "-wait", "1ms,1ns"}, []string{"-wait 1ns is out of range; use a value from 1ms to 10s"}},
		{[]string{"run", "counter", "-bogus", "1"}, []string{`unknown flag "-bogus" for counter`, "-mode", "-workers", "-increments", "-json"}},
		// What the user typed is quoted, escapes written out, and cut to 40 characters.
		{[]string{"run", "counter", "-\x1b[2Jx", "1"}, []string{`unknown flag "-\x1b[2Jx" for counter`}},
		{[]string{"run", "counter", "-a\nb", "1"}, []string{`unknown flag "-a\nb" for counter`}},
		{[]string{"run", "counter", "-" + strings.Repeat("x", 100000)}, []string{`unknown flag "-` + strings.Repeat("x", 39) + `…" for counter`}},
		{[]string{"run", "counter", "-workers", "\x1b]0;pwned\x07"}, []string{`-workers "\x1b]0;pwned\a" is not a whole number`}},
		{[]string{"run", "no\nsuch"}, []string{`unknown demo "no\nsuch"`}},
		{[]string{"run", "counter", "-mode", "x\ty"}, []string{`unknown mode "x\ty" for counter`}},
		{[]string{"run", "counter", "---x"}, []string{`bad flag syntax "---x"`}},
		// Too large to read is out of range too, with the range.
		{[]string{"run", "counter", "-workers", "99999999999999999999"}, []string{`-workers "99999999999999999999" is out of range; use a value from 1 to 64`}},
		{[]string{"run", "counter", "-speed", "1e999"}, []string{`-speed "1e999" is out of range; use a value from 0.1 to 1`}},
		{[]string{"run", "sleepers", "-wait", "9999999999h"}, []string{`-wait "9999999999h" is out of range; use a value from 1ms to 10s`}},
		{[]string{"run", "counter", "-mode"}, []string{"-mode needs a value: one of unsafe, mutex, atomic, channel"}},
		{[]string{"version", "extra"}, []string{`version takes no arguments (got "extra")`}},
		{[]string{"help", "me"}, []string{`help takes no arguments (got "me")`}},
		{[]string{"serve", "-addr", "0.0.0.0:0"}, []string{`-addr "0.0.0.0:0" is not a loopback address`, "-public"}},
		{[]string{"serve", "-addr", ":0"}, []string{`-addr ":0" is not a loopback address`, "-public"}},
		{[]string{"serve", "-addr", "[::]:0"}, []string{`-addr "[::]:0" is not a loopback address`, "-public"}},
		{[]string{"serve", "-addr", "localhost:0"}, []string{`-addr "localhost:0" is not an IP address and a port (names are not looked up)`}},
		{[]string{"serve", "-addr", "127.0.0.1"}, []string{`-addr "127.0.0.1" is not IP:PORT`}},
		{[]string{"serve", "-addr", "127.0.0.1:99999"}, []string{`-addr "127.0.0.1:99999" has no port from 0 to 65535`}},
		{[]string{"serve", "-public", "-addr", "example.com:80"}, []string{"names are not looked up"}},
		{[]string{"run", "counter", "-json=maybe"}, []string{"invalid boolean value"}},
		{[]string{"run", "counter", "-json", "extra"}, []string{`unexpected argument "extra"`, "-increments"}},
		{[]string{"run", "sleepers", "-wait", "5"}, []string{`-wait "5" is not a duration`, "1ms to 10s"}},
		{[]string{"list", "counter"}, []string{"app list takes only -json", "counter"}},
		{[]string{"serve", "-files", "0"}, []string{"-files 0 is out of range; use a value from 1 to 500"}},
		{[]string{"serve", "-nope"}, []string{`unknown flag "-nope" for serve`, "-addr", "-files", "-size"}},
		{[]string{"serve", "-latency", "1"}, []string{`-latency "1" is not a duration`}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			res := call(context.Background(), tc.args...)
			if res.code != exitUsage {
				t.Errorf("exit %d, want %d", res.code, exitUsage)
			}
			if res.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", res.stdout)
			}
			if n := strings.Count(res.stderr, "\n"); n != 1 || !strings.HasSuffix(res.stderr, "\n") {
				t.Errorf("stderr has %d lines, want exactly one:\n%s", n, res.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(res.stderr, w) {
					t.Errorf("stderr %q lacks %q", res.stderr, w)
				}
			}
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	version := meta.Name + " " + meta.Version + "\n"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-version"}, version},
		{[]string{"version"}, version},
		{[]string{"help"}, "app run DEMO"},
		{[]string{"-h"}, "Exit status"},
		{[]string{"run", "-h"}, "The demos are: interleave, counter"},
		{[]string{"run", "counter", "-h"}, "-increments N  default 10000"},
		{[]string{"serve", "-h"}, "-bandwidth N"},
		{[]string{"list", "-h"}, "-json prints the catalogue as a JSON array"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			res := call(context.Background(), tc.args...)
			if res.code != 0 || res.stderr != "" {
				t.Errorf("exit %d, stderr %q", res.code, res.stderr)
			}
			if !strings.Contains(res.stdout, tc.want) {
				t.Errorf("stdout lacks %q:\n%s", tc.want, res.stdout)
			}
		})
	}
	// Main itself, with its signal handling set up and torn down.
	var out, errOut strings.Builder
	if code := Main([]string{"version"}, &out, &errOut); code != 0 || out.String() != version {
		t.Errorf("Main version: exit %d, %q", code, out.String())
	}
}
