// Package compare keeps what a class needs to compare runs: the history of
// ended runs, speedups against one worker with the ideal line and an Amdahl
// fit, worker sweeps, predictions revealed after a run, and the history's
// export as CSV and JSON. It knows no toolkit: the window and the terminal
// both build on it, and it reads runs only through demos' snapshots and
// summaries.
package compare

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"concurrencylab/demos"
)

// Limits on what one record keeps, so that 500 runs of 100,000 sleepers
// still make a history file of a few megabytes. The figures (counts, the
// counter, the stats, elapsed) are always exact; only the per-task list and
// the timeline are thinned.
const (
	keepTasks    = 200 // tasks kept in a record (TasksTotal says how many there were)
	keepLanes    = 64  // timeline lanes kept
	keepSegments = 300 // segments per lane; more are merged into time buckets
)

// Record is one ended run (finished or stopped) as the history keeps it.
// Its JSON form holds every field of the terminal's -json summary, plus the
// record's own: when it ended, how its tasks ended, its timeline, the sweep it
// belongs to and the class's prediction.
type Record struct {
	demos.Summary
	At         time.Time      `json:"at"`
	TasksTotal int            `json:"tasks_total"`
	States     map[string]int `json:"task_states"` // tasks per final state: done, failed, cancelled
	Timeline   []Lane         `json:"timeline,omitempty"`
	Sweep      string         `json:"sweep,omitempty"` // the sweep it ran in, if any
	Prediction *Prediction    `json:"prediction,omitempty"`
}

// Lane is one worker's row of a record's timeline.
type Lane struct {
	Worker int       `json:"worker"`
	Name   string    `json:"name,omitempty"`
	Spans  []Segment `json:"spans"`
}

// Segment is a stretch of a lane in one state.
type Segment struct {
	StartMS float64 `json:"start_ms"`
	EndMS   float64 `json:"end_ms"`
	State   string  `json:"state"`
}

// FromRun builds the record of an ended run from its last snapshot; err is
// what the run's Wait returned.
func FromRun(r *demos.Run, s *demos.Snapshot, err error, at time.Time) Record {
	return FromSummary(demos.Summarize(r, s, err), s, at)
}

// FromSummary builds a record from a run's summary and its last snapshot
// (which gives the timeline; nil leaves it out).
func FromSummary(sum demos.Summary, s *demos.Snapshot, at time.Time) Record {
	rec := Record{Summary: sum, At: at, TasksTotal: len(sum.Tasks), States: map[string]int{}}
	for _, t := range sum.Tasks {
		rec.States[t.State]++
	}
	if len(rec.Tasks) > keepTasks {
		rec.Tasks = keepSome(rec.Tasks)
	}
	if s != nil {
		rec.Timeline = timeline(s)
	}
	return rec
}

// keepSome keeps keepTasks tasks: failed ones first (their reasons are the
// lesson), then the rest in ID order.
func keepSome(ts []demos.TaskSummary) []demos.TaskSummary {
	out := make([]demos.TaskSummary, 0, keepTasks)
	for _, t := range ts {
		if t.State == "failed" && len(out) < keepTasks {
			out = append(out, t)
		}
	}
	for _, t := range ts {
		if t.State != "failed" && len(out) < keepTasks {
			out = append(out, t)
		}
	}
	return out
}

// Failed is the number of tasks that failed.
func (r *Record) Failed() int { return r.States["failed"] }

// Elapsed is the run's elapsed time.
func (r *Record) Elapsed() time.Duration {
	return time.Duration(r.ElapsedMS * float64(time.Millisecond))
}

// Valid reports whether the run's time means something for a comparison:
// it ran to its end, without an error, at full speed.
func (r *Record) Valid() bool {
	return !r.Stopped && r.Error == "" && r.Speed >= 1 && r.ElapsedMS > 0
}

// Stat returns one of the demo's figures as a number (a flag is 1 or 0).
func (r *Record) Stat(name string) (float64, bool) {
	switch v := r.Stats[name].(type) {
	case float64:
		return v, true
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	case int64:
		return float64(v), true
	case int:
		return float64(v), true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	}
	return 0, false
}

// Key says which runs a record compares with: the same demo, mode and knobs
// (the worker count and the speed aside).
func (r *Record) Key() string { return r.Demo + "|" + r.Mode + "|" + knobKey(r.Knobs) }

// knobKey renders knobs the same way before and after a JSON round trip
// (which turns int64 into float64): encoding/json sorts the keys and writes
// 1000 and 1000.0 alike.
func knobKey(k map[string]any) string {
	b, err := json.Marshal(k)
	if err != nil {
		return fmt.Sprint(k)
	}
	return string(b)
}

// Knob returns a knob's value as a number; "workers" is the worker count and
// durations come back in seconds.
func (r *Record) Knob(name string) (float64, bool) {
	if name == "workers" {
		return float64(r.Workers), true
	}
	switch v := r.Knobs[name].(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	case int:
		return float64(v), true
	case string:
		d, err := time.ParseDuration(v)
		return d.Seconds(), err == nil
	}
	return 0, false
}

// timeline turns the snapshot's task histories into lanes of segments,
// merged where a lane stays in one state and thinned to keepSegments per
// lane by time buckets (each bucket takes the state that held longest in it).
func timeline(s *demos.Snapshot) []Lane {
	byWorker := map[int]*[]Segment{}
	var order []int
	end := s.Elapsed
	for i := range s.Tasks {
		t := &s.Tasks[i]
		if t.State == demos.Pending || len(t.Spans) == 0 {
			continue
		}
		segs, ok := byWorker[t.Worker]
		if !ok {
			if len(order) == keepLanes {
				continue
			}
			segs = new([]Segment)
			byWorker[t.Worker] = segs
			order = append(order, t.Worker)
		}
		for j, sp := range t.Spans {
			to := end
			switch {
			case j+1 < len(t.Spans):
				to = t.Spans[j+1].At
			case t.State.Ended():
				to = t.End
			}
			st := sp.State
			if st.Ended() {
				continue // the end is a moment, not a stretch
			}
			if to > sp.At {
				*segs = append(*segs, Segment{StartMS: msOf(sp.At), EndMS: msOf(to), State: st.String()})
			}
		}
		if t.State == demos.Failed || t.State == demos.Cancelled {
			// a failure is shown as a short mark at its end
			*segs = append(*segs, Segment{StartMS: msOf(t.End), EndMS: msOf(t.End), State: t.State.String()})
		}
	}
	slices.Sort(order) // w0 at the top, as on the Run view
	lanes := make([]Lane, 0, len(order))
	for _, w := range order {
		segs := merge(*byWorker[w])
		if len(segs) > keepSegments {
			segs = thin(segs, msOf(end), keepSegments)
		}
		lanes = append(lanes, Lane{Worker: w, Name: s.Lanes[w], Spans: segs})
	}
	return lanes
}

func msOf(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

// merge sorts segments by start and joins touching ones in the same state.
func merge(segs []Segment) []Segment {
	slices.SortStableFunc(segs, func(a, b Segment) int { return cmp.Compare(a.StartMS, b.StartMS) })
	out := segs[:0]
	for _, s := range segs {
		if n := len(out); n > 0 && out[n-1].State == s.State && s.StartMS <= out[n-1].EndMS+0.001 && s.StartMS < s.EndMS {
			out[n-1].EndMS = max(out[n-1].EndMS, s.EndMS)
			continue
		}
		out = append(out, s)
	}
	return out
}

// thin cuts [0, total] into n buckets and gives each the state that held
// longest in it; failures keep their marks.
func thin(segs []Segment, total float64, n int) []Segment {
	if total <= 0 {
		return segs[:n]
	}
	w := total / float64(n)
	held := make([]map[string]float64, n)
	var marks []Segment
	for _, s := range segs {
		if s.EndMS <= s.StartMS {
			marks = append(marks, s)
			continue
		}
		for b := int(s.StartMS / w); b < n && float64(b)*w < s.EndMS; b++ {
			lo, hi := max(s.StartMS, float64(b)*w), min(s.EndMS, float64(b+1)*w)
			if hi > lo {
				if held[b] == nil {
					held[b] = map[string]float64{}
				}
				held[b][s.State] += hi - lo
			}
		}
	}
	var out []Segment
	for b, h := range held {
		best, most := "", 0.0
		for st, d := range h {
			if d > most || (d == most && st < best) {
				best, most = st, d
			}
		}
		if best != "" {
			out = append(out, Segment{StartMS: float64(b) * w, EndMS: float64(b+1) * w, State: best})
		}
	}
	if len(marks) > n {
		marks = marks[:n]
	}
	return merge(append(out, marks...))
}
