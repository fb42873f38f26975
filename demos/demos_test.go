package demos

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// A test binary started as a child worker (the processes modes) does the
	// worker's job instead of running the tests.
	if code, ok := ChildMain(); ok {
		os.Exit(code)
	}
	goleak.VerifyTestMain(m)
}

// run runs demo id with the given mode, workers and knobs to its end and
// returns its final snapshot.
func run(t testing.TB, id, mode string, workers int, knobs map[string]float64) (*Run, Snapshot) {
	t.Helper()
	d, ok := Lookup(id)
	if !ok {
		t.Fatalf("no demo %q", id)
	}
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers = mode, workers
	for k, v := range knobs {
		cfg.Knobs[k] = v
	}
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatalf("start %s: %v", id, err)
	}
	select {
	case <-r.Done():
	case <-time.After(60 * time.Second):
		r.Stop()
		<-r.Done()
		t.Fatalf("%s %s did not finish within 60 s", id, mode)
	}
	if err := r.Wait(); err != nil {
		t.Fatalf("%s %s: %v", id, mode, err)
	}
	var s Snapshot
	r.Snapshot(&s)
	return r, s
}

// childPIDs lists the processes (zombies included) whose parent is this one.
func childPIDs() []int {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var pids []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err == nil && isOurChild(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// TestStopAtRandomMoments stops every mode of every demo at a random moment
// and checks that the run ends at once with no error but the stop, every task
// is closed (none claims done with its work unfinished), no child process is
// left, and (through goleak in TestMain) no goroutine either.
func TestStopAtRandomMoments(t *testing.T) {
	for _, d := range All() {
		for _, m := range d.Modes {
			t.Run(d.ID+"/"+m.Name, func(t *testing.T) {
				if why := m.Await(); why != "" {
					t.Skip(why)
				}
				cfg := d.Defaults()
				cfg.Mode = m.Name
				r, err := Start(context.Background(), d, cfg)
				if err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(rand.IntN(400)) * time.Millisecond)
				stopped := time.Now()
				r.Stop()
				select {
				case <-r.Done():
				case <-time.After(10 * time.Second):
					t.Fatal("run did not end within 10 s of Stop")
				}
				// "at once" for a person; generous for a busy machine under -race
				if d := time.Since(stopped); d > 5*time.Second {
					t.Errorf("Stop took %v", d)
				}
				if err := r.Wait(); err != nil && !errors.Is(err, ErrStopped) {
					t.Errorf("stopped run returned %v", err)
				}
				var s Snapshot
				r.Snapshot(&s)
				if !s.Ended || s.Active() != 0 {
					t.Errorf("after stop: ended=%v, %d tasks still active", s.Ended, s.Active())
				}
				for _, ti := range s.Tasks {
					if ti.State == Done && ti.Total > 0 && ti.N < ti.Total {
						t.Errorf("task %d done with %d of %d after a stop", ti.ID, ti.N, ti.Total)
					}
				}
				if left := childPIDs(); len(left) > 0 {
					t.Errorf("child processes left after stop: %v", left)
				}
				// every figure recorded is declared, with the words a
				// front end shows it in
				for _, m := range []map[string]bool{keysOf(s.Stats), keysOf(s.Series), keysOf(s.Flags)} {
					for name := range m {
						if f, ok := d.Figure(name); !ok || f.Title == "" {
							t.Errorf("figure %q is recorded but not declared in %s's Figures", name, d.ID)
						}
					}
				}
				if len(s.Logs) > 0 && !d.Prints {
					t.Errorf("%d output lines from a demo that does not declare Prints: a front end hides them", len(s.Logs))
				}
			})
		}
	}
}

func TestBadConfig(t *testing.T) {
	d, _ := Lookup("counter")
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"unknown mode", Config{Mode: "nope", Workers: 2}},
		{"too few workers", Config{Mode: "mutex", Workers: 0}},
		{"too many workers", Config{Mode: "mutex", Workers: 100000}},
		{"knob out of range", Config{Mode: "mutex", Workers: 2, Knobs: map[string]float64{"increments": -1}}},
		{"unknown knob", Config{Mode: "mutex", Workers: 2, Knobs: map[string]float64{"bogus": 1}}},
		{"knob not a number", Config{Mode: "mutex", Workers: 2, Knobs: map[string]float64{"increments": math.NaN()}}},
	} {
		if _, err := Start(context.Background(), d, tc.cfg); err == nil {
			t.Errorf("%s: Start accepted %+v", tc.name, tc.cfg)
		}
	}
}

func TestAskDescribesTheRun(t *testing.T) {
	c, _ := Lookup("sleepers")
	cfg := c.Defaults()
	cfg.Knobs["tasks"], cfg.Knobs["wait"] = 10000, 1.5
	if got, want := c.Ask(cfg), "10,000 tasks each wait 1.5 s."; !strings.HasPrefix(got, want) {
		t.Errorf("sleepers asks %q, want it to start %q", got, want)
	}
	d, _ := Lookup("download")
	cfg = d.Defaults()
	cfg.Workers = 3
	if got := d.Ask(cfg); !strings.Contains(got, "512 KiB") || !strings.Contains(got, "3 workers at a time") || !strings.Contains(got, "100 ms") {
		t.Errorf("download asks %q: want its size, latency and worker count", got)
	}
	for _, d := range All() {
		if q := d.Ask(d.Defaults()); strings.ContainsAny(q, "{}") {
			t.Errorf("%s asks %q: a placeholder names no knob", d.ID, q)
		}
	}
}

// TestKnobSay: knob values read as a person says them, with their unit.
func TestKnobSay(t *testing.T) {
	for _, tc := range []struct {
		k    Knob
		v    float64
		want string
	}{
		{Knob{Kind: Int, Unit: "KiB"}, 65536, "65,536 KiB"},
		{Knob{Kind: Duration}, 0.2, "200 ms"},
		{Knob{Kind: Fraction}, 0.25, "25%"},
		{Knob{Kind: Fraction}, 0.125, "12.5%"},
		{Knob{Kind: Float}, 0.5, "0.5"},
	} {
		if got := tc.k.Say(tc.v); got != tc.want {
			t.Errorf("Say(%v) for kind %d = %q, want %q", tc.v, tc.k.Kind, got, tc.want)
		}
	}
}

// keysOf is the set of a map's keys.
func keysOf[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// TestFiguresDeclared runs every mode of every demo to its end, small, and
// checks that each stat, series and flag it recorded is declared in the
// demo's Figures: the window and the terminal name it from there.
func TestFiguresDeclared(t *testing.T) {
	for _, d := range All() {
		for _, m := range d.Modes {
			if m.Await() != "" {
				continue // a peer whose interpreter is missing here
			}
			cfg := d.Defaults()
			cfg.Mode = m.Name
			for _, k := range d.Knobs {
				if k.Kind == Int || k.Kind == Duration {
					cfg.Knobs[k.Name] = max(k.Min, min(k.Max, 2)) // few tasks, short waits
					if k.Kind == Duration {
						cfg.Knobs[k.Name] = max(k.Min, 0.01)
					}
				}
			}
			r, err := Start(context.Background(), d, cfg)
			if err != nil {
				t.Fatal(err)
			}
			select {
			case <-r.Done():
			case <-time.After(30 * time.Second):
				r.Stop()
				<-r.Done()
				t.Errorf("%s/%s did not end within 30 s", d.ID, m.Name)
			}
			var s Snapshot
			r.Snapshot(&s)
			for _, names := range []map[string]bool{keysOf(s.Stats), keysOf(s.Series), keysOf(s.Flags)} {
				for name := range names {
					if f, ok := d.Figure(name); !ok || f.Title == "" {
						t.Errorf("%s/%s records %q, not declared in its Figures", d.ID, m.Name, name)
					}
				}
			}
		}
	}
}

// TestEveryDemoReadsOnlyItsKnobs runs every mode of every demo for a moment:
// reading a knob the demo does not declare panics (see Config.Int), which
// fails the test binary, so a misspelt knob name cannot hide as a silent 0.
func TestEveryDemoReadsOnlyItsKnobs(t *testing.T) {
	for _, d := range All() {
		for _, m := range d.Modes {
			if m.Await() != "" {
				continue // cannot run on this machine
			}
			cfg := d.Defaults()
			cfg.Mode = m.Name
			r, err := Start(context.Background(), d, cfg)
			if err != nil {
				t.Fatalf("%s %s: %v", d.ID, m.Name, err)
			}
			time.Sleep(50 * time.Millisecond)
			r.Stop()
			<-r.Done()
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Config.Int on an undeclared knob did not panic")
		}
	}()
	d, _ := Lookup("counter")
	cfg, _ := d.Check(d.Defaults())
	cfg.Int("incremnets")
}
