package ui

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"concurrencylab/demos"
)

// sketch is the renderer of the pictures below. On every refresh it asks its
// picture to lay out: the picture places texts (drawn by reused canvas.Text
// objects) and shapes (painted into one raster), in Fyne units.
type sketch struct {
	w       fyne.Widget
	layout  func(k *sketch, size fyne.Size)
	minSize func(k *sketch) fyne.Size
	raster  *canvas.Raster
	texts   textPool
	shapes  []shape
	size    fyne.Size
	img     *image.NRGBA
	objects []fyne.CanvasObject

	// theme values, read before each layout
	ts, cs, pad float32
	fg          color.NRGBA
}

type shapeKind uint8

const (
	shapeFill shapeKind = iota // a rectangle in a style
	shapeBox                   // a rectangle's outline
	shapeLine                  // a line, maybe dashed, maybe with an arrowhead
)

type shape struct {
	kind   shapeKind
	x0, y0 float32
	x1, y1 float32
	st     style
	c      color.NRGBA
	width  float32 // of a line or an outline
	dash   bool
	arrow  bool
}

func newSketch(w fyne.Widget, layout func(*sketch, fyne.Size), minSize func(*sketch) fyne.Size) *sketch {
	k := &sketch{w: w, layout: layout, minSize: minSize}
	k.raster = canvas.NewRaster(k.draw)
	k.readTheme()
	return k
}

func (k *sketch) readTheme() {
	k.ts = theme.SizeForWidget(theme.SizeNameText, k.w)
	k.cs = theme.SizeForWidget(theme.SizeNameCaptionText, k.w)
	k.pad = theme.SizeForWidget(theme.SizeNamePadding, k.w)
	k.fg = color.NRGBAModel.Convert(theme.ColorForWidget(theme.ColorNameForeground, k.w)).(color.NRGBA)
}

func (k *sketch) Destroy() {}

func (k *sketch) Objects() []fyne.CanvasObject {
	if k.objects == nil || k.texts.grew {
		k.texts.grew = false
		k.objects = append(k.objects[:0], k.raster)
		for _, t := range k.texts.texts {
			k.objects = append(k.objects, t)
		}
	}
	return k.objects
}

func (k *sketch) MinSize() fyne.Size {
	k.readTheme()
	return k.minSize(k)
}

// Layout lays the picture out at the theme's text size, and again at a
// smaller one (down to 0.6 of it) when a text would run past the right
// edge or over another: a narrow column in projector mode must still show
// every word.
func (k *sketch) Layout(size fyne.Size) {
	k.readTheme()
	k.size = size
	for try := 0; ; try++ {
		k.shapes = k.shapes[:0]
		k.texts.begin()
		k.layout(k, size)
		k.texts.end()
		f := k.crowded(size.Width)
		if f >= 1 || try == 4 || k.ts*f < theme.SizeForWidget(theme.SizeNameText, k.w)*0.6 {
			break
		}
		k.ts, k.cs = k.ts*f, k.cs*f
	}
	k.raster.Move(fyne.NewPos(0, 0))
	k.raster.Resize(size)
}

// crowded returns 1 when the texts placed fit width and do not overlap,
// else the factor to shrink the text by for the next try.
func (k *sketch) crowded(width float32) float32 {
	ts := k.texts.texts[:k.texts.used]
	f := float32(1)
	for i, t := range ts {
		if t.Hidden || t.Text == "" {
			continue
		}
		p, m := t.Position(), t.MinSize()
		if right := p.X + m.Width; right > width+0.5 && right > 0 {
			f = min(f, width/right*0.98)
		}
		for _, u := range ts[i+1:] {
			if u.Hidden || u.Text == "" {
				continue
			}
			q, n := u.Position(), u.MinSize()
			if p.X+1 < q.X+n.Width && q.X+1 < p.X+m.Width && p.Y+1 < q.Y+n.Height && q.Y+1 < p.Y+m.Height {
				f = min(f, 0.9)
			}
		}
	}
	return f
}

func (k *sketch) Refresh() {
	k.Layout(k.w.Size())
	k.raster.Refresh()
}

// text places s with its left edge (align 0), centre (0.5) or right edge (1)
// at x and its top at y, in the theme's text size times scale, and returns
// its size.
func (k *sketch) text(s string, x, y, align, scale float32, bold bool) fyne.Size {
	t := k.texts.add(s, k.ts*scale, k.fg, fyne.TextStyle{Bold: bold})
	placeText(t, x, y, align)
	return t.MinSize()
}

// measure is the size of s in the theme's text size times scale.
func (k *sketch) measure(s string, scale float32, bold bool) fyne.Size {
	return fyne.MeasureText(s, k.ts*scale, fyne.TextStyle{Bold: bold})
}

// mark places a state's mark (in the font that has them all).
func (k *sketch) mark(s demos.State, x, y float32) fyne.Size {
	t := k.texts.add(stateMark(s), k.ts*markScale, k.fg, markStyle)
	placeText(t, x, y, 0)
	return t.MinSize()
}

func (k *sketch) fill(x0, y0, x1, y1 float32, st style, c color.NRGBA) {
	k.shapes = append(k.shapes, shape{kind: shapeFill, x0: x0, y0: y0, x1: x1, y1: y1, st: st, c: c})
}

func (k *sketch) box(x0, y0, x1, y1, width float32, c color.NRGBA) {
	k.shapes = append(k.shapes, shape{kind: shapeBox, x0: x0, y0: y0, x1: x1, y1: y1, c: c, width: width})
}

func (k *sketch) line(x0, y0, x1, y1, width float32, c color.NRGBA, dash, arrow bool) {
	k.shapes = append(k.shapes, shape{kind: shapeLine, x0: x0, y0: y0, x1: x1, y1: y1, c: c, width: width, dash: dash, arrow: arrow})
}

// draw is the raster generator: the shapes at w×h pixels.
func (k *sketch) draw(w, h int) image.Image {
	k.img = reuseImage(k.img, w, h)
	if w <= 0 || h <= 0 || k.size.Width <= 0 {
		return k.img
	}
	sc := float32(w) / k.size.Width
	px := func(v float32) int { return int(v*sc + 0.5) }
	u := patternUnit(k.ts, sc)
	for _, s := range k.shapes {
		switch s.kind {
		case shapeFill:
			paintStyle(k.img, image.Rect(px(s.x0), px(s.y0), px(s.x1), px(s.y1)), s.st, toPix(s.c), u)
		case shapeBox:
			t := max(1, px(s.width))
			x0, y0, x1, y1 := px(s.x0), px(s.y0), px(s.x1), px(s.y1)
			c := toPix(s.c)
			fillRect(k.img, image.Rect(x0, y0, x1, y0+t), c)
			fillRect(k.img, image.Rect(x0, y1-t, x1, y1), c)
			fillRect(k.img, image.Rect(x0, y0, x0+t, y1), c)
			fillRect(k.img, image.Rect(x1-t, y0, x1, y1), c)
		case shapeLine:
			lw := float64(max(1, s.width*sc))
			a := fpt{float64(s.x0 * sc), float64(s.y0 * sc)}
			b := fpt{float64(s.x1 * sc), float64(s.y1 * sc)}
			st := seriesStyle{color: s.c}
			if s.dash {
				st.on, st.off = 3, 2
			}
			if s.arrow {
				// Stop the line at the arrowhead's base, then draw the head.
				l := math.Hypot(b.x-a.x, b.y-a.y)
				hl := lw * 4
				if l > hl {
					ux, uy := (b.x-a.x)/l, (b.y-a.y)/l
					base := fpt{b.x - ux*hl, b.y - uy*hl}
					drawPolyline(k.img, []fpt{a, base}, st, lw)
					hw := hl * 0.6
					fillTriangle(k.img, b, fpt{base.x - uy*hw, base.y + ux*hw}, fpt{base.x + uy*hw, base.y - ux*hw}, s.c)
					continue
				}
			}
			drawPolyline(k.img, []fpt{a, b}, st, lw)
		}
	}
	return k.img
}

// fillTriangle fills triangle abc, anti-aliased at its edges.
func fillTriangle(img *image.NRGBA, a, b, c fpt, col color.NRGBA) {
	edge := func(p, q, r fpt) float64 { // signed distance of r from line pq, positive inside
		dx, dy := q.x-p.x, q.y-p.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			return -1
		}
		return ((r.x-p.x)*dy - (r.y-p.y)*dx) / l
	}
	if edge(a, b, c) < 0 {
		b, c = c, b
	}
	x0, x1 := int(math.Floor(min(a.x, b.x, c.x)))-1, int(math.Ceil(max(a.x, b.x, c.x)))+1
	y0, y1 := int(math.Floor(min(a.y, b.y, c.y)))-1, int(math.Ceil(max(a.y, b.y, c.y)))+1
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			p := fpt{float64(x) + 0.5, float64(y) + 0.5}
			d := min(edge(a, b, p), edge(b, c, p), edge(c, a, p))
			blend(img, x, y, col, d+0.5)
		}
	}
}

// wrap cuts s into lines no wider than width at the given text scale.
func (k *sketch) wrap(s string, width, scale float32, bold bool) []string {
	return wrapWords(s, func(t string) bool { return k.measure(t, scale, bold).Width <= width })
}
