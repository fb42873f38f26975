package ui

// The counter has the default picture (the board and the timeline) and
// one figure of its own: how long its workers waited for the lock.
func init() { present("counter", presentation{featured: counterFigures}) }

var counterFigures = []featuredFigure{
	{caption: "lock wait, all workers", waited: true},
}
