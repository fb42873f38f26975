package ui

import (
	"fyne.io/fyne/v2"
)

// compareView builds view 3, Compare: the run history, two runs side by
// side, sweeps and predictions (compare_*.go). The window calls it once.
var compareView = func(l *Lab) fyne.CanvasObject { return l.cmp.view.object() }
