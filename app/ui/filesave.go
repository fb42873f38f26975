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

// save asks where to save name (of type ext), in a dialog titled title,
// and writes it there with write. The status line says "Replaced PATH."
// when the file was there before, "Saved to PATH." otherwise.
func (fs *fileSaver) save(title, name, ext string, write func(io.Writer) error) {
	saveDialog(fs.win, title, name, ext, write, func(saved string, replaced bool) {
		switch {
		case saved == "":
		case replaced:
			fs.tell("Replaced " + saved + ".")
		default:
			fs.tell("Saved to " + saved + ".")
		}
		fs.done()
	})
}

// saveDialog asks, in a dialog titled title, where to save name (of type
// ext) and writes it there with write, then calls done with where it went
// ("" when it did not) and whether a file was there before; tests replace
// it to write without the dialog.
var saveDialog = func(win fyne.Window, title, name, ext string, write func(io.Writer) error, done func(saved string, replaced bool)) {
	showSaveDialog(win, title, name, ext, write, done)
}

// saveTo writes through write to w, and closes it: a file the save dialog
// opened.
func saveTo(w io.WriteCloser, write func(io.Writer) error) error {
	err := write(w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}
