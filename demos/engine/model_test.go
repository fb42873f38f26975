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
