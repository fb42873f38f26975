package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// compareView builds view 3, Compare: the run history, two runs side by
// side, sweeps and predictions. It is the one place that view is made:
// replace this function to fill it; the window calls it once.
var compareView = func(l *Lab) fyne.CanvasObject {
	note := widget.NewLabelWithStyle("Compare runs: the history of runs, two runs side by side, "+
		"sweeps and predictions will show here.", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	note.Wrapping = fyne.TextWrapWord
	back := widget.NewLabelWithStyle("Press 1 for the run, 2 for the code.", fyne.TextAlignCenter, fyne.TextStyle{})
	return container.New(&middleLayout{frac: 0.7}, container.NewVBox(note, back))
}

// middleLayout puts its object in the middle of what it is given, frac of
// the width wide and as tall as it needs at that width: a wrapping label
// must be given a width to wrap at, which container.NewCenter does not.
type middleLayout struct{ frac float32 }

func (m *middleLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (m *middleLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	o := objs[0]
	w := size.Width * m.frac
	o.Resize(fyne.NewSize(w, o.Size().Height))
	h := min(size.Height, o.MinSize().Height)
	o.Move(fyne.NewPos((size.Width-w)/2, (size.Height-h)/2))
	o.Resize(fyne.NewSize(w, h))
}
