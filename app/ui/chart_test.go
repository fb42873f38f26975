package ui

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// vizPool is a snapshot of a pool run with the three series the pool demo
// records: the queue grows while 2 workers serve, then drains when 6 do.
func vizPool(elapsed time.Duration) *demos.Snapshot {
	s := vizRun(6, 10, elapsed, false, 7)
	s.Series = map[string][]demos.Point{}
	q := 0.0
	for at := time.Duration(0); at <= elapsed; at += 100 * time.Millisecond {
		workers := 2.0
		if at > elapsed/2 {
			workers = 6
		}
		q = max(0, q+2-workers*0.5)
		tput := min(20, workers*5) * (1 - math.Exp(-at.Seconds()))
		s.Series["queue"] = append(s.Series["queue"], demos.Point{At: at, Value: q})
		s.Series["throughput"] = append(s.Series["throughput"], demos.Point{At: at, Value: tput})
		s.Series["workers"] = append(s.Series["workers"], demos.Point{At: at, Value: workers})
	}
	return s
}

func TestChartRendersAndShowsLatest(t *testing.T) {
	for _, k := range []float32{1, 1.6} {
		vizApp(t, k)
		c := NewChart("Queue length and throughput", "queue", "throughput", "workers")
		vizRender(t, c, 640, 300)
		c.Update(&demos.Snapshot{})
		vizRender(t, c, 640, 300)
		if got := vizTexts(c); !slices.Contains(got, "queue: no data yet") {
			t.Errorf("empty chart says %q", got)
		}
		s := vizPool(8 * time.Second)
		c.Update(s)
		img := vizRender(t, c, 640, 300)
		name := "chart-pool"
		if k != 1 {
			name += "-projector"
		}
		vizShot(t, name, img)
		got := vizTexts(c)
		q := s.Series["queue"]
		want := "queue: " + fmtQuantity(q[len(q)-1].Value, "jobs")
		for _, w := range []string{want, "workers: 6", "0 s", "8 s", "Queue length and throughput"} {
			if !slices.Contains(got, w) {
				t.Errorf("chart texts %q lack %q", got, w)
			}
		}
		if v, ok := c.Latest("throughput"); !ok || v != s.Series["throughput"][len(s.Series["throughput"])-1].Value {
			t.Errorf("latest throughput = %v, %v", v, ok)
		}
	}
}

func TestChartAllSeriesAndBytes(t *testing.T) {
	vizApp(t, 1)
	c := NewChart("Download rate")
	s := &demos.Snapshot{Elapsed: 2 * time.Second, Series: map[string][]demos.Point{
		"bytes_per_s": {{At: 500 * time.Millisecond, Value: 3 << 20}, {At: time.Second, Value: 5.5 * (1 << 20)}},
	}}
	vizRender(t, c, 480, 240)
	c.Update(s)
	vizShot(t, "chart-bytes", vizRender(t, c, 480, 240))
	got := vizTexts(c)
	for _, w := range []string{"download rate, last ¼ s: 5.50 MiB/s", "MiB/s"} {
		if !slices.Contains(got, w) {
			t.Errorf("chart texts %q lack %q", got, w)
		}
	}
}

// TestChartByteAxisAgrees checks that the value axis names the multiple its
// ticks are counted in: a download near 2 MiB/s reads "MiB/s" with ticks up
// to about 2, one near 800 KiB/s reads "KiB/s" with ticks in the hundreds.
func TestChartByteAxisAgrees(t *testing.T) {
	vizApp(t, 1)
	for _, c := range []struct {
		top, mult float64
		unit      string
	}{{2e6, 1 << 20, "MiB/s"}, {1.95e6, 1 << 20, "MiB/s"}, {800 << 10, 1 << 10, "KiB/s"}, {700, 1, "B/s"}} {
		ch := NewChart("Download rate")
		vizRender(t, ch, 480, 240)
		ch.Update(&demos.Snapshot{Elapsed: 2 * time.Second, Series: map[string][]demos.Point{
			"bytes_per_s": {{At: 500 * time.Millisecond, Value: c.top / 2}, {At: time.Second, Value: c.top}},
		}})
		vizRender(t, ch, 480, 240)
		got := vizTexts(ch)
		if !slices.Contains(got, c.unit) {
			t.Errorf("top %v: axis texts %q lack the unit %q", c.top, got, c.unit)
		}
		// the largest tick, in the axis's unit, must just cover the top
		largest := 0.0
		for _, s := range got {
			if v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64); err == nil {
				largest = max(largest, v)
			}
		}
		if v := largest * c.mult; v < c.top || v > 2*c.top {
			t.Errorf("top %v: largest tick %v %s does not fit the values (texts %q)", c.top, largest, c.unit, got)
		}
	}
}

func TestFormats(t *testing.T) {
	cases := []struct{ got, want string }{
		{fmtSeconds(0, 0.5), "0 s"}, {fmtSeconds(0.5, 0.5), "0.5 s"}, {fmtSeconds(1, 0.5), "1 s"},
		{fmtSeconds(0.02, 0.01), "20 ms"}, {fmtSeconds(12, 2), "12 s"},
		{fmtQuantity(12, "jobs"), "12 jobs"}, {fmtQuantity(1, "jobs"), "1 job"}, {fmtQuantity(18.46, "jobs/s"), "18.5 jobs/s"},
		{fmtQuantity(1536, "B"), "1.50 KiB"}, {fmtQuantity(0.25, ""), "0.25"},
		{fmtNum(1.5, 0.5), "1.5"}, {fmtNum(2, 0.5), "2"},
		{fmtNum(40e6, 10e6), "40M"}, {fmtNum(2.5e6, 5e5), "2.5M"}, {fmtNum(25000, 5000), "25k"},
		{fmtNum(9000, 1000), "9000"}, {fmtNum(-3e6, 1e6), "-3M"}, {fmtNum(12345, 1), "12345"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	for _, c := range []struct {
		span float64
		n    int
		want float64
	}{{2, 4, 0.5}, {10, 5, 2}, {3, 10, 0.5}, {0.03, 3, 0.01}, {7, 1, 10}} {
		if got := niceStep(c.span, c.n); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("niceStep(%v, %d) = %v, want %v", c.span, c.n, got, c.want)
		}
	}
}

// TestChartUnits: a series reads in the unit its demo declares, the two
// counts the declarations leave bare read as words, and SetUnit wins.
func TestChartUnits(t *testing.T) {
	c := NewChart("t")
	for series, want := range map[string]string{
		"queue": "jobs", "throughput": "jobs/s", "workers": "workers", "bytes_per_s": "B/s",
		"alive": "units", "ch1": "items", "ch2": "items", "ch3": "items", "no_such_series": "",
	} {
		if got := c.unit(series); got != want {
			t.Errorf("unit(%q) = %q, want %q", series, got, want)
		}
	}
	c.SetUnit("queue", "tasks")
	if got := c.unit("queue"); got != "tasks" {
		t.Errorf("after SetUnit, unit(queue) = %q", got)
	}
}

// TestSweepChartNarrow: in the Compare view of a 1024x768 projector (a
// chart about 570 wide), a speedup sweep of three modes still draws its
// curves, its key names them, and its title breaks into rows that fit.
func TestSweepChartNarrow(t *testing.T) {
	vizApp(t, 1.4)
	f := 0.3
	c := newSweepChart()
	var curves []sweepCurve
	for _, m := range []string{"goroutines", "gil", "processes"} {
		curves = append(curves, sweepCurve{name: m, fit: &f, pts: []compare.XY{{X: 1, Y: 1}, {X: 2, Y: 1.6}, {X: 4, Y: 1.7}}})
	}
	c.set("CPU-bound: cores vs GIL: speedup against 1 worker, by workers", "workers", "speedup", "×", curves, true, 2)
	vizRender(t, c, 570, 330)
	if len(c.lines) < len(curves) {
		t.Fatalf("%d lines drawn: the plot gave up", len(c.lines))
	}
	for _, tx := range c.texts.texts[:c.texts.used] {
		if right := tx.Position().X + tx.MinSize().Width; right > 570+1 && tx.Alignment == fyne.TextAlignLeading {
			t.Errorf("%q runs to %.0f, past the chart's 570", tx.Text, right)
		}
	}
	if got := vizTexts(c); !hasText(got, "processes") || !hasText(got, "speedup against 1 worker, by workers") {
		t.Errorf("texts %q", got)
	}
}
