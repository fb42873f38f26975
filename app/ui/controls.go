package ui

import (
	"fmt"
	"maps"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"concurrencylab/demos"
)

// selectDemo switches the window to demo d: its modes, knobs, snippets and
// texts, with the settings last used for it. A run going on is stopped.
func (l *Lab) selectDemo(d *demos.Demo) {
	var stopped *demos.Demo // a run this switch stops, to say so
	if l.live() {
		stopped = l.demo
	}
	l.retire()
	l.savePrefs() // the settings of the demo left, before l.cfg is replaced
	l.demo = d
	l.cfg = l.loadConfig(d)
	l.loading = true
	if l.demoSel.Selected != d.Title {
		l.demoSel.SetSelected(d.Title)
	}
	names := d.ModeNames()
	l.modeSel.SetOptions(names)
	l.modeSel.PlaceHolder = longest(names)
	l.modeSel.SetSelected(l.cfg.Mode)
	l.loading = false
	l.showModeHelp()

	l.workers = newKnobSlider(d.Workers, float64(l.cfg.Workers), l.setWorkers)
	l.workers.short = true
	l.workers.slider.OnChangeEnded = l.dragEnded
	l.knobs = l.knobs[:0]
	l.picked = 0
	l.speedK.title.TextStyle.Bold = false
	for _, k := range d.Knobs {
		ks := newKnobSlider(k, l.cfg.Knobs[k.Name], func(v float64) { l.setKnob(k.Name, v) })
		ks.slider.OnChangeEnded = l.dragEnded
		l.knobs = append(l.knobs, ks)
	}
	l.layoutSliders()
	l.showWorkersNote()
	l.layoutTop()

	l.figs.setDemo(d)
	l.code.setMode(d, l.cfg.Mode)
	l.notice.setDemo(d, l.cfg)
	l.showDownloadColumn()
	l.compareDemoChanged()
	l.chart = l.charts[d.ID]
	if l.chart == nil {
		l.chart = newChartView(chartTitle(d))
		l.charts[d.ID] = l.chart
	}
	l.pic = l.pictures[d.ID]
	if l.pic == nil {
		if l.pic = newPictureView(d.ID); l.pic != nil {
			l.pictures[d.ID] = l.pic
		}
	}
	l.shown = l.visual()
	l.arrangeRun()
	l.App.Preferences().SetString(prefDemo, d.ID)
	l.clearView()
	if stopped != nil && stopped != d {
		l.say("The " + stopped.Title + " run was stopped because the demo changed. " + d.Summary)
	} else if stopped != nil {
		l.say("The run was stopped because the demo was chosen again. " + d.Summary)
	} else {
		l.sayReady()
	}
}

// chartTitle names the chart of a demo's time series.
func chartTitle(d *demos.Demo) string {
	if t := presentationOf(d).chart; t != "" {
		return t
	}
	return "Measured over time"
}

// layoutSliders lays out the speed and knob sliders under the top line
// (the worker count is in the line): one row of up to six, two beyond, the
// title of each over its slider. Projector mode shows none of them.
func (l *Lab) layoutSliders() {
	l.speedK.setInline(false)
	objs := []fyne.CanvasObject{l.speedK.box}
	for _, k := range l.knobs {
		objs = append(objs, k.box)
	}
	l.sliderRow.Objects = objs
	cols := len(objs)
	if cols > 6 {
		cols = (cols + 1) / 2
	}
	l.sliderRow.Layout = layout.NewGridLayoutWithColumns(max(cols, 3))
	l.sliderRow.Refresh()
}

func (l *Lab) showModeHelp() {
	m, _ := l.demo.Mode(l.cfg.Mode)
	help := "Mode " + m.Name + ": " + m.Help
	if why := m.Why(); why != "" {
		help = "Mode " + m.Name + " is unavailable here: " + why
	}
	l.modeHelp.SetText(help)
}

// showWorkersNote says, next to the worker slider, whether moving it changes
// the run going on or the next one.
func (l *Lab) showWorkersNote() {
	m, _ := l.demo.Mode(l.cfg.Mode)
	// a mode that does not use the count greys the slider out; projector
	// mode says no more (its line has no room for a note that comes and
	// goes with the mode: the line would break in some modes only)
	enable(l.workers.slider, m.Fixed == "")
	switch {
	case l.projector:
		l.workers.setNote("")
	case m.Fixed != "":
		l.workers.setNote("not used") // the mode help says what runs the tasks
	case m.Live:
		l.workers.setNote("live") // short: a wrapped title would move the sliders
	default:
		l.workers.setNote("next run")
	}
}

func (l *Lab) setMode(m string) {
	if _, ok := l.demo.Mode(m); !ok || m == l.cfg.Mode {
		return
	}
	l.cfg.Mode = m
	l.code.setMode(l.demo, m)
	l.saveConfig()
	l.showModeHelp()
	l.showWorkersNote()
	l.refreshNote()
}

func (l *Lab) setWorkers(v float64) {
	l.cfg.Workers = int(v)
	l.prefsDirty = true
	if l.live() {
		if m, _ := l.demo.Mode(l.run.Config.Mode); m.Live {
			l.run.SetWorkers(l.cfg.Workers)
		}
	}
	l.refreshNote()
}

func (l *Lab) setKnob(name string, v float64) {
	l.cfg.Knobs[name] = v
	l.prefsDirty = true
	l.refreshNote()
}

func (l *Lab) setSpeed(v float64) {
	l.speed = v
	l.prefsDirty = true
	if l.live() {
		l.run.SetSpeed(v)
		if v < 1 {
			l.slowRun = true
		}
	}
	l.showSlow()
}

// showSlow shows the banner whenever the speed factor is not 1× or the run
// is paused: a class must never read stretched or frozen timings as real.
func (l *Lab) showSlow() {
	paused, slow := l.live() && l.run.Paused(), l.speed < 1
	var text string
	switch {
	case paused && slow:
		text = "paused · slow motion " + speedText(l.speed)
	case paused:
		text = "paused — Space resumes"
	case slow:
		text = "slow motion " + speedText(l.speed) + " — timings stretched"
	default:
		l.slow.Hide()
		return
	}
	setText(l.slowText, text)
	l.slow.Show()
}

// nudgeWorkers is the +/- keys.
func (l *Lab) nudgeWorkers(dir int) {
	l.workers.nudge(dir)
	l.savePrefs()
}

// stepMode is the M key: the demo's next (dir 1) or previous mode, through
// the mode list as a click would choose it.
func (l *Lab) stepMode(dir int) {
	names := l.demo.ModeNames()
	i := slices.Index(names, l.cfg.Mode)
	l.modeSel.SetSelected(names[(i+dir+len(names))%len(names)])
	l.say("Mode " + l.cfg.Mode + ".")
}

// keyKnobs are the sliders K picks among: the demo's knobs, then speed.
func (l *Lab) keyKnobs() []*knobSlider { return append(slices.Clip(l.knobs), l.speedK) }

// pickKnob is the K key: the next (dir 1) or previous knob becomes the one
// [ and ] move. The status says which and its value: projector mode shows
// no sliders.
func (l *Lab) pickKnob(dir int) {
	ks := l.keyKnobs()
	l.picked = (l.picked + dir + len(ks)) % len(ks)
	for i, k := range ks {
		bold := i == l.picked
		if k.title.TextStyle.Bold != bold {
			k.title.TextStyle.Bold = bold
			k.title.Refresh()
		}
	}
	l.sayKnob("Knob picked")
}

// nudgePicked is the [ and ] keys: the picked knob one step down or up.
func (l *Lab) nudgePicked(dir int) {
	ks := l.keyKnobs()
	l.picked = min(l.picked, len(ks)-1)
	ks[l.picked].nudge(dir)
	l.savePrefs()
	l.sayKnob("Set")
}

// sayKnob tells the picked knob's name and value in the status line.
func (l *Lab) sayKnob(what string) {
	k := l.keyKnobs()[l.picked]
	when := ""
	if k != l.speedK {
		when = " (next run)"
	}
	l.say(fmt.Sprintf("%s: %s = %s%s.  [ and ] change it, K picks another.", what, k.knob.Title, k.valueText(), when))
}

// dragEnded is a slider's release: the keys go back to the window, and the
// settings are written once, not at every step of the drag.
func (l *Lab) dragEnded(float64) {
	l.unfocus()
	l.savePrefs()
}

// stepDemo is the Left/Right keys: the previous or next demo.
func (l *Lab) stepDemo(dir int) {
	i := 0
	for j, d := range l.all {
		if d == l.demo {
			i = j
		}
	}
	i = (i + dir + len(l.all)) % len(l.all)
	l.selectDemo(l.all[i])
}

// setProjector switches projector mode: the large high-contrast theme and
// only the main controls.
func (l *Lab) setProjector(on bool) {
	l.projector = on
	l.App.Preferences().SetBool(prefProjector, on)
	if l.projCheck.Checked != on {
		l.loading = true
		l.projCheck.SetChecked(on)
		l.loading = false
	}
	if on {
		l.App.Settings().SetTheme(newProjectorTheme())
	} else {
		l.App.Settings().SetTheme(newNormalTheme())
	}
	l.figs.compact = on
	l.board.compact = on
	l.applyTheme()
	l.showDownloadColumn()
	l.figs.update(&l.snap, l.frameFigures(l.snap.Elapsed))
	l.fitFigures()
	if l.demo != nil {
		l.layoutSliders()
		l.showWorkersNote()
	}
	l.layoutTop()
	l.shown = l.visual()
	l.arrangeRun()
	if v := l.shown; v != nil {
		v.Update(&l.snap)
	}
	if l.run == nil && l.demo != nil {
		l.sayReady()
	}
}

// applyTheme sizes the views that draw their own text for the theme now set.
func (l *Lab) applyTheme() {
	th, v := l.App.Settings().Theme(), l.App.Settings().ThemeVariant()
	ts := th.Size(theme.SizeNameText)
	l.elapsed.TextSize = ts * 1.6
	if l.projector {
		l.elapsed.TextSize = ts * 1.3 // the text is large already, and the line is full
	}
	l.elapsed.Color = th.Color(theme.ColorNameForeground, v)
	l.elapsed.Refresh()
	l.slowText.TextSize = ts * 1.1
	l.slowText.Refresh()
	l.board.applyTheme(th, v)
	l.figs.applyTheme(th)
	l.output.rewrap(l.output.width) // the text size sets the characters per row
}

// copyConfig is a deep copy: a run keeps the configuration it started with
// while the sliders move on.
func copyConfig(c demos.Config) demos.Config {
	c.Knobs = maps.Clone(c.Knobs)
	return c
}

// showDownloadColumn gives download rows their bytes and ETA, except in
// projector mode, where the row's room goes to the state (why a file
// failed) and the figures carry rate and ETA.
func (l *Lab) showDownloadColumn() {
	l.board.setDownload(presentationOf(l.demo).transfer && !l.projector)
}
