package ui

import (
	"testing"
	"time"
)

// TestYieldAt follows the frame loop's decision through a run's phases: its
// start is busy until seen calm, a burst of queued or new goroutines holds
// the drawing back, yieldEvery at most, and a held-up frame loop counts as
// busy unless the hold-up was its own painting.
func TestYieldAt(t *testing.T) {
	t0 := time.Now()
	s := session{begun: t0}
	calm := schedLoad{queued: 1, created: 100}
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	drawIf := func(d time.Duration, ld schedLoad) bool {
		yield := s.yieldAt(at(d), ld)
		if !yield {
			s.lastDraw = at(d) // what step does when it draws
		}
		return !yield
	}
	steps := []struct {
		at   time.Duration
		ld   schedLoad
		draw bool
		why  string
	}{
		{5 * time.Millisecond, calm, false, "a run's first look: calm from now on"},
		{20 * time.Millisecond, calm, false, "calm for 15 ms"},
		{40 * time.Millisecond, calm, false, "calm for 35 ms"},
		{56 * time.Millisecond, calm, true, "calm for yieldCalm"},
		{200 * time.Millisecond, calm, true, "a gap after a drawn frame is its painting"},
		{216 * time.Millisecond, schedLoad{queued: 500, created: 100}, false, "goroutines queue"},
		{232 * time.Millisecond, calm, false, "calm again, for 0 ms"},
		{248 * time.Millisecond, schedLoad{queued: 1, created: 5000}, false, "a burst of new goroutines"},
		{264 * time.Millisecond, schedLoad{queued: 1, created: 5100}, false, "calm for 0 ms"},
		{400 * time.Millisecond, schedLoad{queued: 1, created: 5100}, false, "no look for 136 ms: the loop waited for a core"},
		{416 * time.Millisecond, schedLoad{queued: 900, created: 5100}, false, "busy"},
		{600 * time.Millisecond, schedLoad{queued: 900, created: 5100}, true, "busy, but yieldEvery since the last frame"},
		{616 * time.Millisecond, schedLoad{queued: 900, created: 5100}, false, "busy"},
		{640 * time.Millisecond, calm, false, "calm for 0 ms"},
		{680 * time.Millisecond, calm, false, "calm for 40 ms"},
		{692 * time.Millisecond, calm, true, "calm for yieldCalm"},
		{730 * time.Millisecond, schedLoad{queued: 1, created: 480}, true, "10,000 new goroutines a second is no burst"},
		{746 * time.Millisecond, schedLoad{queued: 1, created: 1480}, false, "60,000 a second is"},
	}
	for _, st := range steps {
		if got := drawIf(st.at, st.ld); got != st.draw {
			t.Errorf("at %v (%s): draw %v, want %v", st.at, st.why, got, st.draw)
		}
	}
}
