package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

func init() {
	present("pool", presentation{picture: func() Picture { return newPoolPicture() }, featured: poolFigures})
}

var poolFigures = []featuredFigure{
	{caption: "queue now", series: "queue", format: unit(" jobs")},
	{caption: "mean throughput", custom: meanThroughput, hides: []string{"throughput", "jobs_done"}},
	{caption: "mean wait", stat: "mean_wait_ms", format: unit(" ms")},
}

// poolPicture charts the pool's queue (with the worker count, in the same
// kind of unit: jobs and workers are both counts) beside its throughput.
type poolPicture struct {
	widget.BaseWidget
	queue, tput *Chart
}

func newPoolPicture() *poolPicture {
	p := &poolPicture{queue: NewChart("Queue", "queue", "workers"), tput: NewChart("Throughput", "throughput")}
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer is part of fyne.Widget.
func (p *poolPicture) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(&pairLayout{}, p.queue, p.tput))
}

// pairLayout puts two charts side by side when each still gets its minimum
// width, else one above the other; it asks for no more than one chart.
//
// Its minimum is that of one chart where the width of its last layout held
// two side by side, else of two stacked: a column that gave it less drew
// one chart's axis over the other's title.
type pairLayout struct{ width float32 }

func (p *pairLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize().Max(objs[1].MinSize())
	if p.width >= 2*m.Width+3*theme.Padding() {
		return m
	}
	return fyne.NewSize(m.Width, 2*m.Height+theme.Padding())
}

func (p *pairLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	p.width = size.Width
	pad := theme.Padding()
	m := objs[0].MinSize().Max(objs[1].MinSize())
	if size.Width >= 2*m.Width+3*pad {
		w := (size.Width - 3*pad) / 2
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(w, size.Height))
		objs[1].Move(fyne.NewPos(w+3*pad, 0))
		objs[1].Resize(fyne.NewSize(w, size.Height))
		return
	}
	h := (size.Height - pad) / 2
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h+pad))
	objs[1].Resize(fyne.NewSize(size.Width, h))
}

func (p *poolPicture) Update(s *demos.Snapshot) {
	p.queue.Update(s)
	p.tput.Update(s)
}
