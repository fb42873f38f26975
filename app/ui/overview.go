package ui

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// Overview shows a whole run at once: one small cell per task, in task
// order, coloured by state (patterned like the legend when cells are big
// enough), with the number of tasks in each state written under it. It is
// meant for runs of hundreds to 100,000 tasks; with more tasks than pixels,
// each pixel shows the most common state of the tasks it stands for.
type Overview struct {
	widget.BaseWidget

	states []uint8 // per task, its state
	count  [8]int  // tasks per state

	// What the last drawing shows, so the next repaints only the cells of
	// the tasks that changed (dirty): of which run and snapshot, at which
	// geometry.
	source, seq uint64
	dirty       []int32
	allDirty    bool
	drawn       ovGeom

	cell, cols int       // geometry of the last drawing, in pixels, for tests
	size       fyne.Size // of the raster
	textSize   float32
	img        *image.NRGBA
}

// ovGeom is the geometry of a drawing, in pixels.
type ovGeom struct {
	w, h, cell, cols, n int
	dense               bool
}

// NewOverview returns an empty overview; feed it with Update.
func NewOverview() *Overview {
	o := &Overview{}
	o.ExtendBaseWidget(o)
	return o
}

// Update shows snapshot s; the caller may reuse s. Call it on the Fyne UI
// goroutine.
//
// It reads only the tasks that changed since the snapshot it was last given
// (s.Changed), so its cost follows the run's changes, not its length.
func (o *Overview) Update(s *demos.Snapshot) {
	same := s.Source != 0 && s.Source == o.source && len(s.Tasks) >= len(o.states)
	switch {
	case same && s.Seq == o.seq:
	case same && s.Prev == o.seq && len(o.dirty)+len(s.Changed) < len(s.Tasks)/4+1024:
		o.states = slices.Grow(o.states, len(s.Tasks)-len(o.states))[:len(s.Tasks)]
		for _, i := range s.Changed {
			if st := uint8(s.Tasks[i].State); st != o.states[i] || o.states[i] == 0 {
				o.states[i] = st
				o.dirty = append(o.dirty, i)
			}
		}
	default:
		if cap(o.states) < len(s.Tasks) {
			o.states = make([]uint8, len(s.Tasks), len(s.Tasks)+len(s.Tasks)/4)
		}
		o.states = o.states[:len(s.Tasks)]
		for i := range s.Tasks {
			o.states[i] = uint8(s.Tasks[i].State)
		}
		o.allDirty, o.dirty = true, o.dirty[:0]
	}
	o.source, o.seq = s.Source, s.Seq
	o.count = [8]int{}
	copy(o.count[:], s.Count[:])
	o.Refresh()
}

// Counts returns the number of tasks in state st in the last snapshot.
func (o *Overview) Counts(st demos.State) int { return o.count[st] }

// CreateRenderer is part of fyne.Widget.
func (o *Overview) CreateRenderer() fyne.WidgetRenderer {
	r := &overviewRenderer{o: o, raster: canvas.NewRaster(o.draw), empty: canvas.NewText("", color.Black)}
	for _, s := range demos.States() {
		c := &countEntry{state: s, mark: canvas.NewText(stateMark(s), color.Black), text: canvas.NewText("", color.Black)}
		c.mark.TextStyle = markStyle
		c.swatch = canvas.NewRaster(func(w, h int) image.Image {
			img := image.NewNRGBA(image.Rect(0, 0, w, h))
			paintStyle(img, img.Rect, cellStyle(s), statePix[s], patternUnit(o.textSize, float32(w)/max(1, c.swatchW)))
			return img
		})
		r.entries = append(r.entries, c)
	}
	r.objects = []fyne.CanvasObject{r.raster, r.empty}
	for _, c := range r.entries {
		r.objects = append(r.objects, c.swatch, c.mark, c.text)
	}
	r.Refresh()
	return r
}

type countEntry struct {
	state      demos.State
	swatch     *canvas.Raster
	swatchW    float32
	mark, text *canvas.Text
	shown      bool
}

type overviewRenderer struct {
	o       *Overview
	raster  *canvas.Raster
	empty   *canvas.Text
	entries []*countEntry
	objects []fyne.CanvasObject
}

func (r *overviewRenderer) Destroy()                     {}
func (r *overviewRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *overviewRenderer) MinSize() fyne.Size {
	ts := theme.SizeForWidget(theme.SizeNameText, r.o)
	h := fyne.MeasureText("0", ts, fyne.TextStyle{}).Height
	return fyne.NewSize(ts*12, ts*4+2*h)
}

func (r *overviewRenderer) Refresh() {
	o := r.o
	ts := theme.SizeForWidget(theme.SizeNameText, o)
	fg := theme.ColorForWidget(theme.ColorNameForeground, o)
	themeChanged := ts != o.textSize
	o.textSize = ts
	for _, c := range r.entries {
		n := o.count[c.state]
		c.shown = n > 0
		txt := digits3(n) + " " + c.state.String()
		if c.text.Text != txt || c.text.TextSize != ts || c.text.Color != fg {
			c.text.Text, c.text.TextSize, c.text.Color = txt, ts, fg
			c.text.Refresh()
		}
		if c.mark.TextSize != ts*markScale || c.mark.Color != fg {
			c.mark.TextSize, c.mark.Color = ts*markScale, fg
			c.mark.Refresh()
		}
		if themeChanged {
			c.swatch.Refresh()
		}
	}
	r.empty.Text, r.empty.TextSize, r.empty.Color = "", ts, fg
	if len(o.states) == 0 {
		r.empty.Text = "no tasks yet"
	}
	r.empty.Refresh()
	r.Layout(o.Size())
	r.raster.Refresh()
}

// Layout puts the counts under the cells, as many to a line as fit.
func (r *overviewRenderer) Layout(size fyne.Size) {
	ts := theme.SizeForWidget(theme.SizeNameText, r.o)
	pad := theme.SizeForWidget(theme.SizeNamePadding, r.o)
	lineH := fyne.MeasureText("0", ts, fyne.TextStyle{}).Height
	sw := fyne.NewSize(ts*1.4, ts*0.9)

	// First pass: how many lines the shown counts need at this width.
	type pos struct{ x, line float32 }
	places := make([]pos, len(r.entries))
	x, line := float32(0), float32(0)
	for i, c := range r.entries {
		if !c.shown {
			continue
		}
		w := sw.Width + pad/2 + c.mark.MinSize().Width + pad/2 + c.text.MinSize().Width
		if x > 0 && x+w > size.Width {
			x, line = 0, line+1
		}
		places[i] = pos{x, line}
		x += w + 2*pad
	}
	countsH := (line + 1) * lineH
	top := max(0, size.Height-countsH)
	for i, c := range r.entries {
		for _, obj := range []fyne.CanvasObject{c.swatch, c.mark, c.text} {
			if c.shown != obj.Visible() {
				if c.shown {
					obj.Show()
				} else {
					obj.Hide()
				}
			}
		}
		if !c.shown {
			continue
		}
		p := places[i]
		y := top + p.line*lineH
		c.swatch.Move(fyne.NewPos(p.x, y+(lineH-sw.Height)/2))
		c.swatch.Resize(sw)
		c.swatchW = sw.Width
		ms := c.mark.MinSize()
		c.mark.Move(fyne.NewPos(p.x+sw.Width+pad/2, y+(lineH-ms.Height)/2))
		c.mark.Resize(ms)
		c.text.Move(fyne.NewPos(p.x+sw.Width+pad/2+ms.Width+pad/2, y))
		c.text.Resize(c.text.MinSize())
	}
	r.o.size = fyne.NewSize(size.Width, max(1, top-pad/2))
	r.raster.Move(fyne.NewPos(0, 0))
	r.raster.Resize(r.o.size)
	r.empty.Move(fyne.NewPos(0, 0))
	r.empty.Resize(r.empty.MinSize())
}

// draw is the raster generator: the cells at w×h pixels. When the geometry
// is the one drawn last, only the cells of tasks that changed are painted
// again.
func (o *Overview) draw(w, h int) image.Image {
	n := len(o.states)
	o.cell, o.cols = 0, 0
	if n == 0 || w <= 0 || h <= 0 || o.size.Width <= 0 {
		o.img = reuseImage(o.img, w, h)
		o.drawn = ovGeom{}
		return o.img
	}
	scale := float32(w) / o.size.Width
	maxCell := max(1, int(o.textSize*2*scale))
	u := patternUnit(o.textSize, scale)

	// The largest square cell with which all tasks fit.
	s := min(maxCell, w, int(math.Sqrt(float64(w)*float64(h)/float64(n))))
	for s > 1 && (n+w/s-1)/(w/s)*s > h {
		s--
	}
	geom := ovGeom{w: w, h: h, cell: s, cols: w / max(1, s), n: n, dense: s < 1 || n > w*h}
	if geom.dense {
		geom.cols = w
	}
	// Cells keep their place while tasks are added, unless they no longer
	// fit at this size; a dense drawing's pixels each stand for k tasks, and
	// k grows with n.
	same := o.img != nil && !o.allDirty && geom.w == o.drawn.w && geom.h == o.drawn.h &&
		geom.cell == o.drawn.cell && geom.cols == o.drawn.cols && geom.dense == o.drawn.dense &&
		(!geom.dense || (n+w*h-1)/(w*h) == (o.drawn.n+w*h-1)/(w*h))
	if !same {
		o.img = reuseImage(o.img, w, h)
		o.dirty = o.dirty[:0]
		for i := range n {
			o.dirty = append(o.dirty, int32(i))
		}
	}
	o.drawn, o.allDirty = geom, false
	if geom.dense {
		o.drawDense(w, h)
		o.dirty = o.dirty[:0]
		return o.img
	}
	cols := geom.cols
	o.cell, o.cols = s, cols
	gap := 0
	if s >= 5 {
		gap = max(1, s/6)
	}
	for _, i := range o.dirty {
		st := o.states[i]
		x, y := (int(i)%cols)*s, (int(i)/cols)*s
		if s == 1 {
			setPix(o.img, x, y, statePix[st])
			continue
		}
		r := image.Rect(x, y, x+s-gap, y+s-gap)
		if s-gap >= 8 {
			paintStyle(o.img, r, cellStyle(demos.State(st)), statePix[st], u)
		} else {
			fillRect(o.img, r, statePix[st])
		}
	}
	o.dirty = o.dirty[:0]
	return o.img
}

// drawDense paints more tasks than pixels: each pixel shows the most common
// state of the k tasks it stands for. Only the pixels of dirty tasks are
// painted.
func (o *Overview) drawDense(w, h int) {
	n := len(o.states)
	k := (n + w*h - 1) / (w * h)
	last := -1
	for _, i := range o.dirty {
		p := int(i) / k
		if p == last {
			continue
		}
		last = p
		var cnt [8]int
		best := uint8(0)
		for _, st := range o.states[p*k : min(n, (p+1)*k)] {
			cnt[st]++
			if cnt[st] > cnt[best] {
				best = st
			}
		}
		setPix(o.img, p%w, p/w, statePix[best])
	}
	o.cell, o.cols = 1, w
}

// digits3 writes n with a comma between groups of three digits.
func digits3(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + digits3(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
