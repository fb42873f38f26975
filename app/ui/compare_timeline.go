package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// stateNamed is the state whose name (as the summary writes it) is s.
func stateNamed(s string) demos.State {
	for _, st := range demos.States() {
		if st.String() == s {
			return st
		}
	}
	return demos.Pending
}

// recordTimeline draws a recorded run's timeline: a lane per worker, each
// stretch in its state's colour and pattern (the same as the Run view's
// timeline), on a time axis of a given length, so that two runs drawn one
// above the other share one axis and their lengths compare at a glance.
type recordTimeline struct {
	widget.BaseWidget
	rec    *compare.Record
	axisMS float64 // the axis's length; at least the run's

	texts  textPool
	raster *canvas.Raster
	img    *image.NRGBA
	size   fyne.Size
	plot   fyne.Position // the lanes' top left corner, in Fyne units
	plotSz fyne.Size
	ts     float32
	fg     color.NRGBA
}

func newRecordTimeline() *recordTimeline {
	t := &recordTimeline{}
	t.ExtendBaseWidget(t)
	return t
}

// set shows rec on an axis of axisMS milliseconds.
func (t *recordTimeline) set(rec *compare.Record, axisMS float64) {
	t.rec, t.axisMS = rec, axisMS
	t.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (t *recordTimeline) CreateRenderer() fyne.WidgetRenderer {
	t.raster = canvas.NewRaster(t.draw)
	return &plotRenderer{w: t}
}

func (t *recordTimeline) plotParts() (*canvas.Raster, *textPool) { return t.raster, &t.texts }

func (t *recordTimeline) plotMin(ts float32) fyne.Size { return fyne.NewSize(ts*16, ts*4) }

// place puts the lane labels on the left and the time ticks under the
// lanes.
func (t *recordTimeline) place(size fyne.Size) {
	t.size = size
	t.ts = theme.SizeForWidget(theme.SizeNameText, t)
	t.fg = color.NRGBAModel.Convert(theme.ColorForWidget(theme.ColorNameForeground, t)).(color.NRGBA)
	if t.rec == nil || len(t.rec.Timeline) == 0 {
		t.plotSz = fyne.Size{}
		return
	}
	lh := fyne.MeasureText("0", t.ts, fyne.TextStyle{}).Height
	pad := t.ts / 2
	lanes := len(t.rec.Timeline)
	labW := fyne.MeasureText("w00", t.ts, fyne.TextStyle{}).Width
	for _, l := range t.rec.Timeline {
		if l.Name != "" {
			labW = max(labW, fyne.MeasureText(l.Name, t.ts, fyne.TextStyle{}).Width)
		}
	}
	t.plot = fyne.NewPos(labW+pad, 0)
	t.plotSz = fyne.NewSize(max(0, size.Width-labW-pad), max(0, size.Height-lh-pad/2))
	laneH := t.plotSz.Height / float32(lanes)
	for _, i := range laneLabels(lanes, laneH, lh) {
		l := t.rec.Timeline[i]
		name := l.Name
		if name == "" {
			name = "w" + fmtNum(float64(l.Worker), 1)
		}
		t.text(name, labW, t.plot.Y+laneH*(float32(i)+0.5)-lh/2, 1)
	}
	axis := max(t.axisMS, t.rec.ElapsedMS, 1e-3) / 1e3 // seconds
	step := niceStep(axis, max(2, int(t.plotSz.Width/(t.ts*5))))
	for v := 0.0; v <= axis+step/1e6; v += step {
		x := t.plot.X + t.plotSz.Width*float32(v/axis)
		align := float32(0.5)
		if v == 0 {
			align = 0
		} else if x+t.ts*2 > size.Width {
			align = 1
		}
		t.text(fmtSeconds(v, step), x, t.plot.Y+t.plotSz.Height+pad/4, align)
	}
}

func (t *recordTimeline) text(s string, x, y, align float32) {
	tx := t.texts.add(s, t.ts, t.fg, fyne.TextStyle{})
	if tx.Color != t.fg {
		tx.Color = t.fg
		tx.Refresh()
	}
	placeText(tx, x, y, align)
}

// draw paints the lanes: each segment in its state's colour and pattern,
// failures and cancellations as a short mark, and the run's end as a line.
func (t *recordTimeline) draw(w, h int) image.Image {
	t.img = reuseImage(t.img, w, h)
	if t.rec == nil || t.plotSz.Width <= 0 || t.size.Width <= 0 {
		return t.img
	}
	sc := float64(w) / float64(t.size.Width)
	x0 := t.plot.X * float32(sc)
	pw := float64(t.plotSz.Width) * sc
	axis := max(t.axisMS, t.rec.ElapsedMS, 1e-3)
	xOf := func(ms float64) int { return int(float64(x0) + pw*ms/axis + 0.5) }
	lanes := len(t.rec.Timeline)
	laneH := float64(t.plotSz.Height) * sc / float64(lanes)
	gap := 0
	if laneH >= 4 {
		gap = max(1, int(laneH/6))
	}
	u := patternUnit(t.ts, float32(sc))
	for i, l := range t.rec.Timeline {
		y0 := int(float64(t.plot.Y)*sc + laneH*float64(i))
		y1 := max(y0+1, int(float64(t.plot.Y)*sc+laneH*float64(i+1))-gap)
		for _, s := range l.Spans {
			st := stateNamed(s.State)
			a, b := xOf(s.StartMS), xOf(s.EndMS)
			if st == demos.Failed || st == demos.Cancelled || b <= a {
				a, b = a-max(1, u), a+max(1, u) // a mark where it ended
			}
			paintStyle(t.img, image.Rect(a, y0, b, y1), barStyle(st), toPix(StateColor(st)), u)
		}
	}
	// the run's end
	ex := xOf(t.rec.ElapsedMS)
	fillRect(t.img, image.Rect(ex-max(1, u/2), int(float64(t.plot.Y)*sc), ex+max(1, u/2), int(float64(t.plot.Y+t.plotSz.Height)*sc)), toPix(t.fg))
	return t.img
}

// laneLabels are the lanes (of lanes, each laneH high) whose labels (lh
// high) are drawn: every lane when each has room for its label, else
// every second, fourth, ..., and the last lane when it is as far from the
// one labelled before it, so that no two labels overlap.
func laneLabels(lanes int, laneH, lh float32) []int {
	if lanes <= 0 {
		return nil
	}
	every := 1
	for every < lanes && laneH*float32(every) < lh {
		every *= 2
	}
	var out []int
	for i := 0; i < lanes; i += every {
		out = append(out, i)
	}
	if last := lanes - 1; out[len(out)-1] != last && laneH*float32(last-out[len(out)-1]) >= lh {
		out = append(out, last)
	}
	return out
}
