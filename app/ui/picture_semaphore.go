package ui

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

func init() {
	present("semaphore", presentation{picture: func() Picture { return newSemaphorePicture() }, featured: semaphoreFigures})
}

var semaphoreFigures = []featuredFigure{
	{caption: "most in use at once", stat: "peak_in_use", format: unit(" tasks")},
	{caption: "mean wait for a slot", stat: "mean_wait_ms", format: unit(" ms")},
}

// semaphorePicture draws the semaphore's K slots as boxes, each filled by
// the task holding it, and under them the queue of tasks waiting for a
// slot, first in line first. The slots' count comes from the run's
// "slots" gauge (none with no limit); who holds and who waits from the
// tasks' states: in this demo a task waits only for a slot, and any other
// task that has started and not ended holds one.
type semaphorePicture struct {
	widget.BaseWidget
	source  uint64
	slots   int                 // K; 0: no limit
	holder  []int               // by slot: the lane holding it, -1 for free (no limit: every user)
	slotOf  map[int]int         // lane → its slot, so a holder keeps its box from frame to frame
	state   map[int]demos.State // of each holder
	waiters []int               // lanes, first in line first
	lanes   map[int]string
	done    int
	tasks   int
	started bool
}

func newSemaphorePicture() *semaphorePicture {
	p := &semaphorePicture{slotOf: map[int]int{}, state: map[int]demos.State{}}
	p.ExtendBaseWidget(p)
	return p
}

func (p *semaphorePicture) Update(s *demos.Snapshot) {
	if s.Source != p.source {
		p.source = s.Source
		clear(p.slotOf)
	}
	g, limited := s.Gauges["slots"]
	p.slots = 0
	if limited {
		p.slots = int(g.Max)
	}
	p.lanes, p.done, p.tasks, p.started = maps.Clone(s.Lanes), s.Finished(), len(s.Tasks), len(s.Tasks) > 0
	clear(p.state)

	type waiter struct {
		lane  int
		since time.Duration
	}
	var ws []waiter
	var users []int
	for i := range s.Tasks {
		t := &s.Tasks[i]
		switch {
		case t.State == demos.Waiting:
			var since time.Duration // when it began to wait
			if n := len(t.Spans); n > 0 {
				since = t.Spans[n-1].At
			}
			ws = append(ws, waiter{t.Worker, since})
		case t.State != demos.Pending && !t.State.Ended():
			users = append(users, t.Worker)
			p.state[t.Worker] = t.State
		}
	}
	// The semaphore serves its waiters in the order they asked.
	slices.SortFunc(ws, func(a, b waiter) int { return cmp.Or(cmp.Compare(a.since, b.since), a.lane-b.lane) })
	p.waiters = p.waiters[:0]
	for _, w := range ws {
		p.waiters = append(p.waiters, w.lane)
	}

	if !limited {
		p.holder = append(p.holder[:0], users...)
		p.Refresh()
		return
	}
	p.holder = slices.Grow(p.holder[:0], p.slots)[:p.slots]
	for i := range p.holder {
		p.holder[i] = -1
	}
	// Holders keep their slot; a new holder takes the first free one.
	var fresh []int
	for _, u := range users {
		if i, ok := p.slotOf[u]; ok && i < p.slots && p.holder[i] < 0 {
			p.holder[i] = u
		} else {
			fresh = append(fresh, u)
		}
	}
	clear(p.slotOf)
	for i, h := range p.holder {
		if h < 0 && len(fresh) > 0 {
			p.holder[i], fresh = fresh[0], fresh[1:]
		}
		if p.holder[i] >= 0 {
			p.slotOf[p.holder[i]] = i
		}
	}
	p.Refresh()
}

func (p *semaphorePicture) label(lane int) string {
	if n, ok := p.lanes[lane]; ok {
		return n
	}
	return "w" + strconv.Itoa(lane)
}

// CreateRenderer is part of fyne.Widget.
func (p *semaphorePicture) CreateRenderer() fyne.WidgetRenderer {
	return newSketch(p, p.layout, func(k *sketch) fyne.Size {
		return fyne.NewSize(k.ts*18, k.measure("0", 1, false).Height*5)
	})
}

func (p *semaphorePicture) layout(k *sketch, size fyne.Size) {
	lineH := k.measure("0", 1, false).Height
	if !p.started {
		k.text("The slots and their queue appear when the run starts.", 0, 0, 0, 1, false)
		return
	}
	used := 0
	for _, h := range p.holder {
		if h >= 0 {
			used++
		}
	}
	var head string
	if p.slots > 0 {
		head = strconv.Itoa(p.slots) + " slots: " + strconv.Itoa(used) + " in use"
	} else {
		head = "No limit: " + strconv.Itoa(used) + " using the resource at once"
	}
	k.text(head, 0, 0, 0, 1, true)
	k.text(strconv.Itoa(p.done)+" of "+strconv.Itoa(p.tasks)+" done", size.Width, 0, 1, 1, false)

	// The slots: one box each, in one row when their names fit, else in
	// rows of named boxes while those leave the queue two rows, else in
	// one row of boxes too narrow for names.
	y := lineH * 1.4
	n := len(p.holder)
	if p.slots == 0 && n == 0 {
		k.text("Nobody is using it now.", 0, y, 0, 1, false)
	}
	// a place wide enough for the longest lane name and a mark
	widest := k.measure("w000", 1, true).Width + k.measure(stateMark(demos.Waiting), markScale, false).Width + 2.5*k.pad
	perRow := max(1, int(size.Width/widest))
	rows := (n + perRow - 1) / perRow
	boxH := min(lineH*3, max(lineH*2, size.Height-y-lineH*5)) // one row: tall, room allowing
	named := true
	switch {
	case rows > 1 && y+float32(rows)*(lineH*1.5+k.pad/2) <= size.Height-lineH*4:
		boxH = lineH * 1.5
	case rows > 1:
		rows, perRow, named = 1, n, false
	}
	if n > 0 {
		cols := min(n, perRow)
		slot := min(size.Width/float32(cols), size.Width/3)
		gap := min(k.pad, slot/6)
		for i, h := range p.holder {
			x0 := float32(i%cols) * slot
			y0 := y + float32(i/cols)*(boxH+k.pad/2)
			p.box(k, x0, y0, x0+slot-gap, y0+boxH, h, p.state[h], lineH, named)
		}
	}
	y += float32(max(1, rows))*(boxH+k.pad/2) - k.pad/2

	// The queue, first in line on the left, in as many rows as there is
	// room for.
	y += lineH * 0.6
	if p.slots == 0 {
		return
	}
	if len(p.waiters) == 0 {
		k.text("No one is waiting for a slot.", 0, y, 0, 1, false)
		return
	}
	k.text("Waiting for a slot ("+strconv.Itoa(len(p.waiters))+"), first in line first:", 0, y, 0, 1, false)
	y += lineH * 1.2
	qH := lineH * 1.5
	perRow = max(1, int(size.Width/widest))
	rows = max(1, int((size.Height-y)/(qH+k.pad/2)))
	room := perRow * rows
	shown := p.waiters
	more := 0
	if len(shown) > room {
		more = len(shown) - (room - 1)
		shown = shown[:room-1]
	}
	for i, w := range shown {
		x0 := float32(i%perRow) * widest
		y0 := y + float32(i/perRow)*(qH+k.pad/2)
		p.box(k, x0, y0, x0+widest-k.pad/2, y0+qH, w, demos.Waiting, lineH, true)
	}
	if more > 0 {
		i := len(shown)
		x0 := float32(i%perRow) * widest
		y0 := y + float32(i/perRow)*(qH+k.pad/2)
		k.text("+"+strconv.Itoa(more)+" more", x0+k.pad, y0+(qH-lineH)/2, 0, 1, true)
	}
}

// box draws one slot or one place in the queue: tinted with the state's
// colour in its pattern, outlined, with the lane's name and the state's
// mark; a free slot (lane < 0) is an empty outline saying so. Where there
// are too many slots for names (named false), the boxes alone say which
// are taken.
func (p *semaphorePicture) box(k *sketch, x0, y0, x1, y1 float32, lane int, st demos.State, lineH float32, named bool) {
	cy := (y0+y1)/2 - lineH/2
	if lane < 0 {
		k.box(x0, y0, x1, y1, 1, k.fg)
		if named {
			k.text("free", (x0+x1)/2, cy, 0.5, 1, false)
		}
		return
	}
	c := StateColor(st)
	c.A = 110
	k.fill(x0, y0, x1, y1, barStyle(st), c)
	k.box(x0, y0, x1, y1, 2, k.fg)
	if !named {
		return
	}
	label := p.label(lane)
	lw := k.measure(label, 1, true).Width
	mw := k.measure(stateMark(st), markScale, false).Width
	x := (x0+x1)/2 - (lw+k.pad/2+mw)/2
	k.text(label, x, cy, 0, 1, true)
	k.mark(st, x+lw+k.pad/2, cy)
}
