package ui

import (
	"testing"
	"time"

	"concurrencylab/demos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestNoticeAfterEveryRun: in projector mode at 1024x768 and 1280x720, what
// to notice is on the Run view once a run of any demo ended.
func TestNoticeAfterEveryRun(t *testing.T) {
	l := newLab(t)
	l.setProjector(true)
	for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1280, Height: 720}} {
		l.Window.Resize(size.Subtract(frameAllowance)) // the window on a screen of size
		for _, c := range []struct {
			id, mode string
			knobs    map[string]float64
		}{
			{"interleave", "goroutines", map[string]float64{"steps": 2, "interval": 0.05}},
			{"counter", "unsafe", map[string]float64{"increments": 1000}},
			{"cpu", "goroutines", map[string]float64{"chunks": 4, "work": 20}},
			{"sleepers", "concurrent", map[string]float64{"tasks": 25, "wait": 0.01}},
			{"download", "pool", map[string]float64{"files": 6}},
			{"pool", "fixed", map[string]float64{"jobs": 20, "cost": 0.01}},
			{"pipeline", "unbuffered", map[string]float64{"items": 20}},
			{"deadlock", "deadlock", nil},
			{"spawn", "goroutines", nil},
			{"semaphore", "semaphore", map[string]float64{"hold": 0.01}},
		} {
			pick(t, l, c.id, c.mode)
			for k, v := range c.knobs {
				slide(t, l, k, v)
			}
			test.Tap(l.ctl.runBtn)
			waitEnd(t, l, 20*time.Second)
			n := l.views.lesson
			if !n.Visible() || !holds(l.views.runView, n) || n.Size().Height < n.MinSize().Height-1 {
				t.Errorf("%s at %v: no 'what to notice' after the run, or cut (status %q)", c.id, size, l.info.status.Text)
			}
		}
	}
}

// holds reports whether o is shown somewhere in c's tree.
func holds(c fyne.CanvasObject, o fyne.CanvasObject) bool {
	if c == o {
		return true
	}
	if box, ok := c.(*fyne.Container); ok && box.Visible() {
		for _, k := range box.Objects {
			if holds(k, o) {
				return true
			}
		}
	}
	return false
}

// TestProjectorControlsTwoRows: on a 1024x768 projector the controls and
// the views' tabs take two rows at most in every view of every demo: the
// Code view's snippet button and strip of figures included.
func TestProjectorControlsTwoRows(t *testing.T) {
	l := newLab(t)
	l.setProjector(true)
	l.Window.Resize(fyne.NewSize(1024, 768).Subtract(frameAllowance))
	rowH := l.ctl.runBtn.MinSize().Height
	for _, d := range demos.All() {
		l.selectDemo(d)
		for _, m := range d.ModeNames() {
			l.ctl.modeSel.SetSelected(m)
			for _, v := range []view{viewRun, viewCode, viewCompare} {
				l.views.showView(v)
				l.views.strip.set([]string{"4.24 MiB/s mean download rate", "0.91 s time left (ETA)"})
				l.Window.Content().Refresh()
				if h := l.ctl.top.Size().Height; h > 2*rowH+3*theme.Padding() {
					t.Errorf("%s %s, view %d: the controls are %.0f high, more than two rows of %.0f", d.ID, m, v, h, rowH)
				}
			}
		}
	}
}
