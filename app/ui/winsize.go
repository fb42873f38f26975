package ui

import (
	"math"

	"fyne.io/fyne/v2"
)

// Bounds of a window size restored from the preferences. The screen is not
// known until the window is shown (fitScreen then fits the window to it),
// so a stored size is first held to a 4K screen: the X server refuses a
// window past its limits (35000x35000 ended every start with BadValue,
// before the window appeared).
var (
	minStoredSize = fyne.NewSize(400, 300)
	maxStoredSize = fyne.NewSize(3840, 2160)
)

// storedSize is the window size to restore from a stored width and
// height: held to maxStoredSize, and ok false (no usable size stored) when
// it is smaller than minStoredSize or not a number.
func storedSize(w, h float64) (size fyne.Size, ok bool) {
	if math.IsNaN(w) || math.IsNaN(h) || w < float64(minStoredSize.Width) || h < float64(minStoredSize.Height) {
		return fyne.Size{}, false
	}
	return fyne.NewSize(float32(min(w, float64(maxStoredSize.Width))), float32(min(h, float64(maxStoredSize.Height)))), true
}
