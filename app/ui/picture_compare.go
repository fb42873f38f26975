package ui

import (
	"maps"
	"slices"

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
