package ui

import (
	"bytes"
	"context"
	"image"
	"math"
	"testing"
	"time"

	"concurrencylab/demos"
)

// TestViewsFollowARun: the timeline and the overview, fed a real run frame
// by frame with snapshots taken over the last one (folding only what
// changed), end up drawing what they draw when given the whole finished
// run at once.
func TestViewsFollowARun(t *testing.T) {
	vizApp(t, 1)
	d, ok := demos.Lookup("sleepers")
	if !ok {
		t.Fatal("no sleepers demo")
	}
	// 15 rounds of 40 sleeps of 20 ms: at least 0.3 s, so the loop below
	// takes two snapshots or more, and too few changes (1,800) for the
	// Model to forget any before the next snapshot: every snapshot after
	// the first is taken over the one before, however slow this machine.
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers = "bounded", 40
	cfg.Knobs["tasks"], cfg.Knobs["wait"] = 600, 0.02
	tl, ov := NewTimeline(), NewOverview()
	vizRender(t, tl, 640, 300)
	vizRender(t, ov, 480, 300)
	r, err := demos.Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var s demos.Snapshot
	incremental := 0
	for done := false; !done; {
		select {
		case <-r.Done():
			done = true
		case <-time.After(5 * time.Millisecond):
		}
		r.Snapshot(&s)
		if s.Prev != 0 {
			incremental++
		}
		tl.Update(&s)
		ov.Update(&s)
		drawTimeline(tl)
		drawOverview(ov)
	}
	if incremental == 0 {
		t.Fatal("no snapshot was taken over the one before")
	}
	var whole demos.Snapshot
	r.Snapshot(&whole)
	tl2, ov2 := NewTimeline(), NewOverview()
	vizRender(t, tl2, 640, 300)
	vizRender(t, ov2, 480, 300)
	tl2.Update(&whole)
	ov2.Update(&whole)

	a, b := drawTimeline(tl).Pix, drawTimeline(tl2).Pix
	diff := 0
	for i := 0; i < len(a); i += 4 {
		if !bytes.Equal(a[i:i+4], b[i:i+4]) {
			diff++
		}
	}
	if diff*2000 > len(a)/4 {
		t.Errorf("the timeline followed frame by frame differs from the whole run's in %d of %d pixels", diff, len(a)/4)
	}
	// the sums behind the picture: the same, but for rounding
	g1, g2 := &tl.grid, &tl2.grid
	if g1.bw != g2.bw || g1.perBand != g2.perBand || len(g1.cells) != len(g2.cells) {
		t.Fatalf("grids differ: bucket %v/%v, %d/%d lanes a band, %d/%d cells", g1.bw, g2.bw, g1.perBand, g2.perBand, len(g1.cells), len(g2.cells))
	}
	for i, v := range g1.cells {
		if d := math.Abs(float64(v - g2.cells[i])); d > 1e-3*float64(g1.bw) {
			t.Fatalf("cell %d (band %d, bucket %d, slot %d): %g followed, %g whole", i, i/(tlBuckets*tlSlots), i/tlSlots%tlBuckets, i%tlSlots, v, g2.cells[i])
		}
	}
	if !bytes.Equal(drawOverview(ov).Pix, drawOverview(ov2).Pix) {
		t.Error("the overview followed frame by frame differs from the whole run's")
	}
}

func drawTimeline(t *Timeline) *image.NRGBA {
	return t.draw(int(t.geom.size.Width), int(t.geom.size.Height)).(*image.NRGBA)
}

func drawOverview(o *Overview) *image.NRGBA {
	return o.draw(int(o.size.Width), int(o.size.Height)).(*image.NRGBA)
}
