package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestNoSpeedupForAStoppedRun: a run stopped before its work was done has
// no speedup against 1 worker, however short its time (4 workers stopped
// at once would read as a huge one).
func TestNoSpeedupForAStoppedRun(t *testing.T) {
	l := newLab(t)
	pick(t, l, "cpu", "goroutines")
	slide(t, l, "chunks", 4)
	slide(t, l, "workers", 1)
	test.Tap(l.ctl.runBtn)
	waitEnd(t, l, 60*time.Second)
	if _, ok := l.sess.baseline(l.demo, l.cfg); !ok {
		t.Fatal("a finished 1-worker run left no baseline")
	}
	slide(t, l, "workers", 2)
	test.Tap(l.ctl.runBtn)
	test.Tap(l.ctl.stopBtn)
	waitEnd(t, l, 20*time.Second)
	if got := l.views.figs.speedup.value.Text; got != "—" {
		t.Errorf("a stopped run shows speedup %q, want —", got)
	}
	if ff := l.loop.frameFigures(l.sess.snap.Elapsed); ff.baseline != 0 {
		t.Errorf("a stopped run is given baseline %v", ff.baseline)
	}
}
