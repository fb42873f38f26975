package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2's relative luminance of c, over black for a colour
// that is not opaque.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA() // premultiplied: over black
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2's contrast ratio of two colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// over blends c over the opaque background bg, as the screen shows it.
func over(c, bg color.Color) color.Color {
	r, g, b, a := c.RGBA()
	br, bgG, bb, _ := bg.RGBA()
	k := 0xffff - a
	return color.RGBA64{uint16(r + br*k/0xffff), uint16(g + bgG*k/0xffff), uint16(b + bb*k/0xffff), 0xffff}
}

// TestContrast computes, from the theme's own colours, every pair of text
// and background the window draws, in both themes (normal and projector)
// and both variants: text at least 4.5:1, the figures' warning colour (24
// px and larger in projector mode) at least 3:1 there, 4.5:1 in the normal
// theme. The slow-motion banner's ink on its yellow too.
func TestContrast(t *testing.T) {
	type pair struct {
		what   string
		fg, bg fyne.ThemeColorName
		least  float64
	}
	pairs := []pair{
		{"text", theme.ColorNameForeground, theme.ColorNameBackground, 4.5},
		{"text on a button", theme.ColorNameForeground, theme.ColorNameButton, 4.5},
		{"text on an input (selects)", theme.ColorNameForeground, theme.ColorNameInputBackground, 4.5},
		{"text in a dialog", theme.ColorNameForeground, theme.ColorNameOverlayBackground, 4.5},
		{"text in a menu", theme.ColorNameForeground, theme.ColorNameMenuBackground, 4.5},
		{"a highlighted button's text (Run, the view's tab)", theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary, 4.5},
		{"primary-coloured text", theme.ColorNamePrimary, theme.ColorNameBackground, 4.5},
		{"a disabled button's text (Pause after a run)", theme.ColorNameDisabled, theme.ColorNameButton, 4.5},
		{"disabled text", theme.ColorNameDisabled, theme.ColorNameBackground, 4.5},
		{"a placeholder", theme.ColorNamePlaceHolder, theme.ColorNameInputBackground, 4.5},
		{"a warning figure (lost updates)", theme.ColorNameError, theme.ColorNameBackground, 4.5},
	}
	themes := []struct {
		name string
		th   fyne.Theme
	}{{"normal", newNormalTheme()}, {"projector", newProjectorTheme()}}
	for _, tc := range themes {
		for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
			bgOf := func(n fyne.ThemeColorName) color.Color {
				return over(tc.th.Color(n, v), tc.th.Color(theme.ColorNameBackground, v))
			}
			for _, p := range pairs {
				least := p.least
				if p.fg == theme.ColorNameError && tc.name == "projector" {
					least = 3 // figures are 1.6 × 22.4 px there
				}
				bg := bgOf(p.bg)
				fg := over(tc.th.Color(p.fg, v), bg)
				if got := contrast(fg, bg); got < least {
					t.Errorf("%s theme, variant %d: %s is %.2f:1, want %.1f:1 (%v on %v)", tc.name, v, p.what, got, least, fg, bg)
				}
			}
			if tc.name == "projector" {
				// the button Tab reached: seen from the back of the room
				// against its neighbours, and its text still read
				button := bgOf(theme.ColorNameButton)
				focused := over(tc.th.Color(theme.ColorNameFocus, v), button)
				if got := contrast(focused, button); got < 1.5 {
					t.Errorf("projector theme, variant %d: a focused button is %.2f:1 against the others, want 1.5:1", v, got)
				}
				if got := contrast(over(tc.th.Color(theme.ColorNameForeground, v), focused), focused); got < 4.5 {
					t.Errorf("projector theme, variant %d: a focused button's text is %.2f:1", v, got)
				}
			}
		}
	}
	if got := contrast(okabeInk, okabeYellow); got < 4.5 {
		t.Errorf("the slow-motion banner's text is %.2f:1 on its yellow", got)
	}
}
