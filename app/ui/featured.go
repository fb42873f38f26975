package ui

import (
	"strings"

	"concurrencylab/demos"
)

// featuredFigure is one of a demo's own measured figures shown as a big
// number: read from a stat, the latest point of a series, or a flag.
type featuredFigure struct {
	caption string
	stat    string // a Snapshot.Stats name
	series  string // or a Snapshot.Series name: its latest value
	flag    string // or a Snapshot.Flags name
	waited  bool   // or the time the tasks reported waiting (Snapshot.Waited)
	format  func(v float64) string
	warn    func(v float64) bool // drawn in the warning colour when true
	// custom, when set, reads the figure and its caption (empty: the
	// caption above) from the snapshot instead.
	custom func(s *demos.Snapshot) (text, caption string, warn, ok bool)
	hides  []string // stats the custom figure shows, kept off the "name: value" line
}

// The demos' featured figures, each listed in its presentation
// (present.go); the panel shows every other stat as "name: value" under
// them.
var ()

// meanThroughput is the pool's jobs done per second over the run so far
// (the chart draws the last second's): at the end, the engine's figure,
// which counts to the last job's end.
func meanThroughput(s *demos.Snapshot) (string, string, bool, bool) {
	if v, ok := s.Stats["throughput"]; ok && s.Ended {
		return number(v) + " jobs/s", "", false, true
	}
	done, ok := s.Stats["jobs_done"]
	if !ok || s.Elapsed <= 0 {
		return "", "", false, false
	}
	return number(done/s.Elapsed.Seconds()) + " jobs/s", "", false, true
}

// deadlockedFigure says whether the run deadlocked.
func deadlockedFigure(s *demos.Snapshot) (string, string, bool, bool) {
	d, found := s.Flags["deadlocked"]
	switch {
	case !found:
		return "", "", false, false
	case !d && s.Ended:
		return "no ✓", "deadlocked?", false, true
	case !d:
		return "not yet", "deadlocked?", false, true
	}
	return "YES ⚠", "deadlocked?", true, true
}

// frozeAt is when the last wait closed the cycle: the detector measures
// how long after that it noticed.
func frozeAt(s *demos.Snapshot) (float64, bool) {
	at, ok1 := s.Stats["detected_ms"]
	after, ok2 := s.Stats["detected_after_ms"]
	return at - after, ok1 && ok2
}

// frozeFigure is the run time at which every worker was stuck.
func frozeFigure(s *demos.Snapshot) (string, string, bool, bool) {
	if ms, ok := frozeAt(s); ok {
		return fmtMs(ms), "froze at", false, true
	}
	if s.Ended && len(s.Tasks) > 0 {
		return "never", "froze at", false, true
	}
	return "", "", false, false
}

// detectedFigure is the run time at which the app saw the deadlock, and
// how long after the freeze that was.
func detectedFigure(s *demos.Snapshot) (string, string, bool, bool) {
	at, ok := s.Stats["detected_ms"]
	if !ok {
		if s.Ended && len(s.Tasks) > 0 {
			return "—", "detected at", false, true
		}
		return "", "", false, false
	}
	caption := "detected at"
	if after, ok := s.Stats["detected_after_ms"]; ok {
		caption = "detected, " + fmtMs(after) + " later"
	}
	return fmtMs(at), caption, false, true
}

// unit formats a figure with unit u (" jobs"), in the singular for one
// ("1 job").
func unit(u string) func(float64) string {
	return func(v float64) string {
		if v == 1 && strings.HasSuffix(u, "s") && !strings.Contains(u, "/") && u != " ms" {
			return number(v) + strings.TrimSuffix(u, "s")
		}
		return number(v) + u
	}
}

// value reads the figure from s, and its caption when it changes with the
// run (empty: the fixed one); ok is false while the run has not reported it
// yet.
func (ff *featuredFigure) value(s *demos.Snapshot) (text, caption string, warn, ok bool) {
	if ff.custom != nil {
		return ff.custom(s)
	}
	text, warn, ok = ff.read(s)
	return text, "", warn, ok
}

func (ff *featuredFigure) read(s *demos.Snapshot) (text string, warn, ok bool) {
	var v float64
	switch {
	case ff.waited:
		if len(s.Tasks) == 0 {
			return "", false, false
		}
		return seconds(s.Waited), false, true
	case ff.flag != "":
		b, found := s.Flags[ff.flag]
		if !found {
			return "", false, false
		}
		if b {
			return "YES ⚠", true, true
		}
		return "no ✓", false, true
	case ff.series != "" && len(s.Series[ff.series]) > 0 && !s.Ended || ff.stat == "":
		pts := s.Series[ff.series]
		if len(pts) == 0 {
			return "", false, false
		}
		v = pts[len(pts)-1].Value
	default:
		var found bool
		if v, found = s.Stats[ff.stat]; !found {
			return "", false, false
		}
	}
	return ff.format(v), ff.warn != nil && ff.warn(v), true
}

// featuredStats are the stats and flags a featured figure already shows.
func featuredStats(id string) []string {
	var out []string
	for _, ff := range presentations[id].featured {
		out = append(out, ff.stat, ff.flag)
		out = append(out, ff.hides...)
	}
	return out
}

// newFeatured builds the figures for demo id.
func newFeatured(id string) []*figure {
	var out []*figure
	for _, ff := range presentations[id].featured {
		out = append(out, newFigure(ff.caption))
	}
	return out
}
