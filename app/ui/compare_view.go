package ui

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// compareHooks is what the Compare view asks of the window around it.
type compareHooks struct {
	// current is the demo and configuration the controls show now: what a
	// sweep starts from.
	current func() (*demos.Demo, demos.Config)
	// sweep starts a sweep (the window runs it live on the Run view and
	// calls showSweep at its end); nil hides the Sweep action.
	sweep func(p compare.Plan)
	// stopSweep stops the sweep going on.
	stopSweep func()
	// done hands the keys back to the window after a button or a field.
	done func()
	// replay opens the selected run in the player; nil hides the button.
	replay func()
	// tell says one line in the window's status line: where a save went,
	// why a dialog did not open.
	tell func(string)
}

// compareScreen is the Compare view: the history of runs, newest first (tap
// two to put them side by side), the chart of the last sweep, the Sweep
// action with its worker counts and modes, and export of the history (CSV,
// JSON) and of the window (PNG).
type compareScreen struct {
	win   fyne.Window
	hist  *compare.History
	hooks compareHooks
	files *fileSaver // the exports' save dialogs

	recs   []compare.Record // newest first
	disk   string           // why the history on disk is not what is shown, or ""
	picks  []int64          // the At.UnixNano of the runs picked, oldest pick first
	cursor int              // the row the keys move (Up, Down) and pick (Enter)

	list     *widget.List
	count    *widget.Label
	clearBtn *widget.Button

	values   *widget.Entry // the sweep's axis values
	modes    *widget.Entry // the sweep's modes
	axisLbl  *widget.Label
	sweepBtn *widget.Button
	sweepMsg *widget.Label
	sweepBox *fyne.Container // the sweep's fields: hidden while a pair takes the column
	sweeping bool
	demoID   string // the demo the sweep fields were filled for

	chart    *sweepChart
	chartMsg *widget.Label
	pair     *fyne.Container
	hint     *widget.Label
	body     *fyne.Container // one of: the chart, the pair, the hint
	shown    string          // "chart", "pair" or "hint"

	content fyne.CanvasObject
}

// newCompareScreen builds the Compare view over hist. win is where its
// dialogs open.
func newCompareScreen(win fyne.Window, hist *compare.History, hooks compareHooks) *compareScreen {
	v := &compareScreen{win: win, hist: hist, hooks: hooks}
	if v.hooks.done == nil {
		v.hooks.done = func() {}
	}
	if v.hooks.tell == nil {
		v.hooks.tell = func(string) {}
	}
	// through the hooks, which the window (and tests) may set later
	v.files = &fileSaver{win: win, tell: func(s string) { v.hooks.tell(s) }, done: func() { v.hooks.done() }}
	v.count = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.count.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.recs) },
		func() fyne.CanvasObject {
			mark := widget.NewLabelWithStyle("  ", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
			text := widget.NewLabel("\n") // two lines: what ran, then its figures
			text.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, mark, nil, text)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			text, mark := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
			if id >= len(v.recs) {
				return
			}
			r := &v.recs[id]
			text.SetText(v.rowText(r))
			m := v.pickMark(r)
			if id == v.cursor {
				m = "›" + strings.TrimSpace(m)
			}
			mark.SetText(m)
		})
	v.list.OnSelected = func(id widget.ListItemID) {
		v.list.UnselectAll()
		if id < len(v.recs) {
			v.cursor = id
			v.toggle(v.recs[id].At.UnixNano())
		}
		v.hooks.done()
	}
	v.clearBtn = widget.NewButtonWithIcon("Clear history…", theme.DeleteIcon(), v.askClear)
	csvBtn := widget.NewButtonWithIcon("CSV  Ctrl+E", theme.DocumentSaveIcon(), v.exportCSV)
	jsonBtn := widget.NewButtonWithIcon("JSON  Ctrl+J", theme.DocumentSaveIcon(), v.exportJSON)
	pngBtn := widget.NewButtonWithIcon("PNG  Ctrl+G", theme.FileImageIcon(), v.exportPNG)
	// two rows of two: one row of four is wider than the column in
	// projector mode, and would push the sweep's fields off the window
	tools := container.NewGridWithColumns(2, csvBtn, jsonBtn, pngBtn, v.clearBtn)
	if v.hooks.replay != nil {
		// the selected row's run, in the player (V); Enter still picks
		replay := widget.NewButtonWithIcon("Replay  V", theme.MediaPlayIcon(), func() { v.hooks.replay(); v.hooks.done() })
		tools.Add(replay)
	}
	left := container.NewBorder(v.count, tools, nil, nil, v.list)

	v.values = widget.NewEntry()
	v.modes = widget.NewEntry()
	v.axisLbl = widget.NewLabel("Workers:")
	v.sweepBtn = widget.NewButtonWithIcon("Sweep  S", theme.MediaPlayIcon(), v.toggleSweep)
	v.sweepBtn.Importance = widget.HighImportance
	v.sweepMsg = widget.NewLabel("")
	v.sweepMsg.Wrapping = fyne.TextWrapWord
	if hooks.sweep == nil {
		v.sweepBtn.Hide()
	}
	form := container.New(layout.NewFormLayout(), v.axisLbl, v.values, widget.NewLabel("Modes:"), v.modes)
	// the button under the fields, not beside them: the fields keep the
	// width for their lists in projector mode at 1024 pixels
	v.sweepBox = container.NewVBox(form, container.NewBorder(nil, nil, nil, v.sweepBtn, v.sweepMsg))

	v.chart = newSweepChart()
	v.chartMsg = widget.NewLabel("")
	v.chartMsg.Wrapping = fyne.TextWrapWord
	v.hint = widget.NewLabel("Pick two runs in the history to set them side by side, " +
		"or press S to run the demo at each worker count above, in each mode, one run after another " +
		"(live on the Run view), and chart the speedup.")
	v.hint.Wrapping = fyne.TextWrapWord
	v.pair = container.NewStack()
	v.body = container.NewStack(v.hint)
	v.shown = "hint"
	right := container.NewBorder(v.sweepBox, nil, nil, nil, v.body)

	split := container.NewHSplit(left, right)
	split.Offset = 0.42
	v.content = split
	v.reload()
	v.showLastSweep()
	return v
}

// object is the view, to be shown as the window's view 3.
func (v *compareScreen) object() fyne.CanvasObject { return v.content }

// reload reads the history again, newest first.
func (v *compareScreen) reload() {
	recs := v.hist.Records()
	slices.Reverse(recs)
	if len(recs) > len(v.recs) && len(v.recs) > 0 {
		v.cursor += len(recs) - len(v.recs) // the same run stays under the cursor
	}
	v.recs = recs
	v.cursor = max(0, min(v.cursor, len(recs)-1))
	v.picks = slices.DeleteFunc(v.picks, func(at int64) bool { return v.find(at) == nil })
	n := len(v.recs)
	v.count.SetText(fmt.Sprintf("History: %s, newest first. Pick two to compare: tap them, or Up, Down and Enter.", plural(n, "run", "runs")))
	if n == 0 {
		v.count.SetText("History: no runs yet. Every run that ends is kept here.")
	}
	if v.disk != "" {
		v.count.SetText(v.count.Text + " " + v.disk)
	}
	v.clearBtn.Disable()
	if n > 0 {
		v.clearBtn.Enable()
	}
	v.list.Refresh()
}

// moveCursor moves the keys' row up (dir < 0) or down the history.
func (v *compareScreen) moveCursor(dir int) {
	if len(v.recs) == 0 {
		return
	}
	v.cursor = min(len(v.recs)-1, max(0, v.cursor+dir))
	v.list.ScrollTo(v.cursor)
	v.list.Refresh()
}

// pickCursor picks (or unpicks) the keys' row: Enter.
func (v *compareScreen) pickCursor() {
	if v.cursor < len(v.recs) {
		v.toggle(v.recs[v.cursor].At.UnixNano())
	}
}

// add keeps an ended run in the history and shows it at the top.
func (v *compareScreen) add(rec compare.Record) {
	v.disk = ""
	if err := v.hist.Add(rec); err != nil {
		fyne.LogError("cannot write the run history", err)
		v.disk = "Not saved to disk (" + err.Error() + "): kept until the app closes."
	}
	v.reload()
}

func (v *compareScreen) find(at int64) *compare.Record {
	for i := range v.recs {
		if v.recs[i].At.UnixNano() == at {
			return &v.recs[i]
		}
	}
	return nil
}

// toggle picks a run, or unpicks it; a third pick drops the oldest. Two
// picks show side by side.
func (v *compareScreen) toggle(at int64) {
	if i := slices.Index(v.picks, at); i >= 0 {
		v.picks = slices.Delete(v.picks, i, i+1)
	} else {
		v.picks = append(v.picks, at)
		if len(v.picks) > 2 {
			v.picks = v.picks[1:]
		}
	}
	v.list.Refresh()
	switch {
	case len(v.picks) == 2:
		v.showPair(v.find(v.picks[0]), v.find(v.picks[1]))
	case v.shown == "pair":
		// a pick let go: the column goes back to the sweep
		v.show("hint")
		v.showLastSweep()
	}
}

// pickPair shows runs a and b (by their At) side by side, as if both had
// been picked.
func (v *compareScreen) pickPair(a, b int64) {
	v.picks = v.picks[:0]
	v.toggle(a)
	v.toggle(b)
}

// pickMark is A or B for a picked run.
func (v *compareScreen) pickMark(r *compare.Record) string {
	switch slices.Index(v.picks, r.At.UnixNano()) {
	case 0:
		return "A"
	case 1:
		return "B"
	}
	return "  "
}

// rowText is one run in the history, in two lines: what ran, then how long
// and its lesson figure, then when, so that where a projector's large text
// cuts a line short it cuts the time, not what ran or what it measured.
func (v *compareScreen) rowText(r *compare.Record) string {
	what := r.Demo + " " + r.Mode + " · " + workersText(r)
	var parts []string
	el := seconds(r.Elapsed())
	switch {
	case r.Stopped:
		el += " (stopped)"
	case r.Error != "":
		el += " (error)"
	}
	parts = append(parts, el)
	if sp, ok := compare.Speedup(r, v.recs); ok && r.Workers > 1 {
		parts = append(parts, "×"+number(sp)+" vs 1 worker")
	}
	if c := r.Counter; c != nil {
		parts = append(parts, "counter "+thousands(c.Actual)+", lost "+thousands(c.Lost))
	}
	if n := r.Failed(); n > 0 {
		parts = append(parts, thousands(int64(n))+" failed")
	}
	if p := r.Prediction; p != nil {
		g := "guess " + compare.FormatValue(p.Guess, p.Unit)
		if p.Measured != nil {
			g += " → " + compare.FormatValue(compare.Round3(*p.Measured), p.Unit)
		}
		parts = append(parts, g)
	}
	parts = append(parts, r.At.Local().Format("15:04:05"))
	return what + "\n" + strings.Join(parts, " · ")
}

// workersText is "4 workers", or what a mode that uses no worker count runs
// on instead.
func workersText(r *compare.Record) string {
	if d, ok := demos.Lookup(r.Demo); ok {
		if m, ok := d.Mode(r.Mode); ok && m.Fixed != "" {
			return m.Fixed
		}
	}
	return plural(r.Workers, "worker", "workers")
}

// show puts one of the right side's contents in place.
func (v *compareScreen) show(what string) {
	v.shown = what
	var o fyne.CanvasObject
	switch what {
	case "chart":
		o = container.NewBorder(nil, v.chartMsg, nil, nil, v.chart)
	case "pair":
		o = v.pair
	default:
		o = v.hint
	}
	v.body.Objects = []fyne.CanvasObject{o}
	v.body.Refresh()
	v.sweepBox.Hidden = what == "pair"
	v.sweepBox.Refresh()
}

// askClear asks before the history is cleared: it cannot be undone.
func (v *compareScreen) askClear() {
	n := len(v.recs)
	dialog.ShowConfirm("Clear the history?",
		fmt.Sprintf("All %s will be forgotten, here and on disk. This cannot be undone.", plural(n, "run", "runs")),
		func(ok bool) {
			if ok {
				v.disk = ""
				if err := v.hist.Clear(); err != nil {
					dialog.ShowError(err, v.win)
					v.disk = "Not cleared on disk (" + err.Error() + ")."
				}
				v.picks = nil
				v.reload()
				v.show("hint")
			}
			v.hooks.done()
		}, v.win)
}

// Export: the history as CSV or JSON, the window as PNG, each through
// the save dialog (savedialog.go).

func (v *compareScreen) exportCSV() {
	if v.files.busy() {
		return
	}
	v.files.save("Save the history as CSV", "concurrency-lab-history.csv", ".csv", func(w io.Writer) error { return compare.WriteCSV(w, v.hist.Records()) })
}

func (v *compareScreen) exportJSON() {
	if v.files.busy() {
		return
	}
	v.files.save("Save the history as JSON", "concurrency-lab-history.json", ".json", func(w io.Writer) error { return compare.WriteJSON(w, v.hist.Records()) })
}

// exportPNG saves the window as it is now: painted before the dialog
// opens, so the picture is of the view, not of the dialog.
func (v *compareScreen) exportPNG() {
	if v.files.busy() {
		return
	}
	img := windowPicture(v.win)
	v.files.save("Save a picture of the window", "concurrency-lab-"+time.Now().Format("150405")+".png", ".png", func(w io.Writer) error { return png.Encode(w, img) })
}

// windowPicture paints what the window shows with Fyne's software painter.
// The GL canvas's own Capture reads the front buffer, which software GL
// (Xvfb here; virtual machines, remote desktops) leaves blank: a PNG of a
// blank page. The content moves to a canvas in memory for the painting and
// back, in one call on the UI goroutine, so no frame is drawn without it.
func windowPicture(win fyne.Window) image.Image {
	root := win.Content()
	if root == nil {
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	}
	// Sized before it takes the content, so the content keeps the size (and
	// the layout) it has in the window rather than being laid out at its
	// minimum size first.
	c := software.NewCanvas()
	c.SetPadded(win.Padded())
	c.Resize(win.Canvas().Size())
	c.SetContent(root)
	img := c.Capture()
	win.SetContent(root)
	return img
}

// pairStats lists the stats two runs have between them, sorted.
func pairStats(a, b *compare.Record) []string {
	names := map[string]bool{}
	for k := range a.Stats {
		names[k] = true
	}
	for k := range b.Stats {
		names[k] = true
	}
	return slices.Sorted(maps.Keys(names))
}
