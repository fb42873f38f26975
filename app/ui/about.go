package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/meta"
)

// showAbout shows the app's name, version and icon.
func (l *Lab) showAbout() {
	img := canvas.NewImageFromResource(Icon())
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(64, 64))
	text := widget.NewLabel(meta.Name + " " + meta.Version + "\n\n" +
		"Real goroutines, locks, HTTP and processes, animated:\n" +
		"pick a demo, predict, press Run, and compare.")
	dialog.ShowCustom("About "+meta.Name, "Close", container.NewBorder(nil, nil, img, nil, text), l.Window)
}
