package ui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// view is one of the window's three views. The run goes on whichever is
// shown; the keys work in all of them.
type view int

const (
	viewRun     view = iota // the board, the lesson's figures, its picture or timeline
	viewCode                // the demo's code at full height, a strip of live figures
	viewCompare             // runs side by side (compare.go)
)

// viewNames are the tabs' words; the key is the view's number.
var viewNames = [...]string{"Run", "Code", "Compare"}

// buildViews makes the three views and the tabs that switch them.
func (vs *viewSet) build() {
	l := vs.lab
	for i, name := range viewNames {
		v := view(i)
		vs.tabs[i] = widget.NewButton(strconv.Itoa(i+1)+"  "+name, func() {
			vs.showView(v)
			l.unfocus()
		})
	}
	vs.statusBox = container.New(twoLines{}, l.info.status)
	vs.lesson = widget.NewLabel("")
	vs.lesson.Wrapping = fyne.TextWrapWord
	vs.column = &columnLayout{fixed: []fyne.CanvasObject{vs.statusBox, vs.figs.box, vs.legend},
		optional: []fyne.CanvasObject{vs.lesson, l.play.box}}
	vs.column.shorten = map[fyne.CanvasObject]func() bool{vs.lesson: vs.shortenNotice}
	vs.column.whole = vs.wholeNotice
	vs.right = container.New(vs.column)
	vs.runView = container.New(&runLayout{}, vs.board.object(), vs.right)
	vs.strip = newStripText()
	vs.explain = container.NewVBox(l.ctl.modeHelp, vs.notice.notice, widget.NewSeparator())
	vs.codeView = container.New(&codeLayout{code: vs.code}, vs.code.body, vs.explain)
	vs.cmpView = l.cmp.view.object()
	vs.stack = container.New(shownStack{}, vs.runView, vs.codeView, vs.cmpView)
	vs.showView(viewRun)
}

// showView shows view v and marks its tab.
func (vs *viewSet) showView(v view) {
	l := vs.lab
	vs.view = v
	for i, o := range vs.stack.Objects {
		if view(i) == v {
			o.Show()
		} else {
			o.Hide()
		}
	}
	for i, b := range vs.tabs {
		imp := widget.MediumImportance
		if view(i) == v {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
	code := v == viewCode
	for _, o := range []fyne.CanvasObject{vs.code.bar, vs.strip} {
		if code {
			o.Show()
		} else {
			o.Hide()
		}
	}
	if code {
		vs.updateStrip()
	}
	vs.stack.Refresh()
	l.ctl.top.Refresh()
}

// arrangeRun fills the Run view's columns for the demo and theme: on the
// right the figures, then the demo's picture (or chart), its printed lines
// when it prints, and the timeline with its legend; on the left the board,
// under what to notice once a run has ended in projector mode. Projector
// mode keeps the picture alone where there is one: at its text size the
// column holds one drawing that can be read.
func (vs *viewSet) arrangeRun() {
	l := vs.lab
	objs := []fyne.CanvasObject{vs.statusBox, vs.figs.box}
	// a lesson's step says its own reveal above: one lesson text at a time,
	// and the picture keeps its room
	notice := l.projector && l.demo != nil && l.sess.run != nil && l.sess.ended && !l.lessons.revealed()
	output := l.demo != nil && l.demo.Prints && l.projector && l.demo.Shows.Output
	if notice {
		// the run is over: what to notice goes large where a reader starts,
		// above the board, whose rows all say done by now. It starts a line
		// of its own: read from the back, its first words are the ones the
		// eye finds. Where the board shares its column with the printed
		// lines (the lesson of Two rhythms), it stands above the picture.
		vs.lesson.SetText(vs.wholeNoticeText())
		vs.lesson.Show()
		if output {
			objs = append(objs, vs.lesson)
		}
	}
	v := vs.shown
	if v != nil {
		objs = append(objs, v)
	}
	left := vs.board.object()
	switch {
	case output:
		// the lesson is read in the printed lines: they take the height
		// the board's few rows leave, under it, every line in view
		left = container.New(&topShare{top: 0.3}, left, vs.outBox)
	case notice:
		left = container.New(&columnLayout{fixed: []fyne.CanvasObject{vs.lesson}}, vs.lesson, left)
	case l.demo != nil && l.demo.Prints && !l.projector:
		objs = append(objs, vs.outBox)
	}
	if vs.runView.Objects[0] != left {
		vs.runView.Objects[0] = left
		vs.runView.Refresh()
	}
	if !l.projector || v == nil && !(notice && output) {
		// projector mode gives a picture the column: at its text size a
		// picture and a timeline beside it are both too small to read;
		// after a run of Two rhythms, what to notice takes the timeline's
		// place (the player still steps through the run)
		objs = append(objs, vs.timeline, vs.legend)
	}
	// the player's scrub bar and moment, last: where the column is short
	// they give way, and the keys still move the cursor
	if l.play.player != nil {
		objs = append(objs, l.play.box)
	}
	vs.right.Objects = objs
	vs.right.Refresh()
}

// updateStrip shows the run's figures in the Code view's strip, one line
// of "value caption" pairs, so a class reading the code still sees the run.
func (vs *viewSet) updateStrip() {
	l := vs.lab
	if vs.view != viewCode {
		return
	}
	vs.code.update(&l.sess.snap)
	var parts []string // the clock is beside them
	for _, f := range vs.figs.shownFigures() {
		if f == vs.figs.elapsed || f == vs.figs.done || f.value.Text == "—" || f.value.Text == "…" {
			continue
		}
		parts = append(parts, f.value.Text+" "+f.caption.Text)
	}
	if n := len(l.sess.snap.Tasks); n > 0 {
		parts = append(parts, thousands(int64(l.sess.snap.Count[demos.Done]))+" of "+thousands(int64(n))+" tasks done")
	}
	vs.strip.set(parts)
}

// runLayout puts the task board on the left and the figures' column on
// the right. The board keeps the width its rows need, and about half the
// window: its rows are what the class follows.
type runLayout struct{}

func (runLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	b, r := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(b.Width+r.Width+theme.Padding(), max(b.Height, r.Height))
}

func (runLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding() * 2
	bm, rm := objs[0].MinSize(), objs[1].MinSize()
	bw := max(size.Width*0.47, bm.Width)
	bw = min(bw, size.Width-rm.Width-pad)
	bw = max(bw, min(bm.Width, size.Width*0.6))
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(bw, size.Height))
	objs[1].Move(fyne.NewPos(bw+pad, 0))
	objs[1].Resize(fyne.NewSize(max(0, size.Width-bw-pad), size.Height))
}

// columnLayout stacks the right column: the objects in fixed (the status,
// the figures, the legend) at the height they need at the column's width,
// the drawings between them each their minimum and a share of the rest
// (two for the first, the picture). When the drawings do
// not all get their minimum height, the last gives way (the timeline with
// its legend, then the printed lines), down to the first: a squeezed
// drawing would overlap its neighbours.
type columnLayout struct {
	fixed []fyne.CanvasObject
	// optional objects take their natural height where the drawings still
	// get their minimum, and give way first where they would not
	optional []fyne.CanvasObject
	// shorten, where an optional object has it, makes the object say less
	// before it gives way, and reports whether it could; whole puts its
	// whole text back before each layout, for a column grown taller
	shorten map[fyne.CanvasObject]func() bool
	whole   func()
}

func (c *columnLayout) natural(o fyne.CanvasObject) bool {
	return slices.Contains(c.fixed, o) || slices.Contains(c.optional, o)
}

// MinSize asks for the fixed objects and the first drawing only.
func (c *columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	drawing := false
	for _, o := range objs {
		if slices.Contains(c.optional, o) {
			continue
		}
		if !c.natural(o) {
			if drawing {
				continue
			}
			drawing = true
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height + theme.Padding()
	}
	return s
}

// heights measures the shown objects' heights in a column of size.
func (c *columnLayout) heights(objs []fyne.CanvasObject, shown []bool, size fyne.Size) (hs []float32, ok bool) {
	pad := theme.Padding()
	rest := size.Height
	flex, n := 0, 0
	hs = make([]float32, len(objs))
	for i, o := range objs {
		if !shown[i] {
			continue
		}
		if c.natural(o) {
			o.Resize(fyne.NewSize(size.Width, o.Size().Height)) // rows that flow follow the width
			hs[i] = o.MinSize().Height
			rest -= hs[i]
		} else {
			flex++
		}
		if n > 0 {
			rest -= pad
		}
		n++
	}
	// each drawing gets its minimum, and an equal share of what is left
	var need float32
	for i, o := range objs {
		if shown[i] && !c.natural(o) {
			need += o.MinSize().Height
		}
	}
	ok = rest >= need
	// the first drawing (the picture, the lesson) gets two shares
	share := max(0, rest-need) / float32(max(1, flex+1))
	first := true
	for i, o := range objs {
		if shown[i] && !c.natural(o) {
			k := float32(1)
			if first {
				k, first = 2, false
			}
			hs[i] = max(0, o.MinSize().Height+k*share)
			if !ok {
				hs[i] = max(0, rest/float32(flex))
			}
		}
	}
	return hs, ok
}

func (c *columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	shown := make([]bool, len(objs))
	for i := range shown {
		shown[i] = true
	}
	if c.whole != nil {
		c.whole()
	}
	hs, ok := c.heights(objs, shown, size)
	for i := len(objs) - 1; i >= 0 && !ok; i-- { // the last gives way first
		if !slices.Contains(c.optional, objs[i]) {
			continue
		}
		for f := c.shorten[objs[i]]; f != nil && !ok && f(); {
			hs, ok = c.heights(objs, shown, size)
		}
		if ok {
			break
		}
		shown[i] = false
		hs, ok = c.heights(objs, shown, size)
	}
	for !ok {
		// the last drawing shown gives way, with the fixed objects after it
		// (the timeline's legend); the first drawing stays
		last, first := -1, -1
		for i, o := range objs {
			if shown[i] && !c.natural(o) {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if last == first {
			break
		}
		for i := last; i < len(objs); i++ {
			shown[i] = false
		}
		hs, ok = c.heights(objs, shown, size)
	}
	y := float32(0)
	for i, o := range objs {
		if !shown[i] {
			o.Hide()
			continue
		}
		o.Show()
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, hs[i]))
		y += hs[i] + pad
	}
}

// codeLayout is the Code view: the code takes the height, and the mode's
// help and what to notice go above it when the code still shows whole (its
// rows, long lines wrapped), at the size its width allows, under them.
type codeLayout struct{ code *codePane }

func (c *codeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (c *codeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	code, explain := objs[0], objs[1]
	explain.Resize(fyne.NewSize(size.Width, explain.Size().Height))
	eh := explain.MinSize().Height
	y := float32(0)
	ct := c.code.current()
	need := size.Height
	if ct != nil {
		fs := ct.textSize(fyne.NewSize(size.Width, 0))
		need = float32(ct.rowsAt(size.Width)+1)*lineHeight(fs) + 2*theme.InnerPadding()
	}
	if size.Height-eh-theme.Padding() >= need {
		explain.Show()
		explain.Move(fyne.NewPos(0, 0))
		explain.Resize(fyne.NewSize(size.Width, eh))
		y = eh + theme.Padding()
	} else {
		explain.Hide()
	}
	code.Move(fyne.NewPos(0, y))
	code.Resize(fyne.NewSize(size.Width, max(0, size.Height-y)))
}

// stripText is one line of parts ("1.23 s elapsed", "0.98× parallelism")
// that shows as many of them, from the first, as fit its width: never a
// part cut in two, never a second line that would take the code's height.
type stripText struct {
	widget.BaseWidget
	parts []string
	text  *canvas.Text
}

// stripSep goes between the strip's parts.
const stripSep = "  ·  "

func newStripText() *stripText {
	s := &stripText{text: canvas.NewText("", nil)}
	s.text.TextStyle = fyne.TextStyle{Bold: true}
	s.ExtendBaseWidget(s)
	return s
}

func (s *stripText) set(parts []string) {
	if !slices.Equal(parts, s.parts) {
		s.parts = parts
		s.Refresh()
	}
}

// CreateRenderer is part of fyne.Widget.
func (s *stripText) CreateRenderer() fyne.WidgetRenderer { return &stripRenderer{s} }

type stripRenderer struct{ s *stripText }

func (r *stripRenderer) Destroy()                     {}
func (r *stripRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.s.text} }

func (r *stripRenderer) MinSize() fyne.Size {
	ts := theme.SizeForWidget(theme.SizeNameText, r.s)
	return fyne.NewSize(ts*4, fyne.MeasureText("Ag", ts, r.s.text.TextStyle).Height)
}

func (r *stripRenderer) Layout(size fyne.Size) {
	t := r.s.text
	t.TextSize = theme.SizeForWidget(theme.SizeNameText, r.s)
	line := ""
	for _, p := range r.s.parts {
		try := p
		if line != "" {
			try = line + stripSep + p
		}
		if fyne.MeasureText(try, t.TextSize, t.TextStyle).Width > size.Width {
			break
		}
		line = try
	}
	t.Text = line
	h := t.MinSize().Height
	t.Move(fyne.NewPos(0, (size.Height-h)/2))
	t.Resize(fyne.NewSize(size.Width, h))
}

func (r *stripRenderer) Refresh() {
	r.s.text.Color = theme.ColorForWidget(theme.ColorNameForeground, r.s)
	r.Layout(r.s.Size())
	r.s.text.Refresh()
}

// barLayout lays the controls out in one line, left to right, and flows
// onto another line only when the window is too narrow for one. The
// stretch object (the worker slider) takes its line's spare width, so the
// objects after it sit at the right end, also while it is hidden (the
// Code view's strip in the tab row).
type barLayout struct {
	stretch fyne.CanvasObject
	width   float32 // of the last layout: how many lines there are
}

// lines splits the visible objects into lines no wider than width (0: one
// line) and returns each line's objects.
func (b *barLayout) lines(objs []fyne.CanvasObject, width float32) [][]fyne.CanvasObject {
	return flowLines(objs, width, func(o fyne.CanvasObject) float32 { return o.MinSize().Width })
}

// flowLines splits the visible objects into lines no wider than width (0:
// one line), each object as wide as minWidth says, a gap between two.
func flowLines(objs []fyne.CanvasObject, width float32, minWidth func(fyne.CanvasObject) float32) [][]fyne.CanvasObject {
	gap := theme.Padding() * 2
	var out [][]fyne.CanvasObject
	var line []fyne.CanvasObject
	x := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		w := minWidth(o)
		if len(line) > 0 && width > 0 && x+gap+w > width {
			out = append(out, line)
			line, x = nil, 0
		}
		if len(line) > 0 {
			x += gap
		}
		line = append(line, o)
		x += w
	}
	if len(line) > 0 {
		out = append(out, line)
	}
	return out
}

func lineHeightOf(line []fyne.CanvasObject) float32 {
	h := float32(0)
	for _, o := range line {
		h = max(h, o.MinSize().Height)
	}
	return h
}

// linesSize is the size of lines stacked a padding apart: as wide as
// their widest object (by minWidth), as tall as their tallest ones.
func linesSize(lines [][]fyne.CanvasObject, minWidth func(fyne.CanvasObject) float32) fyne.Size {
	var s fyne.Size
	for i, line := range lines {
		for _, o := range line {
			s.Width = max(s.Width, minWidth(o))
		}
		if i > 0 {
			s.Height += theme.Padding()
		}
		s.Height += lineHeightOf(line)
	}
	return s
}

func (b *barLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return linesSize(b.lines(objs, b.width), func(o fyne.CanvasObject) float32 { return o.MinSize().Width })
}

func (b *barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	b.width = size.Width
	gap := theme.Padding() * 2
	after := false // past the stretch object, visible or not
	rank := map[fyne.CanvasObject]bool{}
	for _, o := range objs {
		if o == b.stretch {
			after = true
			continue
		}
		rank[o] = after
	}
	y := float32(0)
	for _, line := range b.lines(objs, size.Width) {
		lh := lineHeightOf(line)
		used := gap * float32(len(line)-1)
		for _, o := range line {
			used += o.MinSize().Width
		}
		spare := max(0, size.Width-used)
		x := float32(0)
		gave := false
		for _, o := range line {
			if !gave && (o == b.stretch || rank[o]) && b.stretch != nil {
				gave = true
				if o != b.stretch {
					x += spare // the stretch is hidden: the rest go right
				}
			}
			w := o.MinSize().Width
			if o == b.stretch {
				w += spare
			}
			h := o.MinSize().Height
			o.Move(fyne.NewPos(x, y+(lh-h)/2))
			o.Resize(fyne.NewSize(w, h))
			x += w + gap
		}
		y += lh + theme.Padding()
	}
}

// shownStack stacks the views and lays out only the one shown: the others
// are laid out when shown (showView refreshes the stack). Laying them out
// with the window cost the start-up about 0.2 s of CPU, most of it
// measuring the Code view's wrapped notice before it had a width.
type shownStack struct{}

func (shownStack) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

func (shownStack) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		if o.Visible() {
			o.Move(fyne.NewPos(0, 0))
			o.Resize(size)
		}
	}
}

// sentences returns the first n sentences of text: what a column has room
// for at a projector's size (the Code view keeps the whole).
func sentences(text string, n int) string {
	for i := 0; i+1 < len(text); i++ {
		if (text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i+1] == ' ' {
			if n--; n == 0 {
				return text[:i+1]
			}
		}
	}
	return text
}

// noticeHead starts what to notice on the Run view: a line of its own, so
// the lesson's first words are the ones the eye finds; noticeInline is
// the same on the lesson's first line, where the column is short.
const (
	noticeHead   = "What to notice:\n"
	noticeInline = "Notice: "
)

// wholeNoticeText is what to notice, whole: its heading and the demo's
// first sentence.
func (vs *viewSet) wholeNoticeText() string {
	return noticeHead + sentences(vs.lab.demo.Notice, 1)
}

// wholeNotice puts what to notice back whole, before a layout shortens it
// again where it must.
func (vs *viewSet) wholeNotice() {
	if vs.lab.demo != nil && vs.lesson.Text != vs.wholeNoticeText() {
		vs.lesson.SetText(vs.wholeNoticeText())
	}
}

// shortenNotice says what to notice in fewer lines, where the column has
// no room for it: first its sentence cut to the first clause ("A goroutine
// starts in about a microsecond and begins with a few kilobytes of
// stack."), then its heading on the same line. It reports whether the
// text got shorter.
func (vs *viewSet) shortenNotice() bool {
	text, ok := strings.CutPrefix(vs.lesson.Text, noticeHead)
	if !ok {
		return false
	}
	if short := firstClause(text); short != text {
		vs.lesson.SetText(noticeHead + short)
	} else {
		vs.lesson.SetText(noticeInline + text)
	}
	return true
}

// firstClause is sentence up to its first colon or semicolon, as a
// sentence of its own; a clause of fewer than four words is not one.
func firstClause(sentence string) string {
	for i, r := range sentence {
		if (r == ':' || r == ';') && len(strings.Fields(sentence[:i])) >= 4 {
			return sentence[:i] + "."
		}
	}
	return sentence
}

// topShare gives its first object share top of the height, and the second
// the rest.
type topShare struct{ top float32 }

func (t *topShare) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height+theme.Padding())
}

func (t *topShare) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := max(objs[0].MinSize().Height, size.Height*t.top)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h+theme.Padding()))
	objs[1].Resize(fyne.NewSize(size.Width, max(0, size.Height-h-theme.Padding())))
}
