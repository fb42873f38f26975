package engine_test

import (
	"context"
	"math"
	"testing"
	"time"

	. "concurrencylab/demos"
)

// TestPauseIsLeftOut: a pause in the middle of a run changes none of its
// measured figures much, and none goes past what the machine can do. Work
// that ran on through a pause (a child process, a server filling socket
// buffers) would show here as a rate above its ceiling; a pause counted as
// work or waiting, as a figure several times its unpaused value.
func TestPauseIsLeftOut(t *testing.T) {
	if testing.Short() {
		t.Skip("pauses runs for seconds")
	}
	const pause = 800 * time.Millisecond
	for _, tc := range []struct {
		demo, mode string
		workers    int
		knobs      map[string]float64
		at         time.Duration // when to pause
		stat       string
		ceiling    float64 // when not 0: the figure's physical bound
		slack      float64 // a difference this small passes whatever the ratio
		time       bool    // the figure is a time, which a counted pause raises (else a rate, which it lowers)
	}{
		{"cpu", "processes", 2, map[string]float64{"chunks": 2, "work": 20000}, 250 * time.Millisecond, "parallelism", 2.2, 0, false},
		{"download", "unbounded", 4, map[string]float64{"files": 4, "size": 256, "latency": 0.05, "bandwidth": 256}, 300 * time.Millisecond, "bytes_per_s", 4 * 256 * 1024 * 1.1, 0, false},
		{"pool", "fixed", 4, map[string]float64{"jobs": 40, "rate": 100, "cost": 0.02}, 150 * time.Millisecond, "throughput", 0, 0, false},
		{"pipeline", "buffered", 2, map[string]float64{"items": 30, "buffer": 8}, 150 * time.Millisecond, "blocked_recv_ms", 0, 0, true},
		{"spawn", "goroutines", 1, map[string]float64{"count": 1000}, time.Millisecond, "start_ms", 0, 100, true},
	} {
		t.Run(tc.demo, func(t *testing.T) {
			var figures [2]float64
			for k, paused := range []bool{false, true} {
				d, _ := Lookup(tc.demo)
				cfg := d.Defaults()
				cfg.Mode, cfg.Workers = tc.mode, tc.workers
				for name, v := range tc.knobs {
					cfg.Knobs[name] = v
				}
				r, err := Start(context.Background(), d, cfg)
				if err != nil {
					t.Fatal(err)
				}
				if paused {
					time.Sleep(tc.at)
					r.Pause()
					time.Sleep(pause)
					r.Resume()
				}
				if err := r.Wait(); err != nil {
					t.Fatal(err)
				}
				var s Snapshot
				r.Snapshot(&s)
				v, ok := s.Stats[tc.stat]
				if !ok {
					t.Fatalf("paused=%v: no %s in %v", paused, tc.stat, s.Stats)
				}
				if tc.ceiling > 0 && v > tc.ceiling {
					t.Errorf("paused=%v: %s = %.2f, above its ceiling %.2f", paused, tc.stat, v, tc.ceiling)
				}
				figures[k] = v
			}
			// Generous and one-sided: a loaded machine moves these figures
			// either way, a counted pause of 800 ms moves them several times
			// over in one direction (work that ran on through the pause is
			// the ceiling's to catch). A few milliseconds of start-up vary
			// more than that: the slack keeps them apart from the pause.
			worse := figures[1] / figures[0] // how much the pause made the figure worse
			if !tc.time {
				worse = figures[0] / figures[1]
			}
			if worse > 2.5 && math.Abs(figures[1]-figures[0]) > tc.slack {
				t.Errorf("%s: %.2f without a pause, %.2f with one (%.2fx worse)", tc.stat, figures[0], figures[1], worse)
			}
		})
	}
}

// TestClockStopsWhilePaused: a paused run's elapsed time stands still, and
// its summary leaves the pause out: it is at least the tasks' wait and at
// most the wall time the test saw less the time it held the run paused.
func TestClockStopsWhilePaused(t *testing.T) {
	d, _ := Lookup("sleepers")
	cfg := d.Defaults()
	cfg.Mode, cfg.Knobs["tasks"], cfg.Knobs["wait"] = "concurrent", 10, 0.4
	t0 := time.Now()
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	r.Pause()
	p0 := time.Now()
	a := r.Elapsed()
	time.Sleep(300 * time.Millisecond)
	if b := r.Elapsed(); b != a {
		t.Errorf("elapsed went from %v to %v while paused", a, b)
	}
	paused := time.Since(p0)
	r.Resume()
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	most := time.Since(t0) - paused
	// The tasks wait 400 ms of run time: the run takes that, and the 300 ms
	// pause is not in it.
	if el := r.Elapsed(); el < 400*time.Millisecond || el > most {
		t.Errorf("a 400 ms run paused for %v reports %v elapsed; want 400 ms to %v", paused, el, most)
	}
	var s Snapshot
	r.Snapshot(&s)
	for _, ti := range s.Tasks {
		if el := ti.Elapsed(s.Elapsed); el < 400*time.Millisecond || el > most {
			t.Errorf("task %d reports %v elapsed for a 400 ms wait; want 400 ms to %v", ti.ID, el, most)
		}
	}
}
