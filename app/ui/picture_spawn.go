package ui

import (
	"strings"

	"fyne.io/fyne/v2"

	"concurrencylab/demos"
)

func init() {
	present("spawn", presentation{picture: func() Picture { return newSpawnPicture() }, featured: spawnFigures})
}

var spawnFigures = []featuredFigure{
	{caption: "time to start all", stat: "start_ms", format: unit(" ms")},
	{caption: "memory per unit", stat: "bytes_per_unit", format: bytesText},
}

func newSpawnPicture() *comparePicture {
	p := &comparePicture{modes: []string{"goroutines", "threads", "processes"}, figs: map[string]*modeFigures{}}
	p.ExtendBaseWidget(p)
	p.guess = func(s *demos.Snapshot) string {
		for _, l := range s.Logs {
			for _, m := range p.modes {
				if strings.Contains(l.Text, " "+m+" up in ") {
					return m
				}
			}
		}
		switch {
		case hasStat(s, "starting_stack_bytes"):
			return "goroutines"
		case hasStat(s, "threads_before"):
			return "threads"
		case hasStat(s, "rss_bytes_per_unit"):
			return "processes"
		}
		return ""
	}
	p.take = func(f *modeFigures, s *demos.Snapshot) bool {
		start, ok := s.Stats["start_ms"]
		if !ok {
			return false
		}
		f.startMs, f.units, f.bytes = start, s.Stats["units"], s.Stats["bytes_per_unit"]
		if s.Units.Per > 0 {
			f.units = float64(s.Units.Total) // what the board's header counts
		}
		f.ended = s.Ended
		return true
	}
	p.layout = spawnLayout
	return p
}

// spawnLayout draws two groups of bars, time to start and memory per unit,
// where the picture is tall enough; else one row per mode with both bars
// in it, time over memory, and a key (projector mode at 1280x720).
func spawnLayout(p *comparePicture, k *sketch, size fyne.Size) {
	lineH := k.measure("0", 1, false).Height
	var topStart, topBytes float64
	for _, f := range p.figs {
		topStart, topBytes = max(topStart, f.startMs), max(topBytes, f.bytes)
	}
	startText := func(f *modeFigures, each bool) string {
		txt := fmtMs(f.startMs) + " for " + digits3(int(f.units))
		if each && f.units > 1 {
			txt += " (" + fmtMs(f.startMs/f.units) + " each)"
		}
		return txt
	}
	p.pitch = 1.3
	if size.Height >= lineH*(2.8+6*p.pitch) {
		y := float32(0)
		k.text("Time to start them all", 0, y, 0, 1, true)
		y, _ = p.bars(k, size, y+lineH*1.2, topStart, func(f *modeFigures) (float64, string, bool) {
			return f.startMs, startText(f, true), true
		})
		k.text("Memory per unit", 0, y+lineH*0.4, 0, 1, true)
		p.bars(k, size, y+lineH*1.6, topBytes, func(f *modeFigures) (float64, string, bool) {
			if f.bytes <= 0 {
				return 0, "not measured", false
			}
			return f.bytes, fmtQuantity(f.bytes, "B"), true
		})
		return
	}

	// The key, then a row per mode.
	dark := k.fg
	dark.A = 190
	sw := k.ts * 1.6
	x := float32(0)
	k.fill(x, lineH*0.3, x+sw, lineH*0.7, styleSolid, dark)
	x += sw + k.pad
	x += k.text("time to start all", x, 0, 0, 1, false).Width + 3*k.pad
	k.fill(x, lineH*0.3, x+sw, lineH*0.7, styleHatch, dark)
	x += sw + k.pad
	k.text("memory per unit", x, 0, 0, 1, false)
	texts := make([]string, len(p.modes))
	for i, m := range p.modes {
		texts[i] = "not run yet"
		if f := p.figs[m]; f != nil {
			texts[i] = startText(f, false) + " · " + "memory not measured"
			if f.bytes > 0 {
				texts[i] = startText(f, false) + " · " + fmtQuantity(f.bytes, "B")
			}
		}
	}
	bs := p.scale(k, size, 1, texts)
	y := lineH * 1.3
	if size.Height < lineH*(1.3+3*p.pitch) {
		p.pitch = 1.12
	}
	for i, m := range p.modes {
		k.text(m, bs.barX-k.pad, y, 1, 1, m == p.current)
		tx := bs.barX + bs.scaleW + k.pad
		if f := p.figs[m]; f != nil {
			if topStart > 0 {
				k.fill(bs.barX, y+lineH*0.1, bs.barX+max(2, bs.scaleW*float32(f.startMs/topStart)), y+lineH*0.48, styleSolid, dark)
			}
			if f.bytes > 0 && topBytes > 0 {
				k.fill(bs.barX, y+lineH*0.52, bs.barX+max(2, bs.scaleW*float32(f.bytes/topBytes)), y+lineH*0.9, styleHatch, dark)
			}
		}
		k.text(texts[i], tx, y, 0, 1, false)
		y += lineH * p.pitch
	}
}
