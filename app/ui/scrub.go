package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// scrubBar shows where the player's cursor is in a run, from its start to
// its head, with the run's moments marked on it; a tap or a drag moves the
// cursor there.
type scrubBar struct {
	widget.BaseWidget
	at    float32   // the cursor, 0 to 1
	marks []float32 // the moments, 0 to 1
	warn  []bool    // which marks are the app's warnings
	seek  func(frac float32)
}

func newScrubBar(seek func(frac float32)) *scrubBar {
	b := &scrubBar{seek: seek}
	b.ExtendBaseWidget(b)
	return b
}

// set shows the cursor at frac and the moments at marks (each 0 to 1).
func (b *scrubBar) set(frac float32, marks []float32, warn []bool) {
	b.at, b.marks, b.warn = frac, marks, warn
	b.Refresh()
}

// Tapped is part of fyne.Tappable: the cursor goes where the bar is tapped.
func (b *scrubBar) Tapped(e *fyne.PointEvent) { b.seekTo(e.Position.X) }

// Dragged is part of fyne.Draggable: the cursor follows the drag.
func (b *scrubBar) Dragged(e *fyne.DragEvent) { b.seekTo(e.Position.X) }

// DragEnd is part of fyne.Draggable.
func (b *scrubBar) DragEnd() {}

func (b *scrubBar) seekTo(x float32) {
	if w := b.Size().Width; w > 0 && b.seek != nil {
		b.seek(min(1, max(0, x/w)))
	}
}

// CreateRenderer is part of fyne.Widget.
func (b *scrubBar) CreateRenderer() fyne.WidgetRenderer {
	r := &scrubRenderer{b: b, track: canvas.NewRectangle(nil), done: canvas.NewRectangle(nil), cursor: canvas.NewRectangle(nil)}
	r.Refresh()
	return r
}

type scrubRenderer struct {
	b                   *scrubBar
	track, done, cursor *canvas.Rectangle
	marks               []*canvas.Rectangle
}

func (r *scrubRenderer) Destroy() {}

func (r *scrubRenderer) MinSize() fyne.Size {
	h := theme.SizeForWidget(theme.SizeNameText, r.b)
	return fyne.NewSize(4*h, h*1.2)
}

func (r *scrubRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.track, r.done}
	for _, m := range r.marks {
		objs = append(objs, m)
	}
	return append(objs, r.cursor)
}

func (r *scrubRenderer) Layout(size fyne.Size) {
	th := size.Height / 3
	y := (size.Height - th) / 2
	r.track.Move(fyne.NewPos(0, y))
	r.track.Resize(fyne.NewSize(size.Width, th))
	x := r.b.at * size.Width
	r.done.Move(fyne.NewPos(0, y))
	r.done.Resize(fyne.NewSize(x, th))
	cw := max(3, size.Height/5)
	r.cursor.Move(fyne.NewPos(min(size.Width-cw, max(0, x-cw/2)), 0))
	r.cursor.Resize(fyne.NewSize(cw, size.Height))
	for i, m := range r.marks {
		mx := r.b.marks[i] * size.Width
		m.Move(fyne.NewPos(min(size.Width-2, max(0, mx-1)), y-th/2))
		m.Resize(fyne.NewSize(2, 2*th))
	}
}

func (r *scrubRenderer) Refresh() {
	th, v := fyne.CurrentApp().Settings().Theme(), fyne.CurrentApp().Settings().ThemeVariant()
	r.track.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.done.FillColor = th.Color(theme.ColorNamePrimary, v)
	r.cursor.FillColor = th.Color(theme.ColorNameForeground, v)
	for len(r.marks) < len(r.b.marks) {
		r.marks = append(r.marks, canvas.NewRectangle(nil))
	}
	r.marks = r.marks[:len(r.b.marks)]
	for i, m := range r.marks {
		m.FillColor = color.Color(okabeYellow)
		if i < len(r.b.warn) && r.b.warn[i] {
			m.FillColor = okabeVermilion
		}
	}
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}
