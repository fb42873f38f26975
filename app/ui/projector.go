package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// projectorScale is how much larger text, icons and bars are in projector
// mode: legible from the back of a room at 1280x720.
const projectorScale = 1.6

// projectorTheme wraps Fyne's default theme for a projector: everything
// about 1.6 times larger, and high contrast (pure black on white, or white
// on black in the dark variant). State colours stay the Okabe-Ito palette.
type projectorTheme struct{ base fyne.Theme }

func newProjectorTheme() fyne.Theme { return &projectorTheme{base: theme.DefaultTheme()} }

func (t *projectorTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	dark := v == theme.VariantDark
	fg, bg := color.NRGBA{0, 0, 0, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}
	if dark {
		fg, bg = bg, fg
	}
	switch n {
	case theme.ColorNameForeground:
		return fg
	case theme.ColorNameForegroundOnPrimary:
		if dark {
			return color.NRGBA{0, 0, 0, 0xff} // on the sky blue below
		}
		return color.NRGBA{0xff, 0xff, 0xff, 0xff}
	case theme.ColorNameBackground:
		return bg
	case theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground:
		// a dialog or a menu a shade off black: on the black window its
		// edge showed nowhere
		if dark {
			return color.NRGBA{0x1c, 0x1c, 0x1c, 0xff}
		}
		return bg
	case theme.ColorNameFocus:
		// the control Tab reached, seen from the back: the primary colour
		// over the control, its text still 4.5:1 on it
		p := t.Color(theme.ColorNamePrimary, v).(color.NRGBA)
		p.A = 0x99
		return p
	case theme.ColorNameInputBackground, theme.ColorNameButton:
		if dark {
			return color.NRGBA{0x26, 0x26, 0x26, 0xff}
		}
		return color.NRGBA{0xe6, 0xe6, 0xe6, 0xff}
	case theme.ColorNameDisabled:
		// clearly dimmer than the enabled buttons' text, yet 4.5:1 on a
		// button: a room must see that Pause and Stop do nothing after a
		// run, and still read them
		if dark {
			return color.NRGBA{0x9a, 0x9a, 0x9a, 0xff}
		}
		return color.NRGBA{0x5e, 0x5e, 0x5e, 0xff}
	case theme.ColorNamePlaceHolder:
		if dark {
			return color.NRGBA{0xb0, 0xb0, 0xb0, 0xff}
		}
		return color.NRGBA{0x4d, 0x4d, 0x4d, 0xff}
	case theme.ColorNameSeparator, theme.ColorNameInputBorder:
		return fg
	case theme.ColorNamePrimary:
		// #005A8C read 2.8:1 as text on black: the dark variant takes the
		// Okabe-Ito sky blue under black text
		if dark {
			return okabeSky
		}
		return color.NRGBA{0x00, 0x5a, 0x8c, 0xff} // a darker Okabe-Ito blue: white text on it stays legible
	case theme.ColorNameError:
		// #B03C00 read 3.5:1 on black: the Okabe-Ito vermilion there
		if dark {
			return okabeVermilion
		}
		return color.NRGBA{0xb0, 0x3c, 0x00, 0xff} // a darker vermilion: 6:1 on white
	}
	return t.base.Color(n, v)
}

func (t *projectorTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

func (t *projectorTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t *projectorTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.base.Size(n)
	switch n {
	case theme.SizeNameSeparatorThickness, theme.SizeNameInputBorder, theme.SizeNameInputRadius,
		theme.SizeNameSelectionRadius:
		return s
	case theme.SizeNamePadding, theme.SizeNameInnerPadding, theme.SizeNameLineSpacing:
		return s // the text grows; the gaps need not
	}
	return s * projectorScale
}

// normalTheme is Fyne's default theme with the colours that read too
// faintly changed: every text at least 4.5:1 on its background.
type normalTheme struct{ fyne.Theme }

func newNormalTheme() fyne.Theme { return &normalTheme{theme.DefaultTheme()} }

func (t *normalTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	dark := v == theme.VariantDark
	switch n {
	case theme.ColorNamePrimary:
		// Okabe-Ito blues: sky under black text on a dark window (white
		// text on any blue that is also legible on near-black is not
		// possible), blue under white text on a light one
		if dark {
			return okabeSky
		}
		return okabeBlue
	case theme.ColorNameForegroundOnPrimary:
		if dark {
			return color.NRGBA{0, 0, 0, 0xff}
		}
		return color.NRGBA{0xff, 0xff, 0xff, 0xff}
	case theme.ColorNameDisabled:
		// dimmer than the text, still 4.5:1 on a button
		if dark {
			return color.NRGBA{0x94, 0x94, 0x94, 0xff}
		}
		return color.NRGBA{0x69, 0x69, 0x69, 0xff}
	case theme.ColorNamePlaceHolder:
		if !dark {
			return color.NRGBA{0x6b, 0x6b, 0x6b, 0xff}
		}
	case theme.ColorNameError:
		if !dark {
			return color.NRGBA{0xb0, 0x3c, 0x00, 0xff} // a darker vermilion: 6:1 on white
		}
	}
	return t.Theme.Color(n, v)
}
