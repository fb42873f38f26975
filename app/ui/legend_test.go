package ui

import (
	"image"
	"slices"
	"testing"

	"concurrencylab/demos"
)

func TestLegendHasEveryState(t *testing.T) {
	for _, k := range []float32{1, 1.6} {
		vizApp(t, k)
		l := NewLegend()
		img := vizRender(t, l, 640, 120)
		if k == 1 {
			vizShot(t, "legend", img)
		} else {
			vizShot(t, "legend-projector", img)
		}
		got := vizTexts(l)
		for _, s := range demos.States() {
			if !slices.Contains(got, s.String()) || !slices.Contains(got, stateMark(s)) {
				t.Errorf("legend %q lacks %q or its mark %q", got, s.String(), stateMark(s))
			}
		}
	}
}

func TestPatternsDiffer(t *testing.T) {
	// The states painted in a swatch must differ by more than colour: compare
	// the opacity pattern of each style, ignoring hue.
	shape := func(st style) string {
		img := image.NewNRGBA(image.Rect(0, 0, 24, 12))
		paintStyle(img, img.Rect, st, pix{0, 0, 0, 255}, 2)
		b := make([]byte, 0, len(img.Pix)/4)
		for i := 3; i < len(img.Pix); i += 4 {
			b = append(b, img.Pix[i])
		}
		return string(b)
	}
	seen := map[string]style{}
	for _, st := range []style{styleSolid, styleHatch, styleDots, styleLine, styleDash, styleDotted} {
		sh := shape(st)
		if other, dup := seen[sh]; dup {
			t.Errorf("styles %d and %d look the same without colour", st, other)
		}
		seen[sh] = st
	}
}
