package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// statusLine is the part that says how the run goes: the status, the
// clock, and the banner that warns of slow motion or a pause.
type statusLine struct {
	lab      *Lab
	elapsed  *canvas.Text
	slow     *fyne.Container
	slowText *canvas.Text
	status   *widget.Label
}

// showSlow shows the banner whenever the speed factor is not 1× or the run
// is paused: a class must never read stretched or frozen timings as real.
func (sl *statusLine) showSlow() {
	l := sl.lab
	paused, slow := l.sess.live() && l.sess.run.Paused(), l.speed < 1
	var text string
	switch {
	case paused && slow:
		text = "paused · slow motion " + speedText(l.speed)
	case paused:
		text = "paused — Space resumes"
	case slow:
		text = "slow motion " + speedText(l.speed) + " — timings stretched"
	default:
		sl.slow.Hide()
		return
	}
	setText(sl.slowText, text)
	sl.slow.Show()
}

// say sets the status line beside the views' tabs: how the run goes, and
// how it went.
func (sl *statusLine) say(text string) {
	sl.status.TextStyle = fyne.TextStyle{}
	sl.status.SetText(text)
}

// sayReady is the status line before a run: the demo's prediction
// question, in bold, with the numbers the controls show.
func (sl *statusLine) sayReady() {
	l := sl.lab
	sl.status.TextStyle = fyne.TextStyle{Bold: true}
	sl.status.SetText("Predict: " + l.demo.Ask(l.cfg))
}
