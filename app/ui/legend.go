package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// This file holds the visual vocabulary of states that the legend, the
// timeline and the overview share: a colour (StateColor) and, so that colour
// is never the only cue, a fill pattern per state, painted straight into
// raster pixels.

// style is how a stretch of a state is painted.
type style uint8

const (
	styleNone    style = iota
	styleSolid         // running, and every cell of the overview by default
	styleHatch         // waiting: diagonal stripes
	styleDots          // sleeping: a thinner bar of dots
	styleLine          // after a task is done: a thin solid line
	styleDash          // after a task failed: a thin dashed line
	styleDotted        // after a task was cancelled: a thin dotted line
	styleCross         // a failed cell: solid with an X
	styleSquare        // a cancelled cell: solid with a hollow square
	styleDotGrid       // a sleeping cell: a tint with a grid of dots
)

// cellStyle is how a state fills a whole tile: an overview cell, a legend
// swatch. It is barStyle, except that sleeping fills the tile.
func cellStyle(s demos.State) style {
	if s == demos.Sleeping {
		return styleDotGrid
	}
	return barStyle(s)
}

// barStyle is how a state looks while a task is in it (timeline segments,
// legend swatches, large overview cells).
func barStyle(s demos.State) style {
	switch s {
	case demos.Running, demos.Done, demos.Pending:
		return styleSolid
	case demos.Waiting:
		return styleHatch
	case demos.Sleeping:
		return styleDots
	case demos.Failed:
		return styleCross
	case demos.Cancelled:
		return styleSquare
	}
	return styleSolid
}

// stateMark is a state's glyph as the window draws it: demos.State.Glyph,
// except waiting's "⏸", which the bundled fonts only have as a colour emoji
// (a cyan one, which would contradict the state's colour), drawn as "‖".
// Draw marks in markStyle: the bundled monospaced font has all of them,
// while the proportional one would fall back to emoji or to whatever fonts
// the machine has.
func stateMark(s demos.State) string {
	if s == demos.Waiting {
		return "‖"
	}
	return s.Glyph()
}

// markStyle is the text style for state marks, and markScale their size
// against the text's: the monospaced glyphs look small beside words.
var markStyle = fyne.TextStyle{Monospace: true}

const markScale = 1.2

// pix is one NRGBA pixel.
type pix [4]uint8

func toPix(c color.Color) pix {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return pix{n.R, n.G, n.B, n.A}
}

// fade returns p with its opacity scaled by a/255.
func (p pix) fade(a uint8) pix {
	p[3] = uint8(uint16(p[3]) * uint16(a) / 255)
	return p
}

// statePix caches the state colours as pixels.
var statePix = func() (p [8]pix) {
	for _, s := range demos.States() {
		p[s] = toPix(StateColor(s))
	}
	return p
}()

func setPix(img *image.NRGBA, x, y int, c pix) {
	i := img.PixOffset(x, y)
	*(*[4]uint8)(img.Pix[i : i+4]) = c
}

// fillRect paints r (clipped to img) with c.
func fillRect(img *image.NRGBA, r image.Rectangle, c pix) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):]
		for i := 0; i < r.Dx()*4; i += 4 {
			*(*[4]uint8)(row[i : i+4]) = c
		}
	}
}

// paintStyle paints r with style st in colour c. u is the pattern's unit in
// pixels (it grows with the text size, so projector mode enlarges patterns
// too). Patterns use absolute coordinates so that adjacent runs join up.
func paintStyle(img *image.NRGBA, r image.Rectangle, st style, c pix, u int) {
	u = max(1, u)
	h := r.Dy()
	switch st {
	case styleNone:
	case styleSolid:
		fillRect(img, r, c)
	case styleHatch:
		light := c.fade(90)
		rc := r.Intersect(img.Rect)
		p := 4 * u // stripes of 2u pixels, one full, one light
		for y := rc.Min.Y; y < rc.Max.Y; y++ {
			row := img.Pix[img.PixOffset(rc.Min.X, y):]
			ph := (rc.Min.X + y) % p
			for i := 0; i < rc.Dx()*4; i += 4 {
				if ph < 2*u {
					*(*[4]uint8)(row[i : i+4]) = c
				} else {
					*(*[4]uint8)(row[i : i+4]) = light
				}
				if ph++; ph == p {
					ph = 0
				}
			}
		}
	case styleDots, styleDotGrid:
		if h < 4*u || st == styleDotGrid {
			// Too thin for a bar of dots: a tint with a dot grid that joins up
			// with the rows above and below.
			fillRect(img, r, c.fade(80))
			rc := r.Intersect(img.Rect)
			d := 2 * u
			for y := rc.Min.Y; y < rc.Max.Y; y++ {
				if (y/d)%2 != 0 {
					continue
				}
				for x := rc.Min.X; x < rc.Max.X; x++ {
					if (x/d)%2 == 0 {
						setPix(img, x, y, c)
					}
				}
			}
			return
		}
		in := h / 6
		r = image.Rect(r.Min.X, r.Min.Y+in, r.Max.X, r.Max.Y-in)
		fillRect(img, r, c.fade(80))
		rc := r.Intersect(img.Rect)
		// d×d dots on a grid of period 2d, the rows of dots centred in the bar.
		d := min(2*u, max(1, r.Dy()))
		n := (r.Dy() + d) / (2 * d) // rows of dots that fit
		off := (r.Dy() - (2*n-1)*d) / 2
		for y := rc.Min.Y; y < rc.Max.Y; y++ {
			ry := y - r.Min.Y - off
			if n > 0 && (ry < 0 || ry >= (2*n-1)*d || (ry/d)%2 != 0) {
				continue
			}
			for x := rc.Min.X; x < rc.Max.X; x++ {
				if (x/d)%2 == 0 {
					setPix(img, x, y, c)
				}
			}
		}
	case styleLine, styleDash, styleDotted:
		t := max(1, h/4)
		mid := r.Min.Y + h/2
		rl := image.Rect(r.Min.X, mid-t/2, r.Max.X, mid-t/2+t).Intersect(img.Rect)
		for x := rl.Min.X; x < rl.Max.X; x++ {
			on := true
			switch st {
			case styleDash:
				on = (x/(3*u))%3 != 2
			case styleDotted:
				on = (x/(u+1))%2 == 0
			}
			if on {
				fillRect(img, image.Rect(x, rl.Min.Y, x+1, rl.Max.Y), c)
			}
		}
	case styleCross, styleSquare:
		fillRect(img, r, c)
		if min(r.Dx(), h) >= 6 {
			mark := pix{0xFF, 0xFF, 0xFF, 0xFF}
			if st == styleCross {
				drawCross(img, r.Inset(min(r.Dx(), h)/5), max(1, u/2+1), mark)
			} else {
				drawBox(img, r.Inset(min(r.Dx(), h)/4), max(1, u/2+1), mark)
			}
		}
	}
}

// drawCross draws an X filling the square centred in r, t pixels thick.
func drawCross(img *image.NRGBA, r image.Rectangle, t int, c pix) {
	s := min(r.Dx(), r.Dy())
	x0 := r.Min.X + (r.Dx()-s)/2
	y0 := r.Min.Y + (r.Dy()-s)/2
	for i := 0; i < s; i++ {
		fillRect(img, image.Rect(x0+i-t/2, y0+i, x0+i-t/2+t, y0+i+1), c)
		fillRect(img, image.Rect(x0+s-1-i-t/2, y0+i, x0+s-1-i-t/2+t, y0+i+1), c)
	}
}

// drawBox draws the outline of the square centred in r, t pixels thick.
func drawBox(img *image.NRGBA, r image.Rectangle, t int, c pix) {
	s := min(r.Dx(), r.Dy())
	x0 := r.Min.X + (r.Dx()-s)/2
	y0 := r.Min.Y + (r.Dy()-s)/2
	b := image.Rect(x0, y0, x0+s, y0+s)
	fillRect(img, image.Rect(b.Min.X, b.Min.Y, b.Max.X, b.Min.Y+t), c)
	fillRect(img, image.Rect(b.Min.X, b.Max.Y-t, b.Max.X, b.Max.Y), c)
	fillRect(img, image.Rect(b.Min.X, b.Min.Y, b.Min.X+t, b.Max.Y), c)
	fillRect(img, image.Rect(b.Max.X-t, b.Min.Y, b.Max.X, b.Max.Y), c)
}

// patternUnit is the pattern unit in pixels for a text size in Fyne units at
// the given canvas scale.
func patternUnit(textSize, scale float32) int {
	return max(1, int(textSize*scale/7+0.5))
}

// reuseImage returns img if it has size w×h, else a new image of that size;
// either way cleared to transparent.
func reuseImage(img *image.NRGBA, w, h int) *image.NRGBA {
	if img == nil || img.Rect.Dx() != w || img.Rect.Dy() != h {
		return image.NewNRGBA(image.Rect(0, 0, w, h))
	}
	clear(img.Pix)
	return img
}

// Legend shows every state once: a swatch in its colour and pattern, its
// glyph and its name.
type Legend struct {
	widget.BaseWidget
}

// NewLegend returns the legend of task states: one entry per state, a swatch
// with the state's colour and pattern, its glyph and its word.
func NewLegend() fyne.CanvasObject {
	l := &Legend{}
	l.ExtendBaseWidget(l)
	return l
}

// legendColumns is how many entries share a row at the legend's minimum
// width: three rows hold all seven states, narrow enough for a side panel
// even in projector mode. Given more width, the legend uses more columns.
const legendColumns = 3

// CreateRenderer is part of fyne.Widget.
func (l *Legend) CreateRenderer() fyne.WidgetRenderer {
	r := &legendRenderer{l: l}
	for _, s := range demos.States() {
		e := &legendEntry{state: s, mark: canvas.NewText(stateMark(s), color.Black), word: canvas.NewText(s.String(), color.Black)}
		e.mark.TextStyle = markStyle
		e.swatch = canvas.NewRaster(func(w, h int) image.Image {
			img := image.NewNRGBA(image.Rect(0, 0, w, h))
			ts := theme.SizeForWidget(theme.SizeNameText, l)
			scale := float32(w) / max(1, e.swatchW)
			paintStyle(img, img.Rect, cellStyle(s), statePix[s], patternUnit(ts, scale))
			return img
		})
		r.entries = append(r.entries, e)
		r.objects = append(r.objects, e.swatch, e.mark, e.word)
	}
	r.Refresh()
	return r
}

type legendEntry struct {
	state      demos.State
	swatch     *canvas.Raster
	swatchW    float32
	mark, word *canvas.Text
}

type legendRenderer struct {
	l       *Legend
	entries []*legendEntry
	objects []fyne.CanvasObject
}

func (r *legendRenderer) Destroy()                     {}
func (r *legendRenderer) Objects() []fyne.CanvasObject { return r.objects }

// metrics returns the swatch size, the width of the marks, the gap between
// entries and the row height.
func (r *legendRenderer) metrics() (sw fyne.Size, markW, gap, rowH float32) {
	ts := theme.SizeForWidget(theme.SizeNameText, r.l)
	pad := theme.SizeForWidget(theme.SizeNamePadding, r.l)
	sw = fyne.NewSize(ts*1.3, ts)
	for _, e := range r.entries {
		markW = max(markW, e.mark.MinSize().Width)
	}
	rowH = max(sw.Height, r.entries[0].word.MinSize().Height) + pad/2
	return sw, markW, 2 * pad, rowH
}

// entryWidth is the width of entry e without the gap after it.
func (r *legendRenderer) entryWidth(e *legendEntry, sw fyne.Size, markW float32) float32 {
	pad := theme.SizeForWidget(theme.SizeNamePadding, r.l)
	return sw.Width + pad + markW + pad/2 + e.word.MinSize().Width
}

// flow places the entries in rows as wide as width, each entry as wide as
// its word, and returns the number of rows. With place false it only
// counts.
func (r *legendRenderer) flow(width float32, place bool) int {
	sw, markW, gap, rowH := r.metrics()
	pad := theme.SizeForWidget(theme.SizeNamePadding, r.l)
	x, row := float32(0), 0
	for _, e := range r.entries {
		w := r.entryWidth(e, sw, markW)
		if x > 0 && x+w > width {
			x, row = 0, row+1
		}
		if place {
			y := float32(row) * rowH
			th := e.word.MinSize().Height
			e.swatch.Move(fyne.NewPos(x, y+(th-sw.Height)/2))
			e.swatch.Resize(sw)
			e.swatchW = sw.Width
			ms := e.mark.MinSize()
			e.mark.Move(fyne.NewPos(x+sw.Width+pad+(markW-ms.Width)/2, y+(th-ms.Height)/2))
			e.mark.Resize(ms)
			e.word.Move(fyne.NewPos(x+sw.Width+pad+markW+pad/2, y))
			e.word.Resize(e.word.MinSize())
		}
		x += w + gap
	}
	return row + 1
}

// MinSize is as wide as legendColumns of the widest entries, and as tall as
// the rows the entries take at the legend's width now: one row when it is
// wide enough for all seven.
func (r *legendRenderer) MinSize() fyne.Size {
	sw, markW, gap, rowH := r.metrics()
	widest := float32(0)
	for _, e := range r.entries {
		widest = max(widest, r.entryWidth(e, sw, markW))
	}
	minW := widest*legendColumns + gap*(legendColumns-1)
	width := r.l.Size().Width
	if width < minW {
		width = minW
	}
	return fyne.NewSize(minW, rowH*float32(r.flow(width, false)))
}

func (r *legendRenderer) Layout(size fyne.Size) {
	r.flow(size.Width, true)
}

func (r *legendRenderer) Refresh() {
	ts := theme.SizeForWidget(theme.SizeNameText, r.l)
	fg := theme.ColorForWidget(theme.ColorNameForeground, r.l)
	for _, e := range r.entries {
		for _, t := range []*canvas.Text{e.mark, e.word} {
			t.TextSize = ts
			if t == e.mark {
				t.TextSize = ts * markScale
			}
			t.Color = fg
			t.Refresh()
		}
		e.swatch.Refresh()
	}
	r.Layout(r.l.Size())
}
