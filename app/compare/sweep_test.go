package compare

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"concurrencylab/demos"
)

func TestSweepRunsEveryStep(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	d, _ := demos.Lookup("counter")
	base := d.Defaults()
	base.Knobs["increments"] = 500
	p := Plan{ID: "s1", Demo: d, Base: base, Modes: []string{"mutex", "unsafe"}, Axis: "workers", Values: []float64{1, 2}, Repeat: 2}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	var seen []int
	recs, err := Sweep(context.Background(), p, func(ctx context.Context, s Step) (Record, error) {
		return RunOnce(ctx, d, s.Config, nil)
	}, func(i int, r Record) { seen = append(seen, i) })
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 8 || len(seen) != 8 {
		t.Fatalf("%d records, %d reported; want 2 modes × 2 values × 2 repeats", len(recs), len(seen))
	}
	for i, r := range recs {
		s := p.Steps()[i]
		if r.Mode != s.Mode || r.Workers != int(s.X) || r.Sweep != "s1" || r.Counter == nil || r.Counter.Expected != int64(500*r.Workers) {
			t.Errorf("record %d: %s %d workers sweep %q counter %+v; step %+v", i, r.Mode, r.Workers, r.Sweep, r.Counter, s)
		}
		if r.Mode == "mutex" && r.Counter.Lost != 0 {
			t.Errorf("mutex lost %d updates", r.Counter.Lost)
		}
	}
	pts := Points(recs, "workers", FigSpeedup)
	if len(pts) != 4 {
		t.Fatalf("%d points, want 4", len(pts))
	}
	for _, pt := range pts {
		if pt.Runs != 2 || pt.Speedup == nil || pt.Ideal == nil || pt.Value == nil || *pt.Value != *pt.Speedup {
			t.Errorf("point %+v", pt)
		}
		if pt.X == 1 && *pt.Speedup != 1 {
			t.Errorf("1 worker against itself: %v", *pt.Speedup)
		}
	}
	if pts[0].Mode != "mutex" || pts[2].Mode != "unsafe" || pts[0].X != 1 || pts[1].X != 2 {
		t.Errorf("points out of order: %+v", pts)
	}
	if f := Fits(pts, 2); len(f) != 2 || f[0].SerialFraction == nil || *f[0].SerialFraction < 0 || *f[0].SerialFraction > 1 {
		t.Errorf("fits %+v", f)
	}
}

func TestSweepStopsWhenCancelled(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	d, _ := demos.Lookup("sleepers")
	base := d.Defaults()
	base.Mode = "sequential"
	base.Knobs["wait"] = 5
	p := Plan{ID: "s2", Demo: d, Base: base, Modes: []string{"sequential"}, Axis: "tasks", Values: []float64{3, 4, 5}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t0 := time.Now()
	recs, err := Sweep(ctx, p, func(ctx context.Context, s Step) (Record, error) {
		return RunOnce(ctx, d, s.Config, func(r *demos.Run) {
			time.AfterFunc(100*time.Millisecond, cancel)
		})
	}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want the cancellation", err)
	}
	if len(recs) != 1 || !recs[0].Stopped || recs[0].Valid() {
		t.Fatalf("records %+v, want the one stopped run", recs)
	}
	if el := time.Since(t0); el > 3*time.Second {
		t.Errorf("the sweep took %v to stop", el)
	}
	if pts := Points(recs, "tasks", FigElapsed); len(pts) != 0 {
		t.Errorf("a stopped run made a point: %+v", pts)
	}
}

func TestRecordFromARealRun(t *testing.T) {
	d, _ := demos.Lookup("sleepers")
	c := d.Defaults()
	c.Mode = "concurrent"
	c.Knobs["tasks"] = 2000
	c.Knobs["wait"] = 0.05
	rec, err := RunOnce(context.Background(), d, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.TasksTotal != 2000 || rec.States["done"] != 2000 || len(rec.Tasks) != keepTasks {
		t.Errorf("tasks: total %d, states %v, kept %d", rec.TasksTotal, rec.States, len(rec.Tasks))
	}
	if len(rec.Timeline) == 0 || len(rec.Timeline) > keepLanes {
		t.Fatalf("%d lanes", len(rec.Timeline))
	}
	for _, l := range rec.Timeline {
		if len(l.Spans) == 0 || len(l.Spans) > keepSegments+1 {
			t.Errorf("lane %d: %d segments", l.Worker, len(l.Spans))
		}
		for i, s := range l.Spans {
			if s.EndMS < s.StartMS || s.EndMS > rec.ElapsedMS+1 || (i > 0 && s.StartMS < l.Spans[i-1].StartMS) {
				t.Errorf("lane %d segment %d: %+v (run %v ms)", l.Worker, i, s, rec.ElapsedMS)
			}
		}
	}
	if v, ok := FigElapsed.Value(&rec, nil); !ok || v <= 0.04 {
		t.Errorf("elapsed figure %v", v)
	}
}

func TestThinKeepsTheDominantState(t *testing.T) {
	var segs []Segment
	for i := range 1000 { // 1 ms running, 1 ms sleeping... for 2 s, then a failure
		st := "running"
		if i%4 == 3 {
			st = "sleeping"
		}
		segs = append(segs, Segment{StartMS: float64(i) * 2, EndMS: float64(i)*2 + 2, State: st})
	}
	segs = append(segs, Segment{StartMS: 1999, EndMS: 1999, State: "failed"})
	out := thin(segs, 2000, 100)
	if len(out) > 101 {
		t.Fatalf("%d segments after thinning to 100", len(out))
	}
	var failed bool
	for _, s := range out {
		failed = failed || s.State == "failed"
	}
	if !failed || out[0].State != "running" {
		t.Errorf("thinned: %+v", out)
	}
}

// TestListsAreCapped: a list of MaxValues values is a sweep, one more is
// refused in one sentence, by ParseValues and by Plan.Check alike; and no
// demo's default list, at any knob's maximum, reaches the cap.
func TestListsAreCapped(t *testing.T) {
	d, _ := demos.Lookup("cpu")
	list := strings.TrimSuffix(strings.Repeat("2,", MaxValues), ",")
	if vs, err := ParseValues(d, "workers", list); err != nil || len(vs) != MaxValues {
		t.Errorf("%d values: %v, %v; want them all", MaxValues, len(vs), err)
	}
	want := fmt.Sprintf("-workers lists %d values; a sweep takes at most %d, each run in every mode", MaxValues+1, MaxValues)
	if _, err := ParseValues(d, "workers", list+",4"); err == nil || err.Error() != want {
		t.Errorf("%d values: %v; want %q", MaxValues+1, err, want)
	}
	p := NewPlan(d, d.Defaults())
	p.Axis, p.Values = "workers", make([]float64, MaxValues+1)
	for i := range p.Values {
		p.Values[i] = 1
	}
	if err := p.Check(); err == nil || err.Error() != want {
		t.Errorf("a plan of %d values: %v; want %q", MaxValues+1, err, want)
	}
	for _, id := range demos.IDs() {
		d, _ := demos.Lookup(id)
		base := d.Defaults()
		for _, k := range d.Knobs {
			base.Knobs[k.Name] = k.Max
		}
		if vs := NewPlan(d, base).Values; len(vs) > MaxValues {
			t.Errorf("%s: the default sweep has %d values, past the cap of %d", id, len(vs), MaxValues)
		}
	}
}
