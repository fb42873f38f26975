package ui

import (
	"fmt"
	"time"

	"concurrencylab/demos"
)

// The sleepers have the default picture and one figure of their own, big:
// how long N waits took, against the time they would take one after
// another. That is the lesson; tasks finished a second is not.
func init() { present("sleepers", presentation{featured: sleepersFigures}) }

var sleepersFigures = []featuredFigure{
	{caption: "waits took", custom: wavesFigure, hides: []string{"sleep_ms"}},
	{caption: "one after another", custom: serialFigure},
}

// waits is the number of tasks and each one's wait, once the run said it.
func waits(s *demos.Snapshot) (n int, each time.Duration, ok bool) {
	ms, ok := s.Stats["sleep_ms"]
	return len(s.Tasks), time.Duration(ms * float64(time.Millisecond)), ok && len(s.Tasks) > 0
}

// wavesFigure reads "2.05 s" over "10,000 waits of 2.00 s took": the run's
// time so far, or its whole length once it ended.
func wavesFigure(s *demos.Snapshot) (string, string, bool, bool) {
	n, each, ok := waits(s)
	if !ok {
		return "", "", false, false
	}
	verb := "take"
	if s.Ended {
		verb = "took"
	}
	return seconds(s.Elapsed), fmt.Sprintf("%s waits of %s %s", thousands(int64(n)), seconds(each), verb), false, true
}

// serialFigure is what the same waits take one after another: N·D.
func serialFigure(s *demos.Snapshot) (string, string, bool, bool) {
	n, each, ok := waits(s)
	if !ok {
		return "", "", false, false
	}
	return spoken(time.Duration(n) * each), "", false, true
}

// spoken writes a long duration as a class says it: "41.7 min", "5.6 h".
func spoken(d time.Duration) string {
	switch {
	case d < 100*time.Second:
		return seconds(d)
	case d < 100*time.Minute:
		return fmt.Sprintf("%.1f min", d.Minutes())
	}
	return fmt.Sprintf("%.1f h", d.Hours())
}
