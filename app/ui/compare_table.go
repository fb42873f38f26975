package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tableLayout lays labels out as a table of cols columns, row after row,
// at the pitch of a line of text rather than of a label's padded height,
// so a projector's large text still shows six or more rows of figures in
// half a column. Each column is as wide as its widest cell; when the
// columns are wider than the table, the cells with a shorter text say it
// ("×0.87 (−13%)" becomes "×0.87"), then the first column (the names)
// gives up to half its width, and only then is each cut in proportion
// (the labels end in an ellipsis): the figures are the last to be cut.
// Its minimum width is the first column's alone: a table of long values
// must not push the history beside it off the window.
type tableLayout struct {
	cols  int
	short map[*widget.Label][2]string // a cell's full text and its shorter one
}

// shorten gives label l a shorter text for a narrow table.
func (t *tableLayout) shorten(l *widget.Label, short string) {
	if t.short == nil {
		t.short = map[*widget.Label][2]string{}
	}
	t.short[l] = [2]string{l.Text, short}
}

// sayShort sets every cell that has a shorter text to it (or back).
func (t *tableLayout) sayShort(on bool) {
	k := 0
	if on {
		k = 1
	}
	for l, s := range t.short {
		if l.Text != s[k] {
			l.SetText(s[k])
		}
	}
}

// pitch is the height of one row: a line of text and a gap.
func (t *tableLayout) pitch() float32 {
	return fyne.MeasureText("Ag", theme.TextSize(), fyne.TextStyle{}).Height + theme.Padding()
}

// widths are the columns' natural widths: their widest cells, a label's
// measured from its whole text (a label that truncates asks for little).
func (t *tableLayout) widths(objs []fyne.CanvasObject) []float32 {
	w := make([]float32, t.cols)
	for i, o := range objs {
		cw := o.MinSize().Width
		if l, ok := o.(*widget.Label); ok {
			// and a padding to spare: a label ellipsises a text that just fits
			cw = max(cw, fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width+2*theme.InnerPadding()+theme.Padding())
		}
		w[i%t.cols] = max(w[i%t.cols], cw)
	}
	return w
}

func (t *tableLayout) rows(objs []fyne.CanvasObject) int { return (len(objs) + t.cols - 1) / t.cols }

// MinSize is part of fyne.Layout.
func (t *tableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	return fyne.NewSize(t.widths(objs)[0], float32(t.rows(objs))*t.pitch()+t.inset(objs))
}

// inset is how far a label's text sits below the label's top: the rows
// are placed by their text, the labels around it.
func (t *tableLayout) inset(objs []fyne.CanvasObject) float32 {
	if len(objs) == 0 {
		return 0
	}
	return max(0, (objs[0].MinSize().Height-t.pitch())/2)
}

// Layout is part of fyne.Layout.
func (t *tableLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	t.sayShort(false)
	w := t.widths(objs)
	sum := func() (total float32) {
		for _, x := range w {
			total += x
		}
		return total
	}
	if sum() > size.Width && len(t.short) > 0 {
		t.sayShort(true)
		w = t.widths(objs)
	}
	if over := sum() - size.Width; over > 0 {
		w[0] -= min(over, w[0]/2)
	}
	if total := sum(); total > size.Width && total > 0 {
		for i := range w {
			w[i] *= size.Width / total
		}
	}
	pitch, inset := t.pitch(), t.inset(objs)
	x := make([]float32, t.cols)
	for i := 1; i < t.cols; i++ {
		x[i] = x[i-1] + w[i-1]
	}
	for i, o := range objs {
		c, r := i%t.cols, i/t.cols
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w[c], h))
		// the label's padding above its text overlaps the row before:
		// it is empty, and the text lands on the row's pitch
		o.Move(fyne.NewPos(x[c], float32(r)*pitch+inset-(h-pitch)/2))
	}
}
