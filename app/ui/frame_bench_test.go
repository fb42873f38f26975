package ui

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"concurrencylab/demos"
)

// busyDemo is a stand-in demo for the benchmark: n tasks that all start and
// then wait until the run is stopped, with a change reported now and then so
// every frame has a new snapshot to show.
func busyDemo(n int) *demos.Demo { return busyDemoWith(n, "timer") }

// busyDemoWith is busyDemo, except that unless what is "timer" every task
// fails at once with what as its reason: a long reason does not fit on a
// row and asks the board for detail lines.
func busyDemoWith(n int, what string) *demos.Demo {
	return &demos.Demo{
		ID: "bench", Title: "Bench", Modes: []demos.Mode{{Name: "all"}},
		Workers: demos.Knob{Name: "workers", Kind: demos.Int, Default: 1, Min: 1, Max: 1},
		Run: func(r *demos.Run) error {
			r.Tasks(n, nil)
			for i := range n {
				t := r.Task(i, i)
				t.Start()
				if what == "timer" {
					t.Sleeping(what)
				} else {
					t.Fail(errors.New(what))
				}
			}
			<-r.Context().Done()
			for i := range n {
				if what == "timer" {
					r.Task(i, i).Cancel("stopped")
				}
			}
			return nil
		},
	}
}

// BenchmarkFrame10000 is the work of one frame with 10,000 running tasks:
// one snapshot and every view updated from it (board, figures, timeline,
// overview, output). The budget is 8 ms.
func BenchmarkFrame10000(b *testing.B) { benchFrame(b, busyDemo(10000), demos.Sleeping) }

// BenchmarkFrame10000Failed is the same with every task failed for a
// reason too long for its row: the board gives detail lines to a bounded
// number of rows (setting a row's height relays the list out).
func BenchmarkFrame10000Failed(b *testing.B) {
	benchFrame(b, busyDemoWith(10000, "a reason long enough not to fit on any row of the board, even a wide one"), demos.Failed)
}

func benchFrame(b *testing.B, d *demos.Demo, st demos.State) {
	a := test.NewTempApp(b)
	a.Settings().SetTheme(newNormalTheme())
	l := New(a)
	r, err := demos.Start(context.Background(), d, demos.Config{Mode: "all", Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { r.Stop(); <-r.Done() }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var s demos.Snapshot
		r.Snapshot(&s)
		if s.Count[st] == 10000 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatal("tasks did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	l.sess.run, l.sess.ended = r, false
	l.loop.frame() // first frame: views grow to size
	b.ResetTimer()
	for b.Loop() {
		l.sess.seq = ^uint64(0) // as if the run changed: take a snapshot every frame
		l.loop.frame()
	}
	b.StopTimer()
	if len(l.sess.snap.Tasks) != 10000 || !l.views.board.wide {
		b.Fatalf("frame showed %d tasks, overview shown %v", len(l.sess.snap.Tasks), l.views.board.wide)
	}
}

// historyDemo runs n tasks to their end, a thousand lanes at a time, as the
// bounded sleepers do (sleeping, running, done), then keeps 100 more tasks
// changing state until the run is stopped: a long run's history behind a
// live present.
func historyDemo(n int) *demos.Demo {
	const lanes, live = 1000, 100
	return &demos.Demo{
		ID: "history", Title: "History", Modes: []demos.Mode{{Name: "all"}},
		Workers: demos.Knob{Name: "workers", Kind: demos.Int, Default: 1, Min: 1, Max: 1},
		Run: func(r *demos.Run) error {
			r.Tasks(n+live, func(i int) int { return i % lanes })
			for i := range n {
				t := r.Task(i, i%lanes)
				t.Sleeping("simulated I/O")
				t.Running()
				t.Done()
			}
			ts := make([]*demos.Task, live)
			for i := range ts {
				ts[i] = r.Task(n+i, (n+i)%lanes)
			}
			for k := 0; r.Context().Err() == nil; k++ {
				t := ts[k%live]
				if k/live%2 == 0 {
					t.Sleeping("simulated I/O")
				} else {
					t.Running()
				}
				if k%live == 0 {
					time.Sleep(time.Millisecond)
				}
			}
			return nil
		},
	}
}

// drawRasters draws the timeline's and the overview's pictures at their
// size, as the painter does after the frame loop's work when they were
// refreshed (the timeline asks at most every redrawEvery).
func drawRasters(l *Lab, timelineDrawn *time.Time) {
	if t, ok := l.views.timeline.(*Timeline); ok && t.geom.size.Width > 0 && t.drawn != *timelineDrawn {
		*timelineDrawn = t.drawn
		t.draw(int(t.geom.size.Width), int(t.geom.size.Height))
	}
	if o, ok := l.views.board.over.(*Overview); ok && l.views.board.wide && o.size.Width > 0 {
		o.draw(int(o.size.Width), int(o.size.Height))
	}
}

// BenchmarkFrameHistory is the work of one frame of a run that has had
// 100, 10,000 or 100,000 tasks finish, with 100 tasks changing state
// between frames (the snapshot, every view's update and the timeline's and
// overview's pictures): it must not grow with the history. Each frame takes the
// snapshot over the last one, as the frame loop does.
func BenchmarkFrameHistory(b *testing.B) {
	for _, n := range []int{100, 10_000, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			a := test.NewTempApp(b)
			a.Settings().SetTheme(newNormalTheme())
			l := New(a)
			l.Window.Resize(firstSize)
			r, err := demos.Start(context.Background(), historyDemo(n), demos.Config{Mode: "all", Workers: 1})
			if err != nil {
				b.Fatal(err)
			}
			defer func() { r.Stop(); <-r.Done() }()
			deadline := time.Now().Add(30 * time.Second)
			for {
				var s demos.Snapshot
				r.Snapshot(&s)
				if s.Count[demos.Done] == n {
					break
				}
				if time.Now().After(deadline) {
					b.Fatal("tasks did not finish")
				}
				time.Sleep(10 * time.Millisecond)
			}
			l.sess.run, l.sess.ended = r, false
			l.loop.frame()
			var drawn time.Time
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				time.Sleep(5 * time.Millisecond) // the run moves on between frames
				b.StartTimer()
				l.loop.frame()
				drawRasters(l, &drawn)
			}
		})
	}
}
