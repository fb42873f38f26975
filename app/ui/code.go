package ui

import (
	"fmt"
	"image/color"
	"math"
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
	keep := 0
	for i, it := range items {
		c.bar.Add(widget.NewButton(it.Text, func() { c.choose(i) }))
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
	for j, o := range c.body.Objects {
		b := c.bar.Objects[j].(*widget.Button)
		imp := widget.LowImportance
		if j == i {
			o.Show()
			imp = widget.HighImportance
		} else {
			o.Hide()
		}
		if b.Importance != imp {
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

// codeView is a snippet in monospace, sized to the width it is given: the
// Code view shows a whole line at the largest size that fits, and scrolls
// down a long file.
func codeView(src string) fyne.CanvasObject {
	return newCodeText(src)
}

// codeText draws a program's lines in monospace at the largest size, up to
// a little over the theme's text, at which its longest line fits the width:
// no line is cut at the right and none wraps (a wrapped line of code reads
// as two). It scrolls itself (wheel, PageUp/PageDown through the Lab)
// rather than living in a container.Scroll: its height depends on the
// width it gets, which a Scroll asks for before it gives the width.
type codeText struct {
	widget.BaseWidget
	lines []string // tabs expanded
	cols  int      // the longest line's characters
	texts []*canvas.Text
	more  *canvas.Text // "lines 1-18 of 39 · scroll for more"
	// unders draws each underscore as a bar: Fyne 2.7 clips the glyph
	// below the text's descent (fyne-io/fyne#6006), and "100_000" read
	// "100 000".
	unders []underscore
	top    int     // the first line shown
	shown  int     // how many lines fit
	fs     float32 // the text size of the last layout
	large  bool    // sized to the width alone, the file scrolled (Z)
	focus  int     // the first line that matters: past the package line and the imports

	// The lines the snippet tags (see codemarks.go): the mode's lines get
	// a bar at the left, a state's line a count of the tasks on it now.
	tags   map[int]codeTag
	marks  []*lineMark
	bars   map[int]*canvas.Rectangle // a bar for each line of some mode
	mode   string
	anchor bool // scroll to the mode's first line at the next layout
}

// lineMark is a line where tasks in a state can be: a band across it and
// "▶ 3" at its right end while tasks are there.
type lineMark struct {
	line int
	tag  codeTag
	n    int
	band *canvas.Rectangle
	back *canvas.Rectangle // under the count, over code that runs that far
	text *canvas.Text
}

// underscore is a bar drawn under column col of line line.
type underscore struct {
	line, col int
	bar       *canvas.Rectangle
}

// codeTab is how many columns a tab takes in the code view.
const codeTab = 4

func newCodeText(src string) *codeText {
	c := &codeText{tags: map[int]codeTag{}, bars: map[int]*canvas.Rectangle{}}
	for i, line := range strings.Split(strings.TrimRight(src, "\n"), "\n") {
		line, words := splitTag(line)
		if words != nil {
			// a word the tests would refuse leaves the line unmarked
			if tag, err := parseTag(words); err == nil {
				c.addTag(i, tag)
			}
		}
		line = strings.ReplaceAll(line, "\t", strings.Repeat(" ", codeTab))
		c.lines = append(c.lines, line)
		c.cols = max(c.cols, len([]rune(line)))
		t := canvas.NewText(line, nil)
		t.TextStyle = fyne.TextStyle{Monospace: true}
		c.texts = append(c.texts, t)
		for col, r := range []rune(line) {
			if r == '_' {
				c.unders = append(c.unders, underscore{line: len(c.texts) - 1, col: col, bar: canvas.NewRectangle(nil)})
			}
		}
	}
	c.focus = focusLine(c.lines)
	c.more = canvas.NewText("", nil)
	c.more.TextStyle = fyne.TextStyle{Italic: true}
	c.ExtendBaseWidget(c)
	return c
}

// focusLine is where a class starts reading a program: its first
// definition (Go's func, Python's def or class, Rust's fn or struct) with
// the comment above it, past the package line and the imports.
func focusLine(lines []string) int {
	for i, line := range lines {
		for _, p := range []string{"func ", "def ", "async def ", "class ", "fn ", "struct ", "pub fn ", "type "} {
			if strings.HasPrefix(line, p) {
				for i > 0 && isComment(lines[i-1]) {
					i--
				}
				return i
			}
		}
	}
	return 0
}

// addTag keeps line i's tag and makes what draws it.
func (c *codeText) addTag(i int, tag codeTag) {
	c.tags[i] = tag
	if len(tag.modes) > 0 {
		c.bars[i] = canvas.NewRectangle(nil)
	}
	if tag.state != demos.Pending {
		t := canvas.NewText("", nil)
		t.TextStyle = markStyle
		c.marks = append(c.marks, &lineMark{line: i, tag: tag, band: canvas.NewRectangle(nil), back: canvas.NewRectangle(nil), text: t})
	}
}

// setMode marks the lines of mode and, at the next layout, scrolls to the
// first of them; the live counts start again.
func (c *codeText) setMode(mode string) {
	c.mode, c.anchor = mode, true
	for _, m := range c.marks {
		m.n = 0
	}
	c.Refresh()
}

// modeLines is the span of the lines the mode is about: its own and those
// that count its tasks (lo -1: the program tags none).
func (c *codeText) modeLines() (lo, hi int) {
	lo, hi = -1, -1
	for i, t := range c.tags {
		if t.inMode(c.mode) && (len(t.modes) > 0 || t.state != demos.Pending) {
			if lo < 0 || i < lo {
				lo = i
			}
			hi = max(hi, i)
		}
	}
	return lo, hi
}

// anchorTop scrolls, where it must, so that the mode's lines are in view
// with a line or two above them: as many of them as fit, from the first.
func (c *codeText) anchorTop() {
	lo, hi := c.modeLines()
	if lo < 0 || lo >= c.top && hi < c.top+c.shown {
		return
	}
	c.top = max(0, lo-min(2, max(0, c.shown-(hi-lo+1))))
}

// setLive counts the tasks of s on each marked line, and redraws the marks
// when a count changed.
func (c *codeText) setLive(s *demos.Snapshot) {
	changed := false
	for _, m := range c.marks {
		n := 0
		switch {
		case !m.tag.inMode(c.mode):
		case m.tag.state != demos.Waiting && len(m.tag.workers) == 0 && m.tag.holds < 0:
			n = s.Count[m.tag.state] // the state alone: the count the board has
		default:
			for i := range s.Tasks {
				if m.tag.match(&s.Tasks[i]) {
					n++
				}
			}
		}
		if n != m.n {
			m.n, changed = n, true
		}
	}
	if changed {
		c.Refresh()
	}
}

// isComment reports whether a line is a comment line in Go, Python or Rust.
func isComment(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "//") || strings.HasPrefix(t, "#")
}

// setLarge sizes the code to the width (Z, and projector mode's default),
// opening it at the lines that matter; or back to the whole file.
func (c *codeText) setLarge(on bool) {
	if c.large == on {
		return
	}
	c.large = on
	c.top = 0
	if on {
		c.top = c.focus
	}
	c.Refresh()
}

// largeCols is how many columns the large code fits to the width: a
// longer line runs off the right edge rather than shrink every line below
// what the back of a room reads.
const largeCols = 64

// largeLines is how many lines the large code keeps on screen at least
// where the height allows: a worker's loop and its caller together, at
// about 20 px on a 1280x720 projector (words 16 px high, read from the
// back row).
const largeLines = 25

// codeMinText is the smallest code text: below it a projected line is a
// grey smear, and the view scrolls sideways instead of shrinking further.
const codeMinText = 12

// textSize is the size at which the longest line fits width and, where
// that leaves it at least codeMinText, the whole file fits height: a class
// reads a program whole. Below that the view scrolls.
func (c *codeText) textSize(size fyne.Size) float32 {
	base := theme.SizeForWidget(theme.SizeNameText, c)
	unit := fyne.MeasureText("M", 100, fyne.TextStyle{Monospace: true}).Width / 100
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, c)
	cols := max(c.cols, 40)
	if c.large {
		cols = min(cols, largeCols)
	}
	fs := (size.Width - 2*pad) / (float32(cols) + 1) / unit
	lines := float32(len(c.lines))
	if c.large {
		lines = min(lines, largeLines)
	}
	if size.Height > 0 {
		fs = min(fs, max(codeMinText, (size.Height-2*pad)/(lines*codeSpacing)))
	}
	top := base * 1.15
	if c.large {
		top = base * 1.6 // as large as the figures: read from the back
	}
	return min(top, max(codeMinText, float32(math.Floor(float64(fs)*2)/2)))
}

// codeSpacing is the distance between lines of code in text sizes: closer
// than a label's, as in an editor.
const codeSpacing = 1.1

// lineHeight is the distance between lines at text size fs.
func lineHeight(fs float32) float32 { return fs * codeSpacing }

// Scrolled is part of fyne.Scrollable: the wheel moves three lines a notch.
func (c *codeText) Scrolled(e *fyne.ScrollEvent) {
	switch {
	case e.Scrolled.DY < 0:
		c.scroll(3)
	case e.Scrolled.DY > 0:
		c.scroll(-3)
	}
}

// scroll moves the first line shown by n lines, within the file.
func (c *codeText) scroll(n int) {
	top := min(max(0, c.top+n), max(0, len(c.lines)-c.shown))
	if top != c.top {
		c.top = top
		c.Refresh()
	}
}

// CreateRenderer is part of fyne.Widget.
func (c *codeText) CreateRenderer() fyne.WidgetRenderer { return &codeTextRenderer{c} }

type codeTextRenderer struct{ c *codeText }

func (r *codeTextRenderer) Destroy() {}

func (r *codeTextRenderer) Objects() []fyne.CanvasObject {
	c := r.c
	objs := make([]fyne.CanvasObject, 0, len(c.texts)+len(c.unders)+len(c.bars)+3*len(c.marks)+1)
	for _, m := range c.marks {
		objs = append(objs, m.band) // under the line's code
	}
	for _, t := range c.texts {
		objs = append(objs, t)
	}
	for _, u := range c.unders {
		objs = append(objs, u.bar)
	}
	for _, b := range c.bars {
		objs = append(objs, b)
	}
	for _, m := range c.marks {
		objs = append(objs, m.back, m.text) // over a long line's end
	}
	return append(objs, c.more)
}

func (r *codeTextRenderer) MinSize() fyne.Size {
	fs := float32(codeMinText)
	return fyne.NewSize(fs*10, 4*lineHeight(fs))
}

func (r *codeTextRenderer) Layout(size fyne.Size) {
	c := r.c
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, c)
	fs := c.textSize(size)
	c.fs = fs
	lh := lineHeight(fs)
	avail := size.Height - 2*pad
	c.shown = max(1, int(avail/lh))
	if c.shown < len(c.lines) {
		c.shown = max(1, int((avail-lh)/lh)) // a line for "scroll for more"
	}
	if c.anchor {
		c.anchor = false
		c.anchorTop()
	}
	c.top = min(c.top, max(0, len(c.lines)-c.shown))
	r.layoutMarks(size, fs, lh, pad)
	for i, t := range c.texts {
		t.TextSize = fs
		if i < c.top || i >= c.top+c.shown {
			t.Hide()
			continue
		}
		t.Show()
		// the box as tall as the text's own, overlapping the next line's:
		// a box of the spacing's height would clip the underscores
		t.Move(fyne.NewPos(pad, pad+float32(i-c.top)*lh))
		t.Resize(fyne.NewSize(size.Width-2*pad, t.MinSize().Height*1.25))
	}
	unit := fyne.MeasureText("M", 100, fyne.TextStyle{Monospace: true}).Width / 100 * fs
	for _, u := range c.unders {
		if u.line < c.top || u.line >= c.top+c.shown {
			u.bar.Hide()
			continue
		}
		u.bar.Show()
		// at the glyph's own place: just under the baseline
		u.bar.Move(fyne.NewPos(pad+float32(u.col)*unit, pad+float32(u.line-c.top)*lh+fs*1.08))
		u.bar.Resize(fyne.NewSize(unit, max(1, fs*0.08)))
	}
	if c.shown < len(c.lines) {
		last := min(len(c.lines), c.top+c.shown)
		c.more.Text = fmt.Sprintf("lines %d–%d of %d · PgUp/PgDn or the wheel scroll", c.top+1, last, len(c.lines))
		c.more.TextSize = fs * 0.9
		c.more.Move(fyne.NewPos(pad, pad+float32(c.shown)*lh))
		c.more.Resize(fyne.NewSize(size.Width-2*pad, lh))
		c.more.Show()
	} else {
		c.more.Hide()
	}
}

// layoutMarks places the mode's bars and the live counts of the lines
// shown.
func (r *codeTextRenderer) layoutMarks(size fyne.Size, fs, lh, pad float32) {
	c := r.c
	shown := func(line int) bool { return line >= c.top && line < c.top+c.shown }
	y := func(line int) float32 { return pad + float32(line-c.top)*lh }
	for line, b := range c.bars {
		t := c.tags[line]
		if !shown(line) || !t.inMode(c.mode) {
			b.Hide()
			continue
		}
		b.Move(fyne.NewPos(0, y(line)))
		b.Resize(fyne.NewSize(pad*0.8, lh))
		b.Show()
	}
	for _, m := range c.marks {
		if !shown(m.line) || m.n == 0 {
			m.band.Hide()
			m.back.Hide()
			m.text.Hide()
			continue
		}
		m.text.Text, m.text.TextSize = lineCount(m.tag.state, m.n), fs
		w := m.text.MinSize().Width
		x := size.Width - pad - w
		m.band.Move(fyne.NewPos(pad*0.8, y(m.line)))
		m.band.Resize(fyne.NewSize(size.Width-pad*0.8, lh))
		m.back.Move(fyne.NewPos(x-pad, y(m.line)))
		m.back.Resize(fyne.NewSize(w+2*pad, lh))
		m.text.Move(fyne.NewPos(x, y(m.line)))
		m.text.Resize(fyne.NewSize(w, lh))
		m.band.Show()
		m.back.Show()
		m.text.Show()
	}
}

func (r *codeTextRenderer) Refresh() {
	fg := theme.ColorForWidget(theme.ColorNameForeground, r.c)
	for _, b := range r.c.bars {
		b.FillColor = theme.ColorForWidget(theme.ColorNamePrimary, r.c)
	}
	for _, m := range r.c.marks {
		sc := StateColor(m.tag.state)
		m.band.FillColor = color.NRGBA{sc.R, sc.G, sc.B, 0x40}
		m.back.FillColor = sc
		m.text.Color = readableOn(sc)
	}
	for _, t := range r.c.texts {
		t.Color = fg
	}
	for _, u := range r.c.unders {
		u.bar.FillColor = fg
	}
	r.c.more.Color = fg
	r.Layout(r.c.Size())
	for _, o := range r.Objects() {
		o.Refresh()
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
