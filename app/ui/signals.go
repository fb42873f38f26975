package ui

import "fyne.io/fyne/v2"

// Quit closes the window as its close button does (the settings kept, the
// run stopped and its child processes killed), from any goroutine: for a
// signal that asks the app to end.
func (l *Lab) Quit() { fyne.Do(l.close) }
