package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// historyFile is the name of the run history in the app's storage.
const historyFile = "history.jsonl"

// labCompare is the window's part in comparing runs: the history, the
// Compare view, the prediction box, the guess taken for the run going on
// and the sweep going on.
type labCompare struct {
	hist    *compare.History
	view    *compareScreen
	predict *predictBox
	pending *float64 // the guess typed for the next run
	guess   *float64 // the guess of the current run; nil: skipped
	sweep   *labSweep
}

// labSweep is a sweep going on: its plan, the step running, and the
// records so far.
type labSweep struct {
	plan     compare.Plan
	steps    []compare.Step
	next     int // the step running
	recs     []compare.Record
	stopping bool         // Stop was asked: end after the run going on
	before   demos.Config // the controls' configuration before the sweep, given back after
	speed    float64      // and the speed
}

// openHistory opens the run history in the app's storage (Fyne's
// app.Storage: a folder of the app's own under the user's config folder).
// The test driver's storage is the system's temporary folder, shared by
// every test run on the machine: there the history is kept in memory.
func openHistory(a fyne.App) (*compare.History, error) {
	root := a.Storage().RootURI()
	path := ""
	if root != nil && root.Scheme() == "file" && filepath.Clean(root.Path()) != filepath.Clean(os.TempDir()) {
		path = filepath.Join(root.Path(), historyFile)
	}
	h, err := compare.OpenHistory(path)
	if err != nil {
		fyne.LogError("cannot read the run history", err)
	}
	return h, err
}

// buildCompare makes the history, the Compare view and the prediction box.
func (l *Lab) buildCompare() {
	var err error
	l.cmp.hist, err = openHistory(l.App)
	l.cmp.view = newCompareScreen(l.Window, l.cmp.hist, compareHooks{
		current:   func() (*demos.Demo, demos.Config) { return l.demo, copyConfig(l.cfg) },
		sweep:     l.startSweep,
		stopSweep: l.stopSweep,
		done:      l.unfocus,
	})
	l.cmp.predict = newPredictBox(func(g *float64) {
		l.unfocus()
		l.cmp.pending = g
		l.start()
	})
	if err != nil {
		l.cmp.view.disk = "The saved history could not be read (" + err.Error() + ")."
		l.cmp.view.reload()
	}
	l.seedBaselines()
}

// compareDemoChanged follows a change of demo: the prediction asks for
// the new demo's figure, the sweep's fields take its defaults.
func (l *Lab) compareDemoChanged() {
	if l.demo == nil || l.cmp.view == nil {
		return
	}
	l.abandonSweep() // its run was stopped with the demo it ran
	l.cmp.predict.setDemo(l.demo)
	l.cmp.pending = nil
	l.cmp.view.setDemo(l.demo, l.cfg)
}

// openGuess asks for the class's guess, with the question as the
// controls now set it: G. Enter runs.
func (l *Lab) openGuess() {
	if l.live() || l.cmp.sweep != nil {
		return
	}
	if l.view != viewRun {
		l.showView(viewRun)
	}
	l.cmp.predict.setQuestion(l.demo, l.cfg)
	l.cmp.predict.openGuess(l.Window.Canvas())
}

// takeGuess gives the run that starts the guess typed for it, if any.
func (l *Lab) takeGuess() {
	l.cmp.guess, l.cmp.pending = l.cmp.pending, nil
	if l.cmp.sweep != nil {
		l.cmp.guess = nil
	}
}

// recordRun keeps the run that just ended in the history, reveals the
// guess taken for it, and moves a sweep on. err is what the run's Wait
// returned; l.snap is its last snapshot.
func (l *Lab) recordRun(err error) {
	if l.cmp.view == nil || l.run == nil {
		return
	}
	rec := compare.FromRun(l.run, &l.snap, err, time.Now())
	if l.cmp.sweep != nil {
		rec.Sweep = l.cmp.sweep.plan.ID
	}
	if g := l.cmp.guess; g != nil {
		p := compare.Reveal(l.run.Demo, &rec, *g, l.cmp.hist.Records())
		rec.Prediction = &p
		l.cmp.predict.openReveal(l.Window.Canvas(), &p)
		l.cmp.guess = nil
	}
	l.cmp.view.add(rec)
	if s := l.cmp.sweep; s != nil {
		s.recs = append(s.recs, rec)
		stopped := errors.Is(err, demos.ErrStopped) || s.stopping
		if stopped || err != nil || s.next+1 >= len(s.steps) {
			l.endSweep(stopped)
			return
		}
		s.next++
		l.sweepStep()
	}
}

// startSweep runs plan p: each step a run of its own, live on the Run view,
// one after another.
func (l *Lab) startSweep(p compare.Plan) {
	if l.cmp.sweep != nil {
		return
	}
	if l.live() {
		l.say("A run is going on: stop it (Esc) before a sweep.")
		return
	}
	if p.Demo != l.demo {
		return
	}
	l.cmp.sweep = &labSweep{plan: p, steps: p.Steps(), before: copyConfig(l.cfg), speed: l.speed}
	if l.speed < 1 { // times mean something only at full speed
		l.speedK.set(1)
		l.setSpeed(1)
	}
	l.cmp.view.sweepStarted(p)
	l.showView(viewRun)
	l.sweepStep()
}

// sweepStep sets the controls to the sweep's next step and runs it.
func (l *Lab) sweepStep() {
	s := l.cmp.sweep
	i := s.next
	l.applyConfig(s.steps[i].Config)
	l.cmp.view.sweepStep(s.plan, i)
	prev := l.run
	l.start()
	if l.cmp.sweep != s || s.next != i {
		return // the run ended within start (a frame can tick there) and the sweep moved on
	}
	if l.run == nil || l.run == prev { // it could not start
		l.endSweep(true)
		return
	}
	l.say(fmt.Sprintf("Sweep: run %d of %d. %s", i+1, len(s.steps), l.status.Text))
}

// stopSweep stops the sweep: the run going on stops, and the chart shows
// what the sweep measured.
func (l *Lab) stopSweep() {
	if s := l.cmp.sweep; s != nil {
		s.stopping = true
		l.stop()
	}
}

// abandonSweep ends a sweep whose run was let go without an end of its
// own (Reset, another demo): the chart shows what was measured, and the
// controls get their settings back if the demo is still the sweep's.
func (l *Lab) abandonSweep() {
	s := l.cmp.sweep
	if s == nil {
		return
	}
	if s.plan.Demo != l.demo {
		l.cmp.sweep = nil
		l.cmp.view.sweepEnded(s.plan, s.recs, true)
		return
	}
	l.endSweep(true)
	l.showView(viewRun) // Reset is about the Run view
}

// endSweep gives the controls back their configuration and shows the
// sweep's chart on the Compare view.
func (l *Lab) endSweep(stopped bool) {
	s := l.cmp.sweep
	if s == nil {
		return
	}
	l.cmp.sweep = nil
	l.applyConfig(s.before)
	if s.speed != l.speed {
		l.speedK.set(s.speed)
		l.setSpeed(s.speed)
	}
	l.savePrefs() // the settings given back are the ones the next start opens with
	l.cmp.view.sweepEnded(s.plan, s.recs, stopped)
	l.showView(viewCompare)
}

// applyConfig sets the controls to c (the demo stays), as if a user had
// moved them.
func (l *Lab) applyConfig(c demos.Config) {
	if c.Mode != l.cfg.Mode {
		l.loading = true
		l.modeSel.SetSelected(c.Mode)
		l.loading = false
		l.setMode(c.Mode)
	}
	if c.Workers != l.cfg.Workers {
		l.workers.set(float64(c.Workers))
		l.setWorkers(float64(c.Workers))
	}
	for _, ks := range l.knobs {
		name := ks.knob.Name
		if v, ok := c.Knobs[name]; ok && v != l.cfg.Knobs[name] {
			ks.set(v)
			l.setKnob(name, v)
		}
	}
}

func init() {
	// after the run keys, before ? and Ctrl+Q
	n := len(keyHelp) - 2
	keyHelp = append(keyHelp[:n:n], append([][2]string{
		{"S", "sweep the worker counts (again: stop the sweep)"},
		{"G", "the class's guess before a run; Enter runs"},
		{"↑ ↓  Enter", "pick two runs to compare (Compare view)"},
		{"Ctrl+E J G", "save the history as CSV, JSON; the window as PNG"},
	}, keyHelp[n:]...)...)
}

// bindCompareKeys adds the shortcuts of the exports.
func (l *Lab) bindCompareKeys() {
	c := l.Window.Canvas()
	for key, f := range map[fyne.KeyName]func(){
		fyne.KeyE: l.cmp.view.exportCSV,
		fyne.KeyJ: l.cmp.view.exportJSON,
		fyne.KeyG: l.cmp.view.exportPNG,
	} {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { f() })
	}
}

// compareKey handles the keys of comparing: S sweeps, G goes to the guess,
// and in the Compare view ↑ ↓ move through the history, Enter picks.
func (l *Lab) compareKey(e *fyne.KeyEvent) {
	v := l.cmp.view
	switch e.Name {
	case fyne.KeyS:
		v.toggleSweep()
	}
	if l.view != viewCompare {
		return
	}
	switch e.Name {
	case fyne.KeyUp:
		v.moveCursor(-1)
	case fyne.KeyDown:
		v.moveCursor(1)
	case fyne.KeyReturn, fyne.KeyEnter:
		v.pickCursor()
	}
}

// compareRune opens the guess: G. On the typed rune, not the key: the
// rune comes after the key, and would land in the field opened by the key.
func (l *Lab) compareRune(r rune) {
	if r == 'g' || r == 'G' {
		l.openGuess()
	}
}

// seedBaselines gives the cpu figures the 1-worker runs the history holds,
// so "speedup against 1 worker" shows after a restart too.
func (l *Lab) seedBaselines() {
	for _, r := range l.cmp.hist.Records() {
		d, ok := demos.Lookup(r.Demo)
		if !ok || r.Workers != 1 || !r.Valid() {
			continue
		}
		c := demos.Config{Mode: r.Mode, Workers: 1, Knobs: map[string]float64{}}
		for _, k := range d.Knobs {
			if v, ok := r.Knob(k.Name); ok {
				c.Knobs[k.Name] = v
			}
		}
		l.baselines[baselineKey(d, c)] = r.Elapsed()
	}
}
