package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/meta"
	"concurrencylab/demos"
)

// keyHelp lists the keys, as the help overlay shows them.
var keyHelp = [][2]string{
	{"Space", "run, or pause and resume; before a run's end: play it"},
	{"Esc", "stop the run"},
	{"R", "reset: clear the board"},
	{"1  2  3", "views: Run, Code, Compare"},
	{"← →", "previous / next demo"},
	{"M", "next mode (Shift+M: previous)"},
	{"+  −", "more / fewer workers (live in live modes)"},
	{"K", "pick the next knob, speed last (Shift+K: previous)"},
	{"[  ]", "lower / raise the picked knob"},
	{"L", "next language in the Code view"},
	{"PgUp PgDn", "scroll the code"},
	{"Z", "code: whole file, or large and scrolled"},
	{"P", "projector mode"},
	{"Home  End", "the run's start / its head (live)"},
	{",  .", "one event back / forward"},
	{"<  >", "previous / next moment"},
	{"O", "lessons: pick a built-in one"},
	{"Ctrl+S  Ctrl+O", "save the run's recording; open a recording or a lesson"},
	{"V", "replay the history's selected run (Compare view)"},
	{"Ctrl+L", "save the picked runs as a lesson file"},
	{"N  B", "lesson: next / previous step"},
	{"F11", "full screen"},
	{"S", "sweep the worker counts (again: stop the sweep)"},
	{"G", "the class's guess before a run; Enter runs"},
	{"↑ ↓  Enter", "pick two runs to compare (Compare view)"},
	{"Ctrl+E J G", "save the history as CSV, JSON; the window as PNG"},
	{"?", "this list of keys"},
	{"Ctrl+Q", "quit"},
}

// keyboard is the part that wires the keys to the other parts, and shows
// the overlay that lists them.
type keyboard struct {
	lab  *Lab
	help dialog.Dialog // the keys overlay while it shows
}

// codePage is how many lines PageUp and PageDown move the code.
const codePage = 10

// bindKeys wires the keyboard. Keys reach the window only while no widget
// has the focus; every control hands the focus back after use (unfocus), and
// the window has no text entry that could want these keys.
func (kb *keyboard) bind() {
	l := kb.lab
	c := l.Window.Canvas()
	c.SetOnTypedKey(kb.typedKey)
	c.SetOnTypedRune(kb.typedRune)
	for key, f := range map[fyne.KeyName]func(){
		fyne.KeyQ: l.close,
		fyne.KeyS: l.play.save,
		fyne.KeyO: l.openDialog,
		fyne.KeyL: l.cmp.saveLesson,
	} {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { f() })
	}
	l.cmp.bindKeys()
}

func (kb *keyboard) typedKey(e *fyne.KeyEvent) {
	l := kb.lab
	if top := l.Window.Canvas().Overlays().Top(); top != nil {
		// a dialog or a select's menu is up: Esc closes it, other keys wait
		if e.Name == fyne.KeyEscape {
			kb.closeOverlay(top)
		}
		return
	}
	switch e.Name {
	case fyne.KeySpace:
		if l.play.canPlay() {
			l.play.togglePlay()
		} else {
			l.loop.runOrPause()
		}
	case fyne.KeyEscape:
		l.loop.stop()
	case fyne.KeyR:
		l.loop.reset()
	case fyne.KeyLeft:
		l.ctl.stepDemo(-1)
	case fyne.KeyRight:
		l.ctl.stepDemo(1)
	case fyne.KeyF11:
		l.Window.SetFullScreen(!l.Window.FullScreen())
	case fyne.KeyP:
		l.setProjector(!l.projector)
	case fyne.KeyF1:
		kb.showHelp()
	case fyne.KeyHome:
		l.play.home()
	case fyne.KeyEnd:
		l.play.end()
	case fyne.KeyPageDown:
		l.views.code.scroll(codePage)
	case fyne.KeyPageUp:
		l.views.code.scroll(-codePage)
	default:
		l.cmp.key(e)
	}
}

func (kb *keyboard) typedRune(r rune) {
	l := kb.lab
	if l.Window.Canvas().Overlays().Top() != nil {
		if r == '?' {
			kb.closeOverlay(l.Window.Canvas().Overlays().Top())
		}
		return
	}
	switch r {
	case '+', '=':
		l.ctl.nudgeWorkers(1)
	case '-', '_':
		l.ctl.nudgeWorkers(-1)
	case '?':
		kb.showHelp()
	case '1', '2', '3':
		l.views.showView(view(r - '1'))
	case 'm', 'M':
		l.ctl.stepMode(map[bool]int{true: -1, false: 1}[r == 'M'])
	case 'k', 'K':
		l.ctl.pickKnob(map[bool]int{true: -1, false: 1}[r == 'K'])
	case '[':
		l.ctl.nudgePicked(-1)
	case ']':
		l.ctl.nudgePicked(1)
	case ',':
		l.play.step(-1)
	case '.':
		l.play.step(1)
	case '<':
		l.play.moment(-1)
	case '>':
		l.play.moment(1)
	case 'n', 'N':
		l.lessons.move(1)
	case 'b', 'B':
		l.lessons.move(-1)
	case 'o', 'O':
		l.lessons.menu()
	case 'z', 'Z':
		l.views.code.zoom()
	case 'l', 'L':
		l.views.code.step(map[bool]int{true: -1, false: 1}[r == 'L'])
	default:
		l.cmp.typedRune(r)
	}
}

// nativeMenu is whether the window gets a main menu: on macOS it lives in
// the system's menu bar and costs the window nothing. Elsewhere Fyne draws
// it as a bar inside the window, a row of height the views need more at
// 1280x720; there About and the keys are in the ? overlay (and the About
// button in the normal theme).
var nativeMenu = runtime.GOOS == "darwin"

// setMenu gives the window its main menu where it is native: Help with the
// keys and About.
func (kb *keyboard) setMenu() {
	l := kb.lab
	if !nativeMenu {
		return
	}
	l.Window.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu("Help",
		fyne.NewMenuItem("Keys  ?", kb.showHelp),
		fyne.NewMenuItem("About "+meta.Name, l.showAbout))))
}

// showHelp shows the overlay that lists the keys, and a way to About.
func (kb *keyboard) showHelp() {
	l := kb.lab
	l.unfocus()
	// two columns of keys: one would be taller than a 1280x720 screen in
	// projector mode
	half := (len(keyHelp) + 1) / 2
	cols := container.NewHBox()
	for _, part := range [][][2]string{keyHelp[:half], keyHelp[half:]} {
		rows := make([]fyne.CanvasObject, 0, 2*len(part))
		for _, k := range part {
			rows = append(rows, widget.NewLabelWithStyle(k[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true, Monospace: true}),
				widget.NewLabel(k[1]))
		}
		cols.Add(container.New(layout.NewFormLayout(), rows...))
	}
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: "States are told by mark and word as well as colour:",
		Style: widget.RichTextStyleParagraph}}
	for _, st := range []demos.State{demos.Running, demos.Waiting, demos.Sleeping, demos.Done, demos.Failed, demos.Cancelled, demos.Pending} {
		segs = append(segs,
			&widget.TextSegment{Text: stateMark(st), Style: widget.RichTextStyle{Inline: true, TextStyle: markStyle}},
			&widget.TextSegment{Text: " " + st.String() + "    ", Style: widget.RichTextStyleInline})
	}
	note := widget.NewRichText(segs...)
	var d dialog.Dialog
	about := widget.NewButtonWithIcon("About "+meta.Name, theme.InfoIcon(), func() {
		d.Hide()
		l.showAbout()
	})
	content := container.NewVBox(cols, widget.NewSeparator(), note,
		container.NewHBox(about))
	d = dialog.NewCustom("Keys", "Close  Esc", content, l.Window)
	d.SetOnClosed(func() {
		if kb.help == d {
			kb.help = nil
		}
	})
	kb.help = d
	d.Show()
}

// closeOverlay closes the help dialog, or else the overlay on top (a
// select's menu).
func (kb *keyboard) closeOverlay(top fyne.CanvasObject) {
	l := kb.lab
	if kb.help != nil {
		kb.help.Hide()
		return
	}
	if top != nil {
		l.Window.Canvas().Overlays().Remove(top)
	}
}
