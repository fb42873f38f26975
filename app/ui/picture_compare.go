package ui

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// modeFigures is what a comparing picture keeps of the last run of a mode.
type modeFigures struct {
	mode    string
	workers int
	units   float64
	startMs float64 // spawn: time to start all units
	bytes   float64 // spawn: memory per unit; 0 when not measured
	par     float64 // cpu: parallelism; 0 until the run ends
	procs   float64 // cpu: GOMAXPROCS
	running int     // cpu: tasks computing now (live)
	ended   bool
}

// comparePicture keeps the latest figures per mode and draws them as bars.
type comparePicture struct {
	widget.BaseWidget
	modes   []string // in the demo's order
	figs    map[string]*modeFigures
	told    string // the mode SetRun named for the current run
	workers int
	current string // the mode of the run shown now
	lastSeq uint64
	pitch   float32 // the bars' spacing in lines: 1.3, less when the picture is short
	guess   func(s *demos.Snapshot) string
	take    func(f *modeFigures, s *demos.Snapshot) bool // fills f from s; false: nothing to keep yet
	layout  func(p *comparePicture, k *sketch, size fyne.Size)
}

func (p *comparePicture) SetRun(mode string, workers int) {
	// lastSeq too: the new run's snapshots count from the start again, which
	// Update would otherwise take for a run it was not told about.
	p.told, p.workers, p.lastSeq = mode, workers, 0
}

func (p *comparePicture) Update(s *demos.Snapshot) {
	if s.Seq < p.lastSeq {
		p.told = "" // a run SetRun was not told about
	}
	p.lastSeq = s.Seq
	if len(s.Tasks) == 0 {
		// the view was cleared (Reset, another demo) or a run has not
		// begun: a run that did not end is gone, and so are its live
		// figures ("1 computing now" stayed after Reset)
		maps.DeleteFunc(p.figs, func(_ string, f *modeFigures) bool { return !f.ended })
	}
	mode := p.told
	if mode == "" {
		mode = p.guess(s)
	}
	p.current = mode
	if mode != "" && !slices.Contains(p.modes, mode) {
		p.modes = append(p.modes, mode) // "this run", when the mode cannot be told
	}
	if mode != "" {
		f := &modeFigures{mode: mode, workers: s.Workers}
		if p.take(f, s) {
			p.figs[mode] = f
		}
	}
	p.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (p *comparePicture) CreateRenderer() fyne.WidgetRenderer {
	return newSketch(p, func(k *sketch, size fyne.Size) { p.layout(p, k, size) }, func(k *sketch) fyne.Size {
		return fyne.NewSize(k.ts*16, k.measure("0", 1, false).Height*5)
	})
}

// barScale is where comparePicture.bars draws: bars from barX, a value of
// top at barX+scaleW, the figures in a column after that.
type barScale struct {
	barX, scaleW float32
	top          float64
}

func (b barScale) x(v float64) float32 { return b.barX + b.scaleW*float32(v/b.top) }

// scale lays out bars for the given figure texts: room for the widest
// figure after the longest bar.
func (p *comparePicture) scale(k *sketch, size fyne.Size, top float64, texts []string) barScale {
	labelW, textW := float32(0), float32(0)
	for _, m := range p.modes {
		labelW = max(labelW, k.measure(m, 1, true).Width)
	}
	for _, t := range texts {
		textW = max(textW, k.measure(t, 1, false).Width)
	}
	barX := labelW + 2*k.pad
	return barScale{barX: barX, scaleW: max(k.ts*4, size.Width-barX-textW-2*k.pad), top: top}
}

// bars draws one labelled bar per mode from y on, with the figure after the
// bar scale; value gives a mode's figure (ok false: none yet). It returns
// the y below the last bar.
func (p *comparePicture) bars(k *sketch, size fyne.Size, y float32, top float64,
	value func(f *modeFigures) (float64, string, bool)) (float32, barScale) {
	lineH := k.measure("0", 1, false).Height
	texts := make([]string, len(p.modes))
	for i, m := range p.modes {
		texts[i] = "not run yet"
		if f := p.figs[m]; f != nil {
			_, texts[i], _ = value(f)
		}
	}
	bs := p.scale(k, size, top, texts)
	dark := k.fg
	dark.A = 190
	for i, m := range p.modes {
		k.text(m, bs.barX-k.pad, y, 1, 1, m == p.current)
		if f := p.figs[m]; f != nil {
			if v, _, ok := value(f); ok && top > 0 {
				k.fill(bs.barX, y+lineH*0.15, bs.barX+max(2, bs.scaleW*float32(v/top)), y+lineH*0.85, styleSolid, dark)
			}
		}
		// every figure in one column after the scale, "not run yet" too,
		// so no text lies under a marker line
		k.text(texts[i], bs.barX+bs.scaleW+k.pad, y, 0, 1, false)
		y += lineH * p.pitch
	}
	return y, bs
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

func hasStat(s *demos.Snapshot, name string) bool { _, ok := s.Stats[name]; return ok }

// fmtMs writes a duration given in milliseconds: "12.3 ms", "850 µs", "1.25 s".
func fmtMs(ms float64) string {
	switch {
	case ms >= 1000:
		return fmtSig(ms/1000) + " s"
	case ms >= 1:
		return fmtSig(ms) + " ms"
	}
	return fmtSig(ms*1000) + " µs"
}

func newCPUPicture() *comparePicture {
	p := &comparePicture{modes: []string{"goroutines", "gil", "processes"}, figs: map[string]*modeFigures{}}
	p.ExtendBaseWidget(p)
	p.guess = func(s *demos.Snapshot) string {
		if hasStat(s, "gil_switches") {
			return "gil"
		}
		for i := range s.Tasks {
			if s.Tasks[i].On == "GIL" {
				return "gil"
			}
		}
		if len(s.Tasks) > 0 {
			return "this run" // goroutines and processes look alike in figures
		}
		return ""
	}
	p.take = func(f *modeFigures, s *demos.Snapshot) bool {
		if len(s.Tasks) == 0 {
			return false
		}
		f.par, f.procs, f.ended = s.Stats["parallelism"], s.Stats["gomaxprocs"], s.Ended
		f.running = s.Count[demos.Running]
		if p.workers > 0 && p.told != "" {
			f.workers = p.workers
		}
		return true
	}
	p.layout = cpuLayout
	return p
}

// cpuLayout draws the parallelism of each mode's last run as bars, with a
// marker for its ideal and a dashed line at GOMAXPROCS. A short picture
// packs the bars closer, then drops the key, then the title.
func cpuLayout(p *comparePicture, k *sketch, size fyne.Size) {
	lineH := k.measure("0", 1, false).Height
	procs, top := 0.0, 1.0
	for _, f := range p.figs {
		procs = max(procs, f.procs)
		top = max(top, f.par, float64(f.workers), float64(f.running), f.procs)
	}
	top *= 1.05
	p.pitch = 1.3
	title, key := true, true
	need := func() float32 {
		h := float32(len(p.modes))*p.pitch + 1 // the bars and GOMAXPROCS' label
		if title {
			h += 1.2
		}
		if key {
			h += 1.2
		}
		return h * lineH
	}
	if need() > size.Height {
		p.pitch = 1.12
	}
	if need() > size.Height {
		title = false
	}
	if need() > size.Height {
		key = false
	}
	y := float32(0)
	if title {
		k.text("Parallelism = busy time ÷ wall time", 0, y, 0, 1, true)
		y += lineH * 1.2
	}
	y0 := y
	end, bs := p.bars(k, size, y, top, func(f *modeFigures) (float64, string, bool) {
		if !f.ended || f.par <= 0 {
			if f.mode == "python-threads" {
				// the peer reports its threads running; the GIL lets one
				// compute at a time, which the threads cannot see cheaply
				return float64(f.running), strconv.Itoa(f.running) + " running, one computes at a time (GIL)", true
			}
			return float64(f.running), strconv.Itoa(f.running) + " computing now", true
		}
		return f.par, "×" + fmtSig(f.par) + " with " + plural(f.workers, "worker", "workers"), true
	})
	// Markers across the bars: the ideal for each run, GOMAXPROCS for all.
	xOf := bs.x
	for i, m := range p.modes {
		f := p.figs[m]
		if f == nil {
			continue
		}
		ideal := float64(f.workers)
		if f.procs > 0 {
			ideal = min(ideal, f.procs)
		}
		x := xOf(ideal)
		ry := y0 + float32(i)*lineH*p.pitch
		k.fill(x-k.ts/8, ry, x+k.ts/8, ry+lineH, styleSolid, k.fg)
	}
	if procs > 0 {
		x := xOf(procs)
		k.line(x, y0-lineH*0.1, x, end, max(1.5, k.ts/9), k.fg, true, false)
		label := "GOMAXPROCS = " + fmtSig(procs) + " (cores Go uses)"
		w := k.measure(label, 1, false).Width
		lx := min(max(x-w/2, 0), size.Width-w)
		k.text(label, lx, end, 0, 1, false)
		if !key {
			// the key in brief, at the end of the same line, where it fits
			kw := k.measure("ideal", 1, false).Width
			kx := size.Width - kw
			if kx-k.ts*0.9 > lx+w+2*k.pad {
				k.fill(kx-k.ts*0.8, end, kx-k.ts*0.55, end+lineH, styleSolid, k.fg)
				k.text("ideal", kx, end, 0, 1, false)
			}
		}
	}
	if key {
		ky := end + lineH*1.2
		k.fill(k.ts*0.6, ky, k.ts*0.85, ky+lineH, styleSolid, k.fg)
		k.text("ideal: the run's workers, at most GOMAXPROCS", k.ts*1.5+k.pad, ky, 0, 1, false)
	}
}
