package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// roomText is the smallest text a projector's room reads, in pixels at a
// scale of 1: a word 15 px high from ascender to descender on a 1280x720
// or 1024x768 screen (about 2% of its height), which Noto Sans reaches at
// 16 px; 17 leaves a margin for the projector's blur.
const roomText = 17

// TestProjectorTextReadsInTheRoom computes, from the projector theme and
// the window's layouts at 1280x720 and 1024x768, that every text drawn in
// projector mode, in every view of every demo, is at least roomText: the
// theme's sizes, and the Code view's own size, which it chooses from the
// room it has.
func TestProjectorTextReadsInTheRoom(t *testing.T) {
	th := newProjectorTheme()
	for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameSubHeadingText, theme.SizeNameHeadingText} {
		if s := th.Size(n); s < roomText {
			t.Errorf("projector theme: %s is %g, under the room's %d", n, s, roomText)
		}
	}
	if testing.Short() {
		t.Skip("lays out every demo's views twice")
	}
	l := newLab(t)
	l.setProjector(true)
	for _, d := range demos.All() {
		l.selectDemo(d)
		for _, sz := range []fyne.Size{{Width: 1280, Height: 720}, {Width: 1024, Height: 768}} {
			l.Window.Resize(sz)
			for _, v := range []view{viewRun, viewCode, viewCompare} {
				l.views.showView(v)
				l.Window.Content().Refresh()
				what := fmt.Sprintf("%s at %vx%v, view %s", d.ID, sz.Width, sz.Height, viewNames[v])
				small := ""
				walkShown(l.Window.Content(), func(o fyne.CanvasObject) {
					switch o := o.(type) {
					case *canvas.Text:
						if o.Text != "" && o.TextSize < roomText && small == "" {
							small = fmt.Sprintf("%q at %g", o.Text, o.TextSize)
						}
					case *widget.Label:
						if o.Text != "" && o.SizeName != "" && th.Size(o.SizeName) < roomText && small == "" {
							small = fmt.Sprintf("%q at %g", o.Text, th.Size(o.SizeName))
						}
					}
				})
				if small != "" {
					t.Errorf("%s: text %s px, under the room's %d", what, small, roomText)
				}
			}
		}
	}
}

// walkShown calls f on o and every visible object under it.
func walkShown(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	f(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, x := range c.Objects {
			walkShown(x, f)
		}
	case fyne.Widget:
		for _, x := range test.WidgetRenderer(c).Objects() {
			walkShown(x, f)
		}
	}
}
