package ui

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// The window must not slow the run it shows. Drawing a frame takes a core
// for a while (the views' update, then Fyne's painting, in software on a
// machine without a GPU); while the run's goroutines queue for the cores,
// as when 100,000 sleepers start at once, a frame at 60 Hz would take that
// time from them, and fewer would be asleep at once than in the terminal.
// So while the run is busy, and until it has been calm for yieldCalm, the
// views are updated at most every yieldEvery (the first frame of a run
// included) and the frames between draw nothing.
//
// Busy is any of: more goroutines ready to run than yieldRunnable; more
// than yieldSpawnRate goroutines started a second; the frame loop
// itself held up for over yieldCalm (it waited for a core). One look is not
// enough: during a burst the queue empties and fills again from one frame
// to the next.
const (
	yieldEvery     = 400 * time.Millisecond
	yieldCalm      = 50 * time.Millisecond
	yieldRunnable  = 256
	yieldSpawnRate = 50_000 // a second
)

// schedLoad is what the frame loop reads of the Go scheduler: how many
// goroutines are ready to run and not running, and how many have been
// created since the program started.
type schedLoad struct{ queued, created uint64 }

var loadSamples = []metrics.Sample{
	{Name: "/sched/goroutines/runnable:goroutines"},
	{Name: "/sched/goroutines-created:goroutines"},
}

func readLoad() schedLoad {
	metrics.Read(loadSamples)
	if loadSamples[0].Value.Kind() != metrics.KindUint64 || loadSamples[1].Value.Kind() != metrics.KindUint64 {
		return schedLoad{} // a runtime without them: never busy for want of a sign
	}
	return schedLoad{loadSamples[0].Value.Uint64(), loadSamples[1].Value.Uint64()}
}

// yieldToRun reports whether this frame should draw nothing, leaving the
// cores to the run.
func (s *session) yieldToRun(now time.Time) bool { return s.yieldAt(now, readLoad()) }

// yieldAt is yieldToRun's decision at now, the scheduler's load being ld.
func (s *session) yieldAt(now time.Time, ld schedLoad) bool {
	// (a gap after a frame that drew is the painting's own)
	heldUp := !s.looked.IsZero() && now.Sub(s.looked) > yieldCalm
	// goroutines created a second since the last sample, the frame
	// loop's painting included
	spawned := s.created != 0 && float64(ld.created-s.created) > yieldSpawnRate*now.Sub(s.createdAt).Seconds()
	busy := ld.queued > uint64(max(yieldRunnable, runtime.GOMAXPROCS(0))) || spawned || heldUp
	s.looked, s.created, s.createdAt = now, ld.created, now
	if busy || s.calm.IsZero() {
		s.calm = now
	}
	last := s.lastDraw
	if s.begun.After(last) {
		last = s.begun // a run starting 100,000 goroutines: its first frame can wait too
	}
	yield := now.Sub(s.calm) < yieldCalm && now.Sub(last) < yieldEvery
	if !yield {
		s.looked = time.Time{}
	}
	return yield
}
