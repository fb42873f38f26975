package ui

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// codeText draws a program's lines in monospace at the largest size, up to
// a little over the theme's text, at which its longest line (with its live
// count) fits the width (or, large, 64 columns of it). A line longer than
// the width wraps onto rows of its own, indented under it and marked "↪",
// so no line is cut at the right edge; a line with a live count wraps
// sooner, so its count covers no code. It scrolls itself (wheel, PageUp/PageDown through the
// Lab) rather than living in a container.Scroll: its height depends on the
// width it gets, which a Scroll asks for before it gives the width.
type codeText struct {
	widget.BaseWidget
	lines []string // tabs expanded
	cols  int      // the longest line's characters
	rows  []codeRow
	wrap  int            // the columns rows were wrapped at; 0: not yet
	texts []*canvas.Text // one per row shown, reused
	more  *canvas.Text   // "lines 1–18 of 39 · PgUp/PgDn or the wheel scroll"
	// unders draws each underscore as a bar: Fyne 2.7 clips the glyph
	// below the text's descent (fyne-io/fyne#6006), and "100_000" read
	// "100 000".
	unders []*canvas.Rectangle
	top    int     // the first row shown
	shown  int     // how many rows fit
	fs     float32 // the text size of the last layout
	large  bool    // sized to the width alone, the file scrolled (Z)
	focus  int     // the first line that matters: past the package line and the imports
	goLine int     // a line to bring to the top at the next layout; -1: none

	// The lines the snippet tags (see codemarks.go): the mode's lines get
	// a bar at the left, a state's line a count of the tasks on it now.
	tags   map[int]codeTag
	marks  []*lineMark
	bars   map[int]*canvas.Rectangle // a bar for each line of some mode
	mode   string
	anchor bool // scroll to the mode's lines at the next layout
}

// codeRow is one row on screen: a line, or a part of a long one.
type codeRow struct {
	line  int
	text  string
	first bool // the line's first row
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

// codeTab is how many columns a tab takes in the code view.
const codeTab = 4

// codeView is a snippet in monospace, sized to the width it is given.
func codeView(src string) fyne.CanvasObject { return newCodeText(src) }

func newCodeText(src string) *codeText {
	c := &codeText{tags: map[int]codeTag{}, bars: map[int]*canvas.Rectangle{}, goLine: -1}
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

// isComment reports whether a line is a comment line in Go, Python or Rust.
func isComment(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "//") || strings.HasPrefix(t, "#")
}

// markCols is how many columns a line's live count ("‖ 10,000") takes at
// its right end: a marked line wraps that much sooner.
const markCols = 9

// contMark starts a wrapped line's next row.
const contMark = "↪ "

// wrapCode breaks line into rows of at most cols columns: at the last
// space that fits, else at cols. The rows after the first are indented a
// step deeper than the line and begin with contMark, so they read as the
// same line and not as a block inside it.
func wrapCode(line string, cols int) []string {
	rs := []rune(line)
	if cols < 2*len([]rune(contMark))+2 || len(rs) <= cols {
		return []string{line} // too narrow to wrap into: the edge cuts it
	}
	indent := len(rs) - len([]rune(strings.TrimLeft(line, " ")))
	cont := min(indent+codeTab, cols/2) // where a next row's text starts
	prefix := []rune(strings.Repeat(" ", max(0, cont-len([]rune(contMark)))) + contMark)
	cont = len(prefix)
	var rows []string
	start := 0     // rs[start:] is still to place
	lead := 0      // columns taken before rs[start:] on this row
	min0 := indent // a break must leave some text on the row
	for len(rs)-start > cols-lead {
		end := start + cols - lead
		cut := end
		for i := end; i > start+min(min0, cols-lead-1); i-- {
			if rs[i] == ' ' {
				cut = i
				break
			}
		}
		row := strings.TrimRight(string(rs[start:cut]), " ")
		if len(rows) > 0 {
			row = string(prefix) + row
		}
		rows = append(rows, row)
		start = cut
		for start < len(rs) && rs[start] == ' ' {
			start++
		}
		lead, min0 = cont, 1
	}
	last := string(rs[start:])
	if len(rows) > 0 {
		last = string(prefix) + last
	}
	return append(rows, last)
}

// rewrap breaks the lines into rows of cols columns, keeping the line at
// the top in view.
func (c *codeText) rewrap(cols int) {
	if cols == c.wrap && c.rows != nil {
		return
	}
	topLine := -1
	if c.top < len(c.rows) {
		topLine = c.rows[c.top].line
	}
	c.wrap, c.rows = cols, c.rows[:0]
	for i, line := range c.lines {
		for j, r := range wrapCode(line, c.lineCols(i, cols)) {
			c.rows = append(c.rows, codeRow{line: i, text: r, first: j == 0})
		}
	}
	if topLine >= 0 {
		c.top = c.rowOf(topLine)
	}
}

// rowOf is the first row of line.
func (c *codeText) rowOf(line int) int {
	for i, r := range c.rows {
		if r.line >= line {
			return i
		}
	}
	return len(c.rows)
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

// setMode marks the lines of mode and, at the next layout, scrolls to them;
// the live counts start again.
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
// with a row or two above them: as many of them as fit, from the first.
func (c *codeText) anchorTop() {
	lo, hi := c.modeLines()
	if lo < 0 {
		return
	}
	lo, hi = c.rowOf(lo), c.rowOf(hi+1)-1
	if lo >= c.top && hi < c.top+c.shown {
		return
	}
	c.top = max(0, lo-min(2, max(0, c.shown-(hi-lo+1))))
}

// setLive counts the tasks of s on each marked line (the units, where a
// task stands for several), and redraws the marks when a count changed.
func (c *codeText) setLive(s *demos.Snapshot) {
	changed := false
	for _, m := range c.marks {
		n := 0
		switch {
		case !m.tag.inMode(c.mode):
		case m.tag.state != demos.Waiting && len(m.tag.workers) == 0 && m.tag.holds < 0:
			n = s.UnitsIn(m.tag.state) // the state alone: the count the board has
		default:
			for i := range s.Tasks {
				if m.tag.match(&s.Tasks[i]) {
					n += s.Units.Of(i) // a spawn task stands for a batch of goroutines
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

// setLarge sizes the code to the width (Z, and projector mode's default),
// opening it at the lines that matter; or back to the whole file.
func (c *codeText) setLarge(on bool) {
	if c.large == on {
		return
	}
	c.large, c.top, c.goLine = on, 0, -1
	if on {
		c.goLine, c.anchor = c.focus, true
	}
	c.Refresh()
}

// largeCols is how many columns the large code fits to the width: a
// longer line wraps rather than shrink every line below what the back of a
// room reads.
const largeCols = 64

// largeLines is how many lines the large code keeps on screen at least
// where the height allows: a worker's loop and its caller together, at
// about 20 px on a 1280x720 projector (words 16 px high, read from the
// back row).
const largeLines = 25

// codeMinText is the smallest code text: below it a projected line is a
// grey smear, and long lines wrap instead of shrinking further.
const codeMinText = 12

// textSize is the size at which the longest line fits width and, where
// that leaves it at least codeMinText, the whole file fits height: a class
// reads a program whole. Below that the view scrolls.
func (c *codeText) textSize(size fyne.Size) float32 {
	base := theme.SizeForWidget(theme.SizeNameText, c)
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, c)
	cols := max(c.widest(), 40)
	if c.large {
		cols = min(cols, largeCols)
	}
	fs := (size.Width - 2*pad) / (float32(cols) + 1) / monoUnit(1)
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

// widest is the columns the longest line needs, a line with a live count
// its count's too.
func (c *codeText) widest() int {
	w := c.cols
	for i, t := range c.tags {
		if t.state != demos.Pending {
			w = max(w, len([]rune(c.lines[i]))+markCols)
		}
	}
	return w
}

// wrapCols is how many columns of code a row holds at width and text size
// fs: a column to spare, as a glyph drawn is a little wider than measured.
func wrapCols(width, fs, pad float32) int {
	return max(20, int((width-2*pad)/monoUnit(fs))-1)
}

// rowsAt is how many rows the code takes at width.
func (c *codeText) rowsAt(width float32) int {
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, c)
	fs := c.textSize(fyne.NewSize(width, 0))
	cols, n := wrapCols(width, fs, pad), 0
	for i, line := range c.lines {
		n += len(wrapCode(line, c.lineCols(i, cols)))
	}
	return n
}

// lineCols is how many columns line i wraps at: fewer where its live count
// sits at its right end, so the count covers no code.
func (c *codeText) lineCols(i, cols int) int {
	if t, ok := c.tags[i]; ok && t.state != demos.Pending {
		return max(20, cols-markCols)
	}
	return cols
}

// monoUnit is the width of a monospaced column at text size fs.
func monoUnit(fs float32) float32 {
	return fyne.MeasureText("M", 100, fyne.TextStyle{Monospace: true}).Width / 100 * fs
}

// codeSpacing is the distance between lines of code in text sizes: closer
// than a label's, as in an editor.
const codeSpacing = 1.1

// lineHeight is the distance between lines at text size fs.
func lineHeight(fs float32) float32 { return fs * codeSpacing }

// Scrolled is part of fyne.Scrollable: the wheel moves three rows a notch.
func (c *codeText) Scrolled(e *fyne.ScrollEvent) {
	switch {
	case e.Scrolled.DY < 0:
		c.scroll(3)
	case e.Scrolled.DY > 0:
		c.scroll(-3)
	}
}

// scroll moves the first row shown by n rows, within the file.
func (c *codeText) scroll(n int) {
	top := min(max(0, c.top+n), max(0, len(c.rows)-c.shown))
	if top != c.top {
		c.top = top
		c.Refresh()
	}
}

// CreateRenderer is part of fyne.Widget.
func (c *codeText) CreateRenderer() fyne.WidgetRenderer { return &codeTextRenderer{c: c} }

type codeTextRenderer struct {
	c    *codeText
	objs []fyne.CanvasObject
}

func (r *codeTextRenderer) Destroy() {}

// Objects lists the bands under the code, the rows, the bars over it and
// the counts at the right, over a long row's end.
func (r *codeTextRenderer) Objects() []fyne.CanvasObject {
	c := r.c
	r.objs = r.objs[:0]
	for _, m := range c.marks {
		r.objs = append(r.objs, m.band)
	}
	for _, t := range c.texts {
		r.objs = append(r.objs, t)
	}
	for _, u := range c.unders {
		r.objs = append(r.objs, u)
	}
	for _, b := range c.bars {
		r.objs = append(r.objs, b)
	}
	for _, m := range c.marks {
		r.objs = append(r.objs, m.back, m.text)
	}
	return append(r.objs, c.more)
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
	unit := monoUnit(fs)
	c.rewrap(wrapCols(size.Width, fs, pad))
	lh := lineHeight(fs)
	avail := size.Height - 2*pad
	c.shown = max(1, int(avail/lh))
	if c.shown < len(c.rows) {
		c.shown = max(1, int((avail-lh)/lh)) // a row for "scroll for more"
	}
	// where to open waits for a layout of the view's real size: a hidden
	// one (of a few rows) would scroll to the mode's lines and lose the
	// definition above them
	if c.goLine >= 0 && c.shown >= 4 {
		c.top, c.goLine = c.rowOf(c.goLine), -1
	}
	if c.anchor && c.shown >= 4 {
		c.anchor = false
		c.anchorTop()
	}
	c.top = min(c.top, max(0, len(c.rows)-c.shown))
	r.layoutRows(size, fs, lh, pad, unit)
	r.layoutMarks(size, fs, lh, pad)
	if c.shown < len(c.rows) {
		last := c.rows[min(len(c.rows), c.top+c.shown)-1].line
		c.more.Text = fmt.Sprintf("lines %d–%d of %d · PgUp/PgDn or the wheel scroll", c.rows[c.top].line+1, last+1, len(c.lines))
		c.more.TextSize = fs * 0.9
		c.more.Move(fyne.NewPos(pad, pad+float32(c.shown)*lh))
		c.more.Resize(fyne.NewSize(size.Width-2*pad, lh))
		c.more.Show()
	} else {
		c.more.Hide()
	}
}

// layoutRows places the rows shown, and a bar under each underscore.
func (r *codeTextRenderer) layoutRows(size fyne.Size, fs, lh, pad, unit float32) {
	c := r.c
	fg := theme.ColorForWidget(theme.ColorNameForeground, c)
	end := min(len(c.rows), c.top+c.shown)
	for len(c.texts) < end-c.top {
		t := canvas.NewText("", fg)
		t.TextStyle = fyne.TextStyle{Monospace: true}
		c.texts = append(c.texts, t)
	}
	nu := 0
	for i, t := range c.texts {
		if c.top+i >= end {
			t.Hide()
			continue
		}
		row := c.rows[c.top+i]
		y := pad + float32(i)*lh
		t.Text, t.TextSize, t.Color = row.text, fs, fg
		// the box as tall as the text's own, overlapping the next row's:
		// a box of the spacing's height would clip the underscores
		t.Move(fyne.NewPos(pad, y))
		t.Resize(fyne.NewSize(size.Width-2*pad, t.MinSize().Height*1.25))
		t.Show()
		for col, ch := range []rune(row.text) {
			if ch != '_' {
				continue
			}
			if nu == len(c.unders) {
				c.unders = append(c.unders, canvas.NewRectangle(fg))
			}
			u := c.unders[nu]
			nu++
			u.FillColor = fg
			// at the glyph's own place: just under the baseline
			u.Move(fyne.NewPos(pad+float32(col)*unit, y+fs*1.08))
			u.Resize(fyne.NewSize(unit, max(1, fs*0.08)))
			u.Show()
		}
	}
	for _, u := range c.unders[nu:] {
		u.Hide()
	}
}

// layoutMarks places the mode's bars and the live counts of the lines
// shown: a line's bar and band cover all its rows; its count sits at the
// right of its first.
func (r *codeTextRenderer) layoutMarks(size fyne.Size, fs, lh, pad float32) {
	c := r.c
	span := func(line int) (y, h float32, ok bool) {
		first, last := c.rowOf(line), c.rowOf(line+1)-1
		first, last = max(first, c.top), min(last, c.top+c.shown-1)
		if first > last {
			return 0, 0, false
		}
		return pad + float32(first-c.top)*lh, float32(last-first+1) * lh, c.rows[first].line == line
	}
	for line, b := range c.bars {
		y, h, ok := span(line)
		if t := c.tags[line]; !ok || !t.inMode(c.mode) {
			b.Hide()
			continue
		}
		b.Move(fyne.NewPos(0, y))
		b.Resize(fyne.NewSize(pad*0.8, h))
		b.Show()
	}
	for _, m := range c.marks {
		y, h, ok := span(m.line)
		if !ok || m.n == 0 {
			m.band.Hide()
			m.back.Hide()
			m.text.Hide()
			continue
		}
		m.text.Text, m.text.TextSize = lineCount(m.tag.state, m.n), fs
		w := m.text.MinSize().Width
		x := size.Width - pad - w
		m.band.Move(fyne.NewPos(pad*0.8, y))
		m.band.Resize(fyne.NewSize(size.Width-pad*0.8, h))
		m.back.Move(fyne.NewPos(x-pad, y))
		m.back.Resize(fyne.NewSize(w+2*pad, lh))
		m.text.Move(fyne.NewPos(x, y))
		m.text.Resize(fyne.NewSize(w, lh))
		m.band.Show()
		m.back.Show()
		m.text.Show()
	}
}

func (r *codeTextRenderer) Refresh() {
	for _, b := range r.c.bars {
		b.FillColor = theme.ColorForWidget(theme.ColorNamePrimary, r.c)
	}
	for _, m := range r.c.marks {
		sc := StateColor(m.tag.state)
		m.band.FillColor = color.NRGBA{sc.R, sc.G, sc.B, 0x40}
		m.back.FillColor = sc
		m.text.Color = readableOn(sc)
	}
	r.c.more.Color = theme.ColorForWidget(theme.ColorNameForeground, r.c)
	r.Layout(r.c.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}
