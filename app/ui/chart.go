package ui

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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
// zeros: fmtNum(1.5, 0.5) is "1.5", fmtNum(2, 0.5) is "2".
func fmtNum(v, step float64) string {
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
func (p *textPool) add(s string, size float32, c color.Color, bold bool) *canvas.Text {
	if p.used == len(p.texts) {
		p.texts = append(p.texts, canvas.NewText("", c))
		p.grew = true
	}
	t := p.texts[p.used]
	p.used++
	if t.Text != s || t.TextSize != size || t.Color != c || t.TextStyle.Bold != bold {
		t.Text, t.TextSize, t.Color, t.TextStyle.Bold = s, size, c, bold
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
