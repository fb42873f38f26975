package engine

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// TestSnapshotCopiesOnlyChanges: a snapshot taken over an earlier one of the
// same Model holds exactly what a fresh copy holds, and lists every task
// that differs from the earlier one, through tasks added on the way and
// through a change log trimmed because the reader fell behind.
func TestSnapshotCopiesOnlyChanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := newModel(func() time.Duration { return time.Second }, Config{})
	m.declare(50, nil)
	var inc Snapshot
	m.Snapshot(&inc)
	if inc.Prev != 0 || len(inc.Tasks) != 50 {
		t.Fatalf("first snapshot: prev %d, %d tasks; want a full copy of 50", inc.Prev, len(inc.Tasks))
	}
	states := []State{Running, Waiting, Sleeping, Done, Failed}
	for round := range 300 {
		before := slices.Clone(inc.Tasks)
		for i := range before {
			before[i].Spans = slices.Clone(before[i].Spans)
		}
		// one batch, as the fold applies it; now and then a long one that
		// makes the log outgrow the table
		n := 1 + rng.IntN(20)
		if round%50 == 49 {
			n = 5000
		}
		m.mu.Lock()
		for range n {
			id := int32(rng.IntN(len(m.tasks) + 2)) // sometimes a new task
			switch rng.IntN(3) {
			case 0:
				m.applyp(&Event{At: time.Duration(round), Kind: EvState, Task: id, Worker: id, State: states[rng.IntN(len(states))]})
			case 1:
				m.applyp(&Event{Kind: EvProgress, Task: id, Worker: id, N: int64(round), Total: 1000})
			default:
				m.applyp(&Event{Kind: EvHold, Task: id, Worker: id, Text: "lock"})
			}
		}
		m.seq++
		m.trimLog()
		m.mu.Unlock()

		seenBefore := inc.Seq
		if round%7 != 3 { // now and then the reader skips a batch
			m.Snapshot(&inc)
		} else {
			continue
		}
		var full Snapshot
		m.Snapshot(&full)
		if !reflect.DeepEqual(inc.Tasks, full.Tasks) {
			t.Fatalf("round %d: the snapshot taken over an earlier one differs from a fresh copy", round)
		}
		if inc.Prev == 0 {
			continue // a full copy: nothing to list
		}
		if inc.Prev != seenBefore {
			t.Fatalf("round %d: prev %d, want %d", round, inc.Prev, seenBefore)
		}
		for i := range inc.Tasks {
			changed := i >= len(before) || !reflect.DeepEqual(inc.Tasks[i], before[i])
			if changed && !slices.Contains(inc.Changed, int32(i)) {
				t.Fatalf("round %d: task %d changed but is not listed in %v", round, i, inc.Changed)
			}
		}
	}
}

// TestEventQueueKeepsOrder: events from many goroutines all arrive, each
// goroutine's in the order it sent them, through emitters that wait for
// room in a full queue.
func TestEventQueueKeepsOrder(t *testing.T) {
	q := newEventQueue()
	const senders, each = 8, 3 * 4096
	done := make(chan struct{})
	for s := range senders {
		go func() {
			for i := range each {
				q.push(&Event{Worker: int32(s), N: int64(i)})
			}
			done <- struct{}{}
		}()
	}
	go func() {
		for range senders {
			<-done
		}
		q.close()
	}()
	next := make([]int64, senders)
	var spare [][]Event
	for {
		chunks, ok := q.take(spare)
		if !ok {
			break
		}
		for _, c := range chunks {
			for _, e := range c {
				if e.N != next[e.Worker] {
					t.Fatalf("sender %d: event %d arrived when %d was due", e.Worker, e.N, next[e.Worker])
				}
				next[e.Worker]++
			}
		}
		q.recycle(chunks)
		spare = chunks[:0]
	}
	for s, n := range next {
		if n != each {
			t.Errorf("sender %d: %d of %d events arrived", s, n, each)
		}
	}
}
