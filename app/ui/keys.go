package ui

import (
	"fmt"
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
	{"J", "the run's moments: ↑ ↓ Enter jumps to one"},
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
	lab      *Lab
	help     dialog.Dialog // the keys overlay while it shows
	turnHelp func(by int)  // turns its pages
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
		switch {
		case e.Name == fyne.KeyEscape:
			kb.closeOverlay(top)
		case kb.turnHelp != nil && (e.Name == fyne.KeyRight || e.Name == fyne.KeyPageDown):
			kb.turnHelp(1)
		case kb.turnHelp != nil && (e.Name == fyne.KeyLeft || e.Name == fyne.KeyPageUp):
			kb.turnHelp(-1)
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
	case 'j', 'J':
		l.play.showMoments()
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

// showHelp shows the overlay that lists the keys, and a way to About. The
// keys come in pages of as many rows as the window holds (→ and ← turn
// them), so that the overlay fits a projector's 1280x720 or 1024x768 at
// its large text and its buttons never cover the list.
func (kb *keyboard) showHelp() {
	l := kb.lab
	l.unfocus()
	rowH := widget.NewLabel("Ag").MinSize().Height + theme.Padding()
	per := max(4, int(l.Window.Canvas().Size().Height/rowH)-5) // the title, the buttons, the margins
	var pages [][][2]string
	for i := 0; i < len(keyHelp); i += per {
		pages = append(pages, keyHelp[i:min(i+per, len(keyHelp))])
	}
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: "States are told by mark and word as well as colour:",
		Style: widget.RichTextStyleParagraph}}
	for _, st := range []demos.State{demos.Running, demos.Waiting, demos.Sleeping, demos.Done, demos.Failed, demos.Cancelled, demos.Pending} {
		segs = append(segs,
			&widget.TextSegment{Text: stateMark(st), Style: widget.RichTextStyle{Inline: true, TextStyle: markStyle}},
			&widget.TextSegment{Text: " " + st.String() + "    ", Style: widget.RichTextStyleInline})
	}
	note := widget.NewRichText(segs...)
	note.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	about := widget.NewButtonWithIcon("About "+meta.Name, theme.InfoIcon(), func() {
		d.Hide()
		l.showAbout()
	})
	list := container.NewStack()
	pageLbl := widget.NewLabel("")
	var turn func(int)
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { turn(-1) })
	next := widget.NewButtonWithIcon("More", theme.NavigateNextIcon(), func() { turn(1) })
	page := 0
	turn = func(by int) {
		page = max(0, min(len(pages)-1, page+by))
		rows := make([]fyne.CanvasObject, 0, 2*per)
		for _, k := range pages[page] {
			rows = append(rows, widget.NewLabelWithStyle(k[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true, Monospace: true}),
				widget.NewLabel(k[1]))
		}
		body := container.NewVBox(container.New(layout.NewFormLayout(), rows...))
		if page == len(pages)-1 {
			// the legend on the last page, where the rows leave it room
			body.Add(widget.NewSeparator())
			body.Add(note)
		}
		list.Objects = []fyne.CanvasObject{body}
		list.Refresh()
		pageLbl.SetText(fmt.Sprintf("page %d of %d", page+1, len(pages)))
		enable(prev, page > 0)
		enable(next, page < len(pages)-1)
	}
	turn(0)
	content := container.NewBorder(nil, container.NewHBox(about, layout.NewSpacer(), pageLbl, prev, next), nil, nil, list)
	d = dialog.NewCustom("Keys", "Close  Esc", content, l.Window)
	d.SetOnClosed(func() {
		if kb.help == d {
			kb.help, kb.turnHelp = nil, nil
		}
	})
	kb.help, kb.turnHelp = d, turn
	d.Show()
	d.Resize(fyne.NewSize(min(l.Window.Canvas().Size().Width-4*theme.Padding(), content.MinSize().Width+8*theme.Padding()),
		d.MinSize().Height))
}

// closeOverlay closes the help dialog, or else the overlay on top: a save
// dialog (or the folder dialog in its place) as its Cancel does, anything
// else (a select's menu) by taking it down.
func (kb *keyboard) closeOverlay(top fyne.CanvasObject) {
	l := kb.lab
	if kb.help != nil {
		kb.help.Hide()
		return
	}
	if escapeOverlay(top) {
		return
	}
	if top != nil {
		l.Window.Canvas().Overlays().Remove(top)
	}
}
