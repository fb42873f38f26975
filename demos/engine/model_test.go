package engine

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestETAStartsAtFirstProgress: a download that waits 1 s for its first byte
// and then gets 100 units/s has 0.5 s left half-way, not three times that.
func TestETAStartsAtFirstProgress(t *testing.T) {
	m := newModel(func() time.Duration { return 0 }, Config{})
	m.apply(Event{At: 0, Kind: EvState, State: Sleeping, Text: "waiting for first byte"})
	m.apply(Event{At: time.Second, Kind: EvState, State: Running, Text: "receiving"})
	m.apply(Event{At: time.Second, Kind: EvProgress, N: 0, Total: 100})
	m.apply(Event{At: 1500 * time.Millisecond, Kind: EvProgress, N: 50, Total: 100})
	ti := &m.tasks[0]
	if r := ti.Rate(1500 * time.Millisecond); r < 99 || r > 101 {
		t.Errorf("rate %.1f units/s, want 100", r)
	}
	if eta, ok := ti.ETA(1500 * time.Millisecond); !ok || eta < 450*time.Millisecond || eta > 550*time.Millisecond {
		t.Errorf("ETA %v (ok %v), want 0.5 s", eta, ok)
	}
}

// TestProgressKeepsLatestValue: progress reported faster than it is sent is
// coalesced, but the value a task had when it failed is the one shown.
func TestProgressKeepsLatestValue(t *testing.T) {
	d := &Demo{ID: "progress", Modes: []Mode{{Name: "m"}},
		Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 1},
		Run: func(r *Run) error {
			task := r.Task(0, 0)
			task.Start()
			for i := int64(1); i <= 5000; i++ {
				task.Progress(i, 10000)
			}
			task.Fail(errors.New("connection reset after 5000 of 10000 units"))
			return nil
		}}
	r, err := Start(context.Background(), d, d.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	var s Snapshot
	r.Snapshot(&s)
	if ti := s.Tasks[0]; ti.N != 5000 || ti.Total != 10000 || ti.State != Failed {
		t.Errorf("task shows %d of %d, %s; want 5000 of 10000, failed", ti.N, ti.Total, ti.State)
	}
}

// A wait through WaitingTo reads as words on the board and as data for a
// picture: the operation and the resource apart.
func TestWaitingToFoldsOpAndResource(t *testing.T) {
	m := newModel(func() time.Duration { return 0 }, Config{})
	m.apply(Event{Kind: EvState, Task: 0, State: Waiting, Text: "ch1", N: int64(WaitSend)})
	var s Snapshot
	m.Snapshot(&s)
	if ti := s.Tasks[0]; ti.On != "send ch1" || ti.Op != WaitSend || ti.Res != "ch1" {
		t.Errorf("after WaitingTo: On %q Op %v Res %q; want send ch1, send, ch1", ti.On, ti.Op, ti.Res)
	}
	m.apply(Event{Kind: EvState, Task: 0, State: Waiting, Text: "lock A"})
	m.Snapshot(&s)
	if ti := s.Tasks[0]; ti.On != "lock A" || ti.Op != WaitNone || ti.Res != "" {
		t.Errorf("after Waiting: On %q Op %v Res %q; want lock A and no operation", ti.On, ti.Op, ti.Res)
	}
}

// TestUnitsOf: the tasks that units fill each stand for Per of them, the
// last for what is left, and together for Total; a declaration that makes
// no sense is not folded.
func TestUnitsOf(t *testing.T) {
	for per := 1; per <= 12; per++ {
		for total := 0; total <= 50; total++ {
			u := Units{Per: per, Total: total}
			sum := 0
			for i := range u.Tasks() {
				n := u.Of(i)
				if n < 1 || n > per || (n < per && i != u.Tasks()-1) {
					t.Fatalf("%+v: task %d stands for %d units", u, i, n)
				}
				sum += n
			}
			if sum != total || u.Of(u.Tasks()) != 0 {
				t.Fatalf("%+v: the tasks stand for %d units, want %d; past the last %d", u, sum, total, u.Of(u.Tasks()))
			}
		}
	}
	if (Units{}).Of(7) != 1 || (Units{}).Tasks() != 0 {
		t.Error("no units declared: a task should stand for itself")
	}
	// the units in each state, against a count task by task
	for _, c := range []struct{ per, total, tasks int }{{10, 95, 10}, {10, 100, 10}, {3, 7, 5}, {4, 100, 3}, {1, 6, 6}} {
		sn := Snapshot{Units: Units{Per: c.per, Total: c.total}, Tasks: make([]TaskInfo, c.tasks)}
		var want [numStates]int
		for i := range sn.Tasks {
			st := States()[(i*5)%int(numStates)]
			sn.Tasks[i].State = st
			sn.Count[st]++
			want[st] += sn.Units.Of(i)
		}
		for _, st := range States() {
			if got := sn.UnitsIn(st); got != want[st] {
				t.Errorf("%+v, %d tasks: %d units %s, want %d", sn.Units, c.tasks, got, st, want[st])
			}
		}
	}

	m := newModel(func() time.Duration { return 0 }, Config{})
	m.apply(Event{Kind: EvUnits, N: 10, Total: 95, Text: "goroutines"})
	m.apply(Event{Kind: EvUnits, N: 0, Total: 5, Text: "nothing"})
	m.apply(Event{Kind: EvUnits, N: 2, Total: -1, Text: "nothing"})
	var s Snapshot
	m.Snapshot(&s)
	if want := (Units{Per: 10, Total: 95, Noun: "goroutines"}); s.Units != want {
		t.Errorf("units %+v, want %+v", s.Units, want)
	}
}

// TestSettleWaitsForTheFold: once Settle returns, the Model holds every
// event sent before it: the last of 10,000 tasks' ends among them.
func TestSettleWaitsForTheFold(t *testing.T) {
	r := testRun(t, 1)
	done := make(chan struct{})
	go func() { r.fold(); close(done) }()
	const n = 10_000
	r.Tasks(n, nil)
	for i := range n {
		t := r.Task(i, 0)
		t.Start()
		t.Fail(errors.New("a failure"))
	}
	r.Settle()
	if _, ok, failed := r.Model().Totals(); ok != 0 || failed != n {
		t.Errorf("after Settle the Model counts %d failed of %d", failed, n)
	}
	r.events.close()
	<-done
}
