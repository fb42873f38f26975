package ui

import (
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// overviewFrom is the task count from which the dense overview sits beside
// the list: past it, rows no longer show the whole run at once.
const overviewFrom = 200

// board is the task board: a count of tasks per state, a virtualised list
// with one row per task and, for big runs, the dense overview beside it.
type board struct {
	snap    *demos.Snapshot // the frame's snapshot, owned by the Lab
	now     time.Duration
	cols    rowColumns
	counts  *countsView
	countsH float32         // the header's height at the last layout of the board
	obj     *fyne.Container // the board as placed: header over the list
	shown   string          // the header's text, to skip rebuilding it
	list    *widget.List
	over    frameWidget
	split   *fyne.Container // list alone, or list and overview side by side
	wide    bool            // the overview is showing
	fixed   string          // what runs the tasks when the mode ignores the worker count

	// rows maps a list row to a task: while the board follows the run,
	// running, waiting, sleeping and failed tasks come first, then pending
	// ones, and finished ones give way at the bottom (each group in id
	// order). A scroll by hand freezes the order until the next run
	// (frozen), so rows do not move under the reader.
	rows   rowOrder
	frozen []int
	follow bool
	// compact is projector mode: only failed and waiting rows get detail
	// lines, so that eight rows and more fit at 1280x720.
	compact bool

	// Rows whose state and reason do not fit after the bar get detail
	// lines: lines holds each row's count as set on the list, heights the
	// height set on the list (0: the template's), details the wrapped
	// reasons, measured once per distinct reason at the list's width.
	lines    []uint8
	heights  []float32
	marked   map[int]struct{} // rows whose lines or height are set
	details  map[reasonKey][]string
	fitWidth float32
	fitGen   int

	unfocus func()
}

func newBoard(snap *demos.Snapshot, over frameWidget, unfocus func()) *board {
	b := &board{snap: snap, over: over, unfocus: unfocus, details: map[reasonKey][]string{}, follow: true,
		marked: map[int]struct{}{}}
	b.counts = newCountsView()
	b.list = widget.NewList(
		b.rowCount,
		func() fyne.CanvasObject { return newTaskRow(&b.cols) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if i := b.taskAt(id); i >= 0 && i < len(b.snap.Tasks) {
				t := &b.snap.Tasks[i]
				var detail []string
				short := false
				if id < len(b.lines) && b.lines[id] > 0 {
					detail = b.detailOf(t)
				} else {
					short = !b.fits(t)
				}
				o.(*taskRow).set(t, laneName(b.snap.Lanes, t.Worker), b.now, detail, short)
			}
		})
	// Rows are for reading, not choosing: a tap must not leave the list
	// focused, or Space would go to it instead of Run/Pause.
	b.list.OnSelected = func(id widget.ListItemID) {
		b.list.Unselect(id)
		if b.unfocus != nil {
			b.unfocus()
		}
	}
	b.split = container.New(&refitLayout{b: b}, b.list)
	b.obj = container.New(headLayout{}, b.counts, b.split)
	return b
}

// object is the board as placed in the window.
func (b *board) object() fyne.CanvasObject {
	return b.obj
}

// applyTheme measures the columns again for the current theme.
func (b *board) applyTheme(th fyne.Theme, v fyne.ThemeVariant) {
	b.cols.measure(th, v)
	b.list.Refresh()
}

// setDownload turns the bytes-and-ETA column on or off.
func (b *board) setDownload(on bool) {
	if b.cols.extraOn != on {
		b.cols.extraOn = on
		b.list.Refresh()
	}
}

// update shows the frame's snapshot at run time now; the list redraws only
// its visible rows.
func (b *board) update(now time.Duration) {
	b.now = now
	b.setCounts()
	b.rows.update(b.snap) // the tasks that changed, not all of them
	if n := len(b.snap.Tasks); n > 0 {
		maxW, progress := b.rows.maxWorker, b.rows.progress
		longest := ""
		for _, name := range b.snap.Lanes {
			if len(name) > len(longest) {
				longest = name
			}
		}
		b.cols.fit(n-1, maxW, longest)
		if progress != b.cols.pctOn {
			// the percent column only for runs that report progress
			b.cols.pctOn = progress
			b.cols.gen++
		}
	}
	wide := len(b.snap.Tasks) > overviewFrom
	if wide != b.wide {
		b.wide = wide
		if wide {
			b.split.Objects = []fyne.CanvasObject{container.New(&sideLayout{b: b}, b.list, b.over)}
		} else {
			b.split.Objects = []fyne.CanvasObject{b.list}
		}
		b.split.Refresh()
	}
	if wide {
		b.over.Update(b.snap)
	}
	b.sortRows()
	b.fitDetails()
	b.list.Refresh()
}

// rowGroup is where a task in state st goes on a board that follows the
// run: what a class watches first, finished work last.
func rowGroup(st demos.State) int {
	switch st {
	case demos.Pending:
		return 1
	case demos.Done, demos.Cancelled:
		return 2
	}
	return 0 // running, waiting, sleeping, failed
}

// sortRows orders the rows. A scroll by hand (the list is not at its top)
// stops the following until the next run: the order is frozen as it was,
// new tasks are added at the end and no row moves.
func (b *board) sortRows() {
	if b.follow && b.list.GetScrollOffset() > 0 {
		b.follow = false
		b.frozen = b.frozen[:0]
		for r := range b.rows.len() {
			b.frozen = append(b.frozen, b.rows.at(r))
		}
	}
	if !b.follow {
		for i := len(b.frozen); i < len(b.snap.Tasks); i++ {
			b.frozen = append(b.frozen, i)
		}
	}
}

// rowCount is the number of rows of the list: every task.
func (b *board) rowCount() int {
	if !b.follow {
		return len(b.frozen)
	}
	return b.rows.len()
}

// taskAt is the task on row r, -1 if none.
func (b *board) taskAt(r int) int {
	switch {
	case r < 0 || r >= b.rowCount():
		return -1
	case !b.follow:
		return b.frozen[r]
	}
	return b.rows.at(r)
}

// reasonKey is a state with what it waits on or why it ended.
type reasonKey struct {
	state demos.State
	on    string
}

// maxDetailRows bounds how many rows get detail lines: each costs the list
// a relayout when set, and past a few hundred rows the overview is the view.
const maxDetailRows = 200

// fitDetails gives a row detail lines when its state and reason do not fit
// after the bar, and takes them away when they fit again. A reason short
// enough to fit even in the widest letters is not measured, so 10,000
// sleeping tasks cost a loop of length checks. Past maxDetailRows, rows
// that do not fit show their state's word alone (short), never a cut one.
func (b *board) fitDetails() {
	w := b.list.Size().Width
	if w <= 0 {
		return
	}
	if w != b.fitWidth || b.cols.gen != b.fitGen {
		b.fitWidth, b.fitGen = w, b.cols.gen
		clear(b.details)
	}
	sure := int(b.cols.stateWidth(w) / (b.cols.textSize * 0.95)) // characters that fit whatever they are
	n := b.rowCount()
	for len(b.lines) < n {
		b.lines = append(b.lines, 0)
	}
	for len(b.heights) < n {
		b.heights = append(b.heights, 0)
	}
	rows := 0
	for r := range b.marked {
		if r < n && b.lines[r] > 0 {
			rows++
		}
	}
	fit := func(r int) {
		t := &b.snap.Tasks[b.taskAt(r)]
		k := 0 // detail lines
		if t.On != "" && len(t.On)+len(t.State.String())+2 > sure && b.detailed(t.State) {
			k = len(b.detailOf(t))
		}
		if k > 0 && b.lines[r] == 0 {
			if rows >= maxDetailRows {
				k = 0 // too many: this row shows its state's word alone
			} else {
				rows++
			}
		} else if k == 0 && b.lines[r] > 0 {
			rows--
		}
		b.lines[r] = uint8(k)
		// A row once set keeps its height on the list until set again:
		// compare with the height the current theme wants, or a row left
		// at the old theme's height after P has separators through its
		// text.
		if h := b.cols.rowHeight(k); (k > 0 || b.heights[r] != 0) && b.heights[r] != h {
			b.heights[r] = h
			b.list.SetItemHeight(r, h)
		}
		if b.lines[r] > 0 || b.heights[r] != 0 {
			b.marked[r] = struct{}{}
		} else {
			delete(b.marked, r)
		}
	}
	// The rows on screen, and those given lines or a height before (their
	// task may have moved on): a frame costs what is visible, however many
	// tasks the run has had.
	lo, hi := b.visibleRows(n)
	for r := lo; r < hi; r++ {
		fit(r)
	}
	for r := range b.marked {
		if r < lo || r >= hi {
			if r >= n {
				delete(b.marked, r)
				continue
			}
			fit(r)
		}
	}
}

// visibleRows is a range of rows that holds every row on screen, with a
// margin: the first row lies at least as far down as the tallest rows
// would put it, the last at most as far as the shortest would.
func (b *board) visibleRows(n int) (lo, hi int) {
	h0 := b.cols.rowHeight(0)
	if h0 <= 0 {
		return 0, n
	}
	hmax := b.cols.rowHeight(maxDetailLines) + 2*theme.Padding()
	off := b.list.GetScrollOffset()
	lo = max(0, int(off/hmax)-4)
	hi = min(n, int((off+b.list.Size().Height)/h0)+4)
	return lo, max(lo, hi)
}

// detailed reports whether a row in state st gets detail lines when its
// reason does not fit: why a task failed always; what any other task waits
// on or why it was cancelled ("sleeping: simulated I/O" says the wait is
// simulated) while the board is rows alone. Beside the overview, a run of
// hundreds of tasks, such a row shows its state's word alone.
func (b *board) detailed(st demos.State) bool {
	switch {
	case st == demos.Failed:
		return true
	case b.wide:
		return false
	case b.compact:
		// projector mode: rows are tall, and what a waiting task waits on
		// is the lesson (a lock, a channel); "sleeping" says enough
		return st == demos.Waiting
	}
	return true
}

// fits reports whether task t's state and reason fit on its row's first
// line.
func (b *board) fits(t *demos.TaskInfo) bool {
	return t.On == "" || b.fitWidth <= 0 || len(b.detailOf(t)) == 0
}

// detailOf returns the detail lines of task t: nil when its state and
// reason fit after the bar.
func (b *board) detailOf(t *demos.TaskInfo) []string {
	k := reasonKey{t.State, t.On}
	if d, ok := b.details[k]; ok {
		return d
	}
	var d []string
	c := &b.cols
	if fyne.MeasureText(stateWords(t.State, t.On), c.textSize, fyne.TextStyle{}).Width > c.stateWidth(b.fitWidth) {
		d = wrapText(reasonText(t.State, t.On), c.detailWidth(b.fitWidth), c.textSize)
		d = d[:min(len(d), maxDetailLines)]
	}
	b.details[k] = d
	return d
}

// resetDetails gives every row one line again, for a new run.
func (b *board) resetDetails() {
	for r, h := range b.heights {
		if h0 := b.cols.rowHeight(0); h != 0 && h != h0 {
			b.heights[r] = h0 // still set on the list: fitDetails keeps it in step with the theme
			b.list.SetItemHeight(r, h0)
		}
	}
	b.lines = b.lines[:0]
	clear(b.details)
	for r := range b.marked {
		if r >= len(b.heights) || b.heights[r] == 0 {
			delete(b.marked, r)
		}
	}
}

// reset scrolls back to the first task for a new run and narrows the id
// column again.
func (b *board) reset() {
	b.resetDetails()
	b.cols.idSample = ""
	b.applyTheme(fyne.CurrentApp().Settings().Theme(), fyne.CurrentApp().Settings().ThemeVariant())
	b.list.ScrollToTop()
	b.follow = true
	b.rows.reset()
	b.frozen = b.frozen[:0]
}

// setCounts shows the board's header: how many tasks (or the units they
// stand for) and workers, and how many tasks in each state that any task
// is in, each with its mark in the legend's font.
func (b *board) setCounts() {
	units := countsUnits(b.snap, b.fixed)
	var key strings.Builder
	for _, u := range units {
		key.WriteString(u[0] + u[1])
	}
	if key.String() == b.shown {
		return
	}
	b.shown = key.String()
	b.counts.set(units)
	if h := b.counts.MinSize().Height; h != b.countsH {
		// a line more or less: lay the board out again, or the list would
		// cover the header's second line
		b.countsH = h
		b.obj.Refresh()
	}
}

// countsUnits are the header's pieces, each a mark (maybe none) and its
// words: a piece never breaks across lines. fixed, when set, replaces the
// worker count for a mode that does not use it ("one goroutine"). Where a
// task stands for several units (spawn's goroutines, ten to a row), the
// header counts the units, as the demo's picture does, and says how the
// rows hold them, in short pieces (spawn's widest, "in 1,000 rows of 10",
// is narrower than "Tasks: 1,000 (8 workers)"): the header takes the lines
// it needs and never widens the board. The states count rows, as the
// overview's cells and the figures beside the board do.
func countsUnits(s *demos.Snapshot, fixed string) [][2]string {
	if len(s.Tasks) == 0 {
		return [][2]string{{"", "Tasks: none yet — press Run"}}
	}
	workers := ""
	if fixed != "" {
		workers = "(" + fixed + ")"
	} else if s.Workers > 0 {
		// the live worker target: a drag of the slider shows here at once
		workers = "(" + demos.Plural(s.Workers, "worker", "workers") + ")"
	}
	var units [][2]string
	if u := s.Units; u.Per > 1 && u.Total > 1 {
		units = append(units, [2]string{"", thousands(int64(u.Total)) + " " + u.Noun})
		if workers != "" {
			units = append(units, [2]string{"", workers})
		}
		full, rest := u.Total/u.Per, u.Total%u.Per
		switch {
		case full > 0:
			units = append(units, [2]string{"", "in " + demos.Plural(full, "row", "rows") + " of " + thousands(int64(u.Per))})
			if rest > 0 {
				units = append(units, [2]string{"", "and 1 of " + thousands(int64(rest))})
			}
		case rest > 0:
			units = append(units, [2]string{"", "in 1 row of " + thousands(int64(rest))})
		}
	} else {
		head := "Tasks: " + thousands(int64(len(s.Tasks)))
		if workers != "" {
			head += " " + workers
		}
		units = append(units, [2]string{"", head})
	}
	for _, st := range demos.States() {
		if n := s.Count[st]; n > 0 {
			units = append(units, [2]string{stateMark(st), " " + thousands(int64(n)) + " " + st.String()})
		}
	}
	return units
}

// countsView is the board's header: pieces of bold text, each with a mark
// in the legend's font, flowing onto a second line when the board is
// narrow. (A RichText would break a piece letter by letter at the edge.)
type countsView struct {
	widget.BaseWidget
	marks, words []*canvas.Text
	n            int     // pieces shown
	width        float32 // of the last layout: how many lines the pieces take
}

func newCountsView() *countsView {
	c := &countsView{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *countsView) set(units [][2]string) {
	for len(c.marks) < len(units) {
		m, w := canvas.NewText("", nil), canvas.NewText("", nil)
		m.TextStyle, w.TextStyle = markStyle, fyne.TextStyle{Bold: true}
		c.marks, c.words = append(c.marks, m), append(c.words, w)
	}
	for i, u := range units {
		c.marks[i].Text, c.words[i].Text = u[0], u[1]
	}
	c.n = len(units)
	c.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (c *countsView) CreateRenderer() fyne.WidgetRenderer { return &countsRenderer{c: c} }

type countsRenderer struct {
	c    *countsView
	objs []fyne.CanvasObject
}

func (r *countsRenderer) Destroy() {}

func (r *countsRenderer) Objects() []fyne.CanvasObject {
	if len(r.objs) != 2*len(r.c.marks) {
		r.objs = r.objs[:0]
		for i := range r.c.marks {
			r.objs = append(r.objs, r.c.marks[i], r.c.words[i])
		}
	}
	return r.objs
}

// flow places the pieces in lines as wide as width and returns the size
// they take; with place false it only measures.
func (r *countsRenderer) flow(width float32, place bool) fyne.Size {
	c := r.c
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, c)
	ts := theme.SizeForWidget(theme.SizeNameText, c)
	gap := ts * 1.2
	lineH := fyne.MeasureText("Ag", ts, fyne.TextStyle{Bold: true}).Height
	x, y, widest := float32(0), float32(0), float32(0)
	for i := range c.n {
		mw := float32(0)
		if c.marks[i].Text != "" {
			mw = fyne.MeasureText(c.marks[i].Text, ts*markScale, markStyle).Width
		}
		ww := fyne.MeasureText(c.words[i].Text, ts, c.words[i].TextStyle).Width
		w := mw + ww
		if x > 0 && pad+x+gap+w > width {
			x, y = 0, y+lineH
		} else if x > 0 {
			x += gap
		}
		if place {
			m, t := c.marks[i], c.words[i]
			m.TextSize, t.TextSize = ts*markScale, ts
			ms := m.MinSize()
			m.Move(fyne.NewPos(pad+x, pad/2+y+(lineH-ms.Height)/2))
			m.Resize(ms)
			t.Move(fyne.NewPos(pad+x+mw, pad/2+y))
			t.Resize(fyne.NewSize(ww, lineH))
		}
		x += w
		widest = max(widest, w)
	}
	return fyne.NewSize(widest+2*pad, y+lineH+pad)
}

func (r *countsRenderer) MinSize() fyne.Size {
	w := r.c.width
	if w <= 0 {
		w = float32(math.Inf(1))
	}
	return r.flow(w, false)
}

func (r *countsRenderer) Layout(size fyne.Size) {
	r.c.width = size.Width
	r.flow(size.Width, true)
}

func (r *countsRenderer) Refresh() {
	fg := theme.ColorForWidget(theme.ColorNameForeground, r.c)
	for i := range r.c.marks {
		show := i < r.c.n
		for _, t := range []*canvas.Text{r.c.marks[i], r.c.words[i]} {
			t.Color = fg
			if show {
				t.Show()
			} else {
				t.Hide()
			}
		}
	}
	r.Layout(r.c.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

// headLayout puts a header over a body: the header as tall as it needs at
// the full width (it flows onto more lines when narrow), the body the rest.
type headLayout struct{}

func (headLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(h.Width, b.Width), h.Height+b.Height)
}

func (headLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	head, body := objs[0], objs[1]
	head.Resize(fyne.NewSize(size.Width, head.Size().Height)) // its lines follow its width
	hh := head.MinSize().Height
	head.Move(fyne.NewPos(0, 0))
	head.Resize(fyne.NewSize(size.Width, hh))
	body.Move(fyne.NewPos(0, hh))
	body.Resize(fyne.NewSize(size.Width, size.Height-hh))
}

// setLabel changes a label only when its text differs.
func setLabel(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// sideLayout puts the list and the overview side by side: the list keeps
// the width its rows need (at least half), the overview takes the rest.
// When the two do not fit side by side (projector mode), the overview goes
// above the list instead. It asks only for the larger of the two, so a big
// run never grows the window past the screen.
type sideLayout struct{ b *board }

func (sideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().Max(objs[1].MinSize())
}

func (s sideLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	defer s.b.refit()
	pad := theme.Padding()
	list, over := objs[0], objs[1]
	lm, om := list.MinSize(), over.MinSize()
	if size.Width < lm.Width+om.Width+pad {
		oh := max(om.Height, (size.Height-pad)*0.45)
		over.Move(fyne.NewPos(0, 0))
		over.Resize(fyne.NewSize(size.Width, oh))
		list.Move(fyne.NewPos(0, oh+pad))
		list.Resize(fyne.NewSize(size.Width, max(0, size.Height-oh-pad)))
		return
	}
	lw := min(max(lm.Width, size.Width*0.58), size.Width-om.Width-pad)
	list.Move(fyne.NewPos(0, 0))
	list.Resize(fyne.NewSize(lw, size.Height))
	over.Move(fyne.NewPos(lw+pad, 0))
	over.Resize(fyne.NewSize(size.Width-lw-pad, size.Height))
}

// refitLayout gives the board's list all of its room, and measures the
// rows' reasons again when the width changed (the window resized, P): a
// run that has ended draws no more frames, and a reason measured at the
// old width would run past the row's edge.
type refitLayout struct{ b *board }

func (r *refitLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (r *refitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	r.b.refit()
}

// refit measures the rows' reasons again when the list's width changed.
func (b *board) refit() {
	if w := b.list.Size().Width; w > 0 && w != b.fitWidth && b.rowCount() > 0 {
		b.fitDetails()
		b.list.Refresh()
	}
}
