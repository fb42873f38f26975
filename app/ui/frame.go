package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"concurrencylab/demos"
)

// timeOnlyEvery is how often views move on while a run reports nothing new
// (10,000 sleepers waiting): elapsed times and the timeline still grow, at a
// rate that costs little.
const timeOnlyEvery = 100 * time.Millisecond

// viewsEvery is how often at most the views show a new snapshot: 30 times a
// second, faster than a class can read a number, so that frame costs stay
// level through a run. A run whose tasks start and end in waves early on
// and all the time later (bounded sleepers) would otherwise draw every
// frame only later, and its frame rate would fall while nothing on screen
// got more telling. The clock still moves at every frame.
const viewsEvery = 30 * time.Millisecond

// cpuBoundEvery is how often views are drawn while a demo that needs every
// core runs (cpu, counter, spawn). A frame of the whole window, painted in
// software as on a machine with no GPU, cost about 37 ms of CPU (the UI
// thread and Mesa's): drawn ten times a second it took a sixth of two
// cores, and 2 goroutine workers computed in 1,000 ms what takes 750 ms in
// the terminal, showing a parallelism of 1.5 where the terminal shows 1.95.
// Four times a second, the run takes about 875 ms (810 ms drawing nothing).
const cpuBoundEvery = 250 * time.Millisecond

// frameLoop is the part that starts, pauses and stops runs and draws
// them: a fyne.Animation ticks once per rendered frame while a run goes
// on, and the session decides what each frame does.
type frameLoop struct {
	lab    *Lab
	anim   *fyne.Animation
	animOn bool
	stats  *frameStats // the diagnostics, nil unless statsEnv is set (stats.go)
}

// start begins a run of the demo with the controls' configuration.
func (fl *frameLoop) start() {
	l := fl.lab
	l.unfocus()
	if l.sess.live() {
		return
	}
	fl.stopAnim()
	l.savePrefs()
	l.cmp.takeGuess()
	r, err := l.sess.begin(l.demo, l.cfg, l.speed)
	if err != nil {
		l.info.say("Cannot run: " + err.Error())
		l.ctl.updateButtons()
		return
	}
	l.play.follow(r)
	l.lessons.started()
	if rs, ok := l.views.pic.(RunSetter); ok {
		rs.SetRun(r.Config.Mode, r.Config.Workers) // before the run's first snapshot
	}
	m, _ := l.demo.Mode(r.Config.Mode)
	l.views.board.fixed = m.Fixed
	l.views.board.reset()
	l.views.arrangeRun() // the last run's notice gives way
	l.views.output.reset()
	l.views.notice.setRunning(true)
	l.info.say(fmt.Sprintf("Running: %s, mode %s.", l.demo.Title, r.Config.Mode))
	l.ctl.updateButtons()
	fl.startAnim()
}

// runOrPause is the Space key: run when idle, else pause or resume.
func (fl *frameLoop) runOrPause() {
	l := fl.lab
	if l.sess.live() {
		fl.togglePause()
	} else {
		fl.start()
	}
}

func (fl *frameLoop) togglePause() {
	l := fl.lab
	if !l.sess.live() {
		return
	}
	if l.sess.run.Paused() {
		l.sess.run.Resume()
		l.play.end() // a resumed run is shown live again
		l.info.say("Running again.")
	} else {
		l.sess.run.Pause()
		l.info.say("Paused: every task stops at its next step. Press Space to resume.")
	}
	l.ctl.updateButtons()
}

// stop cancels the run; the frame loop shows its end once every task has
// returned.
func (fl *frameLoop) stop() {
	l := fl.lab
	l.unfocus()
	if !l.sess.live() {
		return
	}
	l.sess.run.Stop()
	l.info.say("Stopping…")
	l.ctl.updateButtons()
}

// reset stops any run and clears the board, ready for the next run.
func (fl *frameLoop) reset() {
	l := fl.lab
	l.unfocus()
	l.cmp.abandonSweep()
	fl.letGo()
	fl.clearView()
	l.info.sayReady()
	l.ctl.updateButtons()
}

// retire lets go of the current run (the session's) and stops the frame
// loop.
func (fl *frameLoop) letGo() {
	l := fl.lab
	if l.sess.run == nil {
		return
	}
	l.sess.retire()
	fl.stopAnim()
	l.ctl.updateButtons()
}

func (fl *frameLoop) startAnim() {
	if !fl.animOn {
		fl.animOn = true
		fl.anim.Start()
	}
}

// stopAnim ends the frame loop, so an idle window costs no CPU.
func (fl *frameLoop) stopAnim() {
	if fl.animOn {
		fl.animOn = false
		fl.anim.Stop()
	}
}

// frame is the frame loop's one step, called by the animation on the UI
// goroutine once per rendered frame (and by tests directly): the session
// decides, the views draw.
func (fl *frameLoop) frame() {
	l := fl.lab
	t0, drew := fl.stats.begin(), false
	defer func() { fl.stats.end(t0, drew) }()
	st := l.sess.step(time.Now())
	if st.idle {
		fl.stopAnim()
		return
	}
	if st.draw && !l.play.held() { // a cursor held back keeps its view while the run goes on
		l.views.updateViews(st.at)
		l.play.refresh()
		l.lessons.watch()
		drew = true
	}
	if st.done {
		fl.finish()
		return
	}
	if !st.draw && !l.sess.run.Demo.CPUBound && !st.quiet {
		// between two draws of the views (which set both), the clock moves
		// on, and the elapsed figure with it, so the two never disagree on
		// screen; a CPU-bound run's clock moves with its draws only
		now := l.sess.run.Elapsed()
		setText(l.info.elapsed, clock(now))
		l.views.figs.elapsed.set(seconds(now), false)
		drew = true
	}
}

// updateViews shows l.sess.snap in every view; now is the run time it stands for.
func (vs *viewSet) updateViews(now time.Duration) {
	l := vs.lab
	vs.board.update(now)
	vs.figs.update(&l.sess.snap, l.loop.frameFigures(now))
	vs.fitFigures()
	vs.timeline.Update(&l.sess.snap)
	if v := vs.showVisual(); v != nil {
		v.Update(&l.sess.snap)
	}
	vs.output.update()
	setText(l.info.elapsed, clock(now))
	vs.updateStrip()
}

// fitFigures lays the right column out again when the figures need another
// height (a line of other figures appeared, or wrapped): the timeline
// gives or takes the difference at once rather than being overlapped.
func (vs *viewSet) fitFigures() {
	if m := vs.figs.box.MinSize(); m.Height != vs.figsMin.Height {
		vs.figsMin = m
		vs.right.Refresh()
	}
}

// visual is what goes under the board: the demo's picture whenever it has
// one (it remembers earlier runs, so it shows before a run too), else the
// generic chart while the run has series, in the normal theme (in projector
// mode the board's rows need its height, and the figures carry the rates).
// Never both: the pool's picture is its queue and throughput chart.
func (vs *viewSet) visual() frameWidget {
	l := vs.lab
	switch {
	case vs.pic != nil:
		return vs.pic
	case len(l.sess.snap.Series) > 0 && vs.chart != nil && !l.projector:
		return vs.chart
	}
	return nil
}

// showVisual puts the visual in the right column when it changed and
// returns it (nil: the column has none).
func (vs *viewSet) showVisual() frameWidget {
	v := vs.visual()
	if v != vs.shown {
		vs.shown = v
		vs.arrangeRun()
	}
	return v
}

// finish shows a run's end: its final frame and the outcome.
func (fl *frameLoop) finish() {
	l := fl.lab
	fl.stopAnim()
	took, err := l.sess.end()
	fl.stats.ran(l.sess.run.Demo.ID, l.sess.run.Config.Mode, took)
	l.views.figs.update(&l.sess.snap, fl.frameFigures(took))
	l.views.fitFigures()
	l.views.updateStrip()
	outcome := outcomeText(&l.sess.snap, err, took)
	if w := l.play.warnings(); w != "" {
		// the warning says why a figure came out against the lesson: it
		// takes the hint's place, so the status keeps room for the notice
		outcome = strings.TrimSuffix(outcome, compareHint) + " " + w
	}
	l.info.say(outcome)
	l.views.arrangeRun() // what to notice joins the column
	l.ctl.updateButtons()
	at := l.cmp.recordRun(err)
	if l.play.held() {
		l.play.show(outcome) // the views stay at the cursor
	}
	l.lessons.ended(at)
}

// compareHint follows a finished run's outcome.
const compareHint = " Change a setting and press Space to compare."

// outcomeText is the status line at a run's end: how it ended, in one or
// two sentences. A deadlock is said to be one (the run did not finish its
// work: the app saw every worker wait for another and ended it), and
// failed tasks are counted.
func outcomeText(s *demos.Snapshot, err error, took time.Duration) string {
	failed := "" // "3 of 12 tasks failed"
	if n := s.Count[demos.Failed]; n > 0 {
		failed = fmt.Sprintf("%s of %s failed", thousands(int64(n)), plural(len(s.Tasks), "task", "tasks"))
	}
	switch {
	case err == nil && s.Flags["deadlocked"]:
		at := seconds(took)
		if ms, ok := s.Stats["detected_ms"]; ok {
			at = fmtMs(ms)
		}
		return "Deadlock: every worker waited for another; detected and ended at " + at + "."
	case err == nil && failed != "":
		return fmt.Sprintf("Finished in %s; %s.", seconds(took), failed) + compareHint
	case err == nil:
		return fmt.Sprintf("Finished in %s.", seconds(took)) + compareHint
	}
	if failed != "" {
		failed = " " + strings.ToUpper(failed[:1]) + failed[1:] + "."
	}
	if errors.Is(err, demos.ErrStopped) {
		return fmt.Sprintf("Stopped after %s.%s", seconds(took), failed)
	}
	return fmt.Sprintf("Ended after %s with an error: %s.%s", seconds(took), strings.TrimSuffix(err.Error(), "."), failed)
}

// plural writes n with the singular or the plural noun: "1 task", "3 tasks".
var plural = demos.Plural

// frameFigures gathers what the figures panel needs besides the snapshot.
func (fl *frameLoop) frameFigures(now time.Duration) frameFigures {
	l := fl.lab
	ff := frameFigures{now: now}
	if l.demo == nil || !l.demo.Shows.Speedup {
		return ff
	}
	cfg, slow := l.cfg, l.speed < 1
	if l.sess.run != nil {
		cfg, slow = l.sess.run.Config, l.sess.slowRun
	}
	b, ok := l.sess.baseline(l.demo, cfg)
	switch {
	case l.sess.run != nil && l.sess.ended && l.sess.endErr != nil:
		// a stopped run's time is not its work's: 4 workers stopped at
		// 0.2 s are no 20× speedup
		ff.noteText = "speedup: run stopped"
	case slow:
		ff.noteText = "speedup: only measured at 1×"
	case ok:
		ff.baseline = b
	case cfg.Workers == 1:
		ff.noteText = "speedup: this run is the baseline"
	default:
		ff.noteText = "speedup: run 1 worker first"
	}
	return ff
}

// refreshNote updates what depends on the controls after one moved: the
// prediction question, and the speedup note while no run is shown.
func (fl *frameLoop) refreshNote() {
	l := fl.lab
	l.views.notice.ask(l.demo, l.cfg)
	if l.sess.run == nil {
		l.views.figs.setNote(fl.frameFigures(0).noteText)
		l.info.sayReady()
	}
}

// baselineKey names a configuration apart from its worker count.
func baselineKey(d *demos.Demo, c demos.Config) string {
	var b strings.Builder
	b.WriteString(d.ID + "|" + c.Mode)
	for _, k := range d.Knobs {
		fmt.Fprintf(&b, "|%s=%g", k.Name, c.Knobs[k.Name])
	}
	return b.String()
}

// clearView empties every view, keeping the snapshot's storage.
func (fl *frameLoop) clearView() {
	l := fl.lab
	l.play.drop()
	l.sess.clearSnap()
	l.views.output.reset()
	l.views.updateViews(0)
	l.views.notice.setRunning(false)
	l.views.arrangeRun()
}

// updateButtons enables what makes sense now and names Pause or Resume.
func (cb *controlBar) updateButtons() {
	l := cb.lab
	live := l.sess.live()
	enable(cb.runBtn, !live)
	enable(cb.pauseBtn, live)
	enable(cb.stopBtn, live)
	enable(cb.resetBtn, l.sess.run != nil)
	label, icon := "Pause", theme.MediaPauseIcon()
	if live && l.sess.run.Paused() {
		label, icon = "Resume", theme.MediaPlayIcon()
	}
	if !l.projector {
		label += "  Space"
	}
	if cb.pauseBtn.Text != label {
		cb.pauseBtn.SetText(label)
		cb.pauseBtn.SetIcon(icon)
	}
	l.info.showSlow()
}

type disableable interface {
	Enable()
	Disable()
	Disabled() bool
}

func enable(w disableable, on bool) {
	if on && w.Disabled() {
		w.Enable()
	} else if !on && !w.Disabled() {
		w.Disable()
	}
}
