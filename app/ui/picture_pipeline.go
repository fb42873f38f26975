package ui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

func init() {
	present("pipeline", presentation{picture: func() Picture { return newPipelinePicture() }, featured: pipelineFigures})
}

var pipelineFigures = []featuredFigure{
	{caption: "senders blocked", stat: "blocked_send_ms", format: unit(" ms")},
	{caption: "receivers blocked", stat: "blocked_recv_ms", format: unit(" ms")},
}

// pipelinePicture draws each channel's buffer as a row of slots, the filled
// ones dark, with "n / capacity", and under it the goroutines blocked on it:
// senders (the channel is full, or unbuffered with no receiver ready) and
// receivers (it is empty).
type pipelinePicture struct {
	widget.BaseWidget
	chans []pipeChanView
}

type pipeChanView struct {
	name       string
	n, max     int64
	send, recv int // tasks blocked sending to it and receiving from it
}

func newPipelinePicture() *pipelinePicture {
	p := &pipelinePicture{}
	p.ExtendBaseWidget(p)
	return p
}

func (p *pipelinePicture) Update(s *demos.Snapshot) {
	p.chans = p.chans[:0]
	for name, g := range s.Gauges {
		p.chans = append(p.chans, pipeChanView{name: name, n: g.N, max: g.Max})
	}
	slices.SortFunc(p.chans, func(a, b pipeChanView) int { return strings.Compare(a.name, b.name) })
	for i := range s.Tasks {
		t := &s.Tasks[i]
		if t.State != demos.Waiting {
			continue
		}
		for j := range p.chans {
			if p.chans[j].name == t.Res {
				switch t.Op {
				case demos.WaitSend:
					p.chans[j].send++
				case demos.WaitRecv:
					p.chans[j].recv++
				}
			}
		}
	}
	p.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (p *pipelinePicture) CreateRenderer() fyne.WidgetRenderer {
	return newSketch(p, p.layout, func(k *sketch) fyne.Size {
		return fyne.NewSize(k.ts*16, 3*k.measure("0", 1, false).Height*2)
	})
}

func (p *pipelinePicture) layout(k *sketch, size fyne.Size) {
	lineH := k.measure("0", 1, false).Height
	if len(p.chans) == 0 {
		k.text("channels appear when the run starts", 0, 0, 0, 1, false)
		return
	}
	nameW := float32(0)
	for _, c := range p.chans {
		nameW = max(nameW, k.measure(c.name, 1, true).Width)
	}
	countW := k.measure("1024 / 1024", 1, false).Width
	barX := nameW + 2*k.pad
	barW := max(k.ts*4, size.Width-barX-countW-3*k.pad)
	// two lines a channel, with a gap between channels where there is room
	rowH := max(lineH*2, min(lineH*2+k.pad*2, size.Height/float32(len(p.chans))))
	dark := k.fg
	dark.A = 200
	for i, c := range p.chans {
		y := float32(i) * rowH
		k.text(c.name, 0, y, 0, 1, true)
		by0, by1 := y+lineH*0.15, y+lineH*0.85
		switch {
		case c.max <= 0:
			k.text("no buffer: each send waits for a receiver", barX, y, 0, 1, false)
		case c.max <= 64:
			// One slot per place in the buffer: "3 of 8" can be counted.
			slot := barW / float32(c.max)
			gap := min(k.pad/2, slot/5)
			for j := int64(0); j < c.max; j++ {
				x0 := barX + float32(j)*slot
				if j < c.n {
					k.fill(x0, by0, x0+slot-gap, by1, styleSolid, dark)
				} else {
					k.box(x0, by0, x0+slot-gap, by1, 1, dark)
				}
			}
		default:
			k.box(barX, by0, barX+barW, by1, 1, dark)
			k.fill(barX, by0, barX+barW*float32(c.n)/float32(c.max), by1, styleSolid, dark)
		}
		k.text(strconv.FormatInt(c.n, 10)+" / "+strconv.FormatInt(c.max, 10), size.Width-k.pad, y, 1, 1, false)

		// Who is blocked on it, with the waiting state's swatch and mark.
		y2 := y + lineH
		x := barX
		say := func(n int, what string) {
			sw := k.ts * 1.6
			k.fill(x, y2+lineH*0.2, x+sw, y2+lineH*0.8, styleHatch, StateColor(demos.Waiting))
			x += sw + k.pad/2
			x += k.mark(demos.Waiting, x, y2).Width + k.pad/2
			x += k.text(strconv.Itoa(n)+" "+what, x, y2, 0, 1, false).Width + 3*k.pad
		}
		switch {
		case c.send > 0 || c.recv > 0:
			if c.send > 0 {
				full := "blocked sending"
				if c.max > 0 && c.n >= c.max {
					full += " (full)"
				}
				say(c.send, full)
			}
			if c.recv > 0 {
				empty := "blocked receiving"
				if c.max > 0 && c.n == 0 {
					empty += " (empty)"
				}
				say(c.recv, empty)
			}
		default:
			k.text("no one blocked", x, y2, 0, 1, false)
		}
	}
}
