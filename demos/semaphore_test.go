package demos

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// holding returns, for each task, the stretch in which it used the
// resource: its Running span on the resource (not the one from its start
// to its asking), from the Model's history.
func holding(t *testing.T, s *Snapshot) [][2]time.Duration {
	t.Helper()
	var out [][2]time.Duration
	for _, ti := range s.Tasks {
		for i, sp := range ti.Spans {
			if sp.State != Running || !strings.HasPrefix(sp.On, "using the resource") {
				continue
			}
			end := ti.End
			if i+1 < len(ti.Spans) {
				end = ti.Spans[i+1].At
			}
			out = append(out, [2]time.Duration{sp.At, end})
		}
	}
	return out
}

// mostAtOnce is the largest number of the stretches that overlap; one that
// ends when another starts does not overlap it (the leaver's event comes
// before the next holder's).
func mostAtOnce(spans [][2]time.Duration) int {
	type edge struct {
		at time.Duration
		d  int
	}
	var es []edge
	for _, s := range spans {
		es = append(es, edge{s[0], +1}, edge{s[1], -1})
	}
	slices.SortFunc(es, func(a, b edge) int {
		if a.at != b.at {
			return int(a.at - b.at)
		}
		return a.d - b.d // ends first
	})
	n, most := 0, 0
	for _, e := range es {
		n += e.d
		most = max(most, n)
	}
	return most
}

// TestSemaphoreLimit runs each mode and checks what it guarantees: every
// task done and held the resource once; never more than K at once, both
// as the demo counted it and as the Model's spans show it; and a run no
// shorter than ⌈N÷K⌉ holds, which is what K at a time costs.
func TestSemaphoreLimit(t *testing.T) {
	const tasks, hold = 10, 30 * time.Millisecond
	for _, c := range []struct {
		mode          string
		slots, limit  int // slots asked for (the worker count); the limit in force, 0 for none
		wantPeakExact bool
	}{
		{"semaphore", 3, 3, false},
		{"semaphore", 1, 1, true},
		{"mutex", 4, 1, true}, // the worker count is not used
		{"unlimited", 3, 0, false},
	} {
		t.Run(c.mode, func(t *testing.T) {
			_, s := run(t, "semaphore", c.mode, c.slots, map[string]float64{"tasks": tasks, "hold": hold.Seconds()})
			if s.Count[Done] != tasks {
				t.Fatalf("%d of %d tasks done", s.Count[Done], tasks)
			}
			spans := holding(t, &s)
			if len(spans) != tasks {
				t.Errorf("%d stretches of use, want one per task (%d)", len(spans), tasks)
			}
			limit := c.limit
			if limit == 0 {
				limit = tasks
			}
			peak := int(s.Stats["peak_in_use"])
			if peak < 1 || peak > limit || (c.wantPeakExact && peak != limit) {
				t.Errorf("peak in use %d, want 1 to %d", peak, limit)
			}
			if most := mostAtOnce(spans); most > limit {
				t.Errorf("the spans show %d using the resource at once, more than %d", most, limit)
			}
			// K at a time, each for at least hold: ⌈N÷K⌉ holds at least
			least := time.Duration(math.Ceil(float64(tasks)/float64(limit))) * hold
			if s.Elapsed < least {
				t.Errorf("run took %v, less than %v: more than %d held the resource at once", s.Elapsed, least, limit)
			}
			g, ok := s.Gauges["slots"]
			switch {
			case c.limit == 0 && ok:
				t.Errorf("no limit, yet a slots gauge %v", g)
			case c.limit > 0 && (!ok || g.Max != int64(c.limit) || g.N != 0):
				t.Errorf("slots gauge at the end %v (reported %v), want 0 of %d", g, ok, c.limit)
			}
			if c.limit == 0 && s.Stats["mean_wait_ms"] != 0 {
				t.Errorf("no limit, yet a mean wait of %v ms", s.Stats["mean_wait_ms"])
			}
		})
	}
}

// TestSemaphoreStopWhileWaiting stops a run while tasks wait for the one
// slot: the waits end at once (Acquire honours the run's context), no
// waiter goes on to use the resource after the stop, and no goroutine is
// left (goleak, in TestMain).
func TestSemaphoreStopWhileWaiting(t *testing.T) {
	d, _ := Lookup("semaphore")
	cfg := d.Defaults()
	cfg.Mode, cfg.Knobs["tasks"], cfg.Knobs["hold"] = "mutex", 6, 5
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var s Snapshot
	deadline := time.Now().Add(10 * time.Second)
	for r.Snapshot(&s); s.Count[Waiting] < 5 || s.Count[Running] != 1; r.Snapshot(&s) {
		if time.Now().After(deadline) {
			r.Stop()
			r.Wait()
			t.Fatalf("no moment with one task holding the slot and five waiting: %v", s.Count)
		}
		time.Sleep(5 * time.Millisecond)
	}
	stopAt := r.Elapsed()
	r.Stop()
	select {
	case <-r.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the run did not end within 5 s of Stop")
	}
	if err := r.Wait(); !errors.Is(err, ErrStopped) {
		t.Errorf("stopped run returned %v", err)
	}
	r.Snapshot(&s)
	if s.Active() != 0 || s.Count[Cancelled] != 6 {
		t.Errorf("after the stop: %d active, %d cancelled, want 0 and 6", s.Active(), s.Count[Cancelled])
	}
	for _, sp := range holding(t, &s) {
		if sp[0] > stopAt {
			t.Errorf("a task began to use the resource at %v, after the stop at %v", sp[0], stopAt)
		}
	}
}
