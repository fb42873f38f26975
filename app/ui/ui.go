// Package ui is Concurrency Lab's window: it builds Fyne widgets from a run's
// snapshots.
//
// One frame loop (a fyne.Animation, see frame.go) is the only code that
// reads a run: once per rendered frame, on the UI goroutine, it takes one
// snapshot when the run changed and updates every view from it. Controls
// talk to the run directly (Stop, Pause, SetWorkers, SetSpeed); nothing
// calls fyne.Do per event.
package ui

import (
	"image/color"
	"math"
	"os"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/meta"
	"concurrencylab/demos"
)

// probesAfter is how long after the app starts the peer probes begin.
const probesAfter = 500 * time.Millisecond

// firstSize fits a 1280x720 projector with room for the window's frame.
var firstSize = fyne.NewSize(1240, 700)

// Lab is the main window: the demo and settings the controls stand at,
// and the parts that make up the window, each owning its widgets and the
// behaviour behind them. Parts reach one another through the Lab, wired
// once in New.
type Lab struct {
	App    fyne.App
	Window fyne.Window

	all        []*demos.Demo
	demo       *demos.Demo
	cfg        demos.Config // what the controls say for demo
	speed      float64
	projector  bool
	loading    bool // controls are being set by the program, not the user
	prefsDirty bool // a slider moved since the settings were last written
	firstStart bool // no window size was saved: Show fits the window to the screen

	sess  *session    // the runs: their lifecycle and the frame loop's decisions (session.go)
	loop  *frameLoop  // starts, stops and draws runs, once a frame (frame.go)
	ctl   *controlBar // the top line and the knobs' sliders (controls.go)
	info  *statusLine // the status, the clock and the slow-motion banner (status.go)
	views *viewSet    // the three views and what feeds them (views.go)
	cmp   *labCompare // the run history, the Compare view, the guess, a sweep (compare_lab.go)
	keys  *keyboard   // the keys and their overlay (keys.go)
	// lessons plays a lesson file: its bar, its steps (lessonbar.go)
	lessons *lessonBar
	play    *playback // the cursor in the run's recording (playback.go)
}

// controlBar is the part that sets up and drives a run: the top line and
// the knobs' sliders.
type controlBar struct {
	lab               *Lab
	demoSel, modeSel  *widget.Select
	modeHelp          *widget.Label
	workers, speedK   *knobSlider
	knobs             []*knobSlider
	picked            int // the knob [ and ] move: an index of keyKnobs
	sliderRow         *fyne.Container
	runBtn, pauseBtn  *widget.Button
	stopBtn, resetBtn *widget.Button
	projCheck         *widget.Check
	aboutBtn          *widget.Button
	keysBtn           *widget.Button
	demoLbl, modeLbl  fyne.CanvasObject
	top               *fyne.Container
}

// viewSet is the part that shows a run: the three views' widgets and what
// feeds them.
type viewSet struct {
	lab       *Lab
	view      view              // the view shown
	tabs      [3]*widget.Button // switch the views; keys 1, 2, 3
	stack     *fyne.Container   // the three views, one shown
	runView   *fyne.Container   // the board beside the right column
	codeView  *fyne.Container   // the code, the explanation, the strip
	cmpView   fyne.CanvasObject // runs compared (compare.go)
	strip     *stripText        // the run's figures beside the code's tabs
	explain   *fyne.Container   // the mode's help and what to notice, over the code
	board     *board
	figs      *figures
	timeline  frameWidget
	legend    fyne.CanvasObject
	charts    map[string]frameWidget // per demo, created on first use
	chart     frameWidget
	pictures  map[string]Picture // per demo, kept for the life of the window: they remember earlier runs
	pic       Picture            // the current demo's picture, or nil
	shown     frameWidget        // the picture or chart in the right column, or nil
	right     *fyne.Container    // the status, the figures, the picture, the output, the timeline and the legend
	column    *columnLayout      // right's layout
	statusBox *fyne.Container    // the status line at two lines' height
	figsMin   fyne.Size          // the figures' height when the right column was last laid out
	outBox    fyne.CanvasObject  // the output pane under its title
	content   *fyne.Container    // everything in the window, before the screen cap
	code      *codePane
	output    *outputPane
	notice    *noticePane
	lesson    *widget.Label // what to notice, on the Run view once a run ended (projector mode)
}

// New builds the main window of app a, restoring the last session's demo,
// settings, projector mode and window size from a's preferences.
func New(a fyne.App) *Lab {
	l := &Lab{App: a, speed: 1}
	sess := newSession()
	l.sess = &sess
	l.loop = &frameLoop{lab: l, stats: newFrameStats(os.Getenv(statsEnv) == "1", os.Stderr)}
	l.ctl = &controlBar{lab: l}
	l.info = &statusLine{lab: l}
	l.views = &viewSet{lab: l, charts: map[string]frameWidget{}, pictures: map[string]Picture{}}
	l.cmp = &labCompare{lab: l}
	l.keys = &keyboard{lab: l}
	l.lessons = newLessonBar(l)
	l.play = newPlayback(l)
	if a.Preferences().Bool(prefProjector) {
		// Before any widget exists: Fyne re-themes a live window only once
		// the app runs, so widgets built under another theme would keep
		// stale sizes.
		a.Settings().SetTheme(newProjectorTheme())
	} else {
		a.Settings().SetTheme(newNormalTheme())
	}
	// The fonts load while GLFW starts: see warmFonts.
	var warm sync.WaitGroup
	warm.Go(warmFonts)
	l.Window = a.NewWindow(meta.Name)
	warm.Wait()
	l.Window.SetIcon(Icon())
	l.all = demos.All()
	// Which peer modes run here is asked once the window is up: the probes
	// start compilers and interpreters, which would compete with the
	// window's start for the cores (about 60 ms of it on two). A mode
	// asked about before has its answer at once, by asking.
	a.Lifecycle().SetOnStarted(func() { time.AfterFunc(probesAfter, demos.StartProbes) })
	l.loop.anim = &fyne.Animation{Duration: time.Second, RepeatCount: fyne.AnimationRepeatForever,
		Curve: fyne.AnimationLinear, Tick: func(float32) { l.loop.frame() }}
	l.build()
	l.restore()
	l.keys.bind()
	l.keys.setMenu()
	l.Window.SetCloseIntercept(l.close)
	return l
}

// warmFonts loads the faces of the text styles the window uses, on another
// core while NewWindow starts GLFW on this one. Fyne loads a style's faces
// (its font, the emoji and symbol fonts, a system fallback found by
// scanning the system's fonts) when a text first needs them: about 85 ms
// of a cold start. Measuring text from two goroutines at once is not safe
// in Fyne (they share one shaper), so New waits for it before any widget
// measures anything; NewWindow measures no text.
func warmFonts() {
	for _, s := range []fyne.TextStyle{{Bold: true}, {}, {Monospace: true}} {
		fyne.MeasureText("0", theme.TextSize(), s)
	}
}

// Show shows the window, no larger than the screen's usable area.
func (l *Lab) Show() {
	l.Window.Show()
	l.fitScreen()
}

func (l *Lab) build() {
	l.ctl.build()
	unfocus := l.unfocus
	l.views.timeline = NewTimeline()
	l.views.legend = NewLegend()
	l.views.board = newBoard(&l.sess.snap, NewOverview(), unfocus)
	l.views.figs = newFigures()
	l.views.code = newCodePane()
	l.views.output = newOutputPane(&l.sess.snap, unfocus)
	l.views.notice = newNoticePane()
	outputHead := widget.NewLabelWithStyle("Output (printed lines)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.views.outBox = container.NewBorder(outputHead, nil, nil, nil, l.views.output.box)

	l.ctl.top = container.NewVBox()
	l.cmp.build()
	l.views.build()
	l.ctl.layoutTop()
	l.views.content = container.NewBorder(l.ctl.top, nil, nil, nil, l.views.stack)
	l.Window.SetContent(container.New(&capLayout{limit: firstSize}, l.views.content))
}

func (cb *controlBar) build() {
	l := cb.lab
	titles := make([]string, len(l.all))
	for i, d := range l.all {
		titles[i] = d.Title
	}
	cb.demoSel = widget.NewSelect(titles, func(string) {
		if l.loading {
			return
		}
		if i := cb.demoSel.SelectedIndex(); i >= 0 {
			l.selectDemo(l.all[i])
		}
		l.unfocus()
	})
	cb.demoSel.PlaceHolder = longest(titles) // Select sizes itself on its placeholder
	cb.modeSel = widget.NewSelect(nil, func(m string) {
		if l.loading {
			return
		}
		cb.setMode(m)
		l.unfocus()
	})
	cb.modeHelp = widget.NewLabel("")
	cb.modeHelp.Wrapping = fyne.TextWrapWord

	cb.runBtn = widget.NewButtonWithIcon("Run  Space", theme.MediaPlayIcon(), l.loop.start)
	cb.runBtn.Importance = widget.HighImportance
	cb.pauseBtn = widget.NewButtonWithIcon("Pause  Space", theme.MediaPauseIcon(), l.loop.togglePause)
	cb.stopBtn = widget.NewButtonWithIcon("Stop  Esc", theme.MediaStopIcon(), l.loop.stop)
	cb.resetBtn = widget.NewButtonWithIcon("Reset  R", theme.MediaReplayIcon(), l.loop.reset)
	cb.projCheck = widget.NewCheck("Projector  P", func(on bool) {
		if !l.loading {
			l.setProjector(on)
		}
		l.unfocus()
	})
	cb.aboutBtn = widget.NewButtonWithIcon("About", theme.InfoIcon(), l.showAbout)
	cb.keysBtn = widget.NewButtonWithIcon("Keys  ?", theme.HelpIcon(), l.keys.showHelp)
	cb.demoLbl = centered(widget.NewLabel("Demo"))
	cb.modeLbl = centered(widget.NewLabel("Mode"))

	l.info.elapsed = canvas.NewText("0.000 s", theme.Color(theme.ColorNameForeground))
	l.info.elapsed.TextStyle = fyne.TextStyle{Bold: true}
	l.info.slowText = canvas.NewText("", okabeInk)
	l.info.slowText.TextStyle = fyne.TextStyle{Bold: true}
	l.info.slow = container.NewStack(canvas.NewRectangle(okabeYellow), container.NewPadded(container.NewCenter(l.info.slowText)))
	l.info.slow.Hide()
	l.info.status = widget.NewLabel("")
	l.info.status.Wrapping = fyne.TextWrapWord

	speed := demos.Knob{Name: "speed", Title: "Speed", Kind: demos.Float, Default: 1, Min: 0.1, Max: 1}
	cb.speedK = newKnobSlider(speed, 1, cb.setSpeed)
	cb.speedK.grain = 0.1
	cb.speedK.format = func(v float64) string {
		if v >= 1 {
			return "1× real time"
		}
		return speedText(v) + " slow motion"
	}
	cb.speedK.slider.OnChangeEnded = cb.dragEnded
	cb.sliderRow = container.NewGridWithColumns(4)
	cb.updateButtons()
}

// okabeInk is the text colour on the slow-motion banner's yellow.
var okabeInk = color.NRGBA{0, 0, 0, 0xff}

// speedText renders a speed factor: "0.3×".
func speedText(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) + "×"
}

// longest returns the longest of ss, to size a Select by.
func longest(ss []string) string {
	var out string
	for _, s := range ss {
		if len([]rune(s)) > len([]rune(out)) {
			out = s
		}
	}
	return out + "  "
}

// unfocus gives keys back to the window: after a click on a select, a
// slider or a check, Space and the arrows must drive the Lab again.
func (l *Lab) unfocus() {
	if c := l.Window.Canvas(); c != nil {
		c.Unfocus()
	}
}

// centered keeps a label's text level with the controls beside it.
func centered(o fyne.CanvasObject) fyne.CanvasObject { return container.NewCenter(o) }

// layoutTop arranges the controls in as little height as they read in: the
// views are the show. One line holds the demo, its mode, the worker count,
// Run, Pause and Stop, and flows onto a second only in a narrow window; the
// normal theme adds a row of the other sliders. Under them, the views' tabs
// share a row with the clock (and, in the Code view, the snippets' buttons
// and the run's figures). Projector mode drops
// the words "Demo" and "Mode", the key names on the buttons, Reset and
// About (R and the ? overlay have them) and the knobs' sliders (the keys
// move them), so the board and the figures get the height.
func (cb *controlBar) layoutTop() {
	l := cb.lab
	if cb.workers == nil {
		return // no demo chosen yet
	}
	cb.workers.setInline(true)
	var line []fyne.CanvasObject
	if !l.projector {
		line = append(line, cb.demoLbl)
	}
	line = append(line, cb.demoSel)
	if !l.projector {
		line = append(line, cb.modeLbl)
	}
	line = append(line, cb.modeSel, cb.workers.box, cb.runBtn, cb.pauseBtn, cb.stopBtn)
	if !l.projector {
		line = append(line, cb.resetBtn)
	}
	bar := container.New(&barLayout{stretch: cb.workers.box}, line...)
	cb.setButtonWords()

	// the views' tabs, the Code view's snippets and figures, and at the
	// right end the clock, in one line that flows like the controls'
	row := []fyne.CanvasObject{l.views.tabs[0], l.views.tabs[1], l.views.tabs[2], l.views.code.bar, l.views.strip, l.info.slow, l.info.elapsed}
	if !l.projector {
		row = append(row, cb.projCheck)
	}
	row = append(row, cb.keysBtn)
	if !l.projector {
		row = append(row, cb.aboutBtn)
	}
	tabRow := container.New(&barLayout{stretch: l.views.strip}, row...)
	objs := []fyne.CanvasObject{bar}
	if !l.projector {
		objs = append(objs, cb.sliderRow, tabRow)
	} else {
		// one flow for the controls and the tabs: at 1024 pixels Pause
		// and Stop go to the tabs' line rather than to a line of their
		// own, and the controls take two lines, not three
		// the tabs go as one: a line never ends between Run and Code
		tabs := container.NewHBox(l.views.tabs[0], l.views.tabs[1], l.views.tabs[2])
		flow := &topFlow{stretches: []fyne.CanvasObject{cb.workers.box, l.views.strip}, elastic: l.views.strip}
		objs = []fyne.CanvasObject{container.New(flow, append(append(line, tabs), row[3:]...)...)}
	}
	cb.top.Objects = append(objs, widget.NewSeparator(), l.lessons.box)
	cb.top.Refresh()
}

// setButtonWords names the run buttons with their keys in the normal
// theme; projector mode's larger text keeps the words alone.
func (cb *controlBar) setButtonWords() {
	l := cb.lab
	words := map[*widget.Button][2]string{
		cb.runBtn: {"Run", "  Space"}, cb.stopBtn: {"Stop", "  Esc"}, cb.resetBtn: {"Reset", "  R"},
	}
	for b, w := range words {
		text := w[0]
		if !l.projector {
			text += w[1]
		}
		if b.Text != text {
			b.SetText(text)
		}
	}
	// projector mode: the help icon alone, so that the Code view's
	// languages, the clock and Keys share the second line at 1024 pixels
	keys := "Keys  ?"
	if l.projector {
		keys = ""
	}
	if cb.keysBtn.Text != keys {
		cb.keysBtn.SetText(keys)
	}
	cb.updateButtons()
}

// twoLines holds one wrapping label at the height of two lines of its text
// (more if it needs more), so that the label's row keeps its height when
// its text wraps or not.
type twoLines struct{}

func (twoLines) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	w, ok := objs[0].(fyne.Widget)
	if !ok {
		return m
	}
	ts := theme.SizeForWidget(theme.SizeNameText, w)
	lineH := fyne.MeasureText("Ag", ts, fyne.TextStyle{}).Height
	two := 2*lineH + theme.SizeForWidget(theme.SizeNameLineSpacing, w) + 2*theme.SizeForWidget(theme.SizeNameInnerPadding, w)
	return fyne.NewSize(m.Width, max(m.Height, two))
}

func (twoLines) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	m := objs[0].MinSize()
	objs[0].Move(fyne.NewPos(0, (size.Height-m.Height)/2))
	objs[0].Resize(fyne.NewSize(size.Width, m.Height))
}

// capLayout gives its one object all of the window and asks for no more
// than limit. Fyne grows a window to its content's minimum size and never
// shrinks it back: a minimum that peaks for one frame (wrapped labels
// measured at zero width while the theme changes) would leave the window
// taller than the screen. The views are tested to fit limit (TestFits...).
type capLayout struct{ limit fyne.Size }

func (c *capLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(min(m.Width, c.limit.Width), min(m.Height, c.limit.Height))
}

func (c *capLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}
