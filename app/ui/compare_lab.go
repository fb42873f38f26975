package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"concurrencylab/app/compare"
	"concurrencylab/app/lesson"
	"concurrencylab/demos"
)

// historyFile is the name of the run history in the app's storage.
const historyFile = "history.jsonl"

// labCompare is the window's part in comparing runs: the history, the
// Compare view, the prediction box, the guess taken for the run going on
// and the sweep going on.
type labCompare struct {
	lab     *Lab
	store   *compare.Recordings // the history's recordings; nil: not kept
	saves   sync.WaitGroup      // recordings being written, waited for at close
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
	path := ""
	if dir := storageDir(a); dir != "" {
		path = filepath.Join(dir, historyFile)
	}
	h, err := compare.OpenHistory(path)
	if err != nil {
		fyne.LogError("cannot read the run history", err)
	}
	return h, err
}

// storageDir is the app's own folder on disk, or "" where it has none of
// its own (the test driver's is the system's temporary folder, shared by
// every test run on the machine).
func storageDir(a fyne.App) string {
	root := a.Storage().RootURI()
	if root == nil || root.Scheme() != "file" || filepath.Clean(root.Path()) == filepath.Clean(os.TempDir()) {
		return ""
	}
	return root.Path()
}

// openRecordings opens the store of the history's recordings beside it, or
// nil where the history is kept in memory.
func openRecordings(a fyne.App) *compare.Recordings {
	if dir := storageDir(a); dir != "" {
		return compare.OpenRecordings(filepath.Join(dir, "recordings"), 0)
	}
	return nil
}

// buildCompare makes the history, the Compare view and the prediction box.
func (lc *labCompare) build() {
	l := lc.lab
	var err error
	lc.hist, err = openHistory(l.App)
	lc.store = openRecordings(l.App)
	lc.view = newCompareScreen(l.Window, lc.hist, compareHooks{
		current:   func() (*demos.Demo, demos.Config) { return l.demo, copyConfig(l.cfg) },
		sweep:     lc.startSweep,
		stopSweep: lc.stopSweep,
		done:      l.unfocus,
		tell:      l.info.say,
		replay:    lc.replaySelected,
	})
	lc.predict = newPredictBox(func(g *float64) {
		l.unfocus()
		lc.pending = g
		l.loop.start()
	})
	if err != nil {
		lc.view.disk = "The saved history could not be read (" + err.Error() + ")."
		lc.view.reload()
	}
	lc.seedBaselines()
}

// compareDemoChanged follows a change of demo: the prediction asks for
// the new demo's figure, the sweep's fields take its defaults.
func (lc *labCompare) demoChanged() {
	l := lc.lab
	if l.demo == nil || lc.view == nil {
		return
	}
	lc.abandonSweep() // its run was stopped with the demo it ran
	lc.predict.setDemo(l.demo)
	lc.pending = nil
	lc.view.setDemo(l.demo, l.cfg)
}

// openGuess asks for the class's guess, with the question as the
// controls now set it: G. Enter runs.
func (lc *labCompare) openGuess() {
	l := lc.lab
	if l.sess.live() || lc.sweep != nil {
		return
	}
	if l.views.view != viewRun {
		l.views.showView(viewRun)
	}
	lc.predict.setQuestion(l.demo, l.cfg)
	lc.predict.openGuess(l.Window.Canvas())
}

// takeGuess gives the run that starts the guess typed for it, if any.
func (lc *labCompare) takeGuess() {
	lc.guess, lc.pending = lc.pending, nil
	if lc.sweep != nil {
		lc.guess = nil
	}
}

// recordRun keeps the run that just ended in the history, reveals the
// guess taken for it, and moves a sweep on. err is what the run's Wait
// returned; l.sess.snap is its last snapshot.
func (lc *labCompare) recordRun(err error) (at int64) {
	l := lc.lab
	if lc.view == nil || l.sess.run == nil {
		return 0
	}
	rec := compare.FromRun(l.sess.run, &l.sess.snap, err, time.Now())
	if lc.sweep != nil {
		rec.Sweep = lc.sweep.plan.ID
	}
	if g := lc.guess; g != nil {
		p := compare.Reveal(l.sess.run.Demo, &rec, *g, lc.hist.Records())
		rec.Prediction = &p
		lc.predict.openReveal(l.Window.Canvas(), &p)
		lc.guess = nil
	}
	lc.view.add(rec)
	if st, run := lc.store, l.sess.run.Recording(); st != nil {
		// off the UI goroutine: a large run's recording is megabytes
		lc.saves.Go(func() {
			if err := st.Save(rec.At, run); err != nil {
				fyne.LogError("cannot keep the run's recording", err)
			}
		})
	}
	at = rec.At.UnixNano()
	if s := lc.sweep; s != nil {
		s.recs = append(s.recs, rec)
		stopped := errors.Is(err, demos.ErrStopped) || s.stopping
		if stopped || err != nil || s.next+1 >= len(s.steps) {
			lc.endSweep(stopped)
			return
		}
		s.next++
		lc.sweepStep()
	}
	return at
}

// startSweep runs plan p: each step a run of its own, live on the Run view,
// one after another.
func (lc *labCompare) startSweep(p compare.Plan) {
	l := lc.lab
	if lc.sweep != nil {
		return
	}
	if l.sess.live() {
		l.info.say("A run is going on: stop it (Esc) before a sweep.")
		return
	}
	if p.Demo != l.demo {
		return
	}
	lc.sweep = &labSweep{plan: p, steps: p.Steps(), before: copyConfig(l.cfg), speed: l.speed}
	if l.speed < 1 { // times mean something only at full speed
		l.ctl.speedK.set(1)
		l.ctl.setSpeed(1)
	}
	lc.view.sweepStarted(p)
	l.views.showView(viewRun)
	lc.sweepStep()
}

// sweepStep sets the controls to the sweep's next step and runs it.
func (lc *labCompare) sweepStep() {
	l := lc.lab
	s := lc.sweep
	i := s.next
	l.ctl.applyConfig(s.steps[i].Config)
	lc.view.sweepStep(s.plan, i)
	prev := l.sess.run
	l.loop.start()
	if lc.sweep != s || s.next != i {
		return // the run ended within start (a frame can tick there) and the sweep moved on
	}
	if l.sess.run == nil || l.sess.run == prev { // it could not start
		lc.endSweep(true)
		return
	}
	l.info.say(fmt.Sprintf("Sweep: run %d of %d. %s", i+1, len(s.steps), l.info.status.Text))
}

// stopSweep stops the sweep: the run going on stops, and the chart shows
// what the sweep measured.
func (lc *labCompare) stopSweep() {
	l := lc.lab
	if s := lc.sweep; s != nil {
		s.stopping = true
		l.loop.stop()
	}
}

// abandonSweep ends a sweep whose run was let go without an end of its
// own (Reset, another demo): the chart shows what was measured, and the
// controls get their settings back if the demo is still the sweep's.
func (lc *labCompare) abandonSweep() {
	l := lc.lab
	s := lc.sweep
	if s == nil {
		return
	}
	if s.plan.Demo != l.demo {
		lc.sweep = nil
		lc.view.sweepEnded(s.plan, s.recs, true)
		return
	}
	lc.endSweep(true)
	l.views.showView(viewRun) // Reset is about the Run view
}

// endSweep gives the controls back their configuration and shows the
// sweep's chart on the Compare view.
func (lc *labCompare) endSweep(stopped bool) {
	l := lc.lab
	s := lc.sweep
	if s == nil {
		return
	}
	lc.sweep = nil
	l.ctl.applyConfig(s.before)
	if s.speed != l.speed {
		l.ctl.speedK.set(s.speed)
		l.ctl.setSpeed(s.speed)
	}
	l.savePrefs() // the settings given back are the ones the next start opens with
	lc.view.sweepEnded(s.plan, s.recs, stopped)
	l.views.showView(viewCompare)
}

// applyConfig sets the controls to c (the demo stays), as if a user had
// moved them.
func (cb *controlBar) applyConfig(c demos.Config) {
	l := cb.lab
	if c.Mode != l.cfg.Mode {
		l.loading = true
		cb.modeSel.SetSelected(c.Mode)
		l.loading = false
		cb.setMode(c.Mode)
	}
	if c.Workers != l.cfg.Workers {
		cb.workers.set(float64(c.Workers))
		cb.setWorkers(float64(c.Workers))
	}
	for _, ks := range cb.knobs {
		name := ks.knob.Name
		if v, ok := c.Knobs[name]; ok && v != l.cfg.Knobs[name] {
			ks.set(v)
			cb.setKnob(name, v)
		}
	}
}

// bindCompareKeys adds the shortcuts of the exports.
func (lc *labCompare) bindKeys() {
	l := lc.lab
	c := l.Window.Canvas()
	for key, f := range map[fyne.KeyName]func(){
		fyne.KeyE: lc.view.exportCSV,
		fyne.KeyJ: lc.view.exportJSON,
		fyne.KeyG: lc.view.exportPNG,
	} {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { f() })
	}
}

// compareKey handles the keys of comparing: S sweeps, G goes to the guess,
// and in the Compare view ↑ ↓ move through the history, Enter picks.
func (lc *labCompare) key(e *fyne.KeyEvent) {
	l := lc.lab
	v := lc.view
	switch e.Name {
	case fyne.KeyS:
		v.toggleSweep()
	}
	if l.views.view != viewCompare {
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
func (lc *labCompare) typedRune(r rune) {
	switch r {
	case 'g', 'G':
		lc.openGuess()
	case 'v', 'V':
		lc.replaySelected()
	}
}

// saveLesson writes the picked runs (or, with none picked, the selected
// one) as a lesson file, a step a run, for the teacher to edit (Ctrl+L).
func (lc *labCompare) saveLesson() {
	l, v := lc.lab, lc.view
	var recs []compare.Record
	for _, at := range v.picks {
		if r := v.find(at); r != nil {
			recs = append(recs, *r)
		}
	}
	if len(recs) == 0 && v.cursor < len(v.recs) {
		recs = append(recs, v.recs[v.cursor])
	}
	if len(recs) == 0 {
		l.info.say("No run to make a lesson of: run a demo, then pick runs on the Compare view (Enter).")
		return
	}
	ls := lesson.FromRecords("Runs from "+time.Now().Format("2 Jan 2006"), recs)
	if v.files.busy() {
		return
	}
	v.files.save("Save the picked runs as a lesson", "lesson-"+time.Now().Format("150405")+".toml", ".toml", func(w io.Writer) error { return lesson.Write(w, ls) })
}

// replaySelected opens the history's selected run in the player (V on the
// Compare view), when its recording is kept; it is read off the UI
// goroutine.
func (lc *labCompare) replaySelected() {
	l, v := lc.lab, lc.view
	if l.views.view != viewCompare || v.cursor >= len(v.recs) {
		return
	}
	at := v.recs[v.cursor].At
	if lc.store == nil || !lc.store.Has(at) {
		l.info.say("This run's recording is not kept: recordings older than the newest 200 MB give way, and runs from before recordings have none.")
		return
	}
	var rec *demos.Recording
	var err error
	inBackground(func() { rec, err = lc.store.Open(at) }, func() {
		if err != nil {
			l.info.say("Cannot open this run's recording: " + err.Error())
			return
		}
		l.views.showView(viewRun)
		l.play.openRecording(rec, "From the history")
	})
}

// seedBaselines gives the cpu figures the 1-worker runs the history holds,
// so "speedup against 1 worker" shows after a restart too.
func (lc *labCompare) seedBaselines() {
	l := lc.lab
	for _, r := range lc.hist.Records() {
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
		l.sess.baselines[baselineKey(d, c)] = r.Elapsed()
	}
}
