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

// start begins a run of the demo with the controls' configuration.
func (l *Lab) start() {
	l.unfocus()
	if l.live() {
		return
	}
	l.stopAnim()
	l.savePrefs()
	l.takeGuess()
	r, err := l.begin(l.demo, l.cfg, l.speed)
	if err != nil {
		l.say("Cannot run: " + err.Error())
		l.updateButtons()
		return
	}
	if rs, ok := l.pic.(RunSetter); ok {
		rs.SetRun(r.Config.Mode, r.Config.Workers) // before the run's first snapshot
	}
	m, _ := l.demo.Mode(r.Config.Mode)
	l.board.fixed = m.Fixed
	l.board.reset()
	l.output.reset()
	l.notice.setRunning(true)
	l.say(fmt.Sprintf("Running: %s, mode %s.", l.demo.Title, r.Config.Mode))
	l.updateButtons()
	l.startAnim()
}

// runOrPause is the Space key: run when idle, else pause or resume.
func (l *Lab) runOrPause() {
	if l.live() {
		l.togglePause()
	} else {
		l.start()
	}
}

func (l *Lab) togglePause() {
	if !l.live() {
		return
	}
	if l.run.Paused() {
		l.run.Resume()
		l.say("Running again.")
	} else {
		l.run.Pause()
		l.say("Paused: every task stops at its next step. Press Space to resume.")
	}
	l.updateButtons()
}

// stop cancels the run; the frame loop shows its end once every task has
// returned.
func (l *Lab) stop() {
	l.unfocus()
	if !l.live() {
		return
	}
	l.run.Stop()
	l.say("Stopping…")
	l.updateButtons()
}

// reset stops any run and clears the board, ready for the next run.
func (l *Lab) reset() {
	l.unfocus()
	l.abandonSweep()
	l.retire()
	l.clearView()
	l.sayReady()
	l.updateButtons()
}

// retire lets go of the current run (the session's) and stops the frame
// loop.
func (l *Lab) retire() {
	if l.run == nil {
		return
	}
	l.session.retire()
	l.stopAnim()
	l.updateButtons()
}

func (l *Lab) startAnim() {
	if !l.animOn {
		l.animOn = true
		l.anim.Start()
	}
}

// stopAnim ends the frame loop, so an idle window costs no CPU.
func (l *Lab) stopAnim() {
	if l.animOn {
		l.animOn = false
		l.anim.Stop()
	}
}

// frame is the frame loop's one step, called by the animation on the UI
// goroutine once per rendered frame (and by tests directly): the session
// decides, the views draw.
func (l *Lab) frame() {
	t0, drew := stats.begin(), false
	defer func() { stats.end(t0, drew) }()
	st := l.step(time.Now())
	if st.idle {
		l.stopAnim()
		return
	}
	if st.draw {
		l.updateViews(st.at)
		drew = true
	}
	if st.done {
		l.finish()
		return
	}
	if !st.draw && !l.run.Demo.CPUBound && !st.quiet {
		// between two draws of the views (which set both), the clock moves
		// on, and the elapsed figure with it, so the two never disagree on
		// screen; a CPU-bound run's clock moves with its draws only
		now := l.run.Elapsed()
		setText(l.elapsed, clock(now))
		l.figs.elapsed.set(seconds(now), false)
		drew = true
	}
}

// updateViews shows l.snap in every view; now is the run time it stands for.
func (l *Lab) updateViews(now time.Duration) {
	l.board.update(now)
	l.figs.update(&l.snap, l.frameFigures(now))
	l.fitFigures()
	l.timeline.Update(&l.snap)
	if v := l.showVisual(); v != nil {
		v.Update(&l.snap)
	}
	l.output.update()
	setText(l.elapsed, clock(now))
	l.updateStrip()
}

// fitFigures lays the right column out again when the figures need another
// height (a line of other figures appeared, or wrapped): the timeline
// gives or takes the difference at once rather than being overlapped.
func (l *Lab) fitFigures() {
	if m := l.figs.box.MinSize(); m.Height != l.figsMin.Height {
		l.figsMin = m
		l.right.Refresh()
	}
}

// visual is what goes under the board: the demo's picture whenever it has
// one (it remembers earlier runs, so it shows before a run too), else the
// generic chart while the run has series, in the normal theme (in projector
// mode the board's rows need its height, and the figures carry the rates).
// Never both: the pool's picture is its queue and throughput chart.
func (l *Lab) visual() frameWidget {
	switch {
	case l.pic != nil:
		return l.pic
	case len(l.snap.Series) > 0 && l.chart != nil && !l.projector:
		return l.chart
	}
	return nil
}

// showVisual puts the visual in the right column when it changed and
// returns it (nil: the column has none).
func (l *Lab) showVisual() frameWidget {
	v := l.visual()
	if v != l.shown {
		l.shown = v
		l.arrangeRun()
	}
	return v
}

// finish shows a run's end: its final frame and the outcome.
func (l *Lab) finish() {
	l.stopAnim()
	took, err := l.end()
	stats.ran(l.run.Demo.ID, l.run.Config.Mode, took)
	l.figs.update(&l.snap, l.frameFigures(took))
	l.fitFigures()
	l.updateStrip()
	l.say(outcomeText(&l.snap, err, took))
	l.updateButtons()
	l.recordRun(err)
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

// say sets the status line beside the views' tabs: how the run goes, and
// how it went.
func (l *Lab) say(text string) {
	l.status.TextStyle = fyne.TextStyle{}
	l.status.SetText(text)
}

// sayReady is the status line before a run: the demo's prediction
// question, in bold, with the numbers the controls show.
func (l *Lab) sayReady() {
	l.status.TextStyle = fyne.TextStyle{Bold: true}
	l.status.SetText("Predict: " + l.demo.Ask(l.cfg))
}

// plural writes n with the singular or the plural noun: "1 task", "3 tasks".
var plural = demos.Plural

// frameFigures gathers what the figures panel needs besides the snapshot.
func (l *Lab) frameFigures(now time.Duration) frameFigures {
	ff := frameFigures{now: now}
	if !presentationOf(l.demo).speedup {
		return ff
	}
	cfg, slow := l.cfg, l.speed < 1
	if l.run != nil {
		cfg, slow = l.run.Config, l.slowRun
	}
	b, ok := l.baseline(l.demo, cfg)
	switch {
	case l.run != nil && l.ended && l.endErr != nil:
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
func (l *Lab) refreshNote() {
	l.notice.ask(l.demo, l.cfg)
	if l.run == nil {
		l.figs.setNote(l.frameFigures(0).noteText)
		l.sayReady()
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
func (l *Lab) clearView() {
	l.clearSnap()
	l.output.reset()
	l.updateViews(0)
	l.notice.setRunning(false)
}

// updateButtons enables what makes sense now and names Pause or Resume.
func (l *Lab) updateButtons() {
	live := l.live()
	enable(l.runBtn, !live)
	enable(l.pauseBtn, live)
	enable(l.stopBtn, live)
	enable(l.resetBtn, l.run != nil)
	label, icon := "Pause", theme.MediaPauseIcon()
	if live && l.run.Paused() {
		label, icon = "Resume", theme.MediaPlayIcon()
	}
	if !l.projector {
		label += "  Space"
	}
	if l.pauseBtn.Text != label {
		l.pauseBtn.SetText(label)
		l.pauseBtn.SetIcon(icon)
	}
	l.showSlow()
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
