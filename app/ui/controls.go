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
	if l.sess.live() {
		stopped = l.demo
	}
	l.loop.letGo()
	l.savePrefs() // the settings of the demo left, before l.cfg is replaced
	l.demo = d
	l.cfg = l.loadConfig(d)
	l.loading = true
	if l.ctl.demoSel.Selected != d.Title {
		l.ctl.demoSel.SetSelected(d.Title)
	}
	names := d.ModeNames()
	l.ctl.modeSel.SetOptions(names)
	l.ctl.modeSel.PlaceHolder = longest(names)
	l.ctl.modeSel.SetSelected(l.cfg.Mode)
	l.loading = false
	l.ctl.showModeHelp()

	l.ctl.workers = newKnobSlider(d.Workers, float64(l.cfg.Workers), l.ctl.setWorkers)
	l.ctl.workers.short = true
	l.ctl.workers.slider.OnChangeEnded = l.ctl.dragEnded
	l.ctl.knobs = l.ctl.knobs[:0]
	l.ctl.picked = 0
	l.ctl.speedK.title.TextStyle.Bold = false
	for _, k := range d.Knobs {
		ks := newKnobSlider(k, l.cfg.Knobs[k.Name], func(v float64) { l.ctl.setKnob(k.Name, v) })
		ks.slider.OnChangeEnded = l.ctl.dragEnded
		l.ctl.knobs = append(l.ctl.knobs, ks)
	}
	l.ctl.layoutSliders()
	l.ctl.showWorkersNote()
	l.ctl.layoutTop()

	l.views.figs.setDemo(d)
	l.views.code.setMode(d, l.cfg.Mode)
	l.views.notice.setDemo(d, l.cfg)
	l.showDownloadColumn()
	l.cmp.demoChanged()
	l.views.chart = l.views.charts[d.ID]
	if l.views.chart == nil {
		l.views.chart = NewChart(chartTitle(d))
		l.views.charts[d.ID] = l.views.chart
	}
	l.views.pic = l.views.pictures[d.ID]
	if l.views.pic == nil {
		if l.views.pic = NewPicture(d.ID); l.views.pic != nil {
			l.views.pictures[d.ID] = l.views.pic
		}
	}
	l.views.shown = l.views.visual()
	l.views.arrangeRun()
	l.App.Preferences().SetString(prefDemo, d.ID)
	l.loop.clearView()
	if stopped != nil && stopped != d {
		l.info.say("The " + stopped.Title + " run was stopped because the demo changed. " + d.Summary)
	} else if stopped != nil {
		l.info.say("The run was stopped because the demo was chosen again. " + d.Summary)
	} else {
		l.info.sayReady()
	}
}

// chartTitle names the chart of a demo's time series.
func chartTitle(d *demos.Demo) string {
	if t := d.Shows.Chart; t != "" {
		return t
	}
	return "Measured over time"
}

// layoutSliders lays out the speed and knob sliders under the top line
// (the worker count is in the line): one row of up to six, two beyond, the
// title of each over its slider. Projector mode shows none of them.
func (cb *controlBar) layoutSliders() {
	cb.speedK.setInline(false)
	objs := []fyne.CanvasObject{cb.speedK.box}
	for _, k := range cb.knobs {
		objs = append(objs, k.box)
	}
	cb.sliderRow.Objects = objs
	cols := len(objs)
	if cols > 6 {
		cols = (cols + 1) / 2
	}
	cb.sliderRow.Layout = layout.NewGridLayoutWithColumns(max(cols, 3))
	cb.sliderRow.Refresh()
}

func (cb *controlBar) showModeHelp() {
	l := cb.lab
	m, _ := l.demo.Mode(l.cfg.Mode)
	help := "Mode " + m.Name + ": " + m.Help
	if why := m.Why(); why != "" {
		help = "Mode " + m.Name + " is unavailable here: " + why
	}
	cb.modeHelp.SetText(help)
}

// showWorkersNote says, next to the worker slider, whether moving it changes
// the run going on or the next one.
func (cb *controlBar) showWorkersNote() {
	l := cb.lab
	m, _ := l.demo.Mode(l.cfg.Mode)
	// a mode that does not use the count greys the slider out and says so,
	// in projector mode too (a greyed slider alone reads as broken); there
	// "live" and "next run" give way, as the controls flow in two lines
	enable(cb.workers.slider, m.Fixed == "")
	switch {
	case m.Fixed != "":
		cb.workers.setNote("not used") // the mode help says what runs the tasks
	case l.projector:
		cb.workers.setNote("")
	case m.Live:
		cb.workers.setNote("live") // short: a wrapped title would move the sliders
	default:
		cb.workers.setNote("next run")
	}
}

func (cb *controlBar) setMode(m string) {
	l := cb.lab
	if _, ok := l.demo.Mode(m); !ok || m == l.cfg.Mode {
		return
	}
	l.cfg.Mode = m
	l.views.code.setMode(l.demo, m)
	l.saveConfig()
	cb.showModeHelp()
	cb.showWorkersNote()
	l.loop.refreshNote()
}

func (cb *controlBar) setWorkers(v float64) {
	l := cb.lab
	l.cfg.Workers = int(v)
	l.prefsDirty = true
	if l.sess.live() {
		if m, _ := l.demo.Mode(l.sess.run.Config.Mode); m.Live {
			l.sess.run.SetWorkers(l.cfg.Workers)
		}
	}
	l.loop.refreshNote()
}

func (cb *controlBar) setKnob(name string, v float64) {
	l := cb.lab
	l.cfg.Knobs[name] = v
	l.prefsDirty = true
	l.loop.refreshNote()
}

func (cb *controlBar) setSpeed(v float64) {
	l := cb.lab
	l.speed = v
	l.prefsDirty = true
	if l.sess.live() {
		l.sess.run.SetSpeed(v)
		if v < 1 {
			l.sess.slowRun = true
		}
	}
	l.info.showSlow()
}

// nudgeWorkers is the +/- keys.
func (cb *controlBar) nudgeWorkers(dir int) {
	l := cb.lab
	cb.workers.nudge(dir)
	l.savePrefs()
}

// stepMode is the M key: the demo's next (dir 1) or previous mode, through
// the mode list as a click would choose it.
func (cb *controlBar) stepMode(dir int) {
	l := cb.lab
	names := l.demo.ModeNames()
	i := slices.Index(names, l.cfg.Mode)
	cb.modeSel.SetSelected(names[(i+dir+len(names))%len(names)])
	l.info.say("Mode " + l.cfg.Mode + ".")
}

// keyKnobs are the sliders K picks among: the demo's knobs, then speed.
func (cb *controlBar) keyKnobs() []*knobSlider { return append(slices.Clip(cb.knobs), cb.speedK) }

// pickKnob is the K key: the next (dir 1) or previous knob becomes the one
// [ and ] move. The status says which and its value: projector mode shows
// no sliders.
func (cb *controlBar) pickKnob(dir int) {
	ks := cb.keyKnobs()
	cb.picked = (cb.picked + dir + len(ks)) % len(ks)
	for i, k := range ks {
		bold := i == cb.picked
		if k.title.TextStyle.Bold != bold {
			k.title.TextStyle.Bold = bold
			k.title.Refresh()
		}
	}
	cb.sayKnob("Knob picked")
}

// nudgePicked is the [ and ] keys: the picked knob one step down or up.
func (cb *controlBar) nudgePicked(dir int) {
	l := cb.lab
	ks := cb.keyKnobs()
	cb.picked = min(cb.picked, len(ks)-1)
	ks[cb.picked].nudge(dir)
	l.savePrefs()
	cb.sayKnob("Set")
}

// sayKnob tells the picked knob's name and value in the status line.
func (cb *controlBar) sayKnob(what string) {
	l := cb.lab
	k := cb.keyKnobs()[cb.picked]
	when := ""
	if k != cb.speedK {
		when = " (next run)"
	}
	l.info.say(fmt.Sprintf("%s: %s = %s%s.  [ and ] change it, K picks another.", what, k.knob.Title, k.valueText(), when))
}

// dragEnded is a slider's release: the keys go back to the window, and the
// settings are written once, not at every step of the drag.
func (cb *controlBar) dragEnded(float64) {
	l := cb.lab
	l.unfocus()
	l.savePrefs()
}

// stepDemo is the Left/Right keys: the previous or next demo.
func (cb *controlBar) stepDemo(dir int) {
	l := cb.lab
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
	if l.ctl.projCheck.Checked != on {
		l.loading = true
		l.ctl.projCheck.SetChecked(on)
		l.loading = false
	}
	if on {
		l.App.Settings().SetTheme(newProjectorTheme())
	} else {
		l.App.Settings().SetTheme(newNormalTheme())
	}
	l.views.figs.compact = on
	l.views.board.compact = on
	l.views.code.setLarge(on) // at the back of a room the code is read large, from its first definition
	l.views.code.setCompact(on)
	l.applyTheme()
	l.showDownloadColumn()
	l.views.figs.update(&l.sess.snap, l.loop.frameFigures(l.sess.snap.Elapsed))
	l.views.fitFigures()
	if l.demo != nil {
		l.ctl.layoutSliders()
		l.ctl.showWorkersNote()
	}
	l.ctl.layoutTop()
	l.views.shown = l.views.visual()
	l.views.arrangeRun()
	if v := l.views.shown; v != nil {
		v.Update(&l.sess.snap)
	}
	if l.sess.run == nil && l.demo != nil {
		l.info.sayReady()
	}
}

// applyTheme sizes the views that draw their own text for the theme now set.
func (l *Lab) applyTheme() {
	th, v := l.App.Settings().Theme(), l.App.Settings().ThemeVariant()
	ts := th.Size(theme.SizeNameText)
	l.info.elapsed.TextSize = ts * 1.6
	if l.projector {
		l.info.elapsed.TextSize = ts * 1.3 // the text is large already, and the line is full
	}
	l.info.elapsed.Color = th.Color(theme.ColorNameForeground, v)
	l.info.elapsed.Refresh()
	l.info.slowText.TextSize = ts * 1.1
	l.info.slowText.Refresh()
	l.views.board.applyTheme(th, v)
	l.views.figs.applyTheme(th)
	l.views.output.rewrap(l.views.output.width) // the text size sets the characters per row
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
	l.views.board.setDownload(l.demo != nil && l.demo.Shows.Bytes && !l.projector)
}
