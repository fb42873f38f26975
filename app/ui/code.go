package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/assets"
	"concurrencylab/demos"
)

// codePane shows the demo's snippets, one at a time: Go, Python, Rust,
// and extra variants where a demo has them (download's asyncio). Its
// buttons sit in the window's tab row, beside the views' tabs, so the code
// has the view's whole height.
type codePane struct {
	bar     *fyne.Container // a button per snippet
	body    *fyne.Container // the snippets, one shown
	items   []*container.TabItem
	sel     int
	lastTab string    // the snippet's title to keep shown across demos
	large   bool      // Z: the code at the width's size, scrolled, not the whole file
	compact bool      // projector mode: one button names the snippet shown and steps to the next
	live    *codeText // the program the run's mode runs: its lines count the tasks
}

// fileTitles names a snippet file's tab.
var fileTitles = map[string]string{
	"main.go": "Go", "main.py": "Python", "main.rs": "Rust",
	"main_asyncio.py": "Python asyncio",
}

// tabOrder puts the three languages first, in the catalogue's order.
var tabOrder = []string{"main.go", "main.py", "main_asyncio.py", "main.rs"}

func newCodePane() *codePane {
	return &codePane{lastTab: "Go", bar: container.NewHBox(), body: container.NewStack()}
}

func (c *codePane) setDemo(d *demos.Demo) {
	var items []*container.TabItem
	files := assets.Files(d.ID)
	names := append([]string(nil), tabOrder...)
	for _, f := range files {
		if _, ok := fileTitles[f]; !ok && (strings.HasSuffix(f, ".go") || strings.HasSuffix(f, ".py") || strings.HasSuffix(f, ".rs")) {
			names = append(names, f)
		}
	}
	for _, name := range names {
		src, ok := assets.File(d.ID, name)
		if !ok {
			continue
		}
		title := fileTitles[name]
		if title == "" {
			title = name
		}
		items = append(items, container.NewTabItem(title, codeView(src)))
	}
	if len(items) == 0 {
		items = append(items, container.NewTabItem("Code", widget.NewLabel("No snippet for this demo yet.")))
	}
	c.setItems(items)
}

// setItems makes items the snippets shown, keeping the one titled as the
// last chosen where there is one.
func (c *codePane) setItems(items []*container.TabItem) {
	c.items = items
	c.bar.Objects = c.bar.Objects[:0]
	c.body.Objects = c.body.Objects[:0]
	if c.compact {
		// one button, the snippet shown, that steps to the next: at 1024
		// pixels three beside the views' tabs pushed the clock to a third
		// line
		c.bar.Add(widget.NewButton("", func() { c.step(1) }))
	}
	keep := 0
	for i, it := range items {
		if !c.compact {
			c.bar.Add(widget.NewButton(it.Text, func() { c.choose(i) }))
		}
		if ct, ok := it.Content.(*codeText); ok {
			ct.setLarge(c.large)
		}
		c.body.Add(it.Content)
		if it.Text == c.lastTab {
			keep = i
		}
	}
	last := c.lastTab
	c.choose(keep)
	c.lastTab = last
}

// setMode shows the demo's snippets for mode: for a peer mode (python-*,
// rust-*) its language's snippet gives way to the exact program the mode
// runs, named in its button, and is shown; a Go mode gets the snippets back.
func (c *codePane) setMode(d *demos.Demo, mode string) {
	c.setDemo(d)
	lang, src, ok := assets.Peer(d.ID, mode)
	defer func() { c.markMode(mode, ok) }()
	if !ok {
		return
	}
	title := map[string]string{"python": "Python", "rust": "Rust"}[lang]
	items := []*container.TabItem{container.NewTabItem(title+" ("+mode+")", codeView(src))}
	for _, it := range c.items {
		if it.Text != title {
			items = append(items, it)
		}
	}
	last := c.lastTab
	c.setItems(items)
	c.choose(0)
	c.lastTab = last // a Go mode next shows the snippet shown before
}

// markMode marks mode's lines in every snippet, and makes the program
// that runs in mode the one whose lines count the run's tasks: the Go
// snippet, or the peer program a python-* or rust-* mode runs (first).
func (c *codePane) markMode(mode string, peer bool) {
	c.live = nil
	for i, it := range c.items {
		ct, ok := it.Content.(*codeText)
		if !ok {
			continue
		}
		ct.setMode(mode)
		if c.live == nil && (peer && i == 0 || !peer && it.Text == "Go") {
			c.live = ct
		}
	}
}

// update counts the run's tasks on the lines of the program that runs.
func (c *codePane) update(s *demos.Snapshot) {
	if c.live != nil {
		c.live.setLive(s)
	}
}

// choose shows snippet i and marks its button.
func (c *codePane) choose(i int) {
	if i < 0 || i >= len(c.items) {
		return
	}
	c.sel, c.lastTab = i, c.items[i].Text
	if c.compact {
		one := c.bar.Objects[0].(*widget.Button)
		one.Importance = widget.HighImportance
		// a peer program by its language: the mode's select names it
		lang, _, _ := strings.Cut(c.items[i].Text, " (")
		one.SetText(lang + "  L")
	}
	for j, o := range c.body.Objects {
		imp := widget.LowImportance
		if j == i {
			o.Show()
			imp = widget.HighImportance
		} else {
			o.Hide()
		}
		if c.compact {
			continue
		}
		if b := c.bar.Objects[j].(*widget.Button); b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
	c.body.Refresh()
}

// step shows the next (dir 1) or previous snippet: the L key.
func (c *codePane) step(dir int) {
	if n := len(c.items); n > 0 {
		c.choose((c.sel + dir + n) % n)
	}
}

// outputPane shows the lines the workers printed, like a terminal: time,
// worker and text, the newest at the bottom. A line longer than the pane
// wraps onto rows of its own, indented under the text, so nothing is cut
// at the right edge; and the top row shown is always a line's first, never
// the end of a wrapped sentence.
type outputPane struct {
	snap    *demos.Snapshot
	term    *termView
	rows    []string // the visual rows of the lines wrapped so far
	starts  []bool   // whether each row begins a line
	wrapped int      // how many of snap.Logs are in rows
	cols    int      // characters per row the rows were wrapped at; 0: not wrapped
	width   float32  // the pane's width they were wrapped for
	empty   *widget.Label
	box     *fyne.Container
}

func newOutputPane(snap *demos.Snapshot, unfocus func()) *outputPane {
	o := &outputPane{snap: snap}
	o.term = newTermView(o)
	o.empty = widget.NewLabel("No printed lines yet.")
	o.empty.Importance = widget.LowImportance
	o.box = container.New(&outputLayout{o}, o.term, o.empty)
	return o
}

// termView draws the output's rows that fit, bottom up from the newest (or
// from where the wheel scrolled back to), in monospace.
type termView struct {
	widget.BaseWidget
	o     *outputPane
	texts []*canvas.Text
	back  int // rows scrolled back from the newest; 0 follows the output
}

func newTermView(o *outputPane) *termView {
	t := &termView{o: o}
	t.ExtendBaseWidget(t)
	return t
}

// Scrolled is part of fyne.Scrollable: the wheel goes back through the
// output three rows a notch; back at the bottom it follows again.
func (t *termView) Scrolled(e *fyne.ScrollEvent) {
	n := 3
	if e.Scrolled.DY < 0 {
		n = -3
	}
	t.back = min(max(0, t.back+n), max(0, len(t.o.rows)-1))
	t.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (t *termView) CreateRenderer() fyne.WidgetRenderer { return &termRenderer{t: t} }

type termRenderer struct {
	t    *termView
	objs []fyne.CanvasObject
}

func (r *termRenderer) Destroy()                     {}
func (r *termRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *termRenderer) MinSize() fyne.Size {
	ts := theme.SizeForWidget(theme.SizeNameText, r.t)
	return fyne.NewSize(ts*8, 3*fyne.MeasureText("Ag", ts, fyne.TextStyle{Monospace: true}).Height)
}

// window returns the rows to show in a pane of height h: as many as fit,
// ending at the newest (less the rows scrolled back), starting at a line's
// first row.
func (r *termRenderer) window(h, lh float32) (start, end int) {
	o := r.t.o
	n := max(1, int(h/lh))
	end = max(0, len(o.rows)-r.t.back)
	start = max(0, end-n)
	for start > 0 && start < end && !o.starts[start] {
		start++ // the end of a wrapped line: leave it out
	}
	return start, end
}

func (r *termRenderer) Layout(size fyne.Size) {
	th := r.t.Theme()
	ts := th.Size(theme.SizeNameText)
	fg := th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	lh := fyne.MeasureText("Ag", ts, fyne.TextStyle{Monospace: true}).Height
	start, end := r.window(size.Height, lh)
	for len(r.t.texts) < end-start {
		t := canvas.NewText("", fg)
		t.TextStyle = fyne.TextStyle{Monospace: true}
		r.t.texts = append(r.t.texts, t)
		r.objs = append(r.objs, t)
	}
	for i, t := range r.t.texts {
		if i >= end-start {
			t.Hide()
			continue
		}
		t.Text, t.TextSize, t.Color = r.t.o.rows[start+i], ts, fg
		t.Move(fyne.NewPos(0, float32(i)*lh))
		t.Resize(fyne.NewSize(size.Width, lh))
		t.Show()
		t.Refresh()
	}
}

func (r *termRenderer) Refresh() { r.Layout(r.t.Size()) }

// logPrefix is the time and worker columns of a printed line:
// "  1.502 s  w1    "; lines from outside the workers (a negative worker)
// are the main goroutine's.
func logPrefix(l demos.LogLine) string {
	who := fmt.Sprintf("w%d", l.Worker)
	if l.Worker < 0 {
		who = "main"
	}
	return fmt.Sprintf("%7.3f s  %-4s  ", l.At.Seconds(), who)
}

// logText is one printed line on one row: "  1.502 s  w1    B".
func logText(l demos.LogLine) string { return logPrefix(l) + l.Text }

// logRows is line l wrapped at cols characters: the first row with the
// time and worker, the others indented under the text. cols 0 does not
// wrap.
func logRows(l demos.LogLine, cols int) []string {
	prefix := logPrefix(l)
	width := cols - len([]rune(prefix))
	if cols <= 0 || len([]rune(l.Text)) <= width {
		return []string{prefix + l.Text}
	}
	width = max(width, 8)
	indent := strings.Repeat(" ", len([]rune(prefix)))
	var rows []string
	line := ""
	flush := func() {
		if len(rows) == 0 {
			rows = append(rows, prefix+line)
		} else {
			rows = append(rows, indent+line)
		}
		line = ""
	}
	for _, word := range strings.Fields(l.Text) {
		for len([]rune(word)) > width { // longer than a row: break it
			if line != "" {
				flush()
			}
			rs := []rune(word)
			line = string(rs[:width])
			flush()
			word = string(rs[width:])
		}
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= width:
			line += " " + word
		default:
			flush()
			line = word
		}
	}
	if line != "" || len(rows) == 0 {
		flush()
	}
	return rows
}

// reset forgets the rows of the last run.
func (o *outputPane) reset() {
	o.rows, o.starts, o.wrapped = o.rows[:0], o.starts[:0], 0
	o.term.back = 0
}

// rewrap wraps the lines again for the pane's width and text size now.
func (o *outputPane) rewrap(width float32) {
	th := fyne.CurrentApp().Settings().Theme()
	cw := fyne.MeasureText("M", th.Size(theme.SizeNameText), fyne.TextStyle{Monospace: true}).Width
	cols := 0
	if width > 0 && cw > 0 {
		cols = int((width - th.Size(theme.SizeNamePadding)) / cw)
	}
	o.width = width
	if cols == o.cols {
		return
	}
	o.cols = cols
	o.reset()
	o.update()
	o.term.Refresh()
}

func (o *outputPane) update() {
	logs := o.snap.Logs
	if len(logs) < o.wrapped {
		o.reset() // a new run's lines
	}
	n := len(logs)
	if n == o.wrapped {
		if n == 0 && !o.empty.Visible() {
			o.empty.Show()
			o.term.Refresh()
		}
		return
	}
	for _, l := range logs[o.wrapped:] {
		rows := logRows(l, o.cols)
		if o.term.back > 0 {
			o.term.back += len(rows) // scrolled back: what is read stays put
		}
		o.rows = append(o.rows, rows...)
		for i := range rows {
			o.starts = append(o.starts, i == 0)
		}
	}
	o.wrapped = n
	if n == 0 {
		o.empty.Show()
	} else {
		o.empty.Hide()
	}
	o.term.Refresh()
}

// outputLayout stacks the list and its empty note, and wraps the lines
// again when the pane's width changes (a divider dragged, projector mode).
type outputLayout struct{ o *outputPane }

func (ol *outputLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().Max(objs[1].MinSize())
}

func (ol *outputLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	if size.Width != ol.o.width {
		ol.o.rewrap(size.Width)
	}
}

// noticePane asks the demo's prediction question before a run and says what
// to notice.
type noticePane struct {
	question *widget.Label
	notice   *widget.Label
	box      *fyne.Container
}

func newNoticePane() *noticePane {
	n := &noticePane{question: widget.NewLabel(""), notice: widget.NewLabel("")}
	n.question.Wrapping = fyne.TextWrapWord
	n.question.TextStyle = fyne.TextStyle{Bold: true}
	n.notice.Wrapping = fyne.TextWrapWord
	n.box = container.NewVBox(n.question, n.notice)
	return n
}

func (n *noticePane) setDemo(d *demos.Demo, c demos.Config) {
	n.ask(d, c)
	n.notice.SetText("What to notice: " + d.Notice)
}

// ask shows d's question for the run configured by c, so its numbers are
// the ones the sliders show.
func (n *noticePane) ask(d *demos.Demo, c demos.Config) {
	if q := "Predict: " + d.Ask(c); q != n.question.Text {
		n.question.SetText(q)
	}
}

// setRunning dims the question once a run is going: it was asked before.
func (n *noticePane) setRunning(started bool) {
	imp := widget.HighImportance
	if started {
		imp = widget.MediumImportance
	}
	if n.question.Importance != imp {
		n.question.Importance = imp
		n.question.Refresh()
	}
}

// zoom is the Z key: the code at the largest size its width allows, to be
// scrolled, or back to the whole file on screen.
func (c *codePane) zoom() { c.setLarge(!c.large) }

// setCompact names the snippet shown in one button that steps to the next
// (projector mode), or gives each snippet its button.
func (c *codePane) setCompact(on bool) {
	if c.compact != on {
		// the snippet shown stays: a peer mode shows its program, not the
		// snippet last chosen
		sel, last := c.sel, c.lastTab
		c.compact = on
		c.setItems(c.items)
		c.choose(sel)
		c.lastTab = last
	}
}

// setLarge sizes every snippet to the width, opened at the lines that
// matter, or shows each whole.
func (c *codePane) setLarge(on bool) {
	c.large = on
	for _, it := range c.items {
		if ct, ok := it.Content.(*codeText); ok {
			ct.setLarge(on)
		}
	}
}

// scroll moves the shown snippet by n lines (PageUp/PageDown).
func (c *codePane) scroll(n int) {
	if ct := c.current(); ct != nil {
		ct.scroll(n)
	}
}

// current is the snippet shown, or nil.
func (c *codePane) current() *codeText {
	if c.sel < len(c.items) {
		if ct, ok := c.items[c.sel].Content.(*codeText); ok {
			return ct
		}
	}
	return nil
}
