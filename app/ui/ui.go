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
	"context"
	"image/color"
	"math"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/meta"
	"concurrencylab/demos"
)

// firstSize fits a 1280x720 projector with room for the window's frame.
var firstSize = fyne.NewSize(1240, 700)

// Lab is the main window and the state behind it.
type Lab struct {
	App    fyne.App
	Window fyne.Window

	ctx    context.Context // parent of every run; cancelled when the window closes
	cancel context.CancelFunc

	all        []*demos.Demo
	demo       *demos.Demo
	cfg        demos.Config // what the controls say for demo
	speed      float64
	projector  bool
	loading    bool // controls are being set by the program, not the user
	statusOn   bool // in projector mode, the status shows rather than the mode's help
	prefsDirty bool // a slider moved since the settings were last written

	run       *demos.Run // the current or last run; nil after Reset
	ended     bool       // run has ended and its final frame is shown
	slowRun   bool       // the run went below 1x at some moment
	retired   []*demos.Run
	snap      demos.Snapshot // the frame's snapshot; its storage is reused
	seq       uint64         // snap's Seq
	lastDraw  time.Time      // when the views were last updated
	anim      *fyne.Animation
	animOn    bool
	baselines map[string]time.Duration // 1-worker elapsed per demo, mode and knobs

	// controls
	demoSel, modeSel  *widget.Select
	modeHelp          *widget.Label
	workers, speedK   *knobSlider
	knobs             []*knobSlider
	sliderRow         *fyne.Container
	runBtn, pauseBtn  *widget.Button
	stopBtn, resetBtn *widget.Button
	projCheck         *widget.Check
	aboutBtn          *widget.Button
	keysBtn           *widget.Button
	demoLbl, modeLbl  fyne.CanvasObject
	top               *fyne.Container
	elapsed           *canvas.Text
	slow              *fyne.Container
	slowText          *canvas.Text
	status            *widget.Label
	help              dialog.Dialog // the keys overlay while it shows

	// views
	board    *board
	figs     *figures
	timeline frameWidget
	legend   fyne.CanvasObject
	charts   map[string]frameWidget // per demo, created on first use
	chart    frameWidget
	pictures map[string]Picture // per demo, kept for the life of the window: they remember earlier runs
	pic      Picture            // the current demo's picture, or nil
	left     *fyne.Container    // the board, and under it the demo's picture or its chart
	right    *fyne.Container    // the figures, the timeline and the legend
	figsMin  fyne.Size          // the figures' height when the right column was last laid out
	body     *container.Split   // the views above, code and output below
	bottom   *container.Split   // code beside the output and notice, or the notice alone
	// outNotice is the output pane beside the notice, for demos that print;
	// the others give the output's room to the code and the notice.
	outNotice    *container.Split
	noticeScroll *container.Scroll
	content      *fyne.Container // everything in the window, before the screen cap
	code         *codePane
	output       *outputPane
	notice       *noticePane
}

// New builds the main window of app a, restoring the last session's demo,
// settings, projector mode and window size from a's preferences.
func New(a fyne.App) *Lab {
	l := &Lab{App: a, speed: 1, baselines: map[string]time.Duration{}, charts: map[string]frameWidget{},
		pictures: map[string]Picture{}}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	l.Window = a.NewWindow(meta.Name)
	l.Window.SetIcon(meta.Icon())
	l.all = demos.All()
	if a.Preferences().Bool(prefProjector) {
		// Before any widget exists: Fyne re-themes a live window only once
		// the app runs, so widgets built under another theme would keep
		// stale sizes.
		a.Settings().SetTheme(newProjectorTheme())
	}
	l.anim = &fyne.Animation{Duration: time.Second, RepeatCount: fyne.AnimationRepeatForever,
		Curve: fyne.AnimationLinear, Tick: func(float32) { l.frame() }}
	l.build()
	l.restore()
	l.bindKeys()
	l.setMenu()
	l.Window.SetCloseIntercept(l.close)
	return l
}

// Show shows the window, no larger than the screen's usable area.
func (l *Lab) Show() {
	l.Window.Show()
	l.fitScreen()
}

func (l *Lab) build() {
	l.buildControls()
	unfocus := l.unfocus
	l.timeline = newTimelineView()
	l.legend = newLegendView()
	l.board = newBoard(&l.snap, newOverviewView(), unfocus)
	l.figs = newFigures()
	l.code = newCodePane()
	l.output = newOutputPane(&l.snap, unfocus)
	l.notice = newNoticePane()

	l.top = container.NewVBox()
	l.layoutTop()
	// The show: the board and under it the demo's own picture on the left;
	// the figures, the timeline and the legend on the right. Nothing of it
	// hides behind a tab.
	l.right = container.New(&columnLayout{}, container.NewVBox(l.figs.box, widget.NewSeparator()), l.timeline, l.legend)
	l.left = container.New(&underLayout{}, l.board.object())
	middle := container.NewHSplit(l.left, l.right)
	middle.SetOffset(0.48)

	outputHead := widget.NewLabelWithStyle("Output (printed lines)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.noticeScroll = container.NewVScroll(l.notice.box)
	l.outNotice = container.NewHSplit(container.NewBorder(outputHead, nil, nil, nil, l.output.box), l.noticeScroll)
	l.outNotice.SetOffset(0.5)
	l.bottom = container.NewHSplit(l.code.tabs, l.outNotice)

	l.body = container.NewVSplit(middle, l.bottom)
	l.body.SetOffset(bodyOffset)
	l.content = container.NewBorder(l.top, nil, nil, nil, l.body)
	l.Window.SetContent(container.New(&capLayout{limit: firstSize}, l.content))
}

func (l *Lab) buildControls() {
	titles := make([]string, len(l.all))
	for i, d := range l.all {
		titles[i] = d.Title
	}
	l.demoSel = widget.NewSelect(titles, func(string) {
		if l.loading {
			return
		}
		if i := l.demoSel.SelectedIndex(); i >= 0 {
			l.selectDemo(l.all[i])
		}
		l.unfocus()
	})
	l.demoSel.PlaceHolder = longest(titles) // Select sizes itself on its placeholder
	l.modeSel = widget.NewSelect(nil, func(m string) {
		if l.loading {
			return
		}
		l.setMode(m)
		l.unfocus()
	})
	l.modeHelp = widget.NewLabel("")
	l.modeHelp.Wrapping = fyne.TextWrapWord

	l.runBtn = widget.NewButtonWithIcon("Run  Space", theme.MediaPlayIcon(), l.start)
	l.runBtn.Importance = widget.HighImportance
	l.pauseBtn = widget.NewButtonWithIcon("Pause  Space", theme.MediaPauseIcon(), l.togglePause)
	l.stopBtn = widget.NewButtonWithIcon("Stop  Esc", theme.MediaStopIcon(), l.stop)
	l.resetBtn = widget.NewButtonWithIcon("Reset  R", theme.MediaReplayIcon(), l.reset)
	l.projCheck = widget.NewCheck("Projector  P", func(on bool) {
		if !l.loading {
			l.setProjector(on)
		}
		l.unfocus()
	})
	l.aboutBtn = widget.NewButtonWithIcon("About", theme.InfoIcon(), l.showAbout)
	l.keysBtn = widget.NewButtonWithIcon("Keys  ?", theme.HelpIcon(), l.showHelp)
	l.demoLbl = centered(widget.NewLabel("Demo"))
	l.modeLbl = centered(widget.NewLabel("Mode"))

	l.elapsed = canvas.NewText("0.000 s", theme.Color(theme.ColorNameForeground))
	l.elapsed.TextStyle = fyne.TextStyle{Bold: true}
	l.slowText = canvas.NewText("", okabeInk)
	l.slowText.TextStyle = fyne.TextStyle{Bold: true}
	l.slow = container.NewStack(canvas.NewRectangle(okabeYellow), container.NewPadded(container.NewCenter(l.slowText)))
	l.slow.Hide()
	l.status = widget.NewLabel("")
	l.status.Wrapping = fyne.TextWrapWord

	speed := demos.Knob{Name: "speed", Title: "Speed", Kind: demos.Float, Default: 1, Min: 0.1, Max: 1}
	l.speedK = newKnobSlider(speed, 1, l.setSpeed)
	l.speedK.grain = 0.1
	l.speedK.format = func(v float64) string {
		if v >= 1 {
			return "1× real time"
		}
		return speedText(v) + " slow motion"
	}
	l.speedK.slider.OnChangeEnded = l.dragEnded
	l.sliderRow = container.NewGridWithColumns(4)
	l.updateButtons()
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
// board, figures, picture and timeline are the show. The normal theme puts
// the speed beside the Run buttons and the other sliders on one row.
// Projector mode drops the words "Demo" and "Mode", the About button (About
// stays in the ? overlay) and the status line, gives the mode's help a line
// of its own and puts worker and speed sliders side by side, so the large
// theme still fits 1280x720.
func (l *Lab) layoutTop() {
	buttons := container.NewHBox(l.runBtn, l.pauseBtn, l.stopBtn, l.resetBtn)
	// The mode's help and the status line keep two lines' height whether
	// they wrap or not: the bar must not grow under the pointer when a
	// text changes (a click on the Mode list missed when it moved).
	help := container.New(twoLines{}, l.modeHelp)
	status := container.New(twoLines{}, l.status)
	if l.projector {
		l.top.Objects = []fyne.CanvasObject{
			container.NewBorder(nil, nil, container.NewHBox(l.demoSel, l.modeSel),
				container.NewHBox(l.projCheck, l.keysBtn, l.elapsed)),
			container.NewBorder(nil, nil, buttons, l.slow),
			container.NewStack(help, status), // one at a time: see showStatus
			l.sliderRow,
			widget.NewSeparator(),
		}
	} else {
		l.top.Objects = []fyne.CanvasObject{
			container.NewBorder(nil, nil,
				container.NewHBox(l.demoLbl, l.demoSel, l.modeLbl, l.modeSel),
				container.NewHBox(l.projCheck, l.keysBtn, l.aboutBtn),
				help),
			container.NewBorder(nil, nil, buttons, container.NewHBox(l.slow, l.elapsed), status),
			l.sliderRow,
			widget.NewSeparator(),
		}
	}
	l.showStatus(l.statusOn)
	l.top.Refresh()
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

// The share of the window's body above the code, output and notice strip:
// the board, figures, picture and timeline are the show; the strip keeps a
// few lines of each, and its divider can be dragged.
const (
	bodyOffset  = 0.74
	printOffset = 0.5 // interleave: a printing demo is read in its output
)

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

// columnLayout stacks the figures, the timeline and the legend: the figures
// and the legend take the height they need at the column's width (the
// legend flows onto fewer rows when wide), the timeline all the rest.
type columnLayout struct{}

func (columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	return s.AddWidthHeight(0, 2*theme.Padding())
}

func (columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	top, mid, bottom := objs[0], objs[1], objs[2]
	bottom.Resize(fyne.NewSize(size.Width, bottom.Size().Height)) // the legend's rows follow its width
	bh := bottom.MinSize().Height
	th := top.MinSize().Height
	top.Move(fyne.NewPos(0, 0))
	top.Resize(fyne.NewSize(size.Width, th))
	mid.Move(fyne.NewPos(0, th+pad))
	mid.Resize(fyne.NewSize(size.Width, max(0, size.Height-th-bh-2*pad)))
	bottom.Move(fyne.NewPos(0, size.Height-bh))
	bottom.Resize(fyne.NewSize(size.Width, bh))
}
