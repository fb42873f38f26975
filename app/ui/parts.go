package ui

import (
	"fyne.io/fyne/v2"

	"concurrencylab/demos"
)

// frameWidget is a view the frame loop feeds: the timeline, the overview and
// the chart. Update is called on the UI goroutine, at most once per frame.
type frameWidget interface {
	fyne.CanvasObject
	Update(s *demos.Snapshot)
}
