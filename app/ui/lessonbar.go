package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/lesson"
	"concurrencylab/demos"
)

// Preference keys of the lesson last played: a built-in lesson's name or
// a file's path, and the step it was on (from 1).
const (
	prefLesson     = "lesson"
	prefLessonStep = "lesson.step"
)

// lessonBar is the part that plays a lesson: a bar over the views with the
// lesson's title, "step 2 of 5", the step's caption large, and Back and
// Next (keys B and N). A step sets the controls; Space runs it as any run;
// its reveal is said when the run ends. Leaving the lesson gives the
// controls back as they were.
type lessonBar struct {
	lab       *Lab
	lesson    *lesson.Lesson // nil: no lesson is open
	step      int            // the step shown, from 0
	before    demos.Config   // the controls before the lesson, given back when it ends
	demo      *demos.Demo    // and their demo
	title     *widget.Label
	caption   *widget.RichText
	box       *fyne.Container
	back      *widget.Button
	next      *widget.Button
	stopped   bool          // the step's run stopped at its moment
	revealing bool          // the caption is the step's reveal: its run ended
	runs      map[int]int64 // each step's last run, by the history record's At
}

func newLessonBar(l *Lab) *lessonBar {
	b := &lessonBar{lab: l, runs: map[int]int64{}}
	b.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.caption = widget.NewRichText()
	b.caption.Wrapping = fyne.TextWrapWord
	b.back = widget.NewButtonWithIcon("Back  B", theme.NavigateBackIcon(), func() { b.move(-1) })
	b.next = widget.NewButtonWithIcon("Next  N", theme.NavigateNextIcon(), func() { b.move(1) })
	leave := widget.NewButtonWithIcon("Leave", theme.CancelIcon(), b.leave)
	band := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	head := container.NewBorder(nil, nil, nil, container.NewHBox(b.back, b.next, leave), b.title)
	b.box = container.NewStack(band, container.NewVBox(head, b.caption))
	b.box.Hide()
	return b
}

// open starts lesson ls at step (from 0), remembering the controls to give
// back when it ends.
func (b *lessonBar) open(ls lesson.Lesson, step int) {
	l := b.lab
	if b.lesson == nil {
		b.before, b.demo = copyConfig(l.cfg), l.demo
	}
	b.lesson = &ls
	clear(b.runs)
	key := ls.BuiltIn
	if key == "" {
		key = ls.Path
	}
	l.App.Preferences().SetString(prefLesson, key)
	b.box.Show()
	b.show(min(max(0, step), len(ls.Steps)-1))
}

// move moves to the next (dir 1) or previous step.
func (b *lessonBar) move(dir int) {
	b.lab.unfocus()
	if b.lesson == nil {
		return
	}
	if i := b.step + dir; i >= 0 && i < len(b.lesson.Steps) {
		b.show(i)
	}
}

// show sets the controls to step i and says its caption and question.
func (b *lessonBar) show(i int) {
	l := b.lab
	b.step, b.stopped, b.revealing = i, false, false
	s := b.lesson.Steps[i]
	l.App.Preferences().SetInt(prefLessonStep, i+1)
	b.title.SetText(fmt.Sprintf("Lesson: %s · step %d of %d", b.lesson.Title, i+1, len(b.lesson.Steps)))
	b.setCaption(s.Caption)
	enable(b.back, i > 0)
	enable(b.next, i+1 < len(b.lesson.Steps))
	d, ok := demos.Lookup(s.Demo)
	if !ok {
		return // Parse checked it: a demo of another build
	}
	if l.demo != d {
		l.selectDemo(d)
	} else {
		l.loop.letGo()
		l.loop.clearView()
	}
	l.ctl.applyConfig(s.Config)
	if sp := s.Config.Speed; sp > 0 && sp != l.speed {
		l.ctl.speedK.set(sp)
		l.ctl.setSpeed(sp)
	}
	switch why := s.Unavailable(); {
	case why != "":
		l.info.say(fmt.Sprintf("This step's mode cannot run here: %s.", why))
	case s.Question != "":
		l.info.status.TextStyle = fyne.TextStyle{Bold: true}
		l.info.status.SetText("Question: " + s.Question + "  (Space runs)")
	}
	l.views.showView(viewRun)
}

// setCaption shows text large: the caption is what the class reads while
// the step is on, and its reveal once it ran.
func (b *lessonBar) setCaption(text string) {
	// a heading's size in the normal theme; projector mode's text is large
	// already, and a reveal of five heading lines left the Run view's
	// picture no room at 1280x720
	style := widget.RichTextStyleSubHeading
	if b.lab.projector {
		style = widget.RichTextStyleStrong
	}
	b.caption.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: style}}
	b.caption.Refresh()
}

// started follows a run's start: the step may stop at its moment again.
func (b *lessonBar) started() { b.stopped = false }

// watch stops the step's run at the moment it names, once it has happened:
// the run pauses and the view rests on that moment. The frame loop calls
// it while a run is shown.
func (b *lessonBar) watch() {
	l := b.lab
	if b.lesson == nil || b.stopped || !l.sess.live() {
		return
	}
	s := b.lesson.Steps[b.step]
	if s.StopAt == "" || s.Demo != l.demo.ID || !l.play.seekMoment(s.StopAt) {
		return
	}
	b.stopped = true
	l.sess.run.Pause()
	l.ctl.updateButtons()
	text := "the moment " + s.StopAt
	if ms := l.play.player.MomentAt(); len(ms) > 0 {
		text = ms[len(ms)-1].Text
	}
	l.info.say("Stopped here: " + text + ". Space resumes the run.")
}

// ended follows a run's end: the step's reveal is said after the outcome,
// and the run the step compares with stands beside this one.
func (b *lessonBar) ended(at int64) {
	if b.lesson == nil {
		return
	}
	l := b.lab
	s := b.lesson.Steps[b.step]
	b.runs[b.step] = at
	if s.Reveal != "" {
		// the reveal takes the caption's place, large: the step is run
		b.setCaption("Reveal: " + s.Reveal)
		b.revealing = true
		l.views.arrangeRun()
	}
	if other, ok := b.runs[s.Compare-1]; ok && s.Compare > 0 && at != 0 {
		l.cmp.view.pickPair(other, at)
	}
}

// revealed reports whether the lesson bar shows a step's reveal now.
func (b *lessonBar) revealed() bool {
	return b != nil && b.lesson != nil && b.revealing
}

// leave ends the lesson and gives the controls back.
func (b *lessonBar) leave() {
	l := b.lab
	l.unfocus()
	if b.lesson == nil {
		return
	}
	b.lesson = nil
	b.box.Hide()
	l.App.Preferences().RemoveValue(prefLesson)
	if b.demo != nil {
		if l.demo != b.demo {
			l.selectDemo(b.demo)
		}
		l.ctl.applyConfig(b.before)
	}
	l.info.sayReady()
}

// restore reopens the lesson last played, at its step, if it still reads.
func (b *lessonBar) restore() {
	p := b.lab.App.Preferences()
	key := p.String(prefLesson)
	if key == "" {
		return
	}
	ls, err := lesson.OpenBuiltIn(key)
	if err != nil {
		if ls, err = lesson.Open(key); err != nil {
			p.RemoveValue(prefLesson)
			return
		}
	}
	b.open(ls, p.Int(prefLessonStep)-1)
}

// menu lists the built-in lessons; picking one opens it.
func (b *lessonBar) menu() {
	l := b.lab
	l.unfocus()
	var lessons []lesson.Lesson
	for _, name := range lesson.BuiltIn() {
		if ls, err := lesson.OpenBuiltIn(name); err == nil {
			lessons = append(lessons, ls)
		}
	}
	list := widget.NewList(func() int { return len(lessons) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(fmt.Sprintf("%s (%d steps)", lessons[i].Title, len(lessons[i].Steps)))
		})
	var d dialog.Dialog
	list.OnSelected = func(i widget.ListItemID) {
		d.Hide()
		b.open(lessons[i], 0)
	}
	box := container.NewGridWrap(fyne.NewSize(560, 420), list)
	d = dialog.NewCustom("Lessons", "Close  Esc", box, l.Window)
	d.Show()
}
