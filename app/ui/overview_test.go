package ui

import (
	"slices"
	"testing"
	"time"

	"concurrencylab/demos"
)

func TestOverviewRendersAndCounts(t *testing.T) {
	cases := []struct {
		name      string
		snap      *demos.Snapshot
		textScale float32
	}{
		{"empty", &demos.Snapshot{}, 1},
		{"pool-ended", vizRun(8, 60, 5*time.Second, true, 2), 1},
		{"sleepers-10k", vizSleepers(10_000, 3*time.Second), 1},
		{"sleepers-100k", vizSleepers(100_000, 3*time.Second), 1},
		{"sleepers-100k-projector", vizSleepers(100_000, 3*time.Second), 1.6},
		{"tiny-area-500k", vizSleepers(500_000, 3*time.Second), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vizApp(t, c.textScale)
			o := NewOverview()
			vizRender(t, o, 480, 300)
			o.Update(c.snap)
			img := vizRender(t, o, 480, 300)
			vizShot(t, "overview-"+c.name, img)
			got := vizTexts(o)
			for _, s := range demos.States() {
				if o.Counts(s) != c.snap.Count[s] {
					t.Errorf("count of %s = %d, want %d", s, o.Counts(s), c.snap.Count[s])
				}
				want := digits3(c.snap.Count[s]) + " " + s.String()
				if shown := slices.Contains(got, want); shown != (c.snap.Count[s] > 0) {
					t.Errorf("%q shown %v with %d tasks %s; texts %q", want, shown, c.snap.Count[s], s, got)
				}
			}
			if len(c.snap.Tasks) > 0 && o.cell == 0 {
				t.Error("no cells drawn")
			}
			if len(c.snap.Tasks) == 0 && !slices.Contains(got, "no tasks yet") {
				t.Errorf("empty overview says %q", got)
			}
		})
	}
}

func TestDigits3(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := digits3(n); got != want {
			t.Errorf("digits3(%d) = %q, want %q", n, got, want)
		}
	}
}

// BenchmarkOverviewUpdate measures one frame of 10,000 and 100,000 tasks:
// the Update and the raster drawn at 600×300 pixels.
func BenchmarkOverviewUpdate(b *testing.B) {
	vizApp(b, 1)
	for _, n := range []int{10_000, 100_000} {
		s := vizSleepers(n, 3*time.Second)
		b.Run(digits3(n), func(b *testing.B) {
			o := NewOverview()
			vizRender(b, o, 600, 360)
			for b.Loop() {
				o.Update(s)
				o.draw(600, 300)
			}
		})
	}
}
