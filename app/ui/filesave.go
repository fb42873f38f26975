package ui

import (
	"io"

	"fyne.io/fyne/v2"
)

// fileSaver saves what the window exports (the history, the window's
// picture, a recording, a lesson) through a save dialog, one at a time,
// and says in the status line where each went.
type fileSaver struct {
	win  fyne.Window
	tell func(string) // the status line
	done func()       // after the dialog: the keys go back to the window
}

// busy says whether a dialog is open, and then says in the status line
// that the save waits: a dialog never opens over another (Ctrl+E over the
// reveal of a guess).
func (fs *fileSaver) busy() bool {
	if fs.win.Canvas().Overlays().Top() == nil {
		return false
	}
	fs.tell("Close the dialog that is open (Esc) first, then save.")
	return true
}

// save asks where to save name (of type ext) and writes it there with
// write.
func (fs *fileSaver) save(name, ext string, write func(io.Writer) error) {
	saveDialog(fs.win, name, ext, write, func(saved string) {
		if saved != "" {
			fs.tell("Saved to " + saved + ".")
		}
		fs.done()
	})
}
