package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// guessEntry is the field of the guess: Enter takes it, Esc leaves
// without one (a plain Entry keeps Esc to itself).
type guessEntry struct {
	widget.Entry
	onEscape func()
}

func newGuessEntry() *guessEntry {
	e := &guessEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey is part of fyne.Focusable.
func (e *guessEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// predictBox takes the class's guess before a run and reveals it after:
// the guess beside the measurement, the difference, and a sentence of the
// demo's notice saying why. The guess names the one figure the demo's
// question asks for, with its unit; leaving it empty skips it. Both show
// in a pop-up over the view (G opens the guess; the reveal opens at the
// end of a run that had one), so neither takes room from the board and the
// figures, and both read large in projector mode.
type predictBox struct {
	fig      compare.Figure
	question *widget.Label
	ask      *widget.Label
	entry    *guessEntry
	unit     *widget.Label
	msg      *widget.Label
	form     fyne.CanvasObject

	reveal *widget.Label
	why    *widget.Label
	shown  *compare.Prediction // the last reveal

	onRun    func(guess *float64) // Enter: run, with the guess or none
	guessPop *widget.PopUp
	showPop  *widget.PopUp
}

// newPredictBox builds the guess's form and the reveal. Enter in the field
// calls onRun with the guess (nil when the field is empty) once it reads
// as a number of the figure's unit.
func newPredictBox(onRun func(guess *float64)) *predictBox {
	p := &predictBox{onRun: onRun}
	p.question = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.question.Wrapping = fyne.TextWrapWord
	p.ask = widget.NewLabel("")
	p.ask.Wrapping = fyne.TextWrapWord
	p.entry = newGuessEntry()
	p.entry.SetPlaceHolder("the class's guess")
	p.entry.OnSubmitted = func(string) { p.submit() }
	p.entry.onEscape = p.close
	p.unit = widget.NewLabel("")
	p.msg = widget.NewLabel("Enter: run with this guess.  Esc: no guess.  An empty field skips it.")
	p.msg.Wrapping = fyne.TextWrapWord
	p.form = container.NewVBox(p.question, p.ask, container.NewBorder(nil, nil, nil, p.unit, p.entry), p.msg)

	p.reveal = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.reveal.Wrapping = fyne.TextWrapWord
	p.why = widget.NewLabel("")
	p.why.Wrapping = fyne.TextWrapWord
	return p
}

// setDemo asks for demo d's figure and forgets the guess typed.
func (p *predictBox) setDemo(d *demos.Demo) {
	p.fig = compare.LessonOf(d.ID).Predict
	p.entry.SetText("")
	p.shown = nil
}

// setQuestion shows the demo's question as it stands for the next run.
func (p *predictBox) setQuestion(d *demos.Demo, c demos.Config) {
	p.question.SetText(d.Ask(c))
	unit := p.fig.Unit
	if unit == "" {
		unit = "(a number)"
	}
	p.ask.SetText("Type the class's guess of " + p.fig.Title + ":")
	p.unit.SetText(unit)
}

// take reads the guess: ok is false when the field is empty (skipped). A
// guess that is not a number is an error to show.
func (p *predictBox) take() (guess float64, ok bool, err error) {
	return compare.ParseGuess(p.entry.Text, p.fig)
}

// showError says why a guess was not taken.
func (p *predictBox) showError(err error) {
	p.msg.SetText(err.Error() + ".")
}

// setReveal fills the reveal for pr and forgets the guess typed.
func (p *predictBox) setReveal(pr *compare.Prediction) {
	p.shown = pr
	p.reveal.SetText(revealText(pr))
	p.why.SetText("Why: " + pr.Why)
	p.why.Hidden = pr.Why == ""
	p.entry.SetText("")
	p.msg.SetText("Enter: run with this guess.  Esc: no guess.  An empty field skips it.")
}

// submit takes the guess and runs: Enter in the field.
func (p *predictBox) submit() {
	g, ok, err := p.take()
	if err != nil {
		p.showError(err)
		return
	}
	p.close()
	var guess *float64
	if ok {
		guess = &g
	}
	if p.onRun != nil {
		p.onRun(guess)
	}
}

// openGuess shows the question and the field over canvas c, the field
// ready for typing.
func (p *predictBox) openGuess(c fyne.Canvas) {
	p.close()
	run := widget.NewButton("Run  Enter", p.submit)
	run.Importance = widget.HighImportance
	p.guessPop = popUp(c, "Predict, then run", p.form, widget.NewButton("No guess  Esc", p.close), run)
	p.guessPop.Show()
	c.Focus(p.entry)
}

// openReveal shows how the guess fared over canvas c.
func (p *predictBox) openReveal(c fyne.Canvas, pr *compare.Prediction) {
	p.close()
	p.setReveal(pr)
	p.showPop = popUp(c, "The guess and the run", container.NewVBox(p.reveal, p.why), widget.NewButton("Close  Esc", p.close))
	p.showPop.Show()
}

// close hides whichever pop-up shows.
func (p *predictBox) close() {
	for _, pop := range []*widget.PopUp{p.guessPop, p.showPop} {
		if pop != nil {
			pop.Hide()
		}
	}
	p.guessPop, p.showPop = nil, nil
}

// popUp shows content with a title and a closing button in a modal pop-up
// over canvas c, as wide as most of the window, and returns it.
func popUp(c fyne.Canvas, title string, content fyne.CanvasObject, buttons ...*widget.Button) *widget.PopUp {
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	row := container.NewHBox(layout.NewSpacer())
	for _, b := range buttons {
		row.Add(b)
	}
	box := container.NewBorder(container.NewVBox(head, widget.NewSeparator()), row, nil, nil, content)
	pop := widget.NewModalPopUp(container.NewPadded(box), c)
	w := c.Size().Width * 0.7
	pop.Resize(fyne.NewSize(w, box.MinSize().Height+theme.Padding()*4))
	return pop
}

// revealText is the reveal's first lines: "Guess 8,000   Measured 5,123",
// then by how much the run differed from the guess.
func revealText(p *compare.Prediction) string {
	g := compare.FormatValue(p.Guess, p.Unit)
	if p.Measured == nil {
		return "Guess " + g + ": this run did not measure " + p.Title + "."
	}
	m := compare.FormatValue(compare.Round3(*p.Measured), p.Unit)
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
	return out + "\nThe run measured " + compare.FormatValue(compare.Round3(math.Abs(diff)), p.Unit) + " " + way +
		" than the guess: the guess was " + compare.FormatPercent(math.Abs(rel)) + " off."
}
