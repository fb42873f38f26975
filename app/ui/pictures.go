package ui

import (
	"fyne.io/fyne/v2"

	"concurrencylab/demos"
)

// Picture is a demo's own drawing, driven by the run's snapshots: the pool's
// queue and throughput, the pipeline's channels, the deadlock's wait-for
// graph, the cost of a worker per mode, the cpu demo's parallelism.
type Picture interface {
	fyne.CanvasObject
	// Update shows snapshot s; the caller may reuse s. Call it on the Fyne
	// UI goroutine.
	Update(s *demos.Snapshot)
}

// RunSetter is implemented by pictures that compare runs of several modes
// (spawn, cpu). The window calls SetRun with the mode and worker count of a
// run before its first snapshot; a picture that is not told guesses the mode
// from the run's figures where it can. Keep one picture per demo for the
// life of the window: it remembers the last figures of each mode.
type RunSetter interface {
	SetRun(mode string, workers int)
}

// NewPicture returns the picture of demo demoID, or nil when the demo has
// none.
func NewPicture(demoID string) Picture {
	if p := presentations[demoID].picture; p != nil {
		return p()
	}
	return nil
}
