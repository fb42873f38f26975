package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.New()
	w := a.NewWindow("Concurrency Lab")
	w.SetContent(widget.NewLabel("Concurrency Lab"))
	w.ShowAndRun()
}
