package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// figure is one big number with a caption under it: "79,123" over "actual".
type figure struct {
	value   *canvas.Text
	caption *canvas.Text
	box     *fyne.Container
	warn    bool // drawn in the warning colour (lost updates, failures)
}

func newFigure(caption string) *figure {
	f := &figure{value: canvas.NewText("—", color.Black), caption: canvas.NewText(caption, color.Black)}
	f.value.TextStyle = fyne.TextStyle{Bold: true}
	f.box = container.NewVBox(f.value, f.caption)
	return f
}

func (f *figure) set(value string, warn bool) {
	if f.value.Text != value || f.warn != warn {
		f.value.Text, f.warn = value, warn
		f.paint()
		f.value.Refresh()
	}
}

func (f *figure) setCaption(s string) {
	if f.caption.Text != s {
		f.caption.Text = s
		f.caption.Refresh()
		f.box.Refresh()
	}
}

func (f *figure) show(on bool) {
	if on != f.box.Visible() {
		if on {
			f.box.Show()
		} else {
			f.box.Hide()
		}
	}
}

func (f *figure) paint() {
	th, v := fyne.CurrentApp().Settings().Theme(), fyne.CurrentApp().Settings().ThemeVariant()
	f.value.Color = th.Color(theme.ColorNameForeground, v)
	if f.warn {
		f.value.Color = th.Color(theme.ColorNameError, v)
	}
	f.caption.Color = th.Color(theme.ColorNameForeground, v)
}

func (f *figure) applyTheme(th fyne.Theme) {
	ts := th.Size(theme.SizeNameText)
	f.value.TextSize = ts * 1.75
	f.caption.TextSize = ts * 0.95
	f.paint()
	f.value.Refresh()
	f.caption.Refresh()
	f.box.Refresh()
}

// figures is the panel of numbers: elapsed, tasks, the shared counter, and
// the demo's own measured figures, each with its unit.
type figures struct {
	elapsed, done, failed         *figure
	expected, actual, lost        *figure
	parallel, speedup             *figure
	rate, eta, bytes, tasksPerSec *figure
	all                           []*figure
	grid                          *fyne.Container
	others                        *widget.Label // the remaining stats, "name: value"
	compact                       bool          // projector mode: no "name: value" line
	box                           *fyne.Container
}

func newFigures() *figures {
	f := &figures{
		elapsed: newFigure("elapsed"), done: newFigure("tasks done"),
		expected: newFigure("expected"), actual: newFigure("actual count"), lost: newFigure("lost updates"),
		parallel: newFigure("parallelism"), speedup: newFigure("speedup vs 1 worker"),
		rate: newFigure("download rate"), eta: newFigure("time left (ETA)"), bytes: newFigure("downloaded"),
		tasksPerSec: newFigure("tasks finished per second"),
	}
	f.all = []*figure{f.elapsed, f.done, f.expected, f.actual, f.lost, f.parallel, f.speedup,
		f.rate, f.eta, f.bytes, f.tasksPerSec}
	objs := make([]fyne.CanvasObject, len(f.all))
	for i, x := range f.all {
		objs[i] = x.box
	}
	f.grid = container.New(&rowsLayout{cols: 3}, objs...)
	f.others = widget.NewLabel("")
	f.others.Wrapping = fyne.TextWrapWord
	f.others.Hide()
	f.box = container.NewVBox(f.grid, f.others)
	return f
}

func (f *figures) applyTheme(th fyne.Theme) {
	for _, x := range f.all {
		x.applyTheme(th)
	}
	// projector mode: four to a row, and the elapsed time only in the top
	// bar's clock, so the figures take one row
	cols := 3
	if f.compact {
		cols = 4
	}
	f.grid.Layout = &rowsLayout{cols: cols}
	f.elapsed.show(!f.compact)
	f.grid.Refresh()
}

// setDemo shows the figures demo d has.
func (f *figures) setDemo(d *demos.Demo) {
	f.expected.show(d.Counter)
	f.actual.show(d.Counter)
	f.lost.show(d.Counter)
	f.parallel.show(d.ID == "cpu")
	f.speedup.show(d.ID == "cpu")
	dl := d.ID == "download"
	f.rate.show(dl)
	f.eta.show(dl)
	f.bytes.show(dl)
	f.tasksPerSec.show(d.ID == "sleepers")
	f.grid.Refresh()
}

// shownStats are the stats the panel shows as figures of their own.
var shownStats = []string{"parallelism", "bytes", "bytes_per_s", "tasks_per_s", "lost"}

// frameFigures is what the frame loop knows besides the snapshot.
type frameFigures struct {
	now      time.Duration
	baseline time.Duration // a 1-worker run's elapsed with the same settings, or 0
	noteText string        // why there is no speedup, when there is none: the speedup's caption
}

func (f *figures) update(s *demos.Snapshot, ff frameFigures) {
	f.elapsed.set(seconds(ff.now), false)
	if len(s.Tasks) == 0 {
		for _, x := range f.all[1:] {
			x.set("—", false)
		}
		f.setNote(ff.noteText)
		setLabel(f.others, "")
		f.others.Hide()
		return
	}
	failed := s.Count[demos.Failed]
	f.done.set(fmt.Sprintf("%s of %s", thousands(int64(s.Count[demos.Done])), thousands(int64(len(s.Tasks)))), failed > 0)
	f.done.setCaption("done · ✗ " + thousands(int64(failed)) + " failed")
	if s.Counter.Set {
		f.expected.set(thousands(s.Counter.Expected), false)
		f.actual.set(thousands(s.Counter.Actual), s.Ended && s.Counter.Lost() != 0)
		switch lost := s.Counter.Lost(); {
		case !s.Ended:
			f.lost.set("…", false)
			f.lost.setCaption("lost (at the end)")
		case lost == 0:
			f.lost.set("0 ✓", false)
			f.lost.setCaption("lost updates")
		default:
			f.lost.set(thousands(lost)+" ✗", true)
			f.lost.setCaption(fmt.Sprintf("lost: %.1f%%", 100*float64(lost)/float64(max(1, s.Counter.Expected))))
		}
	}
	if p, ok := s.Stats["parallelism"]; ok {
		f.parallel.set(fmt.Sprintf("%.2f×", p), false)
	} else {
		f.parallel.set("…", false)
	}
	switch {
	case ff.baseline > 0 && s.Ended && s.Elapsed > 0:
		f.speedup.set(fmt.Sprintf("%.2f×", ff.baseline.Seconds()/s.Elapsed.Seconds()), false)
		f.speedup.setCaption("speedup vs 1 worker (" + seconds(ff.baseline) + ")")
	case ff.baseline > 0:
		f.speedup.set("…", false)
		f.speedup.setCaption("speedup vs 1 worker (at the end)")
	default:
		f.speedup.set("—", false)
		f.setNote(ff.noteText)
	}
	f.updateDownload(s, ff.now)
	if v, ok := s.Stats["tasks_per_s"]; ok {
		f.tasksPerSec.set(number(v)+" /s", false)
	} else if ff.now > 0 {
		f.tasksPerSec.set(number(float64(s.Finished())/ff.now.Seconds())+" /s", false)
	}
	others := ""
	if !f.compact {
		others = othersText(s)
	}
	setLabel(f.others, others)
	if (others != "") != f.others.Visible() {
		if others != "" {
			f.others.Show()
		} else {
			f.others.Hide()
		}
	}
}

// setNote says in the speedup figure's caption why it has no value.
func (f *figures) setNote(s string) {
	if s == "" {
		s = "speedup vs 1 worker"
	}
	f.speedup.setCaption(s)
}

// updateDownload sums the files' bytes: the rate is bytes so far over time
// so far, and the ETA the bytes left at that rate.
func (f *figures) updateDownload(s *demos.Snapshot, now time.Duration) {
	if !f.rate.box.Visible() {
		return
	}
	var got, total int64
	known := true
	for i := range s.Tasks {
		t := &s.Tasks[i]
		got += t.N
		if t.Total > 0 {
			total += t.Total
		} else if !t.State.Ended() {
			known = false
		}
	}
	f.bytes.set(bytesText(float64(got)), false)
	rate := 0.0
	if now > 0 {
		rate = float64(got) / now.Seconds()
	}
	if v, ok := s.Stats["bytes_per_s"]; ok && s.Ended {
		rate = v
	}
	f.rate.set(bytesText(rate)+"/s", false)
	switch {
	case s.Ended:
		f.eta.set("0 s ✓", false)
	case known && rate > 0 && total > got:
		f.eta.set(seconds(time.Duration(float64(total-got)/rate*float64(time.Second))), false)
	default:
		f.eta.set("…", false)
	}
}

// othersText lists the demo's remaining stats and flags as "name: value".
func othersText(s *demos.Snapshot) string {
	var parts []string
	for name, v := range s.Stats {
		if !slices.Contains(shownStats, name) {
			parts = append(parts, statText(name, v))
		}
	}
	for name, v := range s.Flags {
		yes := "no"
		if v {
			yes = "YES ⚠"
		}
		parts = append(parts, strings.ReplaceAll(name, "_", " ")+": "+yes)
	}
	slices.Sort(parts)
	return strings.Join(parts, "    ")
}

// statText renders a stat with the unit its name implies: "busy_ms" is in
// milliseconds, "units_per_s" a rate.
func statText(name string, v float64) string {
	switch {
	case strings.HasSuffix(name, "_ms"):
		return strings.ReplaceAll(strings.TrimSuffix(name, "_ms"), "_", " ") + ": " + number(v) + " ms"
	case strings.HasSuffix(name, "_per_s"):
		return strings.ReplaceAll(strings.TrimSuffix(name, "_per_s"), "_", " ") + ": " + number(v) + " /s"
	case strings.HasPrefix(name, "bytes"):
		return strings.ReplaceAll(name, "_", " ") + ": " + bytesText(v)
	}
	return strings.ReplaceAll(name, "_", " ") + ": " + number(v)
}

// rowsLayout places the visible objects in rows of at most cols, each row
// filling the width in proportion to its objects' minimum widths: long
// captions get more room than short ones, and the panel is no wider than its
// widest row.
type rowsLayout struct{ cols int }

func (r *rowsLayout) rows(objs []fyne.CanvasObject) [][]fyne.CanvasObject {
	var rows [][]fyne.CanvasObject
	var row []fyne.CanvasObject
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		row = append(row, o)
		if len(row) == r.cols {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func (r *rowsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var size fyne.Size
	for i, row := range r.rows(objs) {
		var w, h float32
		for j, o := range row {
			m := o.MinSize()
			w += m.Width
			if j > 0 {
				w += pad
			}
			h = max(h, m.Height)
		}
		size.Width = max(size.Width, w)
		size.Height += h
		if i > 0 {
			size.Height += pad
		}
	}
	return size
}

func (r *rowsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	y := float32(0)
	for _, row := range r.rows(objs) {
		var minW, h float32
		for _, o := range row {
			m := o.MinSize()
			minW += m.Width
			h = max(h, m.Height)
		}
		// share the spare width equally, so columns line up when captions
		// are alike
		spare := (size.Width - pad*float32(len(row)-1) - minW) / float32(r.cols)
		x := float32(0)
		for _, o := range row {
			w := o.MinSize().Width + max(0, spare)
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w, h))
			x += w + pad
		}
		y += h + pad
	}
}
