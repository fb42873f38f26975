//go:build !cgo || ci || wasm || js || android || ios || mobile

package ui

import "fyne.io/fyne/v2"

// workArea has no answer without Fyne's GLFW driver.
func workArea(fyne.Window) (fyne.Size, bool) { return fyne.Size{}, false }
