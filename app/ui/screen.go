package ui

import "fyne.io/fyne/v2"

// frameAllowance is room left on the screen for the window manager's title
// bar and borders, which the window's own size does not include.
var frameAllowance = fyne.NewSize(8, 32)

// fitScreen shrinks the window to the screen's usable area (without panels
// and docks, less the window's frame) when the size restored from the last
// session, or the first size, is larger: a window taller than the screen
// hides its bottom edge. It also caps what the content may ask for, so the
// window never grows past the screen later. Where the screen's size is not
// known (the test driver), firstSize stays the cap.
func (l *Lab) fitScreen() {
	area, ok := workArea(l.Window)
	if !ok || area.Width < 400 || area.Height < 300 {
		return
	}
	limit := fyne.NewSize(area.Width-frameAllowance.Width, area.Height-frameAllowance.Height)
	if c, ok := l.Window.Content().(*fyne.Container); ok {
		if cl, ok := c.Layout.(*capLayout); ok {
			cl.limit = fyne.NewSize(min(firstSize.Width, limit.Width), min(firstSize.Height, limit.Height))
		}
	}
	size := l.Window.Canvas().Size()
	if l.firstStart {
		// no size saved: the screen the window opens on, less the frame
		// (1920x1080 opened a 1240x700 window in a corner)
		l.Window.Resize(limit)
		return
	}
	if size.Width > limit.Width || size.Height > limit.Height {
		l.Window.Resize(fyne.NewSize(min(size.Width, limit.Width), min(size.Height, limit.Height)))
	}
}
