package ui

import (
	"strconv"

	"fyne.io/fyne/v2"

	"concurrencylab/demos"
)

func init() { present("cpu", presentation{picture: func() Picture { return newCPUPicture() }}) }

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
