package ui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// taskRow is one row of the task board: "#12 w3", a bar coloured by state,
// the percentage, the elapsed time, for downloads the bytes and ETA, and the
// state as glyph and word with what it waits on or why it failed. When that
// does not fit after the bar ("failed: deadlocked: holds A, waits for B
// (held by w1)"), the row is taller: the state word stays on the first line
// and what it waits on or why it failed goes on lines of its own under it,
// across the row's width, never cut. It draws with canvas.Text rather than
// labels: the board may redraw forty rows a frame, and text objects are the
// cheapest thing Fyne draws.
type taskRow struct {
	widget.BaseWidget
	cols *rowColumns

	id, pct, elapsed, extra, state *canvas.Text
	glyph                          *canvas.Text   // the state's mark, in the legend's font
	detail                         []*canvas.Text // the reason's lines in a tall row
	lines                          int            // detail lines shown
	barBg, barFill                 *canvas.Rectangle
	frac                           float32
	gen                            int // the columns' gen this row is laid out for
}

// maxDetailLines is how many lines a row's reason may take.
const maxDetailLines = 3

// rowColumns are the board's column widths, shared by every row and
// measured again when the theme (projector mode) changes.
type rowColumns struct {
	textSize                 float32
	id, bar, pct, el, extra  float32
	height                   float32 // of a row of one line
	detailH                  float32 // of each detail line under it
	extraOn                  bool    // the download demo's bytes and ETA column
	pctOn                    bool    // some task reports progress: the percent column
	foreground, dim, barBack color.Color
	idSample                 string // the widest "#id wN" the run needs
	gen                      int    // grows when the columns change
}

func (c *rowColumns) measure(th fyne.Theme, v fyne.ThemeVariant) {
	ts := th.Size(theme.SizeNameText)
	c.textSize = ts
	m := func(s string) float32 { return fyne.MeasureText(s, ts, fyne.TextStyle{}).Width }
	if c.idSample == "" {
		c.idSample = "#00 w00"
	}
	c.id = m(c.idSample)
	c.bar = 7 * ts
	c.pct = m("100%")
	c.el = m("000.00 s")
	c.extra = m("000/000 KiB · 0.00 s left")
	c.height = ts * 1.9
	c.detailH = fyne.MeasureText("Ag", ts, fyne.TextStyle{}).Height * 1.05
	c.foreground = th.Color(theme.ColorNameForeground, v)
	c.dim = th.Color(theme.ColorNameDisabled, v)
	c.barBack = th.Color(theme.ColorNameInputBackground, v)
	c.gen++
}

// fit widens the id column for a run's largest task and worker numbers, or
// its longest lane name when the demo names lanes.
func (c *rowColumns) fit(maxID, maxWorker int, longestName string) bool {
	lane := "w" + zeros(maxWorker)
	if len(longestName) > len(lane) {
		lane = longestName
	}
	sample := "#" + zeros(maxID) + " " + lane
	if len(sample) <= len(c.idSample) {
		return false
	}
	c.idSample = sample
	c.id = fyne.MeasureText(sample, c.textSize, fyne.TextStyle{}).Width
	c.gen++
	return true
}

// zeros is as many zeros as n has digits, at least two: the widest digit
// string of that length.
func zeros(n int) string {
	z := "00"
	for n >= 100 {
		z += "0"
		n /= 10
	}
	return z
}

func newTaskRow(cols *rowColumns) *taskRow {
	text := func() *canvas.Text {
		t := canvas.NewText("", cols.foreground)
		t.TextSize = cols.textSize
		return t
	}
	r := &taskRow{cols: cols, id: text(), pct: text(), elapsed: text(), extra: text(), state: text(), glyph: text()}
	for range maxDetailLines {
		r.detail = append(r.detail, text())
	}
	r.glyph.TextStyle = markStyle
	r.pct.Alignment = fyne.TextAlignTrailing
	r.elapsed.Alignment = fyne.TextAlignTrailing
	r.barBg = canvas.NewRectangle(cols.barBack)
	r.barBg.StrokeColor = cols.dim
	r.barBg.StrokeWidth = 1
	r.barFill = canvas.NewRectangle(color.Transparent)
	r.ExtendBaseWidget(r)
	return r
}

// set shows task t, on the named lane, at run time now, with what it waits on or why it ended
// on the given detail lines when there are any (the board measured that it
// does not fit after the bar), or, when short, the state's word alone
// (it does not fit and the board gives no more rows detail lines). Only
// objects whose content changed are refreshed.
func (r *taskRow) set(t *demos.TaskInfo, lane string, now time.Duration, detail []string, short bool) {
	lines := len(detail)
	if r.gen != r.cols.gen || r.lines != lines {
		r.gen, r.lines = r.cols.gen, lines
		r.Refresh()
	}
	setText(r.id, "#"+strconv.Itoa(t.ID)+" "+lane)
	frac := float32(t.Fraction())
	fill := StateColor(t.State)
	never := t.State == demos.Cancelled && t.End == t.Start // stopped before it began
	switch {
	case t.State == demos.Pending || never:
		frac = 0
	case t.Total <= 0 && !t.State.Ended():
		// no progress to show: fill the bar in the state's colour, faded
		frac, fill.A = 1, 0x99
	case t.Total <= 0:
		frac = 1
	}
	if t.Total > 0 {
		setText(r.pct, fmt.Sprintf("%.0f%%", t.Fraction()*100))
	} else {
		setText(r.pct, "")
	}
	if t.State == demos.Pending || never {
		setText(r.elapsed, "")
	} else {
		setText(r.elapsed, seconds(t.Elapsed(now)))
	}
	if r.cols.extraOn {
		setText(r.extra, transferText(t, now))
	}
	setText(r.glyph, stateMark(t.State))
	if lines > 0 {
		setText(r.state, t.State.String()+":")
		for i, d := range r.detail {
			if i < lines {
				setText(d, detail[i])
			} else {
				setText(d, "")
			}
		}
	} else if short {
		setText(r.state, t.State.String())
	} else {
		setText(r.state, stateWords(t.State, t.On))
	}
	if r.barFill.FillColor != fill || r.frac != frac {
		r.barFill.FillColor = fill
		r.frac = frac
		r.layoutBar()
		r.barFill.Refresh()
	}
}

// transferText is a download's bytes so far, of how many, and its ETA.
func transferText(t *demos.TaskInfo, now time.Duration) string {
	if t.State == demos.Pending {
		return ""
	}
	s := bytesText(float64(t.N))
	if t.Total > 0 {
		s = bytesOf(t.N, t.Total)
	}
	if eta, ok := t.ETA(now); ok {
		s += " · " + seconds(eta) + " left"
	}
	return s
}

// setText changes a text object only when its content differs, so an
// unchanged row costs no redraw.
func setText(t *canvas.Text, s string) {
	if t.Text != s {
		t.Text = s
		t.Refresh()
	}
}

func (r *taskRow) layoutBar() {
	s := r.barBg.Size()
	r.barFill.Move(r.barBg.Position())
	r.barFill.Resize(fyne.NewSize(s.Width*r.frac, s.Height))
}

// CreateRenderer lays the row's objects out in the board's columns.
func (r *taskRow) CreateRenderer() fyne.WidgetRenderer { return &taskRowRenderer{r} }

type taskRowRenderer struct{ r *taskRow }

func (rr *taskRowRenderer) Objects() []fyne.CanvasObject {
	r := rr.r
	objs := []fyne.CanvasObject{r.barBg, r.barFill, r.id, r.pct, r.elapsed, r.extra, r.glyph, r.state}
	for _, d := range r.detail {
		objs = append(objs, d)
	}
	return objs
}

func (rr *taskRowRenderer) MinSize() fyne.Size {
	c := rr.r.cols
	return fyne.NewSize(c.id+c.textSize*3+c.pct+c.el+c.textSize*8, c.height)
}

// rowHeight is the height of a row with lines detail lines.
func (c *rowColumns) rowHeight(lines int) float32 {
	if lines == 0 {
		return c.height
	}
	return c.height + float32(lines)*c.detailH + c.textSize*0.3
}

// layout returns where the row's columns go in a row of the given width:
// the bar's width, the percent column's, the x of the state's glyph and of
// its words, and whether the bytes-and-ETA column shows. The bar gives way
// first, then that column, so the state's mark and word keep their room.
func (c *rowColumns) layout(width float32) (bar, pct, glyphX, stateX float32, extra bool) {
	gap := c.textSize * 0.6
	pct = c.pct
	if !c.pctOn {
		pct = 0
	}
	fixed := c.id + pct + c.el + 3*gap + c.textSize*12
	// the extra column only where the state keeps room for "✗ cancelled"
	// beside a bar at its narrowest
	least := c.id + gap + c.textSize*3 + gap/2 + pct + gap + c.el + gap + c.glyphW() + c.textSize*6
	extra = c.extraOn && width >= least+c.extra+gap
	if extra {
		fixed += c.extra + gap
	}
	bar = min(c.bar, max(c.textSize*3, width-fixed))
	glyphX = c.id + gap + bar + gap/2 + pct + gap + c.el + gap
	if extra {
		glyphX += c.extra + gap
	}
	return bar, pct, glyphX, glyphX + c.glyphW(), extra
}

func (c *rowColumns) glyphW() float32 {
	return fyne.MeasureText("▶", c.textSize*markScale, markStyle).Width + c.textSize*0.3
}

// stateWidth is the room for the state's words on a row's first line. It
// keeps clear of the row's right edge, where the list's scroll bar lies
// over the text ("(held by w1" lost its closing parenthesis under it).
func (c *rowColumns) stateWidth(width float32) float32 {
	_, _, _, x, _ := c.layout(width)
	return width - x - c.edge()
}

// edge is the margin text keeps from a row's right edge: the scroll bar's
// width and a little air.
func (c *rowColumns) edge() float32 { return c.textSize * 1.1 }

// detailX is where detail lines start: under the bar, after the id.
func (c *rowColumns) detailX() float32 { return c.id + c.textSize*0.6 }

func (c *rowColumns) detailWidth(width float32) float32 { return width - c.detailX() - c.edge() }

// wrapText cuts s into lines no wider than width at text size ts, at spaces
// where it can, and within a word longer than a line.
func wrapText(s string, width, ts float32) []string {
	return wrapWords(s, func(t string) bool { return fyne.MeasureText(t, ts, fyne.TextStyle{}).Width <= width })
}

// wrapWords cuts s into lines that fits accepts, at spaces where it can,
// and within a word longer than a line.
func wrapWords(s string, fits func(string) bool) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if fits(try) {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for !fits(line) && len([]rune(line)) > 1 { // a word longer than the line
			rs := []rune(line)
			n := len(rs) - 1
			for n > 1 && !fits(string(rs[:n])) {
				n--
			}
			lines = append(lines, string(rs[:n]))
			line = string(rs[n:])
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func (rr *taskRowRenderer) Layout(size fyne.Size) {
	r, c := rr.r, rr.r.cols
	gap := c.textSize * 0.6
	th := c.height
	place := func(t *canvas.Text, x, w float32) {
		t.TextSize = c.textSize
		t.Move(fyne.NewPos(x, (th-t.MinSize().Height)/2))
		t.Resize(fyne.NewSize(w, t.MinSize().Height))
	}
	bar, pct, glyphX, stateX, extra := c.layout(size.Width)
	x := float32(0)
	place(r.id, x, c.id)
	x += c.id + gap
	barH := th * 0.62
	r.barBg.Move(fyne.NewPos(x, (th-barH)/2))
	r.barBg.Resize(fyne.NewSize(bar, barH))
	r.layoutBar()
	x += bar + gap/2
	place(r.pct, x, pct)
	x += pct + gap
	place(r.elapsed, x, c.el)
	x += c.el + gap
	if extra {
		r.extra.Show()
		place(r.extra, x, c.extra)
	} else {
		r.extra.Hide()
	}
	place(r.glyph, glyphX, c.glyphW())
	r.glyph.TextSize = c.textSize * markScale
	r.glyph.Move(fyne.NewPos(glyphX, (th-r.glyph.MinSize().Height)/2))
	place(r.state, stateX, max(0, size.Width-stateX))
	for i, d := range r.detail {
		d.TextSize = c.textSize
		if i >= r.lines {
			d.Hide()
			continue
		}
		d.Show()
		d.Move(fyne.NewPos(c.detailX(), th+float32(i)*c.detailH))
		d.Resize(fyne.NewSize(c.detailWidth(size.Width), d.MinSize().Height))
	}
}

func (rr *taskRowRenderer) Refresh() {
	r, c := rr.r, rr.r.cols
	for _, t := range append([]*canvas.Text{r.id, r.pct, r.elapsed, r.extra, r.glyph, r.state}, r.detail...) {
		t.Color = c.foreground
	}
	r.barBg.FillColor = c.barBack
	r.barBg.StrokeColor = c.dim
	rr.Layout(r.Size())
	for _, o := range rr.Objects() {
		o.Refresh()
	}
}

func (rr *taskRowRenderer) Destroy() {}
