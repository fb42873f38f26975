package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
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
	snap   *demos.Snapshot // the frame's snapshot, owned by the Lab
	now    time.Duration
	cols   rowColumns
	counts *widget.RichText
	shown  string // the header's text, to skip rebuilding it
	list   *widget.List
	over   frameWidget
	split  *fyne.Container // list alone, or list and overview side by side
	wide   bool            // the overview is showing

	// Rows whose state and reason do not fit after the bar get detail
	// lines: lines holds each task's count as set on the list, details the
	// wrapped reasons, measured once per distinct reason at the list's width.
	lines    []uint8
	details  map[reasonKey][]string
	fitWidth float32
	fitGen   int

	unfocus func()
}

func newBoard(snap *demos.Snapshot, over frameWidget, unfocus func()) *board {
	b := &board{snap: snap, over: over, unfocus: unfocus, details: map[reasonKey][]string{}}
	b.counts = widget.NewRichText()
	b.counts.Wrapping = fyne.TextWrapWord
	b.list = widget.NewList(
		func() int { return len(b.snap.Tasks) },
		func() fyne.CanvasObject { return newTaskRow(&b.cols) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(b.snap.Tasks) {
				t := &b.snap.Tasks[id]
				var detail []string
				if id < len(b.lines) && b.lines[id] > 0 {
					detail = b.detailOf(t)
				}
				o.(*taskRow).set(t, b.now, detail)
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
	b.split = container.NewStack(b.list)
	return b
}

// object is the board as placed in the window.
func (b *board) object() fyne.CanvasObject {
	return container.NewBorder(b.counts, nil, nil, nil, b.split)
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
	if n := len(b.snap.Tasks); n > 0 {
		maxW, progress := 0, false
		for i := range b.snap.Tasks {
			t := &b.snap.Tasks[i]
			maxW = max(maxW, t.Worker)
			progress = progress || t.Total > 0
		}
		b.cols.fit(n-1, maxW)
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
			b.split.Objects = []fyne.CanvasObject{container.New(&sideLayout{}, b.list, b.over)}
		} else {
			b.split.Objects = []fyne.CanvasObject{b.list}
		}
		b.split.Refresh()
	}
	if wide {
		b.over.Update(b.snap)
	}
	b.fitDetails()
	b.list.Refresh()
}

// reasonKey is a state with what it waits on or why it ended.
type reasonKey struct {
	state demos.State
	on    string
}

// fitDetails gives a row detail lines when its state and reason do not fit
// after the bar, and takes them away when they fit again. A reason short
// enough to fit even in the widest letters is not measured, so 10,000
// sleeping tasks cost a loop of length checks.
func (b *board) fitDetails() {
	w := b.list.Size().Width
	if w <= 0 {
		return
	}
	if w != b.fitWidth || b.cols.gen != b.fitGen {
		b.fitWidth, b.fitGen = w, b.cols.gen
		clear(b.details)
		for i, n := range b.lines {
			if n > 0 {
				b.lines[i] = 0xff // the row's height changes with the columns: set it again
			}
		}
	}
	sure := int(b.cols.stateWidth(w) / (b.cols.textSize * 0.95)) // characters that fit whatever they are
	for i := range b.snap.Tasks {
		t := &b.snap.Tasks[i]
		n := 0
		if t.On != "" && len(t.On)+len(t.State.String())+2 > sure {
			n = len(b.detailOf(t))
		}
		if i >= len(b.lines) {
			b.lines = append(b.lines, 0)
		}
		if uint8(n) != b.lines[i] {
			b.lines[i] = uint8(n)
			b.list.SetItemHeight(i, b.cols.rowHeight(n))
		}
	}
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
		d = wrapText(t.On, c.detailWidth(b.fitWidth), c.textSize)
		d = d[:min(len(d), maxDetailLines)]
	}
	b.details[k] = d
	return d
}

// resetDetails gives every row one line again, for a new run.
func (b *board) resetDetails() {
	for i, n := range b.lines {
		if n > 0 {
			b.list.SetItemHeight(i, b.cols.rowHeight(0))
		}
	}
	b.lines = b.lines[:0]
	clear(b.details)
}

// reset scrolls back to the first task for a new run and narrows the id
// column again.
func (b *board) reset() {
	b.resetDetails()
	b.cols.idSample = ""
	b.applyTheme(fyne.CurrentApp().Settings().Theme(), fyne.CurrentApp().Settings().ThemeVariant())
	b.list.ScrollToTop()
}

// setCounts shows the board's header: how many tasks and workers, and how
// many tasks in each state that any task is in, each with its mark in the
// legend's font.
func (b *board) setCounts() {
	segs := countsSegments(b.snap)
	var key strings.Builder
	for _, sg := range segs {
		key.WriteString(sg.(*widget.TextSegment).Text)
	}
	if key.String() == b.shown {
		return
	}
	b.shown = key.String()
	b.counts.Segments = segs
	b.counts.Refresh()
}

func countsSegments(s *demos.Snapshot) []widget.RichTextSegment {
	word := func(t string) widget.RichTextSegment {
		return &widget.TextSegment{Text: t, Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}}}
	}
	mark := func(t string) widget.RichTextSegment {
		return &widget.TextSegment{Text: t, Style: widget.RichTextStyle{Inline: true, TextStyle: markStyle}}
	}
	if len(s.Tasks) == 0 {
		return []widget.RichTextSegment{word("Tasks: none yet — press Run")}
	}
	head := "Tasks: " + thousands(int64(len(s.Tasks)))
	if s.Workers > 0 {
		// the live worker target: a drag of the slider shows here at once
		w := " workers)"
		if s.Workers == 1 {
			w = " worker)"
		}
		head += " (" + thousands(int64(s.Workers)) + w
	}
	segs := []widget.RichTextSegment{word(head)}
	for _, st := range demos.States() {
		if n := s.Count[st]; n > 0 {
			segs = append(segs, word("   "), mark(stateMark(st)), word(" "+thousands(int64(n))+" "+st.String()))
		}
	}
	return segs
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
type sideLayout struct{}

func (sideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().Max(objs[1].MinSize())
}

func (sideLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
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
