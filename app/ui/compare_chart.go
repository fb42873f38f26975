package ui

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/compare"
)

// sweepCurve is one mode's measured points on a sweep chart, with Amdahl's
// law fitted to them when the chart is of speedups.
type sweepCurve struct {
	name string
	pts  []compare.XY
	fit  *float64 // serial fraction; nil when none was fitted
}

// sweepChart draws what a sweep measured against the value it varied: for
// speedups, each mode's points joined by a solid line, its Amdahl fit as a
// dashed curve in the same colour with the serial fraction written in the
// key, and the ideal (linear up to the cores, flat after) in the text colour;
// for other figures (elapsed against tasks, mean wait against workers), the
// points alone. A wide range of x (1 to 10,000 tasks) is drawn on a log axis.
type sweepChart struct {
	widget.BaseWidget
	title  string
	xName  string // "workers", "tasks"
	yName  string // "speedup", "elapsed"
	yUnit  string // "×", "s", "ms"
	curves []sweepCurve
	ideal  bool // draw the ideal line (speedup charts)
	cores  int

	texts  textPool
	raster *canvas.Raster
	img    *image.NRGBA
	lines  []chartLine // in Fyne units, laid out for the raster
	marks  []chartMark
	size   fyne.Size
	fg     color.NRGBA
	ts     float32
}

type chartLine struct {
	pts   []fpt
	st    seriesStyle
	width float32 // in Fyne units
}

type chartMark struct {
	at fpt
	st seriesStyle
}

// curveStyle is the colour and marker of curve i: the palette's blue,
// vermilion and green first (goroutines, gil, processes), each with its own
// marker so the curves differ without colour too.
func curveStyle(i int) seriesStyle {
	styles := []seriesStyle{
		{color: okabeBlue, marker: 1},
		{color: okabeVermilion, marker: 2},
		{color: okabeGreen, marker: 3},
		{color: okabePurple, marker: 0},
		{color: okabeOrange, marker: 1},
		{color: okabeSky, marker: 2},
	}
	return styles[i%len(styles)]
}

func newSweepChart() *sweepChart {
	c := &sweepChart{}
	c.ExtendBaseWidget(c)
	return c
}

// set shows a sweep; a chart with no curves says that nothing was measured.
func (c *sweepChart) set(title, xName, yName, yUnit string, curves []sweepCurve, ideal bool, cores int) {
	c.title, c.xName, c.yName, c.yUnit, c.curves, c.ideal, c.cores = title, xName, yName, yUnit, curves, ideal, cores
	c.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (c *sweepChart) CreateRenderer() fyne.WidgetRenderer {
	c.raster = canvas.NewRaster(c.draw)
	return &plotRenderer{w: c}
}

func (c *sweepChart) plotParts() (*canvas.Raster, *textPool) { return c.raster, &c.texts }

func (c *sweepChart) plotMin(ts float32) fyne.Size { return fyne.NewSize(ts*24, ts*12) }

func (c *sweepChart) place(size fyne.Size) {
	c.size = size
	c.ts = theme.SizeForWidget(theme.SizeNameText, c)
	c.fg = color.NRGBAModel.Convert(theme.ColorForWidget(theme.ColorNameForeground, c)).(color.NRGBA)
	c.lines, c.marks = c.lines[:0], c.marks[:0]
	c.layout(size)
}

func (c *sweepChart) text(s string, x, y, align float32, bold bool, col color.NRGBA) fyne.Size {
	t := c.texts.add(s, c.ts, col, fyne.TextStyle{Bold: bold})
	if t.Color != col {
		t.Color = col
		t.Refresh()
	}
	placeText(t, x, y, align)
	return t.MinSize()
}

// layout places the title, the key on the right, the axes with their ticks
// and labels, and the lines, all in Fyne units.
func (c *sweepChart) layout(size fyne.Size) {
	lh := fyne.MeasureText("0", c.ts, fyne.TextStyle{}).Height
	pad := c.ts / 2
	titleRows := splitTitle(c.title, size.Width, c.ts)
	for i, row := range titleRows {
		c.text(row, 0, float32(i)*lh, 0, true, c.fg)
	}
	if len(c.curves) == 0 {
		c.text("Nothing measured yet: a sweep draws here once its runs end.", 0, lh*(float32(len(titleRows))+0.5), 0, false, c.fg)
		return
	}

	// The key: a line per curve (its name, and its serial fraction), then
	// the ideal and what the dashes mean.
	var keys []string
	for _, cv := range c.curves {
		k := cv.name
		if cv.fit != nil {
			k += fmt.Sprintf(": serial %.2f", *cv.fit)
		}
		keys = append(keys, k)
	}
	if c.ideal {
		keys = append(keys, "ideal ("+plural(c.cores, "core", "cores")+")", "- - Amdahl fit")
	}
	swatch := c.ts * 2.2
	keyW := float32(0)
	for i, k := range keys {
		keyW = max(keyW, fyne.MeasureText(k, c.ts, fyne.TextStyle{Bold: i < len(c.curves)}).Width)
	}
	keyW += swatch + pad
	if keyW > size.Width*0.45 && c.ideal {
		// narrow: the key names the curves only; the serial fractions are
		// in the sentence under the chart
		keyW = 0
		for i := range c.curves {
			keys[i] = c.curves[i].name
		}
		for i, k := range keys {
			keyW = max(keyW, fyne.MeasureText(k, c.ts, fyne.TextStyle{Bold: i < len(c.curves)}).Width)
		}
		keyW += swatch + pad
	}
	if keyW > size.Width*0.45 { // narrower still: the key goes under the plot
		keyW = 0
	}

	// Data ranges.
	xmin, xmax, ymax := math.Inf(1), math.Inf(-1), 0.0
	for _, cv := range c.curves {
		for _, p := range cv.pts {
			xmin, xmax, ymax = min(xmin, p.X), max(xmax, p.X), max(ymax, p.Y)
		}
	}
	if c.ideal {
		ymax = max(ymax, compare.Ideal(xmax, c.cores))
		xmin = min(xmin, 1)
	}
	if xmax <= xmin {
		xmax = xmin + 1
	}
	logX := xmin > 0 && xmax/xmin >= 16
	ymax = max(ymax*1.1, 1e-9)
	ystep := niceStep(ymax, 5)
	ymax = math.Ceil(ymax/ystep) * ystep

	yLabel := func(v float64) string {
		s := fmtNum(v, ystep)
		if c.yUnit != "" && c.yUnit != "×" {
			s += " " + c.yUnit
		} else if c.yUnit == "×" {
			s += "×"
		}
		return s
	}
	labW := fyne.MeasureText(yLabel(ymax), c.ts, fyne.TextStyle{}).Width
	left := labW + pad
	top := lh * (float32(len(titleRows)) + 0.6)
	keyRows := float32(0)
	if keyW == 0 {
		keyRows = float32(len(keys))
	}
	bottom := size.Height - lh*2.2 - keyRows*lh*1.1
	right := size.Width - keyW - pad*3
	if bottom-top < lh*3 || right-left < c.ts*6 {
		return
	}
	xOf := func(x float64) float32 {
		if logX {
			return left + (right-left)*float32(math.Log(x/xmin)/math.Log(xmax/xmin))
		}
		return left + (right-left)*float32((x-xmin)/(xmax-xmin))
	}
	yOf := func(y float64) float32 { return bottom - (bottom-top)*float32(y/ymax) }

	// Axes and ticks: y at round steps, x at the values measured.
	axis := seriesStyle{color: c.fg}
	c.lines = append(c.lines, chartLine{pts: []fpt{{float64(left), float64(top)}, {float64(left), float64(bottom)}, {float64(right), float64(bottom)}}, st: axis, width: 1})
	for v := 0.0; v <= ymax+ystep/2; v += ystep {
		y := yOf(v)
		c.lines = append(c.lines, chartLine{pts: []fpt{{float64(left - pad/2), float64(y)}, {float64(left), float64(y)}}, st: axis, width: 1})
		c.text(yLabel(v), left-pad, y-lh/2, 1, false, c.fg)
	}
	seen := map[float64]bool{}
	lastX := float32(-1e9)
	for _, cv := range c.curves {
		for _, p := range cv.pts {
			if seen[p.X] {
				continue
			}
			seen[p.X] = true
		}
	}
	var xs []float64
	for x := range seen {
		xs = append(xs, x)
	}
	slices.Sort(xs)
	for _, x := range xs {
		px := xOf(x)
		lab := fmtNum(x, 1)
		w := fyne.MeasureText(lab, c.ts, fyne.TextStyle{}).Width
		c.lines = append(c.lines, chartLine{pts: []fpt{{float64(px), float64(bottom)}, {float64(px), float64(bottom + pad/2)}}, st: axis, width: 1})
		if px-w/2 > lastX+pad/2 {
			c.text(lab, px, bottom+pad/2, 0.5, false, c.fg)
			lastX = px + w/2
		}
	}
	c.text(c.xName, (left+right)/2, bottom+lh*1.15, 0.5, false, c.fg)

	// The ideal: linear up to the cores, flat after.
	if c.ideal {
		var pts []fpt
		for _, x := range []float64{xmin, min(float64(c.cores), xmax), xmax} {
			pts = append(pts, fpt{float64(xOf(x)), float64(yOf(compare.Ideal(x, c.cores)))})
		}
		c.lines = append(c.lines, chartLine{pts: pts, st: seriesStyle{color: c.fg, on: 3, off: 2}, width: 0})
	}
	// Each curve: its fit (dashed, thin), its measured line and markers.
	for i, cv := range c.curves {
		st := curveStyle(i)
		if cv.fit != nil && c.ideal {
			var pts []fpt
			for j := 0; j <= 64; j++ {
				x := xmin + (xmax-xmin)*float64(j)/64
				if logX {
					x = xmin * math.Pow(xmax/xmin, float64(j)/64)
				}
				pts = append(pts, fpt{float64(xOf(x)), float64(yOf(compare.Amdahl(*cv.fit, x, c.cores)))})
			}
			c.lines = append(c.lines, chartLine{pts: pts, st: seriesStyle{color: st.color, on: 2, off: 2}, width: -1})
		}
		var pts []fpt
		for _, p := range cv.pts {
			pts = append(pts, fpt{float64(xOf(p.X)), float64(yOf(p.Y))})
			c.marks = append(c.marks, chartMark{at: pts[len(pts)-1], st: st})
		}
		c.lines = append(c.lines, chartLine{pts: pts, st: seriesStyle{color: st.color}, width: 0})
	}

	// The key, beside the plot or under it.
	kx, ky := right+pad*2, top
	if keyW == 0 {
		kx, ky = left, bottom+lh*2.3
	}
	for i, k := range keys {
		y := ky + float32(i)*lh*1.1
		mid := float64(y + lh/2)
		switch {
		case i < len(c.curves):
			st := curveStyle(i)
			c.lines = append(c.lines, chartLine{pts: []fpt{{float64(kx), mid}, {float64(kx + swatch), mid}}, st: seriesStyle{color: st.color}, width: 0})
			c.marks = append(c.marks, chartMark{at: fpt{float64(kx + swatch/2), mid}, st: st})
		case i == len(c.curves):
			c.lines = append(c.lines, chartLine{pts: []fpt{{float64(kx), mid}, {float64(kx + swatch), mid}}, st: seriesStyle{color: c.fg, on: 3, off: 2}, width: 0})
		default:
			c.lines = append(c.lines, chartLine{pts: []fpt{{float64(kx), mid}, {float64(kx + swatch), mid}}, st: seriesStyle{color: c.fg, on: 2, off: 2}, width: -1})
			k = "Amdahl fit"
		}
		c.text(k, kx+swatch+pad, y, 0, i < len(c.curves), c.fg)
	}
}

// draw is the raster generator: the lines and markers at w×h pixels.
func (c *sweepChart) draw(w, h int) image.Image {
	c.img = reuseImage(c.img, w, h)
	if w <= 0 || h <= 0 || c.size.Width <= 0 {
		return c.img
	}
	sc := float64(w) / float64(c.size.Width)
	lw := lineWidth(c.ts, float32(sc))
	for _, l := range c.lines {
		pts := make([]fpt, len(l.pts))
		for i, p := range l.pts {
			pts[i] = fpt{p.x * sc, p.y * sc}
		}
		width := lw
		switch {
		case l.width > 0:
			width = max(1, float64(l.width)*sc)
		case l.width < 0:
			width = max(1, lw*0.6)
		}
		drawPolyline(c.img, pts, l.st, width)
	}
	for _, m := range c.marks {
		drawMarker(c.img, fpt{m.at.x * sc, m.at.y * sc}, m.st, lw)
	}
	return c.img
}

// splitTitle breaks a chart's title after a colon or a comma where it is
// wider than width, so that it is read whole: "CPU-bound: cores vs GIL:" /
// "speedup against 1 worker, by workers".
func splitTitle(title string, width, ts float32) []string {
	bold := fyne.TextStyle{Bold: true}
	if width <= 0 || fyne.MeasureText(title, ts, bold).Width <= width {
		return []string{title}
	}
	for _, sep := range []byte{':', ','} { // a colon parts the title best
		for i := len(title) - 2; i > 0; i-- {
			if title[i] == sep && title[i+1] == ' ' && fyne.MeasureText(title[:i+1], ts, bold).Width <= width {
				return append([]string{title[:i+1]}, splitTitle(title[i+2:], width, ts)...)
			}
		}
	}
	return []string{title}
}
