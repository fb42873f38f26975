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

// The views drawn by timeline.go, overview.go, chart.go and legend.go. They
// are reached through these variables so that the window builds even while
// one of them is being written.
var (
	newTimelineView = func() frameWidget { return NewTimeline() }
	newOverviewView = func() frameWidget { return NewOverview() }
	newChartView    = func(title string) frameWidget { return NewChart(title) }
	newLegendView   = NewLegend
	newPictureView  = NewPicture
)
