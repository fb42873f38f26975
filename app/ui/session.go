package ui

import (
	"context"
	"slices"
	"time"

	"concurrencylab/demos"
)

// session is the runs' lifecycle behind the window: it starts, pauses and
// stops runs, lets go of old ones, and decides at each frame whether to
// take a snapshot and draw. It holds no widget, so tests drive it without
// a window; the Lab draws what it says.
type session struct {
	ctx    context.Context // parent of every run; cancelled when the window closes
	cancel context.CancelFunc

	run       *demos.Run // the current or last run; nil after Reset
	ended     bool       // run has ended and its final frame is shown
	slowRun   bool       // the run went below 1x at some moment
	retired   []*demos.Run
	snap      demos.Snapshot           // the frame's snapshot; its storage is reused
	seq       uint64                   // snap's Seq
	lastDraw  time.Time                // when the views were last updated
	begun     time.Time                // when the run began
	endErr    error                    // how the run ended: nil when it finished its work
	baselines map[string]time.Duration // 1-worker elapsed per demo, mode and knobs

	// What yieldToRun saw: since when the run has been calm, when it last
	// looked (zero after a frame that drew), and how many goroutines had
	// been created at createdAt.
	calm, looked, createdAt time.Time
	created                 uint64
}

func newSession() session {
	s := session{baselines: map[string]time.Duration{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// live reports whether a run is going on.
func (s *session) live() bool { return s.run != nil && !s.ended }

// begin starts a run of d with cfg at speed, letting go of the last one.
func (s *session) begin(d *demos.Demo, cfg demos.Config, speed float64) (*demos.Run, error) {
	s.retire()
	r, err := demos.Start(s.ctx, d, copyConfig(cfg))
	if err != nil {
		return nil, err
	}
	r.SetSpeed(speed)
	s.run, s.ended, s.slowRun = r, false, speed < 1
	s.seq = ^uint64(0)                        // the first frame draws, unless it yields to the run
	s.begun, s.calm = time.Now(), time.Time{} // the run's start is busy until seen calm
	return r, nil
}

// retire lets go of the current run, stopping it if it still goes; close
// waits for retired runs to end, and ended ones are forgotten.
func (s *session) retire() {
	if s.run == nil {
		return
	}
	if !s.ended {
		s.run.Stop()
		s.retired = append(s.retired, s.run)
	}
	s.retired = slices.DeleteFunc(s.retired, func(r *demos.Run) bool {
		select {
		case <-r.Done():
			return true
		default:
			return false
		}
	})
	s.run, s.ended = nil, false
}

// frameStep is what one frame has to do.
type frameStep struct {
	idle bool          // no run goes on: the frame loop can stop
	draw bool          // the views show s.snap, standing for run time at
	at   time.Duration // the run time the views stand for
	done bool          // the run has ended: show its end (finish)
	// quiet: nothing changes on screen, not even the clock, so Fyne paints
	// nothing and the cores stay with the run (see yieldToRun)
	quiet bool
}

// step is the frame loop's decision at time now, on the UI goroutine: it
// takes at most one snapshot, when the run changed and viewsEvery has
// passed, and otherwise lets the clock move on every timeOnlyEvery. A
// CPU-bound run is drawn at most every cpuBoundEvery, so the drawing does
// not take the cores it measures.
func (s *session) step(now time.Time) frameStep {
	r := s.run
	if r == nil || s.ended {
		return frameStep{idle: true}
	}
	done := false
	select {
	case <-r.Done():
		done = true
	default:
	}
	if !done && r.Demo.CPUBound && now.Sub(s.lastDraw) < cpuBoundEvery {
		return frameStep{}
	}
	if !done && s.yieldToRun(now) {
		return frameStep{quiet: true}
	}
	var st frameStep
	switch {
	case done || now.Sub(s.lastDraw) >= viewsEvery && r.Model().Seq() != s.seq:
		r.Snapshot(&s.snap)
		s.seq = s.snap.Seq
		st = frameStep{draw: true, at: s.snap.Elapsed}
	case now.Sub(s.lastDraw) >= timeOnlyEvery:
		s.snap.Elapsed = r.Elapsed()
		st = frameStep{draw: true, at: s.snap.Elapsed}
	}
	st.done = done
	if st.draw || r.Demo.CPUBound {
		s.lastDraw = now
	}
	return st
}

// end marks the run ended and returns how it ended and how long it took;
// a 1-worker run at full speed becomes the baseline of its configuration.
func (s *session) end() (took time.Duration, err error) {
	s.ended = true
	r := s.run
	err = r.Wait()
	// the run's own end, whatever the views show: a cursor held back (a
	// lesson's moment, a step back) has put an earlier state in s.snap
	r.Snapshot(&s.snap)
	s.endErr = err
	took = s.snap.Elapsed
	if err == nil && r.Config.Workers == 1 && !s.slowRun {
		s.baselines[baselineKey(r.Demo, r.Config)] = took
	}
	return took, err
}

// baseline is the 1-worker elapsed of d with cfg's other settings.
func (s *session) baseline(d *demos.Demo, cfg demos.Config) (time.Duration, bool) {
	b, ok := s.baselines[baselineKey(d, cfg)]
	return b, ok
}

// clearSnap empties the snapshot for a clean board, keeping its storage.
func (s *session) clearSnap() {
	sn := &s.snap
	sn.Seq, sn.Elapsed, sn.Ended, sn.Workers = 0, 0, false, 0
	sn.Tasks = sn.Tasks[:0]
	clear(sn.Count[:])
	sn.Counter, sn.Waited, sn.Logs = demos.Counter{}, 0, nil
	clear(sn.Stats)
	clear(sn.Series)
	clear(sn.Gauges)
	clear(sn.Flags)
	sn.Graph = sn.Graph[:0]
}

// shutdown cancels every run and waits for them to end, until wait has
// passed.
func (s *session) shutdown(wait time.Duration) {
	s.cancel()
	deadline := time.After(wait)
	for _, r := range append([]*demos.Run{s.run}, s.retired...) {
		if r == nil {
			continue
		}
		select {
		case <-r.Done():
		case <-deadline:
			return
		}
	}
}
