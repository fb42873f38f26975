package ui

import "concurrencylab/demos"

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
}

// featured lists, per demo, the figures that carry its lesson; the panel
// shows every other stat as "name: value" under them.
var featured = map[string][]featuredFigure{
	"counter": {
		{caption: "lock wait, all workers", waited: true},
	},
	"pool": {
		{caption: "queue now", series: "queue", format: unit(" jobs")},
		{caption: "throughput", series: "throughput", stat: "throughput", format: unit(" jobs/s")},
		{caption: "mean wait", stat: "mean_wait_ms", format: unit(" ms")},
	},
	"deadlock": {
		{caption: "deadlocked?", flag: "deadlocked", warn: func(v float64) bool { return v != 0 }},
		{caption: "detected after", stat: "detected_after_ms", format: unit(" ms")},
	},
	"spawn": {
		{caption: "time to start all", stat: "start_ms", format: unit(" ms")},
		{caption: "memory per unit", stat: "bytes_per_unit", format: bytesText},
	},
	"pipeline": {
		{caption: "senders blocked", stat: "blocked_send_ms", format: unit(" ms")},
		{caption: "receivers blocked", stat: "blocked_recv_ms", format: unit(" ms")},
	},
}

func unit(u string) func(float64) string {
	return func(v float64) string { return number(v) + u }
}

// value reads the figure from s; ok is false while the run has not
// reported it yet.
func (ff *featuredFigure) value(s *demos.Snapshot) (text string, warn, ok bool) {
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
	for _, ff := range featured[id] {
		out = append(out, ff.stat, ff.flag)
	}
	return out
}

// newFeatured builds the figures for demo id.
func newFeatured(id string) []*figure {
	var out []*figure
	for _, ff := range featured[id] {
		out = append(out, newFigure(ff.caption))
	}
	return out
}
