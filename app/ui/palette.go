package ui

import (
	"image/color"

	"concurrencylab/demos"
)

// Okabe-Ito colours: told apart by people with the common colour-vision
// deficiencies. Every state also has a glyph and a name, so colour is never
// the only cue.
var (
	okabeOrange    = color.NRGBA{0xE6, 0x9F, 0x00, 0xFF}
	okabeSky       = color.NRGBA{0x56, 0xB4, 0xE9, 0xFF}
	okabeGreen     = color.NRGBA{0x00, 0x9E, 0x73, 0xFF}
	okabeYellow    = color.NRGBA{0xF0, 0xE4, 0x42, 0xFF}
	okabeBlue      = color.NRGBA{0x00, 0x72, 0xB2, 0xFF}
	okabeVermilion = color.NRGBA{0xD5, 0x5E, 0x00, 0xFF}
	okabePurple    = color.NRGBA{0xCC, 0x79, 0xA7, 0xFF}
	pendingGrey    = color.NRGBA{0x99, 0x99, 0x99, 0xFF}
)

// StateColor is the one colour of a state everywhere: bars, cells, timeline
// segments and the legend.
func StateColor(s demos.State) color.NRGBA {
	switch s {
	case demos.Running:
		return okabeBlue
	case demos.Waiting:
		return okabeOrange
	case demos.Sleeping:
		return okabeSky
	case demos.Done:
		return okabeGreen
	case demos.Failed:
		return okabeVermilion
	case demos.Cancelled:
		return okabePurple
	}
	return pendingGrey
}
