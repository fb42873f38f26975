package engine

import (
	"sync/atomic"
	"time"
)

// runClock is a run's time: wall time since the run began, less the time it
// has spent paused, so that it stands still while the run is paused. Every
// event is stamped with it, so a pause to explain something adds nothing to
// an elapsed time, a rate or the timeline.
//
// Readers are every worker, on every event; they only load atomics, so they
// never contend. The pausing side (Pause and Resume, serialised by Run.mu)
// writes under a sequence number that readers check, as in a seqlock.
type runClock struct {
	start    time.Time
	seq      atomic.Uint64 // odd while a writer changes the fields below
	pausedNS atomic.Int64  // paused time of the pauses that ended
	frozeAt  atomic.Int64  // wall ns since start when the current pause began; -1 when running
	// stops counts the pauses in force: a user's Pause and a peer's
	// start-up hold may overlap, and the clock runs again at the last
	// resume. Only writers, serialised by Run.mu, touch it.
	stops int
}

func newRunClock() *runClock {
	c := &runClock{start: time.Now()}
	c.frozeAt.Store(-1)
	return c
}

// now is the run's time.
func (c *runClock) now() time.Duration {
	for {
		s := c.seq.Load()
		if s&1 == 1 {
			continue // a writer is halfway; it takes nanoseconds
		}
		paused, froze := c.pausedNS.Load(), c.frozeAt.Load()
		if c.seq.Load() != s {
			continue
		}
		wall := time.Since(c.start)
		if froze >= 0 {
			wall = time.Duration(froze)
		}
		return wall - time.Duration(paused)
	}
}

// pause stops the clock; the caller serialises pause and resume. Pauses
// nest: the clock starts again at the resume of the last.
func (c *runClock) pause() {
	if c.stops++; c.stops > 1 {
		return
	}
	c.seq.Add(1)
	c.frozeAt.Store(int64(time.Since(c.start)))
	c.seq.Add(1)
}

// resume starts the clock again from where it stopped.
func (c *runClock) resume() {
	if c.stops == 0 {
		return
	}
	if c.stops--; c.stops > 0 {
		return
	}
	c.seq.Add(1)
	if f := c.frozeAt.Load(); f >= 0 {
		c.pausedNS.Add(int64(time.Since(c.start)) - f)
		c.frozeAt.Store(-1)
	}
	c.seq.Add(1)
}
