package ui

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// niceStep returns a round step (1, 2 or 5 times a power of ten) that cuts
// span into at most n parts.
func niceStep(span float64, n int) float64 {
	if span <= 0 || n < 1 {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// fmtNum formats v with as many decimals as step needs, without trailing
// zeros: fmtNum(1.5, 0.5) is "1.5", fmtNum(2, 0.5) is "2". Large ticks are
// shortened, as a narrow axis needs: 40000000 is "40M", 25000 "25k".
func fmtNum(v, step float64) string {
	switch a := math.Abs(v); {
	case step >= 1e5 && a >= 1e6:
		return fmtNum(v/1e6, step/1e6) + "M"
	case step >= 100 && a >= 1e4:
		return fmtNum(v/1e3, step/1e3) + "k"
	}
	dec := 0
	if step > 0 && step < 1 {
		dec = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// fmtSeconds labels a time tick at t seconds, given the step between ticks:
// "0 s", "0.5 s", "1 s"; steps under 0.1 s are labelled in milliseconds.
func fmtSeconds(t, step float64) string {
	if step < 0.1 {
		return fmtNum(t*1000, step*1000) + " ms"
	}
	return fmtNum(t, step) + " s"
}

// plotWidget is a widget drawn as one raster with texts over it (the
// Compare view's sweep chart and recorded timelines).
type plotWidget interface {
	fyne.Widget
	plotParts() (*canvas.Raster, *textPool)
	plotMin(textSize float32) fyne.Size
	place(size fyne.Size) // sets the widget's texts for size
}

// plotRenderer renders a plotWidget: the raster under the texts it placed.
type plotRenderer struct {
	w       plotWidget
	objects []fyne.CanvasObject
}

func (r *plotRenderer) Destroy() {}

func (r *plotRenderer) Objects() []fyne.CanvasObject {
	raster, texts := r.w.plotParts()
	if r.objects == nil || texts.grew {
		texts.grew = false
		r.objects = append(r.objects[:0], raster)
		for _, t := range texts.texts {
			r.objects = append(r.objects, t)
		}
	}
	return r.objects
}

func (r *plotRenderer) MinSize() fyne.Size {
	return r.w.plotMin(theme.SizeForWidget(theme.SizeNameText, r.w))
}

func (r *plotRenderer) Refresh() {
	r.Layout(r.w.Size())
	raster, _ := r.w.plotParts()
	raster.Refresh()
}

func (r *plotRenderer) Layout(size fyne.Size) {
	raster, texts := r.w.plotParts()
	texts.begin()
	r.w.place(size)
	texts.end()
	raster.Move(fyne.NewPos(0, 0))
	raster.Resize(size)
}

// textPool hands out canvas.Text objects that are reused frame after frame,
// so that a per-frame update creates no canvas objects.
type textPool struct {
	texts []*canvas.Text
	used  int
	grew  bool // texts grew since the renderer last rebuilt its objects
}

func (p *textPool) begin() { p.used = 0 }

// add returns the next text of the pool showing s, refreshed only if it
// changed.
func (p *textPool) add(s string, size float32, c color.Color, style fyne.TextStyle) *canvas.Text {
	if p.used == len(p.texts) {
		p.texts = append(p.texts, canvas.NewText("", c))
		p.grew = true
	}
	t := p.texts[p.used]
	p.used++
	if t.Text != s || t.TextSize != size || t.Color != c || t.TextStyle != style {
		t.Text, t.TextSize, t.Color, t.TextStyle = s, size, c, style
		t.Refresh()
	}
	if t.Hidden {
		t.Show()
	}
	return t
}

// end hides the texts not handed out since begin.
func (p *textPool) end() {
	for _, t := range p.texts[p.used:] {
		if !t.Hidden {
			t.Hide()
		}
	}
}

// placeText moves t so that its left edge is at x (or its centre, or its right
// edge, for align 0.5 or 1) and its top at y.
func placeText(t *canvas.Text, x, y, align float32) {
	ms := t.MinSize()
	pos := fyne.NewPos(x-ms.Width*align, y)
	if t.Position() != pos {
		t.Move(pos)
	}
	if t.Size() != ms {
		t.Resize(ms)
	}
}

// Chart is a line chart of some of a run's time series (Snapshot.Series)
// against time: round ticks on both axes, the unit on the value axis, each
// series in its own colour, line style and marker, and a legend that names
// each series with its latest value and unit.
type Chart struct {
	widget.BaseWidget

	title string
	names []string // the series asked for; none: every series of the run
	units map[string]string

	shown  []string // the series drawn now, in order
	series [][]demos.Point
	now    time.Duration
	axis   time.Duration
	yTop   float64 // the largest value of the shown series
	yStep  float64

	geom chartGeom
	img  *image.NRGBA
}

// chartGeom is where the plot lies in the raster, in Fyne units, and what
// the raster generator needs to draw it.
type chartGeom struct {
	size     fyne.Size // of the raster: the plot and its axis strips
	plot     fyne.Position
	plotSize fyne.Size
	tickLen  float32
	xTicks   []float64 // seconds
	yTicks   []float64
	yMax     float64 // the value at the top of the plot
	textSize float32
	fg       pix
}

// seriesUnits are the units of series whose axis needs a word the demo's
// figure declares without (a count of workers, of units); every other
// series is in the unit its demo declares for it (demos.Figure), and
// SetUnit overrides both.
var seriesUnits = map[string]string{"workers": "workers", "alive": "units"}

// seriesNames are the words the legend uses for the series the demos
// record (the keys are the engine's names, never shown): a series sampled
// over a recent window says so, since the figures panel shows run means.
var seriesNames = map[string]string{
	"bytes_per_s": "download rate, last ¼ s", "throughput": "throughput, last second",
	"alive": "units alive", "queue": "queue", "workers": "workers",
	"ch1": "ch1 items", "ch2": "ch2 items", "ch3": "ch3 items",
}

// seriesName is how the legend names series name: words, never a key.
func seriesName(name string) string { return words(seriesNames, name) }

// words is what names says for key, else the key with its underscores as
// spaces: a name the table lacks still reads as words.
func words(names map[string]string, key string) string {
	if n, ok := names[key]; ok {
		return n
	}
	return strings.ReplaceAll(key, "_", " ")
}

// NewChart returns a chart of the named series of each snapshot; with no
// names it charts every series of the run, in name order.
func NewChart(title string, series ...string) *Chart {
	c := &Chart{title: title, names: series, units: map[string]string{}, axis: minAxis}
	c.ExtendBaseWidget(c)
	return c
}

// SetUnit sets the unit a series is measured in, as shown on the axis and
// after its latest value: "jobs/s". A unit "B" or one starting with "B/"
// counts bytes and is shown in KiB, MiB and GiB.
func (c *Chart) SetUnit(series, unit string) { c.units[series] = unit }

func (c *Chart) unit(series string) string {
	u, ok := c.units[series]
	if !ok {
		u, ok = seriesUnits[series]
		if !ok {
			u = figureAnywhere(series).Unit
		}
		c.units[series] = u // looked up once: Update asks every frame
	}
	return u
}

// Update shows snapshot s; the caller may reuse s. Call it on the Fyne UI
// goroutine.
func (c *Chart) Update(s *demos.Snapshot) {
	c.shown = c.shown[:0]
	if len(c.names) > 0 {
		c.shown = append(c.shown, c.names...)
	} else {
		for name := range s.Series {
			c.shown = append(c.shown, name)
		}
		slices.Sort(c.shown)
	}
	c.series = c.series[:0]
	top := 0.0
	for _, name := range c.shown {
		pts := s.Series[name] // append-only: safe to keep
		c.series = append(c.series, pts)
		for _, p := range pts {
			top = max(top, p.Value)
		}
	}
	c.yTop = top
	c.now = s.Elapsed
	c.axis = max(s.Elapsed, minAxis)
	if s.Ended {
		c.axis = max(s.Elapsed, time.Millisecond)
	}
	c.Refresh()
}

// Latest returns the last value of a series shown, and false when it has
// none yet.
func (c *Chart) Latest(series string) (float64, bool) {
	i := slices.Index(c.shown, series)
	if i < 0 || i >= len(c.series) || len(c.series[i]) == 0 {
		return 0, false
	}
	pts := c.series[i]
	return pts[len(pts)-1].Value, true
}

// seriesStyle is how series i is drawn: its colour, its dash pattern (on and
// off lengths in line widths; zero for solid) and its marker.
type seriesStyle struct {
	color   color.NRGBA
	on, off float64
	marker  int // 0 circle, 1 square, 2 triangle, 3 diamond
}

func styleOf(i int, fg color.Color) seriesStyle {
	styles := []seriesStyle{
		{color: color.NRGBAModel.Convert(fg).(color.NRGBA), marker: 0},
		{color: okabeBlue, on: 3, off: 2, marker: 1},
		{color: okabeVermilion, on: 1, off: 1.5, marker: 2},
		{color: okabeGreen, on: 4, off: 1.5, marker: 3},
	}
	return styles[i%len(styles)]
}

// CreateRenderer is part of fyne.Widget.
func (c *Chart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c, title: canvas.NewText(c.title, color.Black), unit: canvas.NewText("", color.Black)}
	r.title.TextStyle.Bold = true
	r.raster = canvas.NewRaster(c.draw)
	r.Refresh()
	return r
}

type chartRenderer struct {
	c       *Chart
	raster  *canvas.Raster
	title   *canvas.Text
	unit    *canvas.Text
	keys    []*chartKey
	ticks   textPool
	objects []fyne.CanvasObject
}

// chartKey is a series' entry in the legend: a sample of its line and
// marker, and its name with its latest value.
type chartKey struct {
	swatch *canvas.Raster
	text   *canvas.Text
	w      float32
	style  seriesStyle
}

func (r *chartRenderer) Destroy() {}

func (r *chartRenderer) Objects() []fyne.CanvasObject {
	if r.objects == nil || r.ticks.grew {
		r.ticks.grew = false
		r.objects = append(r.objects[:0], r.raster, r.title, r.unit)
		for _, k := range r.keys {
			r.objects = append(r.objects, k.swatch, k.text)
		}
		for _, t := range r.ticks.texts {
			r.objects = append(r.objects, t)
		}
	}
	return r.objects
}

// MinSize is eleven text sizes wide, so that the pool's two charts stand
// side by side in the right column of a 1024x768 projector, and leave
// room for what to notice above them.
func (r *chartRenderer) MinSize() fyne.Size {
	ts := theme.SizeForWidget(theme.SizeNameText, r.c)
	return fyne.NewSize(ts*11, ts*8)
}

func (r *chartRenderer) Refresh() {
	c := r.c
	ts := theme.SizeForWidget(theme.SizeNameText, c)
	fg := theme.ColorForWidget(theme.ColorNameForeground, c)
	for len(r.keys) < len(c.shown) {
		k := &chartKey{text: canvas.NewText("", fg)}
		k.swatch = canvas.NewRaster(func(w, h int) image.Image {
			img := image.NewNRGBA(image.Rect(0, 0, w, h))
			scale := float32(w) / max(1, k.w)
			lw := lineWidth(c.geom.textSize, scale)
			y := float64(h) / 2
			drawPolyline(img, []fpt{{0, y}, {float64(w), y}}, k.style, lw)
			drawMarker(img, fpt{float64(w) / 2, y}, k.style, lw)
			return img
		})
		r.keys = append(r.keys, k)
		r.objects = nil
	}
	for i, k := range r.keys {
		if i >= len(c.shown) {
			k.swatch.Hide()
			k.text.Hide()
			continue
		}
		k.swatch.Show()
		k.text.Show()
		txt := c.keyLabel(i)
		st := styleOf(i, fg)
		if k.text.Text != txt || k.text.TextSize != ts || k.text.Color != fg {
			k.text.Text, k.text.TextSize, k.text.Color = txt, ts, fg
			k.text.Refresh()
		}
		if k.style != st || c.geom.textSize != ts {
			k.style = st
			k.swatch.Refresh()
		}
	}
	r.title.Text, r.title.TextSize, r.title.Color = c.title, ts, fg
	r.title.Refresh()
	r.Layout(c.Size())
	r.raster.Refresh()
}

// keyLabel is the key of shown series i: its name and latest value.
func (c *Chart) keyLabel(i int) string {
	name := c.shown[i]
	if v, ok := c.Latest(name); ok {
		return keyText(seriesName(name), c.unit(name), v, true)
	}
	return keyText(seriesName(name), c.unit(name), 0, false)
}

// commonUnit is the unit every shown series shares, or "".
func (c *Chart) commonUnit() string {
	u := ""
	for i, name := range c.shown {
		if i == 0 {
			u = c.unit(name)
		} else if c.unit(name) != u {
			return ""
		}
	}
	return u
}

func (r *chartRenderer) Layout(size fyne.Size) {
	c := r.c
	ts := theme.SizeForWidget(theme.SizeNameText, c)
	cs := theme.SizeForWidget(theme.SizeNameCaptionText, c)
	pad := theme.SizeForWidget(theme.SizeNamePadding, c)
	fgc := theme.ColorForWidget(theme.ColorNameForeground, c)
	st := fyne.TextStyle{}
	textH := fyne.MeasureText("0", ts, st).Height
	g := &c.geom
	g.textSize, g.fg, g.tickLen = ts, toPix(fgc), ts*0.4

	// Title, then the legend keys, flowing onto more lines as needed. A
	// narrow chart drops the title when it would stand on a line of its
	// own (the keys name the series), and a key's value when the key would
	// not fit on a line (the figures panel has the values), then the words
	// after its name's comma: never cut.
	sw := fyne.NewSize(ts*2.2, textH)
	for i, k := range r.keys {
		if i >= len(c.shown) {
			break
		}
		txt := c.keyLabel(i)
		fits := func(t string) bool { return sw.Width+pad+fyne.MeasureText(t, ts, k.text.TextStyle).Width <= size.Width }
		if !fits(txt) {
			txt = seriesName(c.shown[i])
		}
		if short, _, ok := strings.Cut(txt, ","); ok && !fits(txt) {
			txt = short // "throughput, last second": the chart's title says the rest
		}
		if k.text.Text != txt {
			k.text.Text = txt
			k.text.Refresh()
		}
	}
	x := r.title.MinSize().Width + 3*pad
	if len(c.shown) > 0 && x+sw.Width+pad+r.keys[0].text.MinSize().Width > size.Width {
		r.title.Hide()
		x = 0
	} else {
		r.title.Show()
	}
	r.title.Move(fyne.NewPos(0, 0))
	r.title.Resize(r.title.MinSize())
	y := float32(0)
	for i, k := range r.keys {
		if i >= len(c.shown) {
			break
		}
		w := sw.Width + pad + k.text.MinSize().Width
		if x > 0 && x+w > size.Width {
			x, y = 0, y+textH
		}
		k.swatch.Move(fyne.NewPos(x, y))
		k.swatch.Resize(sw)
		k.w = sw.Width
		k.text.Move(fyne.NewPos(x+sw.Width+pad, y))
		k.text.Resize(k.text.MinSize())
		x += w + 3*pad
	}
	top := y + textH + pad

	// The value axis: round steps, its unit above the labels. Byte rates
	// pick their multiple (KiB, MiB) once from the largest value, and the
	// ticks are round numbers of that multiple: the label and the ticks
	// always agree.
	unit := c.commonUnit()
	div, axisUnit := axisScale(unit, c.yTop)
	r.unit.Text, r.unit.TextSize, r.unit.Color = axisUnit, cs, fgc
	r.unit.Refresh()
	unitH := fyne.MeasureText("0", cs, st).Height
	r.unit.Move(fyne.NewPos(0, top))
	r.unit.Resize(r.unit.MinSize())
	plotTop := top + unitH + textH/2
	plotH := max(1, size.Height-plotTop-g.tickLen-textH)
	yTop := c.yTop / div
	if yTop <= 0 {
		yTop = 1
	}
	// Of the tick counts that fit, the one whose round top wastes least of
	// the plot (fewer ticks on a tie).
	n := max(1, int(plotH/(textH*1.6)))
	step := niceStep(yTop, n)
	best := math.Ceil(yTop/step-1e-9) * step
	for m := n + 1; m <= max(1, int(plotH/(textH*1.1))); m++ {
		st := niceStep(yTop, m)
		if t := math.Ceil(yTop/st-1e-9) * st; t < best-1e-9 {
			step, best = st, t
		}
	}
	yTop = best
	c.yStep = step * div
	g.yTicks = g.yTicks[:0]
	labels := make([]string, 0, 16)
	gutter := float32(0)
	for i := 0; float64(i)*step <= yTop*(1+1e-9); i++ {
		v := float64(i) * step
		g.yTicks = append(g.yTicks, v*div)
		l := fmtNum(v, step)
		labels = append(labels, l)
		gutter = max(gutter, fyne.MeasureText(l, ts, st).Width)
	}
	gutter += pad + g.tickLen
	rightPad := fyne.MeasureText("10.5 s", ts, st).Width / 2
	plotW := max(1, size.Width-gutter-rightPad)
	g.plot = fyne.NewPos(g.tickLen, 0)
	g.plotSize = fyne.NewSize(plotW, plotH)
	g.size = fyne.NewSize(plotW+g.tickLen, plotH+g.tickLen)
	r.raster.Move(fyne.NewPos(gutter-g.tickLen, plotTop))
	r.raster.Resize(g.size)

	r.ticks.begin()
	for i, v := range g.yTicks {
		t := r.ticks.add(labels[i], ts, fgc, st)
		placeText(t, gutter-g.tickLen-pad/2, plotTop+plotH-float32(v/div/yTop)*plotH-textH/2, 1)
	}
	g.yMax = yTop * div
	axis := c.axis.Seconds()
	g.xTicks = g.xTicks[:0]
	nx := int(plotW / (2 * fyne.MeasureText("88.8 s", ts, st).Width))
	xs := niceStep(axis, max(2, nx)) // at least one tick past 0 s
	for i := 0; float64(i)*xs <= axis*(1+1e-9); i++ {
		v := float64(i) * xs
		g.xTicks = append(g.xTicks, v)
		t := r.ticks.add(fmtSeconds(v, xs), ts, fgc, st)
		align := float32(0.5)
		if i == 0 {
			align = 0
		}
		placeText(t, gutter+float32(v/axis)*plotW, plotTop+plotH+g.tickLen, align)
	}
	r.ticks.end()
}

// axisScale returns what the value axis divides its values by and the
// unit it names: byte counts up to top in the binary multiple that top
// needs ("MiB/s" and a divisor of 1 MiB), others unscaled. With no common
// unit (the series differ) the legend gives each its own and the axis none.
func axisScale(unit string, top float64) (div float64, label string) {
	if isBytes(unit) {
		div, name := byteScale(top)
		return div, name + strings.TrimPrefix(unit, "B")
	}
	return 1, unit
}

func isBytes(unit string) bool { return unit == "B" || strings.HasPrefix(unit, "B/") }

// byteScale picks the binary multiple to show byte counts up to v in.
func byteScale(v float64) (div float64, name string) {
	div, name = 1, "B"
	for _, n := range []string{"KiB", "MiB", "GiB"} {
		if v < div*1024 {
			break
		}
		div *= 1024
		name = n
	}
	return div, name
}

// keyText is a series' legend entry: "queue: 12 jobs", "workers: 6" (a unit
// that repeats the name is left out), or "queue: no data yet".
func keyText(name, unit string, v float64, ok bool) string {
	if !ok {
		return name + ": no data yet"
	}
	if unit == name {
		unit = ""
	}
	return name + ": " + fmtQuantity(v, unit)
}

// fmtQuantity writes a measured value with its unit: "12 jobs",
// "18.5 jobs/s", "3.2 MiB/s".
func fmtQuantity(v float64, unit string) string {
	if isBytes(unit) {
		div, name := byteScale(v)
		return fmtSig(v/div) + " " + name + strings.TrimPrefix(unit, "B")
	}
	if unit == "" {
		return fmtSig(v)
	}
	if v == 1 && strings.HasSuffix(unit, "s") && !strings.Contains(unit, "/") {
		unit = strings.TrimSuffix(unit, "s") // 1 job, 1 worker
	}
	return fmtSig(v) + " " + unit
}

// fmtSig writes v with about three significant digits, whole numbers whole.
func fmtSig(v float64) string {
	a := math.Abs(v)
	switch {
	case v == math.Trunc(v) && a < 1e15:
		return digits3(int(v))
	case a >= 100:
		return digits3(int(math.Round(v)))
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// lineWidth is the width of a chart line in pixels: it grows with the text,
// so projector mode draws thicker lines too.
func lineWidth(textSize, scale float32) float64 {
	return max(1.5, float64(textSize*scale)/6)
}

// draw is the raster generator: grid, axes and series at w×h pixels.
func (c *Chart) draw(w, h int) image.Image {
	c.img = reuseImage(c.img, w, h)
	g := &c.geom
	if w <= 0 || h <= 0 || g.size.Width <= 0 || g.yMax <= 0 {
		return c.img
	}
	img := c.img
	scale := float64(w) / float64(g.size.Width)
	x0 := int(float64(g.plot.X)*scale + 0.5)
	pw := float64(g.plotSize.Width) * scale
	ph := float64(g.plotSize.Height) * scale
	py := int(ph + 0.5)
	line := max(1, int(scale+0.5))
	axis := c.axis.Seconds()
	xOf := func(sec float64) float64 { return float64(x0) + sec/axis*pw }
	yOf := func(v float64) float64 { return ph - v/g.yMax*ph }

	for _, v := range g.yTicks {
		y := min(py-1, int(yOf(v)))
		fillRect(img, image.Rect(x0, y, w, y+1), g.fg.fade(50))
		fillRect(img, image.Rect(0, y, x0, y+line), g.fg)
	}
	for _, v := range g.xTicks {
		x := min(w-line, int(xOf(v)))
		fillRect(img, image.Rect(x, 0, x+1, py), g.fg.fade(50))
		fillRect(img, image.Rect(x, py, x+line, h), g.fg)
	}
	fillRect(img, image.Rect(x0, py, w, py+line), g.fg)
	fillRect(img, image.Rect(x0, 0, x0+line, py+line), g.fg)

	lw := lineWidth(g.textSize, float32(scale))
	fg := color.NRGBA{g.fg[0], g.fg[1], g.fg[2], g.fg[3]}
	var pts []fpt
	for i, series := range c.series {
		st := styleOf(i, fg)
		pts = pts[:0]
		lastX := math.Inf(-1)
		for _, p := range series {
			pt := fpt{xOf(p.At.Seconds()), yOf(p.Value)}
			if pt.x-lastX < 1 && len(pts) > 0 {
				pts[len(pts)-1] = pt // one point per pixel column is all that shows
				continue
			}
			pts = append(pts, pt)
			lastX = pt.x
		}
		drawPolyline(img, pts, st, lw)
		// Markers spaced well apart, always one on the latest point.
		gap := lw * 10
		next := math.Inf(1)
		for j := len(pts) - 1; j >= 0; j-- {
			if j == len(pts)-1 || pts[j].x <= next {
				drawMarker(img, pts[j], st, lw)
				next = pts[j].x - gap
			}
		}
	}
	return img
}

// fpt is a point in pixels.
type fpt struct{ x, y float64 }

// blend paints c over the pixel at (x, y) with coverage a (0 to 1).
func blend(img *image.NRGBA, x, y int, c color.NRGBA, a float64) {
	if a <= 0 || x < 0 || y < 0 || x >= img.Rect.Dx() || y >= img.Rect.Dy() {
		return
	}
	a = min(1, a) * float64(c.A) / 255
	i := img.PixOffset(x, y)
	d := img.Pix[i : i+4]
	da := float64(d[3]) / 255
	oa := a + da*(1-a)
	if oa <= 0 {
		return
	}
	mix := func(s, t uint8) uint8 { return uint8((float64(s)*a + float64(t)*da*(1-a)) / oa) }
	d[0], d[1], d[2], d[3] = mix(c.R, d[0]), mix(c.G, d[1]), mix(c.B, d[2]), uint8(oa*255+0.5)
}

// drawPolyline draws the line through pts, lw pixels wide, anti-aliased,
// dashed as st says (the dashes run on from one segment to the next).
func drawPolyline(img *image.NRGBA, pts []fpt, st seriesStyle, lw float64) {
	run := 0.0 // length along the line so far
	period := (st.on + st.off) * lw
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := b.x-a.x, b.y-a.y
		l2 := dx*dx + dy*dy
		l := math.Sqrt(l2)
		r := lw/2 + 1
		minX, maxX := int(math.Floor(min(a.x, b.x)-r)), int(math.Ceil(max(a.x, b.x)+r))
		minY, maxY := int(math.Floor(min(a.y, b.y)-r)), int(math.Ceil(max(a.y, b.y)+r))
		for y := max(0, minY); y <= min(img.Rect.Dy()-1, maxY); y++ {
			for x := max(0, minX); x <= min(img.Rect.Dx()-1, maxX); x++ {
				px, py := float64(x)+0.5, float64(y)+0.5
				t := 0.0
				if l2 > 0 {
					t = max(0, min(1, ((px-a.x)*dx+(py-a.y)*dy)/l2))
				}
				if period > 0 && math.Mod(run+t*l, period) > st.on*lw {
					continue
				}
				cx, cy := a.x+t*dx, a.y+t*dy
				d := math.Hypot(px-cx, py-cy)
				if cov := lw/2 + 0.5 - d; cov > 0 {
					blendMax(img, x, y, st.color, cov)
				}
			}
		}
		run += l
	}
}

// blendMax paints c at coverage a unless the pixel already has c at least
// that strongly, so the joints of a polyline do not darken.
func blendMax(img *image.NRGBA, x, y int, c color.NRGBA, a float64) {
	i := img.PixOffset(x, y)
	d := img.Pix[i : i+4]
	if d[0] == c.R && d[1] == c.G && d[2] == c.B && float64(d[3]) >= min(1, a)*float64(c.A)-0.5 {
		return
	}
	blend(img, x, y, c, a)
}

// drawMarker draws st's marker at p: a filled circle, square, triangle or
// diamond about three line widths across.
func drawMarker(img *image.NRGBA, p fpt, st seriesStyle, lw float64) {
	r := max(3, lw*1.8)
	inside := func(x, y float64) float64 { // signed distance, negative inside
		dx, dy := x-p.x, y-p.y
		switch st.marker {
		case 1:
			return max(math.Abs(dx), math.Abs(dy)) - r*0.85
		case 2: // a triangle pointing up
			return max(dy-r*0.7, (math.Abs(dx)*1.732-dy)/2-r*0.7)
		case 3:
			return (math.Abs(dx)+math.Abs(dy))/1.2 - r*0.85
		}
		return math.Hypot(dx, dy) - r
	}
	for y := int(p.y - r - 2); y <= int(p.y+r+2); y++ {
		for x := int(p.x - r - 2); x <= int(p.x+r+2); x++ {
			if cov := 0.5 - inside(float64(x)+0.5, float64(y)+0.5); cov > 0 {
				blend(img, x, y, st.color, cov)
			}
		}
	}
}
