package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// predictBox takes the class's guess before a run and reveals it after:
// the guess beside the measurement, the difference, and a sentence of the
// demo's notice saying why. The guess names the one figure the demo's
// question asks for, with its unit; leaving it empty skips it.
type predictBox struct {
	fig    compare.Figure
	ask    *widget.Label
	entry  *widget.Entry
	unit   *widget.Label
	reveal *widget.Label
	why    *widget.Label
	box    *fyne.Container
	ready  fyne.CanvasObject // the field and its words, hidden while a reveal shows
}

// newPredictBox builds the box; submit is called when Enter is pressed in
// the field (the window starts the run).
func newPredictBox(submit func()) *predictBox {
	p := &predictBox{}
	p.ask = widget.NewLabel("")
	p.ask.Wrapping = fyne.TextWrapWord
	p.entry = widget.NewEntry()
	p.entry.SetPlaceHolder("guess, or leave empty")
	p.entry.OnSubmitted = func(string) {
		if submit != nil {
			submit()
		}
	}
	p.unit = widget.NewLabel("")
	p.reveal = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.reveal.Wrapping = fyne.TextWrapWord
	p.why = widget.NewLabel("")
	p.why.Wrapping = fyne.TextWrapWord
	p.ready = container.NewBorder(p.ask, nil, nil, p.unit, p.entry)
	p.box = container.NewVBox(p.ready, p.reveal, p.why)
	p.reveal.Hide()
	p.why.Hide()
	return p
}

// object is the box to place under the prediction question.
func (p *predictBox) object() fyne.CanvasObject { return p.box }

// setDemo asks for demo d's figure and forgets the guess and the reveal.
func (p *predictBox) setDemo(d *demos.Demo) {
	p.fig = compare.LessonOf(d.ID).Predict
	unit := p.fig.Unit
	if unit == "" {
		unit = "(a number)"
	}
	p.ask.SetText("The class's guess of " + p.fig.Title + " (G to type it, Enter to run):")
	p.unit.SetText(unit)
	p.entry.SetText("")
	p.hideReveal()
}

// take reads the guess as a run starts: ok is false when the field is
// empty (skipped). A guess that is not a number is an error to show; the
// run goes on without it.
func (p *predictBox) take() (guess float64, ok bool, err error) {
	return compare.ParseGuess(p.entry.Text, p.fig)
}

// hideReveal brings the field back for the next guess.
func (p *predictBox) hideReveal() {
	p.reveal.Hide()
	p.why.Hide()
	p.ready.Show()
	p.box.Refresh()
}

// showReveal shows how the guess fared, in place of the field.
func (p *predictBox) showReveal(pr *compare.Prediction) {
	p.reveal.SetText(revealText(pr))
	p.why.SetText("Why: " + pr.Why)
	p.why.Hidden = pr.Why == ""
	p.reveal.Show()
	p.ready.Hide()
	p.entry.SetText("")
	p.box.Refresh()
}

// showError says why a guess was not taken.
func (p *predictBox) showError(err error) {
	p.reveal.SetText("Guess not taken: " + err.Error())
	p.reveal.Show()
	p.why.Hide()
	p.box.Refresh()
}

// revealText is the reveal's first lines: "Guess 2 ×, measured 1.93 ×:
// 0.07 × lower than the guess (4% off)."
func revealText(p *compare.Prediction) string {
	g := compare.FormatValue(p.Guess, p.Unit)
	if p.Measured == nil {
		return "Guess " + g + ": this run did not measure " + p.Title + "."
	}
	m := compare.FormatValue(round3(*p.Measured), p.Unit)
	diff, rel, _ := p.Difference()
	out := "Guess " + g + "   Measured " + m
	switch {
	case diff == 0:
		return out + "\nExactly right."
	case math.IsNaN(rel):
		return out
	}
	way := "more"
	if diff < 0 {
		way = "less"
	}
	return out + "\nThe run measured " + compare.FormatValue(round3(math.Abs(diff)), p.Unit) + " " + way +
		" than the guess (" + compare.FormatPercent(math.Abs(rel)) + " of the measurement)."
}
