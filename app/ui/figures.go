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
	f.value.TextSize = ts * 1.6
	f.caption.TextSize = ts * 0.95
	f.paint()
	f.value.Refresh()
	f.caption.Refresh()
	f.box.Refresh()
}

// figures is the panel of numbers: elapsed, tasks, the shared counter, and
// the demo's own measured figures, each with its unit.
type figures struct {
	elapsed, done                 *figure
	expected, actual, lost        *figure
	parallel, speedup             *figure
	rate, eta, bytes, tasksPerSec *figure
	all                           []*figure
	demo                          *demos.Demo // the demo shown, as setDemo was given it
	demoID                        string
	feat                          []*figure        // the demo's featured figures (featured.go)
	has                           map[*figure]bool // the figures the demo has
	grid                          *fyne.Container
	others                        *fyne.Container // the remaining stats, a "name: value" label each
	compact                       bool            // projector mode: no "name: value" line
	recent                        recentRate      // tasks finished, for their rate over the last second
	box                           *fyne.Container
}

func newFigures() *figures {
	f := &figures{
		elapsed: newFigure("elapsed"), done: newFigure("tasks done"),
		expected: newFigure("expected"), actual: newFigure("actual count"), lost: newFigure("lost updates"),
		parallel: newFigure("parallelism"), speedup: newFigure("speedup vs 1 worker"),
		rate: newFigure("mean download rate"), eta: newFigure("time left (ETA)"), bytes: newFigure("downloaded"),
		tasksPerSec: newFigure("tasks finished per second"),
	}
	// the demo's own figures first: they are the lesson
	f.all = []*figure{f.expected, f.actual, f.lost, f.parallel, f.speedup,
		f.rate, f.eta, f.bytes, f.tasksPerSec, f.elapsed, f.done}
	objs := make([]fyne.CanvasObject, len(f.all))
	for i, x := range f.all {
		objs[i] = x.box
	}
	f.grid = container.New(&rowsLayout{cols: 4}, objs...)
	f.others = container.New(&flowLayout{})
	f.others.Hide()
	f.box = container.NewVBox(f.grid, f.others)
	return f
}

func (f *figures) applyTheme(th fyne.Theme) {
	for _, x := range f.all {
		x.applyTheme(th)
	}
	for _, x := range f.feat {
		x.applyTheme(th)
	}
	cols := 4
	if f.compact {
		cols = 3
	}
	f.grid.Layout = &rowsLayout{cols: cols}
	f.fitCompact()
	if f.compact {
		f.others.Hide()
	}
	f.grid.Refresh()
}

// setDemo shows the figures demo d has.
func (f *figures) setDemo(d *demos.Demo) {
	f.has = map[*figure]bool{
		f.expected: d.Counter, f.actual: d.Counter, f.lost: d.Counter,
		f.parallel: d.Shows.Speedup, f.speedup: d.Shows.Speedup,
		f.rate: d.Shows.Bytes, f.eta: d.Shows.Bytes, f.bytes: d.Shows.Bytes,
		f.tasksPerSec: d.Shows.PerSecond,
		f.elapsed:     true, f.done: true,
	}
	f.demo, f.demoID = d, d.ID
	f.feat = newFeatured(d.ID)
	th := fyne.CurrentApp().Settings().Theme()
	// the demo's figures, then its featured ones, then elapsed and done
	objs := make([]fyne.CanvasObject, 0, len(f.feat)+len(f.all))
	for _, x := range f.all {
		if x != f.elapsed && x != f.done {
			objs = append(objs, x.box)
		}
	}
	for _, x := range f.feat {
		x.applyTheme(th)
		objs = append(objs, x.box)
		f.has[x] = true
	}
	f.grid.Objects = append(objs, f.elapsed.box, f.done.box)
	f.fitCompact()
	f.grid.Refresh()
}

// fitCompact shows the demo's figures, on one row where it can: projector
// mode keeps the first three in the panel's order. Elapsed is in the top
// bar's clock and done in the board's header, so they give way first: they
// show only beside fewer than three figures of the demo's own.
func (f *figures) fitCompact() {
	n := 0
	for _, x := range append(append([]*figure{}, f.all...), f.feat...) {
		if x == f.elapsed || x == f.done {
			continue
		}
		on := f.has[x] && (!f.compact || n < 3)
		if on {
			n++
		}
		x.show(on)
	}
	f.elapsed.show(n < 3 && !f.compact)
	f.done.show(n < 3)
}

// shownStats are the stats the panel shows as figures of their own.
var shownStats = []string{"parallelism", "bytes", "bytes_per_s", "tasks_per_s", "lost", "failed", "files_done", "jobs_done"}

// frameFigures is what the frame loop knows besides the snapshot.
type frameFigures struct {
	now      time.Duration
	baseline time.Duration // a 1-worker run's elapsed with the same settings, or 0
	noteText string        // why there is no speedup, when there is none: the speedup's caption
}

func (f *figures) update(s *demos.Snapshot, ff frameFigures) {
	f.elapsed.set(seconds(ff.now), false)
	for i, x := range f.feat {
		ff := &presentations[f.demoID].featured[i]
		text, caption, warn, ok := ff.value(s)
		if !ok {
			text, warn = "—", false
		}
		if caption == "" {
			caption = ff.caption
		}
		x.set(text, warn)
		x.setCaption(caption)
	}
	if len(s.Tasks) == 0 {
		for _, x := range f.all {
			if x != f.elapsed {
				x.set("—", false)
			}
		}
		f.setNote(ff.noteText)
		f.setOthers(nil)
		return
	}
	failed := s.Count[demos.Failed]
	f.done.set(fmt.Sprintf("%s of %s", thousands(int64(s.Count[demos.Done])), thousands(int64(len(s.Tasks)))), failed > 0)
	f.done.setCaption("done · ✗ " + thousands(int64(failed)) + " failed")
	if s.Counter.Set {
		f.expected.set(thousands(s.Counter.Expected), false)
		f.actual.set(thousands(s.Counter.Actual), s.Ended && s.Counter.Lost() != 0)
		switch lost := s.Counter.Lost(); {
		case !s.Ended && s.Counter.Done > 0:
			// the updates made so far less the counter: each worker may
			// have one update made and not yet seen (the channel's owner
			// stores it just after), so that many are no loss
			so := s.Counter.Done - s.Counter.Actual
			if so <= int64(max(1, s.Workers)) {
				f.lost.set("0 so far", false)
			} else {
				f.lost.set(thousands(so)+" ✗", true)
			}
			f.lost.setCaption(fmt.Sprintf("lost so far, of %s made", thousands(s.Counter.Done)))
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
	// While the run goes, the rate of the last second: a student who drags
	// the worker count sees it follow. At the end, the run's mean.
	if v, ok := s.Stats["tasks_per_s"]; ok {
		f.tasksPerSec.set(number(v)+" /s", false)
		f.tasksPerSec.setCaption("tasks finished per second")
	} else if ff.now > 0 {
		if v, ok := f.recent.add(ff.now, s.Finished()); ok {
			f.tasksPerSec.set(number(v)+" /s", false)
			f.tasksPerSec.setCaption("tasks finished, last 1 s")
		}
	}
	var others []string
	if !f.compact {
		others = othersText(f.demo, s, featuredStats(f.demoID))
	}
	f.setOthers(others)
}

// recentWindow is how far back recentRate looks.
const recentWindow = time.Second

// recentRate is the rate of a growing count over the last recentWindow of
// run time, from the counts the frames see.
type recentRate struct {
	at []time.Duration
	n  []int
}

// add records count n at run time now and returns the rate since the
// oldest sample still in the window (ok is false until two samples span
// some time). A time before the last sample's is a new run: it starts over.
func (r *recentRate) add(now time.Duration, n int) (perSec float64, ok bool) {
	if k := len(r.at); k > 0 && now < r.at[k-1] {
		r.at, r.n = r.at[:0], r.n[:0]
	}
	r.at, r.n = append(r.at, now), append(r.n, n)
	// keep one sample at or before the window's start, as the base
	drop := 0
	for drop+1 < len(r.at) && r.at[drop+1] <= now-recentWindow {
		drop++
	}
	r.at, r.n = r.at[drop:], r.n[drop:]
	span := now - r.at[0]
	if span <= 0 {
		return 0, false
	}
	return float64(n-r.n[0]) / span.Seconds(), true
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
	// Files not yet begun count at the mean size of those whose size is
	// known: the ETA is an estimate, and says so in its caption.
	var got, total int64
	var sized, unsized int
	for i := range s.Tasks {
		t := &s.Tasks[i]
		got += t.N
		if t.Total > 0 {
			total += t.Total
			sized++
		} else if !t.State.Ended() {
			unsized++
		}
	}
	known := sized > 0
	if known && unsized > 0 {
		total += total / int64(sized) * int64(unsized)
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

// othersText lists demo d's remaining stats and flags as "name: value",
// in the words d declares, one entry a part: the panel keeps each part on
// one line.
func othersText(d *demos.Demo, s *demos.Snapshot, skip []string) []string {
	var parts []string
	for name, v := range s.Stats {
		f := figureOf(d, name)
		if !slices.Contains(shownStats, name) && !slices.Contains(skip, name) && !f.Hidden {
			parts = append(parts, statText(f, v))
		}
	}
	for name, v := range s.Flags {
		if slices.Contains(skip, name) {
			continue
		}
		yes := "no"
		if v {
			yes = "YES ⚠"
		}
		parts = append(parts, figureOf(d, name).Title+": "+yes)
	}
	slices.Sort(parts)
	return parts
}

// figureOf is d's declaration of the figure named name; a figure it does
// not declare reads as its name.
func figureOf(d *demos.Demo, name string) demos.Figure {
	if d != nil {
		if f, ok := d.Figure(name); ok {
			return f
		}
	}
	return demos.Figure{Name: name, Title: strings.ReplaceAll(name, "_", " ")}
}

// figureAnywhere is the declaration of the figure named name in whichever
// demo declares it (a name means the same in every demo), for a view that
// has a record rather than a demo (Compare).
func figureAnywhere(name string) demos.Figure {
	for _, d := range demos.All() {
		if f, ok := d.Figure(name); ok {
			return f
		}
	}
	return figureOf(nil, name)
}

// statName is the words for the stat or flag named name.
func statName(name string) string { return figureAnywhere(name).Title }

// statText renders a figure in its words with its value in its unit: "work
// units done: 30,190 /s".
func statText(f demos.Figure, v float64) string {
	return f.Title + ": " + unitText(f.Unit, v)
}

// unitText renders v in unit u, as declared with a demo's figure.
func unitText(u string, v float64) string {
	switch u {
	case "ms":
		return fmtMs(v)
	case "µs":
		return fmtMs(v / 1000)
	case "B":
		return bytesText(v)
	case "B/s":
		return bytesText(v) + "/s"
	case "/s":
		return number(v) + " /s"
	case "×":
		return fmt.Sprintf("%.2f×", v)
	case "":
		return number(v)
	}
	return number(v) + " " + u
}

// flowLayout places its visible objects left to right at their minimum
// size, starting a new line where the next would not fit: each object (a
// "name: value" label) stays whole on its line. Its minimum height is that
// of the lines at the width of the last layout.
type flowLayout struct {
	width float32
}

func (l *flowLayout) lines(objs []fyne.CanvasObject, width float32, place bool) fyne.Size {
	gap := theme.TextSize()
	x, y, lineH, widest := float32(0), float32(0), float32(0), float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if x > 0 && width > 0 && x+m.Width > width {
			x, y, lineH = 0, y+lineH, 0
		}
		if place {
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(min(m.Width, max(width, m.Width)), m.Height))
		}
		widest = max(widest, m.Width)
		lineH = max(lineH, m.Height)
		x += m.Width + gap
	}
	return fyne.NewSize(widest, y+lineH)
}

func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return l.lines(objs, l.width, false)
}

func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.lines(objs, size.Width, true)
}

// setOthers shows parts, one "name: value" label each, reusing the labels.
func (f *figures) setOthers(parts []string) {
	for len(f.others.Objects) < len(parts) {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateOff
		f.others.Objects = append(f.others.Objects, l)
	}
	changed := false
	for i, o := range f.others.Objects {
		l := o.(*widget.Label)
		if i < len(parts) {
			if l.Text != parts[i] {
				setLabel(l, parts[i])
				changed = true
			}
			if !l.Visible() {
				l.Show()
				changed = true
			}
		} else if l.Visible() {
			l.Hide()
			changed = true
		}
	}
	if (len(parts) > 0) != f.others.Visible() {
		if len(parts) > 0 {
			f.others.Show()
		} else {
			f.others.Hide()
		}
		changed = true
	}
	if changed {
		f.others.Refresh()
	}
}

// rowsLayout places the visible objects in rows of at most cols, fewer
// when the width does not hold that many. Each column is as wide as its
// widest object, and spare width is shared equally: long captions get more
// room than short ones, columns line up, and the panel is no wider than it
// must be.
type rowsLayout struct {
	cols  int
	width float32 // the width of the last layout: how many columns fit
}

func (r *rowsLayout) visible(objs []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

// measure returns each column's width and each row's height with n columns.
func (r *rowsLayout) measure(vis []fyne.CanvasObject, n int) (cols, rows []float32) {
	n = min(n, len(vis))
	cols = make([]float32, n)
	for i, o := range vis {
		m := o.MinSize()
		cols[i%n] = max(cols[i%n], m.Width)
		if i%n == 0 {
			rows = append(rows, 0)
		}
		rows[len(rows)-1] = max(rows[len(rows)-1], m.Height)
	}
	return cols, rows
}

// fit returns the columns and rows for width: the most columns, up to cols,
// that fit it, or two (one when there is one object) when none do. Width 0,
// before the first layout, takes cols.
func (r *rowsLayout) fit(vis []fyne.CanvasObject, width float32) (cols, rows []float32) {
	pad := theme.TextSize() // a clear gap, so neighbouring numbers never read as one
	for n := r.cols; n > 2; n-- {
		cols, rows = r.measure(vis, n)
		if width <= 0 || sum(cols)+pad*float32(len(cols)-1) <= width {
			return cols, rows
		}
	}
	return r.measure(vis, 2)
}

func sum(xs []float32) float32 {
	var s float32
	for _, x := range xs {
		s += x
	}
	return s
}

// MinSize is as wide as two columns need, and as tall as the rows at the
// width of the last layout.
func (r *rowsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	vis := r.visible(objs)
	if len(vis) == 0 {
		return fyne.Size{}
	}
	pad := theme.TextSize()
	narrow, _ := r.measure(vis, 2)
	_, rows := r.fit(vis, r.width)
	h := sum(rows) + pad*float32(len(rows)-1)
	return fyne.NewSize(sum(narrow)+pad*float32(len(narrow)-1), h)
}

func (r *rowsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	vis := r.visible(objs)
	r.width = size.Width
	if len(vis) == 0 {
		return
	}
	pad := theme.TextSize() // a clear gap, so neighbouring numbers never read as one
	cols, rows := r.fit(vis, size.Width)
	spare := size.Width - pad*float32(len(cols)-1) - sum(cols)
	spare = max(0, spare/float32(len(cols)))
	n := len(cols)
	x, y := float32(0), float32(0)
	for i, o := range vis {
		if i%n == 0 && i > 0 {
			x = 0
			y += rows[i/n-1] + pad
		}
		w := cols[i%n] + spare
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w, rows[i/n]))
		x += w + pad
	}
}

// shownFigures are the figures the panel shows now, in its order.
func (f *figures) shownFigures() []*figure {
	var out []*figure
	for _, o := range f.grid.Objects {
		for _, x := range append(append([]*figure{}, f.all...), f.feat...) {
			if x.box == o && o.Visible() {
				out = append(out, x)
			}
		}
	}
	return out
}
