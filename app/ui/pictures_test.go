package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"concurrencylab/demos"
)

// vizDemo runs a demo for real and feeds a snapshot to f about every frame,
// as the window does, and once more at the end; it returns the last one.
func vizDemo(t testing.TB, id, mode string, workers int, knobs map[string]float64, f func(*demos.Snapshot)) *demos.Snapshot {
	t.Helper()
	d, ok := demos.Lookup(id)
	if !ok {
		t.Fatalf("no demo %q", id)
	}
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers = mode, workers
	for k, v := range knobs {
		cfg.Knobs[k] = v
	}
	r, err := demos.Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var s demos.Snapshot
	tick := time.NewTicker(16 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case <-r.Done():
			r.Snapshot(&s)
			f(&s)
			return &s
		case <-tick.C:
			r.Snapshot(&s)
			f(&s)
		case <-deadline:
			r.Stop()
			r.Wait()
			t.Fatalf("%s %s did not end within a minute", id, mode)
		}
	}
}

// hasText reports whether some text of o starts with prefix.
func hasText(got []string, prefix string) bool {
	return slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, prefix) })
}

// TestNewPictureForEachDemo draws the picture of every registered demo
// that has one, empty and busy, and checks that every picture file
// registered its picture under the ID of a registered demo (a misspelt ID
// would leave the demo with the default picture, unnoticed).
func TestNewPictureForEachDemo(t *testing.T) {
	vizApp(t, 1)
	for id, pr := range presentations {
		if _, ok := demos.Lookup(id); !ok {
			t.Errorf("a picture file presents %q, which no demo registers (have %q)", id, demos.IDs())
		}
		if pr.picture == nil && pr.featured == nil {
			t.Errorf("%s: an empty presentation", id)
		}
	}
	if NewPicture("no-such-demo") != nil {
		t.Error("NewPicture(no-such-demo) is not nil")
	}
	for _, d := range demos.All() {
		id := d.ID
		p := NewPicture(id)
		if (p != nil) != (presentationOf(d).picture != nil) {
			t.Errorf("NewPicture(%q) = %v", id, p)
			continue
		}
		if p == nil {
			continue
		}
		vizRender(t, p, 640, 360)
		p.Update(&demos.Snapshot{})
		vizRender(t, p, 640, 360)
		p.Update(vizRun(4, 3, time.Second, false, 9)) // a busy snapshot of no demo in particular
		vizRender(t, p, 640, 360)
	}
}

func TestPoolPicture(t *testing.T) {
	vizApp(t, 1)
	p := NewPicture("pool")
	vizRender(t, p, 800, 300)
	s := vizDemo(t, "pool", "fixed", 2, map[string]float64{"jobs": 30, "rate": 40, "cost": 0.1}, p.Update)
	vizShot(t, "picture-pool", vizRender(t, p, 800, 300))
	got := vizTexts(p)
	for _, w := range []string{"queue: ", "workers: ", "throughput, last second: "} {
		if !hasText(got, w) {
			t.Errorf("pool picture %q lacks %q", got, w)
		}
	}
	if len(s.Series["queue"]) == 0 {
		t.Error("the pool run recorded no queue")
	}
}

func TestPipelinePicture(t *testing.T) {
	for _, mode := range []string{"buffered", "unbuffered"} {
		t.Run(mode, func(t *testing.T) {
			vizApp(t, 1)
			p := NewPicture("pipeline").(*pipelinePicture)
			vizRender(t, p, 640, 300)
			blocked, shot := false, false
			vizDemo(t, "pipeline", mode, 2, map[string]float64{"items": 40, "buffer": 8}, func(s *demos.Snapshot) {
				p.Update(s)
				for _, c := range p.chans {
					if c.send+c.recv > 0 {
						blocked = true
						if !shot && s.Elapsed > 200*time.Millisecond {
							vizShot(t, "picture-pipeline-"+mode, vizRender(t, p, 640, 300))
							shot = true
						}
					}
				}
			})
			got := vizTexts(p)
			for _, w := range []string{"ch1", "ch2", "ch3"} {
				if !slices.Contains(got, w) {
					t.Errorf("pipeline picture %q lacks %q", got, w)
				}
			}
			want := "0 / 8"
			if mode == "unbuffered" {
				want = "0 / 0"
			}
			if !slices.Contains(got, want) {
				t.Errorf("pipeline picture at the end %q lacks %q", got, want)
			}
			if !blocked {
				t.Error("no frame showed a blocked sender or receiver")
			}
		})
	}
}

func TestDeadlockPicture(t *testing.T) {
	for _, c := range []struct {
		mode     string
		workers  int
		deadlock bool
	}{{"deadlock", 2, true}, {"deadlock", 4, true}, {"ordered", 2, false}} {
		t.Run(c.mode+"-"+string(rune('0'+c.workers)), func(t *testing.T) {
			vizApp(t, 1)
			p := NewPicture("deadlock").(*deadlockPicture)
			vizRender(t, p, 640, 400)
			vizDemo(t, "deadlock", c.mode, c.workers, map[string]float64{"rounds": 2}, p.Update)
			img := vizRender(t, p, 640, 400)
			vizShot(t, "picture-deadlock-"+c.mode+"-"+string(rune('0'+c.workers)), img)
			got := vizTexts(p)
			if hasText(got, "Deadlock:") != c.deadlock {
				t.Errorf("deadlock said %v, want %v: %q", hasText(got, "Deadlock:"), c.deadlock, got)
			}
			if c.deadlock {
				if !hasText(got, "w0 holds ") || !hasText(got, "w1 holds ") {
					t.Errorf("no words on who holds what: %q", got)
				}
				if cyc := p.cycle(); len(cyc) < 2 {
					t.Errorf("cycle = %v, want one of 2 or more workers", cyc)
				}
				for _, w := range []string{"lock A", "lock B", "holds", "waits for"} {
					if !slices.Contains(got, w) {
						t.Errorf("deadlock picture %q lacks %q", got, w)
					}
				}
			}
		})
	}
}

func TestSpawnPicture(t *testing.T) {
	vizApp(t, 1)
	p := NewPicture("spawn")
	vizRender(t, p, 720, 360)
	for _, mode := range []string{"goroutines", "threads"} {
		vizDemo(t, "spawn", mode, 1, map[string]float64{"count": 200}, p.Update)
	}
	vizShot(t, "picture-spawn", vizRender(t, p, 720, 360))
	got := vizTexts(p)
	if n := len(slices.DeleteFunc(slices.Clone(got), func(s string) bool { return !strings.Contains(s, " for 200") })); n != 2 {
		t.Errorf("%d start figures for 200 units, want 2 (goroutines, threads): %q", n, got)
	}
	if !slices.Contains(got, "not run yet") {
		t.Errorf("processes not marked as not run yet: %q", got)
	}
	if !hasText(got, "Memory per unit") || !slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, "B") }) {
		t.Errorf("no memory figure in bytes: %q", got)
	}
}

func TestCPUPicture(t *testing.T) {
	vizApp(t, 1)
	p := NewPicture("cpu")
	vizRender(t, p, 720, 300)
	rs := p.(RunSetter)
	for _, mode := range []string{"goroutines", "gil"} {
		rs.SetRun(mode, 2)
		vizDemo(t, "cpu", mode, 2, map[string]float64{"chunks": 8, "work": 100}, p.Update)
	}
	vizShot(t, "picture-cpu", vizRender(t, p, 720, 300))
	got := vizTexts(p)
	n := 0
	for _, s := range got {
		if strings.HasPrefix(s, "×") && strings.HasSuffix(s, "with 2 workers") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d parallelism figures, want 2: %q", n, got)
	}
	if !hasText(got, "GOMAXPROCS = ") {
		t.Errorf("no GOMAXPROCS marker: %q", got)
	}
}
