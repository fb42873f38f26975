package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// momentList is the list of a run's moments: ↑ ↓ move, Enter (or Space, or
// a tap) jumps to the one chosen.
type momentList struct {
	widget.List
}

// TypedKey is part of fyne.Focusable: Enter picks, as Space does in a List.
func (m *momentList) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter {
		e = &fyne.KeyEvent{Name: fyne.KeySpace}
	}
	m.List.TypedKey(e)
}

// showMoments lists the moments of the run shown (J), the one at the cursor
// highlighted; picking one jumps there.
func (pb *playback) showMoments() {
	l := pb.lab
	if pb.player == nil {
		l.info.say("No run yet: its moments are listed once it runs.")
		return
	}
	ms := pb.player.Moments()
	if len(ms) == 0 {
		l.info.say("This run has no moment yet.")
		return
	}
	list := &momentList{}
	list.Length = func() int { return len(ms) }
	list.CreateItem = func() fyne.CanvasObject {
		t := widget.NewLabel("")
		t.Wrapping = fyne.TextWrapWord // a moment's point is at its end
		return t
	}
	list.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(momentLine(ms[i])) }
	list.ExtendBaseWidget(list)
	twoLines := widget.NewLabel("1\n2").MinSize().Height
	for i := range ms {
		list.SetItemHeight(i, twoLines)
	}
	var d dialog.Dialog
	list.OnSelected = func(i widget.ListItemID) {
		d.Hide()
		pb.pause()
		pb.player.Seek(ms[i].Index)
		pb.show(ms[i].Text + ".")
	}
	size := l.Window.Canvas().Size()
	box := container.NewGridWrap(fyne.NewSize(size.Width*0.85, size.Height*0.6), list)
	d = dialog.NewCustom("Moments of this run: Up, Down and Enter jump to one", "Close  Esc", box, l.Window)
	d.Show()
	l.Window.Canvas().Focus(list)
}

// momentLine is a moment as its row says it, a warning marked.
func momentLine(m demos.Moment) string {
	if m.Warning {
		return "⚠ " + m.Text
	}
	return "◆ " + m.Text
}
