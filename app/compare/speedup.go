package compare

import (
	"math"
	"runtime"
	"slices"
)

// Median returns the middle value (the mean of the two middle ones for an
// even count); NaN for none. A median, not a mean, so that one run slowed by
// something else on the machine does not move the figure.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Baseline returns the median elapsed time in ms of the valid 1-worker runs
// in hist that compare with r (same demo, mode and knobs); ok is false when
// there is none.
func Baseline(r *Record, hist []Record) (ms float64, ok bool) {
	key := r.Key()
	var xs []float64
	for i := range hist {
		h := &hist[i]
		if h.Workers == 1 && h.Valid() && h.Key() == key {
			xs = append(xs, h.ElapsedMS)
		}
	}
	if len(xs) == 0 {
		return 0, false
	}
	return Median(xs), true
}

// Speedup is the 1-worker elapsed time of the same demo, mode and knobs
// (the median over hist) over r's elapsed time. ok is false when r's time
// means nothing (stopped, slow motion) or hist has no 1-worker run.
func Speedup(r *Record, hist []Record) (float64, bool) {
	if !r.Valid() {
		return 0, false
	}
	base, ok := Baseline(r, hist)
	if !ok {
		return 0, false
	}
	return base / r.ElapsedMS, true
}

// Cores is the number of cores a run could use: the gomaxprocs the demo
// recorded, or this process's GOMAXPROCS.
func (r *Record) Cores() int {
	if v, ok := r.Stat("gomaxprocs"); ok && v >= 1 {
		return int(v)
	}
	return runtime.GOMAXPROCS(0)
}

// Ideal is the speedup of perfectly parallel work on n workers when cores
// cores can run them: linear up to the cores, flat after.
func Ideal(n float64, cores int) float64 {
	return max(1, min(n, float64(cores)))
}

// Amdahl is the speedup Amdahl's law predicts on n workers for work whose
// serial fraction is f, when at most cores of them run at once.
func Amdahl(f, n float64, cores int) float64 {
	p := Ideal(n, cores)
	return 1 / (f + (1-f)/p)
}

// XY is one measured point: x workers, y speedup.
type XY struct{ X, Y float64 }

// FitAmdahl finds the serial fraction f in [0, 1] whose Amdahl curve lies
// closest to the measured speedups by least squares (on the speedups
// themselves, so that points are weighed as the chart shows them). ok is
// false when no point has more than one worker able to run at once, as then
// every f fits equally. The squared error is unimodal in f for these curves,
// so a coarse grid followed by a golden-section search finds its minimum.
func FitAmdahl(pts []XY, cores int) (f float64, ok bool) {
	var use []XY
	for _, p := range pts {
		if Ideal(p.X, cores) > 1 && p.Y > 0 && !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0) {
			use = append(use, p)
		}
	}
	if len(use) == 0 {
		return math.NaN(), false
	}
	sse := func(f float64) float64 {
		var s float64
		for _, p := range use {
			d := p.Y - Amdahl(f, p.X, cores)
			s += d * d
		}
		return s
	}
	const grid = 200
	best := 0
	for i := 1; i <= grid; i++ {
		if sse(float64(i)/grid) < sse(float64(best)/grid) {
			best = i
		}
	}
	lo, hi := max(0, float64(best-1)/grid), min(1, float64(best+1)/grid)
	g := (math.Sqrt(5) - 1) / 2
	a, b := hi-g*(hi-lo), lo+g*(hi-lo)
	for range 60 {
		if sse(a) < sse(b) {
			hi, b = b, a
			a = hi - g*(hi-lo)
		} else {
			lo, a = a, b
			b = lo + g*(hi-lo)
		}
	}
	return (lo + hi) / 2, true
}
