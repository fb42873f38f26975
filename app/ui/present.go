package ui

import "concurrencylab/demos"

// presentation is how the window shows one demo, beyond what the demo
// declares (modes, knobs, stats): its picture, its chart's title, the
// figures that carry its lesson, and which of the window's own figures and
// columns it has. It is the one place the window tells demos apart.
type presentation struct {
	picture  func() Picture   // the demo's own drawing (pictures.go); nil: none
	chart    string           // the title of the chart of its series
	featured []featuredFigure // its own measured figures, big (featured.go)
	// the window's figures it has besides elapsed and done
	speedup  bool // parallelism, and the speedup over a 1-worker run
	transfer bool // download rate, ETA, bytes, and each row's bytes and ETA
	perSec   bool // tasks finished per second
	// readsOutput: its lesson is read in its printed lines, which projector
	// mode keeps (the others' lines repeat what the board shows)
	readsOutput bool
}

// presentations maps a demo's ID to its presentation; a demo not listed
// shows the board, the figures every demo has, the chart and the timeline.
var presentations = map[string]presentation{
	"interleave": {readsOutput: true},
	"counter":    {featured: counterFigures},
	"sleepers":   {perSec: true},
	"pool":       {picture: func() Picture { return newPoolPicture() }, chart: "Queue, throughput and workers over time", featured: poolFigures},
	"pipeline":   {picture: func() Picture { return newPipelinePicture() }, chart: "Items waiting in each channel", featured: pipelineFigures},
	"deadlock":   {picture: func() Picture { return newDeadlockPicture() }, featured: deadlockFigures},
	"download":   {chart: "Download rate over time", transfer: true},
	"spawn":      {picture: func() Picture { return newSpawnPicture() }, featured: spawnFigures},
	"cpu":        {picture: func() Picture { return newCPUPicture() }, speedup: true},
}

// presentationOf returns demo d's presentation (the zero one for nil).
func presentationOf(d *demos.Demo) presentation {
	if d == nil {
		return presentation{}
	}
	return presentations[d.ID]
}
