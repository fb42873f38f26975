package demos

import (
	"fmt"
	"testing"
	"time"
)

func TestInterleaveItem(t *testing.T) {
	for _, tc := range []struct {
		w, k int
		want string
	}{
		{0, 0, "1"}, {0, 9, "10"},
		{1, 0, "A"}, {1, 25, "Z"}, {1, 26, "AA"}, {1, 27, "AB"},
		{2, 2, "c"},
		{3, 0, "α"}, {3, 16, "ρ"}, {3, 17, "σ"}, {3, 23, "ω"}, {3, 24, "αα"},
		{4, 0, "♠1"}, {7, 2, "♣3"},
	} {
		if got := interleaveItem(tc.w, tc.k); got != tc.want {
			t.Errorf("interleaveItem(%d, %d) = %q, want %q", tc.w, tc.k, got, tc.want)
		}
	}
}

func TestInterleave(t *testing.T) {
	const steps = 3
	const base = 50 * time.Millisecond
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprint(workers, "workers"), func(t *testing.T) {
			_, s := run(t, "interleave", "goroutines", workers, map[string]float64{
				"steps": steps, "interval": base.Seconds(),
			})
			if s.Count[Done] != workers {
				t.Errorf("%d tasks done, want %d", s.Count[Done], workers)
			}
			if len(s.Logs) != workers*steps+2 {
				t.Fatalf("%d lines printed, want %d: %v", len(s.Logs), workers*steps+2, s.Logs)
			}
			// Lines are in the order of their times.
			for i := 1; i < len(s.Logs); i++ {
				if s.Logs[i].At < s.Logs[i-1].At {
					t.Errorf("line %d %q at %v comes after line %d %q at %v",
						i, s.Logs[i].Text, s.Logs[i].At, i-1, s.Logs[i-1].Text, s.Logs[i-1].At)
				}
			}
			// Every sequence is complete and in order.
			next := make([]int, workers)
			for _, l := range s.Logs[1 : len(s.Logs)-1] {
				if l.Worker < 0 || l.Worker >= workers {
					t.Fatalf("line %q from worker %d", l.Text, l.Worker)
				}
				if want := interleaveItem(l.Worker, next[l.Worker]); l.Text != want {
					t.Errorf("worker %d printed %q, want %q", l.Worker, l.Text, want)
				}
				next[l.Worker]++
			}
			for w, k := range next {
				if k != steps {
					t.Errorf("worker %d printed %d items, want %d", w, k, steps)
				}
			}
			// The join line is last, and comes no sooner than the slowest worker's
			// last item could.
			last := s.Logs[len(s.Logs)-1]
			if last.Worker != MainWorker || last.Text != "main: all workers joined" {
				t.Errorf("last line = %d %q, want the main goroutine's join line", last.Worker, last.Text)
			}
			if slowest := steps * interleaveInterval(base, workers-1); last.At < slowest {
				t.Errorf("joined at %v, before the slowest worker could finish (%v)", last.At, slowest)
			}
		})
	}
}

// TestInterleaveRhythm checks that two workers keep their own rhythms: the
// second worker's first item comes after the first worker's first item, and
// the first worker finishes first. Each worker's lines are apart by its own
// interval; a base of 150 ms leaves 75 ms between lines of different
// workers, far more than a busy machine delays a timer.
func TestInterleaveRhythm(t *testing.T) {
	const base = 150 * time.Millisecond
	_, s := run(t, "interleave", "goroutines", 2, map[string]float64{"steps": 3, "interval": base.Seconds()})
	var order []string
	for _, l := range s.Logs {
		if l.Worker != MainWorker {
			order = append(order, l.Text)
		}
	}
	// Worker 0 at 150, 300, 450 ms; worker 1 at 225, 450, 675 ms (a tie at 450).
	if len(order) != 6 || order[0] != "1" || order[1] != "A" || order[2] != "2" || order[5] != "C" {
		t.Errorf("lines in the order %v, want 1 A 2 {3 B} C", order)
	}
}
