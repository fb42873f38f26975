package compare

import (
	"math"
	"testing"

	"concurrencylab/demos"
)

// synthetic makes the records of a sweep of work whose serial fraction is f
// on cores cores: T(n) = T1 (f + (1-f)/min(n, cores)), each time off by up
// to ±1.5% (a fixed pattern) as a machine with other work would give them.
func synthetic(f float64, cores int, workers []int, t1 float64, noisy bool) []Record {
	noise := []float64{0, 0.01, -0.01, 0.005, -0.01, 0.01, -0.005}
	if !noisy {
		noise = []float64{0}
	}
	var out []Record
	for i, n := range workers {
		t := t1 * (f + (1-f)/Ideal(float64(n), cores)) * (1 + noise[i%len(noise)])
		out = append(out, Record{Summary: demos.Summary{Demo: "cpu", Mode: "goroutines", Workers: n,
			Knobs: map[string]any{"chunks": int64(32)}, Speed: 1, ElapsedMS: t,
			Stats: map[string]any{"gomaxprocs": float64(cores)}}})
	}
	return out
}

func TestFitAmdahlRecoversSerialFraction(t *testing.T) {
	for _, tc := range []struct {
		f       float64
		cores   int
		workers []int
	}{
		{0, 8, []int{1, 2, 4, 8, 16}},
		{0.05, 8, []int{1, 2, 4, 8, 16}},
		{0.1, 16, []int{1, 2, 4, 8, 16}},
		{0.3, 8, []int{1, 2, 3, 4, 6, 8}},
		{0.7, 4, []int{1, 2, 4}},
		{0.95, 2, []int{1, 2, 4}},
		{0.5, 2, []int{1, 2}},
	} {
		for _, noisy := range []bool{false, true} {
			recs := synthetic(tc.f, tc.cores, tc.workers, 4000, noisy)
			pts := Points(recs, "workers", FigSpeedup)
			fits := Fits(pts, tc.cores)
			if len(fits) != 1 || fits[0].SerialFraction == nil {
				t.Fatalf("f=%v: fits %+v", tc.f, fits)
			}
			tol := 0.02
			if !noisy {
				tol = 1e-3 // only the rounding to four decimals
			}
			if got := *fits[0].SerialFraction; math.Abs(got-tc.f) > tol {
				t.Errorf("f=%v on %d cores, workers %v, noise %v: fitted %.4f, want within %v", tc.f, tc.cores, tc.workers, noisy, got, tol)
			}
		}
	}
}

func TestFitAmdahlNeedsTwoWorkers(t *testing.T) {
	if _, ok := FitAmdahl([]XY{{1, 1}}, 4); ok {
		t.Error("a fit from one worker alone: every serial fraction fits it")
	}
	if _, ok := FitAmdahl([]XY{{1, 1}, {4, 1.1}}, 1); ok {
		t.Error("a fit on one core: more workers cannot run at once")
	}
	if f, ok := FitAmdahl([]XY{{2, 0.5}}, 2); !ok || f < 1-1e-9 {
		// slower with more workers than with one: as serial as it gets
		t.Errorf("speedup 0.5 on 2 workers: f=%v ok=%v, want 1", f, ok)
	}
}

func TestIdealAndMedian(t *testing.T) {
	for _, c := range []struct {
		n     float64
		cores int
		want  float64
	}{{1, 2, 1}, {2, 2, 2}, {8, 2, 2}, {3, 8, 3}} {
		if got := Ideal(c.n, c.cores); got != c.want {
			t.Errorf("Ideal(%v, %d) = %v, want %v", c.n, c.cores, got, c.want)
		}
	}
	if m := Median([]float64{5, 1, 3}); m != 3 {
		t.Errorf("median of 5 1 3: %v", m)
	}
	if m := Median([]float64{4, 1, 3, 10}); m != 3.5 {
		t.Errorf("median of 4 1 3 10: %v", m)
	}
	if !math.IsNaN(Median(nil)) {
		t.Error("median of nothing should be NaN")
	}
}

func TestSpeedupComparesLikeWithLike(t *testing.T) {
	rec := func(mode string, w int, chunks int64, ms float64) Record {
		return Record{Summary: demos.Summary{Demo: "cpu", Mode: mode, Workers: w, Speed: 1, ElapsedMS: ms,
			Knobs: map[string]any{"chunks": chunks, "work": int64(1000)}}}
	}
	hist := []Record{
		rec("goroutines", 1, 32, 1000), rec("goroutines", 1, 32, 1200), rec("goroutines", 1, 32, 5000),
		rec("gil", 1, 32, 900),       // another mode
		rec("goroutines", 1, 8, 300), // other knobs
	}
	stopped := rec("goroutines", 1, 32, 10)
	stopped.Stopped = true
	slow := rec("goroutines", 1, 32, 10)
	slow.Speed = 0.5
	hist = append(hist, stopped, slow)

	r := rec("goroutines", 2, 32, 600)
	s, ok := Speedup(&r, hist)
	if !ok || math.Abs(s-2) > 1e-9 { // median of 1000, 1200, 5000 is 1200
		t.Errorf("speedup %v ok=%v, want 1200/600 = 2", s, ok)
	}
	other := rec("goroutines", 2, 16, 600)
	if _, ok := Speedup(&other, hist); ok {
		t.Error("a speedup against 1-worker runs of other knobs")
	}
	r.Stopped = true
	if _, ok := Speedup(&r, hist); ok {
		t.Error("a speedup of a stopped run")
	}
}
