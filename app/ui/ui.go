// Package ui is Concurrency Lab's window: it builds Fyne widgets from a run's
// snapshots.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/meta"
)

// Lab is the main window and the state behind it.
type Lab struct {
	App    fyne.App
	Window fyne.Window
}

// New builds the main window of app a.
func New(a fyne.App) *Lab {
	w := a.NewWindow(meta.Name)
	w.SetContent(widget.NewLabel(meta.Name))
	return &Lab{App: a, Window: w}
}

// Show shows the window.
func (l *Lab) Show() { l.Window.Show() }
