//go:build cgo && !ci && !wasm && !js && !android && !ios && !mobile

package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// workArea is the usable area of the primary screen (without panels and
// docks) in Fyne units, as GLFW reports it. It must run on the main thread
// after the window was shown: Show, called from main, is. Only Fyne's GLFW
// driver makes native windows; with any other driver GLFW is not started
// and there is no answer.
func workArea(w fyne.Window) (size fyne.Size, ok bool) {
	if _, native := w.(driver.NativeWindow); !native {
		return size, false
	}
	defer func() {
		if recover() != nil { // GLFW not initialised or no monitor: no answer
			size, ok = fyne.Size{}, false
		}
	}()
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return size, false
	}
	_, _, pw, ph := m.GetWorkarea()
	scale := w.Canvas().Scale()
	if pw <= 0 || ph <= 0 || scale <= 0 {
		return size, false
	}
	return fyne.NewSize(float32(pw)/scale, float32(ph)/scale), true
}
