package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// rect is an object's place in the window.
type rect struct{ x, y, w, h float32 }

func (a rect) overlaps(b rect) bool {
	const slack = 1 // a shared edge, or a rounding, is no overlap
	return a.x+slack < b.x+b.w && b.x+slack < a.x+a.w && a.y+slack < b.y+b.h && b.y+slack < a.y+a.h
}

func (a rect) inter(b rect) rect {
	x, y := max(a.x, b.x), max(a.y, b.y)
	return rect{x, y, max(0, min(a.x+a.w, b.x+b.w)-x), max(0, min(a.y+a.h, b.y+b.h)-y)}
}

// placedText is a text the window draws, where it draws it.
type placedText struct {
	t    *canvas.Text
	r    rect // the text's own extent: its box's width, its font's height
	clip rect // what a scroll around it shows
}

// layoutFaults walks the window's objects and returns what a reader would
// see as broken: two visible objects laid side by side that overlap (the
// children of a container whose layout places them apart), two texts that
// overlap, a text wider than its box or running past what its scroll or
// the window shows, and a label cut short with "…".
func layoutFaults(win fyne.Window) []string {
	var faults []string
	var texts []placedText
	size := win.Canvas().Size()
	full := rect{0, 0, size.Width, size.Height}
	var walk func(o fyne.CanvasObject, at fyne.Position, clip rect, path string)
	walk = func(o fyne.CanvasObject, at fyne.Position, clip rect, path string) {
		if o == nil || !o.Visible() {
			return
		}
		pos := at.Add(o.Position())
		r := rect{pos.X, pos.Y, o.Size().Width, o.Size().Height}
		if r.inter(clip).w <= 0 || r.inter(clip).h <= 0 {
			return // scrolled out of view
		}
		switch x := o.(type) {
		case *canvas.Text:
			if strings.TrimSpace(x.Text) != "" {
				m := x.MinSize()
				texts = append(texts, placedText{x, rect{pos.X, pos.Y + (r.h-m.Height)/2, max(r.w, m.Width), m.Height}, clip})
				if m.Width > r.w+1 && x.Alignment == fyne.TextAlignLeading {
					faults = append(faults, fmt.Sprintf("%s: text %q is %.0f wide in a box of %.0f", path, x.Text, m.Width, r.w))
				}
			}
			return
		case *codeText:
			// its lines are spaced closer than their boxes, as in an
			// editor; it sizes them to its width itself
			if x.fs <= 0 {
				faults = append(faults, path+": the code has no text size")
			}
			return
		case *widget.Label:
			if strings.HasSuffix(x.Text, "…") {
				faults = append(faults, fmt.Sprintf("%s: label %q cut short", path, x.Text))
			}
		case *container.Scroll:
			clip = r.inter(clip)
		}
		var kids []fyne.CanvasObject
		childAt := pos
		switch x := o.(type) {
		case *fyne.Container:
			kids = x.Objects
			lay := fmt.Sprintf("%T", x.Layout)
			apart := x.Layout != nil && !strings.Contains(lay, "stack") && !strings.Contains(lay, "max") &&
				!strings.Contains(lay, "padded") && !strings.Contains(lay, "center") && !strings.Contains(lay, "capLayout") &&
				!strings.Contains(lay, "middleLayout") && !strings.Contains(lay, "outputLayout")
			if apart {
				var vis []fyne.CanvasObject
				for _, k := range kids {
					if k.Visible() && k.Size().Width > 0 && k.Size().Height > 0 {
						vis = append(vis, k)
					}
				}
				for i := range vis {
					for j := i + 1; j < len(vis); j++ {
						a := rect{vis[i].Position().X, vis[i].Position().Y, vis[i].Size().Width, vis[i].Size().Height}
						b := rect{vis[j].Position().X, vis[j].Position().Y, vis[j].Size().Width, vis[j].Size().Height}
						if a.overlaps(b) {
							faults = append(faults, fmt.Sprintf("%s (%s): %T at %v overlaps %T at %v", path, lay, vis[i], a, vis[j], b))
						}
					}
				}
			}
		case fyne.Widget:
			kids = test.WidgetRenderer(x).Objects()
		}
		for i, k := range kids {
			walk(k, childAt, clip, fmt.Sprintf("%s/%T#%d", path, o, i))
		}
	}
	walk(win.Content(), fyne.NewPos(0, 0), full, "")
	for i, a := range texts {
		if v := a.r.inter(a.clip); v.w < a.r.w-1 && a.r.y >= a.clip.y && a.r.y+a.r.h <= a.clip.y+a.clip.h {
			faults = append(faults, fmt.Sprintf("text %q runs past the edge: %v shown of %v", a.t.Text, v, a.r))
		}
		for _, b := range texts[i+1:] {
			if a.r.overlaps(b.r) && a.r.inter(a.clip).overlaps(b.r.inter(b.clip)) {
				faults = append(faults, fmt.Sprintf("texts %q at %v and %q at %v overlap", a.t.Text, a.r, b.t.Text, b.r))
			}
		}
	}
	return faults
}

// fullRows returns the task rows shown whole in the board's list.
func fullRows(l *Lab) []*taskRow {
	var out []*taskRow
	lp := fyne.CurrentApp().Driver().AbsolutePositionForObject(l.views.board.list)
	ls := l.views.board.list.Size()
	for _, r := range rows(l) {
		p := fyne.CurrentApp().Driver().AbsolutePositionForObject(r)
		if p.Y >= lp.Y-1 && p.Y+l.views.board.cols.height <= lp.Y+ls.Height+1 {
			out = append(out, r)
		}
	}
	return out
}

// layoutSizes are the screens the window must fit: a small laptop, a
// classroom projector, a full-HD monitor.
var layoutSizes = []fyne.Size{{Width: 1024, Height: 768}, {Width: 1280, Height: 720}, {Width: 1920, Height: 1080}}

// TestLayoutEverywhere: every demo, in both themes, at each size, before a
// run, paused during it and after it, in each view: nothing overlaps,
// nothing is cut, and the window needs no more than the screen. In
// projector mode at 1280x720 the board shows at least 8 whole rows when
// the run has that many tasks, an unfinished one among them.
func TestLayoutEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out 9 demos x 2 themes x 3 sizes x 3 moments")
	}
	l := newLab(t)
	check := func(when string) {
		t.Helper()
		for _, sz := range layoutSizes {
			l.Window.Resize(sz)
			for _, v := range []view{viewRun, viewCode, viewCompare} {
				l.views.showView(v)
				l.Window.Content().Refresh()
				what := fmt.Sprintf("%s, projector %v, %vx%v, %s, view %s", l.demo.ID, l.projector, sz.Width, sz.Height, when, viewNames[v])
				if got := l.Window.Canvas().Size(); got.Width > sz.Width+1 || got.Height > sz.Height+1 {
					t.Errorf("%s: the window grew to %v", what, got)
				}
				faults := layoutFaults(l.Window)
				for _, f := range faults[:min(len(faults), 4)] {
					t.Errorf("%s: %s", what, f)
				}
				if v == viewRun && l.projector && sz == (fyne.Size{Width: 1280, Height: 720}) && when == "during" {
					n := len(l.sess.snap.Tasks)
					full := fullRows(l)
					if len(full) < min(8, n) {
						t.Errorf("%s: %d whole rows on the board, want %d", what, len(full), min(8, n))
					}
					open := slices.ContainsFunc(full, func(r *taskRow) bool {
						return !strings.Contains(r.state.Text, "done") && !strings.Contains(r.state.Text, "cancelled")
					})
					if l.sess.snap.Count[demos.Done]+l.sess.snap.Count[demos.Cancelled] < n && !open {
						t.Errorf("%s: no unfinished task among the %d rows shown", what, len(full))
					}
				}
			}
		}
		l.views.showView(viewRun)
	}
	for _, projector := range []bool{false, true} {
		l.setProjector(projector)
		for _, d := range demos.All() {
			l.selectDemo(d)
			check("before")
			l.ctl.speedK.set(0.3) // slow motion: the run is still going when paused
			l.ctl.setSpeed(0.3)
			l.loop.start()
			waitFor(t, l, 10*time.Second, d.ID+" under way", func() bool {
				return l.sess.snap.Count[demos.Running]+l.sess.snap.Count[demos.Sleeping]+l.sess.snap.Count[demos.Waiting] > 0 || !l.sess.live()
			})
			if l.sess.live() {
				l.loop.togglePause()
				l.loop.frame()
			}
			check("during")
			if l.sess.live() {
				l.loop.stop()
			}
			waitEnd(t, l, 20*time.Second)
			check("after")
			l.ctl.speedK.set(1)
			l.ctl.setSpeed(1)
		}
	}
}
