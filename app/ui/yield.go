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
// So while more goroutines are ready to run than yieldRunnable, the views
// are updated at most every yieldEvery (the first frame of a run included)
// and the frames between draw nothing.
const (
	yieldEvery    = 400 * time.Millisecond
	yieldRunnable = 64
)

// runnable samples how many goroutines are ready to run but not running.
var runnable = []metrics.Sample{{Name: "/sched/goroutines/runnable:goroutines"}}

// yieldToRun reports whether this frame should draw nothing, leaving the
// cores to the run.
func (s *session) yieldToRun(now time.Time) bool {
	last := s.lastDraw
	if s.begun.After(last) {
		last = s.begun // a run starting 100,000 goroutines: its first frame can wait too
	}
	if now.Sub(last) >= yieldEvery {
		return false
	}
	metrics.Read(runnable)
	if runnable[0].Value.Kind() != metrics.KindUint64 {
		return false
	}
	return runnable[0].Value.Uint64() > uint64(max(yieldRunnable, runtime.GOMAXPROCS(0)))
}
