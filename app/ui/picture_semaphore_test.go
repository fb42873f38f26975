package ui

import (
	"slices"
	"testing"
	"time"

	"concurrencylab/demos"
)

// TestSemaphorePicture feeds the picture a real run's snapshots: it never
// fills more boxes than the semaphore has slots, shows a moment with every
// slot taken and a queue, and at the end every task done and no queue.
func TestSemaphorePicture(t *testing.T) {
	vizApp(t, 1)
	p := NewPicture("semaphore").(*semaphorePicture)
	vizRender(t, p, 640, 360)
	const slots = 3
	queued, shot := false, false
	vizDemo(t, "semaphore", "semaphore", slots, map[string]float64{"tasks": 12, "hold": 0.15}, func(s *demos.Snapshot) {
		p.Update(s)
		if len(p.holder) != slots {
			t.Fatalf("%d slot boxes, want %d", len(p.holder), slots)
		}
		held := slices.DeleteFunc(slices.Clone(p.holder), func(l int) bool { return l < 0 })
		if len(held) != len(slices.Compact(slices.Sorted(slices.Values(held)))) {
			t.Errorf("a task in two slots: %v", p.holder)
		}
		if len(p.waiters) > 0 && len(held) == slots {
			queued = true
			if !shot {
				img := vizRender(t, p, 640, 360)
				got := vizTexts(p)
				for _, w := range []string{"3 slots: 3 in use", "Waiting for a slot ("} {
					if !hasText(got, w) {
						t.Errorf("with a queue, the picture %q lacks %q", got, w)
					}
				}
				vizShot(t, "picture-semaphore", img)
				shot = true
			}
		}
	})
	if !queued {
		t.Error("no frame showed every slot taken and a task waiting")
	}
	vizRender(t, p, 640, 360)
	got := vizTexts(p)
	for _, w := range []string{"12 of 12 done", "No one is waiting for a slot.", "free"} {
		if !slices.Contains(got, w) {
			t.Errorf("at the end the picture %q lacks %q", got, w)
		}
	}
}

// TestSemaphorePictureKeepsSlots: a holder keeps its box while it holds
// the slot, a new holder takes the first free box, and the queue is in the
// order the tasks began to wait.
func TestSemaphorePictureKeepsSlots(t *testing.T) {
	vizApp(t, 1)
	p := newSemaphorePicture()
	task := func(id int, st demos.State, since time.Duration) demos.TaskInfo {
		return demos.TaskInfo{ID: id, Worker: id, State: st, Spans: []demos.Span{{At: since, State: st}}}
	}
	snap := func(n int64, tasks ...demos.TaskInfo) *demos.Snapshot {
		return &demos.Snapshot{Source: 1, Tasks: tasks, Gauges: map[string]demos.Gauge{"slots": {N: n, Max: 3}}}
	}
	p.Update(snap(2,
		task(0, demos.Running, 0), task(1, demos.Running, 0),
		task(2, demos.Waiting, 5*time.Millisecond), task(3, demos.Waiting, 3*time.Millisecond)))
	if !slices.Equal(p.holder, []int{0, 1, -1}) || !slices.Equal(p.waiters, []int{3, 2}) {
		t.Fatalf("slots %v, queue %v; want [0 1 -1] and [3 2]", p.holder, p.waiters)
	}
	p.Update(snap(2,
		task(0, demos.Done, 0), task(1, demos.Running, 0),
		task(2, demos.Waiting, 5*time.Millisecond), task(3, demos.Running, 9*time.Millisecond)))
	if !slices.Equal(p.holder, []int{3, 1, -1}) || !slices.Equal(p.waiters, []int{2}) {
		t.Errorf("slots %v, queue %v; want [3 1 -1] and [2]", p.holder, p.waiters)
	}
	vizRender(t, p, 640, 360)
	if got := vizTexts(p); !hasText(got, "3 slots: 2 in use") || !hasText(got, "w3") {
		t.Errorf("picture says %q", got)
	}
	// with no limit: no slots gauge, every task that has started uses it
	p.Update(&demos.Snapshot{Source: 2, Tasks: []demos.TaskInfo{task(0, demos.Running, 0), task(1, demos.Running, 0)}})
	vizRender(t, p, 640, 360)
	if got := vizTexts(p); !hasText(got, "No limit: 2 using the resource at once") {
		t.Errorf("with no limit the picture says %q", got)
	}
}
