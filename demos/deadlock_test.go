package demos

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// lkRunWithin runs demo id to its end, failing (and stopping the run) if it
// takes longer than limit, so a test of a freezing demo can never hang.
func lkRunWithin(t *testing.T, limit time.Duration, id, mode string, workers int, knobs map[string]float64) Snapshot {
	t.Helper()
	d, _ := Lookup(id)
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers = mode, workers
	for k, v := range knobs {
		cfg.Knobs[k] = v
	}
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(limit):
		r.Stop()
		<-r.Done()
		t.Fatalf("%s %s with %d workers did not end within %v", id, mode, workers, limit)
	}
	if err := r.Wait(); err != nil {
		t.Fatalf("%s %s: %v", id, mode, err)
	}
	var s Snapshot
	r.Snapshot(&s)
	return s
}

func TestDeadlockDetected(t *testing.T) {
	for _, workers := range []int{2, 3, 4, 8} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			s := lkRunWithin(t, 5*time.Second, "deadlock", "deadlock", workers, nil)
			if !s.Flags["deadlocked"] {
				t.Fatalf("deadlocked flag not set; logs: %v", s.Logs)
			}
			// The cycle forms after one hold (about 50 ms) and the detector
			// looks every 20 ms: 3 s is for a loaded machine under -race.
			if at := s.Stats["detected_ms"]; at <= 0 || at > 3000 {
				t.Errorf("deadlock detected at %v ms, want within seconds", at)
			}
			if c := s.Stats["cycle_length"]; c != 2 {
				t.Errorf("cycle_length = %v, want 2", c)
			}
			// Every worker's first-round task fails, saying what it holds and
			// waits for, and a log line says the same.
			logs := map[string]bool{}
			for _, l := range s.Logs {
				logs[l.Text] = true
			}
			cycle := map[string]bool{}
			for w := range workers {
				ti := s.Tasks[w]
				why, ok := strings.CutPrefix(ti.On, "deadlocked: ")
				if ti.State != Failed || !ok || !strings.Contains(why, "waits for") {
					t.Errorf("w%d: %s %q, want failed with a deadlock reason", w, ti.State, ti.On)
				}
				if !logs[fmt.Sprintf("w%d %s", w, why)] {
					t.Errorf("no log line says w%d %s; logs: %v", w, why, s.Logs)
				}
				if len(ti.Holds) != 0 {
					t.Errorf("w%d still holds %v", w, ti.Holds)
				}
				if strings.HasPrefix(why, "holds A, waits for B") || strings.HasPrefix(why, "holds B, waits for A") {
					cycle[why[:len("holds A, waits for B")]] = true
					// The graph was drawn: the task held one lock and waited for the other.
					var waited bool
					for _, sp := range ti.Spans {
						waited = waited || (sp.State == Waiting && strings.HasPrefix(sp.On, "lock "))
					}
					if !waited {
						t.Errorf("w%d spans %v show no wait for a lock", w, ti.Spans)
					}
				}
			}
			// The rounds after the deadlock never ran, and say why.
			for _, ti := range s.Tasks[workers:] {
				if ti.State != Cancelled || ti.On != "not run: its worker was deadlocked" {
					t.Errorf("task %d (a later round): %s %q", ti.ID, ti.State, ti.On)
				}
			}
			if len(cycle) != 2 {
				t.Errorf("reasons show the cycle sides %v, want both A→B and B→A", cycle)
			}
			if workers == 2 {
				if want := "deadlocked: holds A, waits for B (held by w1)"; s.Tasks[0].On != want {
					t.Errorf("w0: %q, want %q", s.Tasks[0].On, want)
				}
			}
		})
	}
}

func TestDeadlockOrderedFinishes(t *testing.T) {
	s := lkRunWithin(t, 10*time.Second, "deadlock", "ordered", 4, map[string]float64{"rounds": 2})
	if s.Flags["deadlocked"] {
		t.Error("ordered mode reported a deadlock")
	}
	if s.Count[Done] != 8 {
		t.Errorf("%d of 8 tasks done", s.Count[Done])
	}
	if s.Stats["rounds_done"] != 8 {
		t.Errorf("rounds_done = %v, want 8", s.Stats["rounds_done"])
	}
}

func TestDeadlockTimeoutGivesUp(t *testing.T) {
	s := lkRunWithin(t, 10*time.Second, "deadlock", "timeout", 2,
		map[string]float64{"timeout": 0.1, "rounds": 2})
	if s.Flags["deadlocked"] {
		t.Error("timeout mode reported a deadlock")
	}
	failed := 0
	for _, ti := range s.Tasks {
		switch ti.State {
		case Done:
		case Failed:
			failed++
			if !strings.HasPrefix(ti.On, "gave up waiting for lock ") || !strings.Contains(ti.On, "released") {
				t.Errorf("task %d failed with %q, want a give-up reason", ti.ID, ti.On)
			}
		default:
			t.Errorf("task %d ended %s %q", ti.ID, ti.State, ti.On)
		}
	}
	if failed == 0 || float64(failed) != s.Stats["timeouts"] {
		t.Errorf("%d tasks failed, timeouts = %v; want at least one, and equal", failed, s.Stats["timeouts"])
	}
}

// TestDeadlockReportsItsGraph: the run reports its wait-for graph as data,
// and at a deadlock the graph stays as detected: each worker holds one
// lock and waits for the one the other holds.
func TestDeadlockReportsItsGraph(t *testing.T) {
	_, s := run(t, "deadlock", "deadlock", 2, nil)
	if !s.Flags["deadlocked"] {
		t.Fatalf("deadlock mode did not deadlock; logs: %v", s.Logs)
	}
	if len(s.Graph) != 2 {
		t.Fatalf("graph %+v, want two workers", s.Graph)
	}
	for _, e := range s.Graph {
		other := 1 - e.Worker
		if len(e.Holds) != 1 || e.WaitsFor == "" || e.WaitsFor == e.Holds[0] || e.Holder != other {
			t.Errorf("w%d: holds %v, waits for %q held by w%d; want one lock held and the other waited for, held by w%d",
				e.Worker, e.Holds, e.WaitsFor, e.Holder, other)
		}
	}
}
