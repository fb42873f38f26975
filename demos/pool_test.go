package demos

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// poolDoneOnce checks from the spans that every job's work was started once and
// the job done exactly once, and returns how many were done.
func poolDoneOnce(t *testing.T, s *Snapshot) int {
	t.Helper()
	done := 0
	for _, ti := range s.Tasks {
		var picks, dones int
		for _, sp := range ti.Spans {
			switch sp.State {
			case Running:
				picks++
			case Done:
				dones++
			}
		}
		if picks != 1 || dones != 1 || ti.State != Done {
			t.Errorf("job %d: worked on %d times, done %d times, ended %s %q", ti.ID, picks, dones, ti.State, ti.On)
		}
		done += dones
	}
	return done
}

func TestPoolFixed(t *testing.T) {
	_, s := run(t, "pool", "fixed", 4, map[string]float64{"jobs": 40, "rate": 400, "cost": 0.02})
	if n := poolDoneOnce(t, &s); n != 40 {
		t.Errorf("%d jobs done, want 40", n)
	}
	if s.Stats["jobs_done"] != 40 {
		t.Errorf("jobs_done = %v, want 40", s.Stats["jobs_done"])
	}
	// Jobs arrive at 400/s; 4 workers at 20 ms a job finish at most 200/s,
	// so a queue builds up and jobs wait in it.
	if s.Stats["peak_queue"] < 2 || s.Stats["mean_wait_ms"] <= 0 || s.Stats["throughput"] <= 0 {
		t.Errorf("stats %v: want a queue, a wait and a throughput", s.Stats)
	}
	for _, name := range []string{"queue", "throughput", "workers"} {
		if len(s.Series[name]) < 2 {
			t.Errorf("series %q has %d points", name, len(s.Series[name]))
		}
	}
	workers := map[int]bool{}
	for _, ti := range s.Tasks {
		workers[ti.Worker] = true
	}
	if len(workers) != 4 {
		t.Errorf("jobs ran on workers %v, want 4 workers", workers)
	}
}

// TestPoolLiveResize drags the worker count up and down while jobs flow:
// the pool must follow, and every job must still be done exactly once. Each
// change waits until the pool has reached the last one (retiring workers
// finish their job first), so it holds however slow the machine is.
func TestPoolLiveResize(t *testing.T) {
	d, _ := Lookup("pool")
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers = "live", 2
	cfg.Knobs["jobs"], cfg.Knobs["rate"], cfg.Knobs["cost"] = 300, 300, 0.02
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { r.Stop(); <-r.Done() }()
	var s Snapshot
	until := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
			r.Snapshot(&s)
			if cond() {
				return
			}
			if s.Ended || time.Now().After(deadline) {
				t.Fatalf("the pool ended or took 10 s before %s; workers series %v", what, s.Series["workers"])
			}
		}
	}
	for _, n := range []int{8, 1, 12, 3, 6} {
		r.SetWorkers(n)
		until(fmt.Sprint(n, " workers"), func() bool {
			w := s.Series["workers"]
			return len(w) > 0 && w[len(w)-1].Value == float64(n)
		})
		if n == 12 {
			until("w11 took a job", func() bool {
				return slices.ContainsFunc(s.Tasks, func(ti TaskInfo) bool { return ti.Worker == 11 && ti.State != Pending })
			})
		}
	}
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	r.Snapshot(&s)
	if n := poolDoneOnce(t, &s); n != 300 {
		t.Errorf("%d jobs done, want 300", n)
	}
	lo, hi := 64.0, 0.0
	for _, p := range s.Series["workers"] {
		lo, hi = min(lo, p.Value), max(hi, p.Value)
	}
	if lo != 1 || hi != 12 {
		t.Errorf("workers series %v went from %v to %v, want down to 1 and up to 12", s.Series["workers"], lo, hi)
	}
	var joined, retired int
	for _, l := range s.Logs {
		switch {
		case strings.Contains(l.Text, "joined"):
			joined++
		case strings.Contains(l.Text, "retired"):
			retired++
		}
	}
	if joined == 0 || retired == 0 {
		t.Errorf("%d joins and %d retirements logged, want some of each", joined, retired)
	}
}

// TestPoolFixedIgnoresSlider: the fixed pool keeps its size.
func TestPoolFixedIgnoresSlider(t *testing.T) {
	d, _ := Lookup("pool")
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers = "fixed", 2
	cfg.Knobs["jobs"], cfg.Knobs["rate"], cfg.Knobs["cost"] = 30, 300, 0.01
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.SetWorkers(8)
	select {
	case <-r.Done():
	case <-time.After(20 * time.Second):
		r.Stop()
		<-r.Done()
		t.Fatal("pool did not finish in time")
	}
	var s Snapshot
	r.Snapshot(&s)
	for _, p := range s.Series["workers"] {
		if p.Value > 2 {
			t.Fatalf("fixed pool grew to %v workers", p.Value)
		}
	}
	poolDoneOnce(t, &s)
}
