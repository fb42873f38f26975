package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// topFlow flows the projector's controls and tabs as one line that
// wraps, so that what does not fit the first line (Pause and Stop at 1024
// pixels) starts the second instead of taking a line of its own. On each
// line the spare width goes to its visible stretch object (the workers'
// slider, the Code view's strip); a line without one but past a hidden
// stretch puts the rest at its right end (the clock and Keys). The strip
// of figures is elastic: it takes only what its line spares, and never
// pushes the clock to a third line.
type topFlow struct {
	width     float32 // of the last layout: how many lines there are
	stretches []fyne.CanvasObject
	elastic   fyne.CanvasObject
}

// minWidth is o's width when the lines are split.
func (f *topFlow) minWidth(o fyne.CanvasObject) float32 {
	if o == f.elastic {
		return 0
	}
	return o.MinSize().Width
}

// lines splits the visible objects into lines no wider than width.
func (f *topFlow) lines(objs []fyne.CanvasObject, width float32) [][]fyne.CanvasObject {
	return flowLines(objs, width, f.minWidth)
}

func (f *topFlow) isStretch(o fyne.CanvasObject) bool {
	for _, s := range f.stretches {
		if s == o {
			return true
		}
	}
	return false
}

// MinSize is part of fyne.Layout.
func (f *topFlow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return linesSize(f.lines(objs, f.width), f.minWidth)
}

// Layout is part of fyne.Layout.
func (f *topFlow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	gap := theme.Padding() * 2
	// afterHidden: the stretch last before the object is hidden
	afterHidden := map[fyne.CanvasObject]bool{}
	var last fyne.CanvasObject
	for _, o := range objs {
		if f.isStretch(o) {
			last = o
			continue
		}
		afterHidden[o] = last != nil && !last.Visible()
	}
	y := float32(0)
	for _, line := range f.lines(objs, size.Width) {
		lh := lineHeightOf(line)
		used := gap * float32(len(line)-1)
		var stretch fyne.CanvasObject
		for _, o := range line {
			used += f.minWidth(o)
			if stretch == nil && f.isStretch(o) {
				stretch = o
			}
		}
		spare := max(0, size.Width-used)
		x := float32(0)
		gave := false
		for _, o := range line {
			w := f.minWidth(o)
			switch {
			case gave:
			case o == stretch:
				w += spare
				gave = true
			case stretch == nil && afterHidden[o]:
				x += spare
				gave = true
			}
			h := o.MinSize().Height
			o.Move(fyne.NewPos(x, y+(lh-h)/2))
			o.Resize(fyne.NewSize(w, h))
			x += w + gap
		}
		y += lh + theme.Padding()
	}
}
