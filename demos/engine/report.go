package engine

import (
	"errors"
	"math"
	"time"
)

// Summary is the machine-readable account of a run: what `app run -json`
// prints and what the window exports. Its JSON form is a contract (see the
// README); add fields, never rename them.
type Summary struct {
	Demo      string         `json:"demo"`
	Mode      string         `json:"mode"`
	Workers   int            `json:"workers"`
	Knobs     map[string]any `json:"knobs"`
	Speed     float64        `json:"speed"`
	ElapsedMS float64        `json:"elapsed_ms"`
	Stopped   bool           `json:"stopped"`
	Error     string         `json:"error,omitempty"`
	Counter   *CounterJSON   `json:"counter,omitempty"`
	// Units is what each task stands for, when the demo said (spawn:
	// goroutines, up to ten to a task).
	Units *Units         `json:"units,omitempty"`
	Tasks []TaskSummary  `json:"tasks"`
	Stats map[string]any `json:"stats"`
}

// CounterJSON is the shared counter in a Summary.
type CounterJSON struct {
	Expected int64 `json:"expected"`
	Actual   int64 `json:"actual"`
	Lost     int64 `json:"lost"`
}

// TaskSummary is one task in a Summary.
type TaskSummary struct {
	ID      int     `json:"id"`
	Worker  int     `json:"worker"`
	State   string  `json:"state"`
	StartMS float64 `json:"start_ms"`
	EndMS   float64 `json:"end_ms"`
	Error   string  `json:"error"`
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

// Summarize builds the Summary of a run from its snapshot. err is what the
// run's Wait returned.
func Summarize(r *Run, s *Snapshot, err error) Summary {
	out := summarize(r.Demo, r.Config, r.Speed(), s)
	if errors.Is(err, ErrStopped) {
		out.Stopped = true
	} else if err != nil {
		out.Error = err.Error()
	}
	return out
}

// SummarizeRecording builds the Summary of a recorded run from the
// snapshot at the end of its recording (Player.Seek(Len)): the same one its
// run printed.
func SummarizeRecording(rec *Recording, s *Snapshot) Summary {
	errText, stopped, speed, _, ok := rec.Result()
	if !ok {
		speed = rec.Config.Speed
	}
	if speed == 0 {
		speed = 1
	}
	out := summarize(rec.Demo, rec.Config, speed, s)
	out.Error, out.Stopped = errText, stopped
	return out
}

func summarize(d *Demo, cfg Config, speed float64, s *Snapshot) Summary {
	out := Summary{
		Demo: d.ID, Mode: cfg.Mode, Workers: cfg.Workers,
		Knobs: map[string]any{}, Speed: speed, ElapsedMS: ms(s.Elapsed),
		Tasks: make([]TaskSummary, 0, len(s.Tasks)), Stats: map[string]any{},
	}
	for _, k := range d.Knobs {
		v := cfg.Knobs[k.Name]
		switch k.Kind {
		case Int:
			out.Knobs[k.Name] = int64(math.Round(v))
		case Duration:
			out.Knobs[k.Name] = k.Format(v)
		default:
			out.Knobs[k.Name] = v
		}
	}
	if s.Counter.Set {
		out.Counter = &CounterJSON{Expected: s.Counter.Expected, Actual: s.Counter.Actual, Lost: s.Counter.Lost()}
	}
	if s.Units.Per > 0 {
		u := s.Units
		out.Units = &u
	}
	for i := range s.Tasks {
		t := &s.Tasks[i]
		ts := TaskSummary{ID: t.ID, Worker: t.Worker, State: t.State.String(), StartMS: ms(t.Start), EndMS: ms(t.End)}
		if t.State == Failed || t.State == Cancelled {
			ts.Error = t.On
		}
		out.Tasks = append(out.Tasks, ts)
	}
	for k, v := range s.Stats {
		if finite(v) { // JSON has no NaN: a figure with no value is absent
			out.Stats[k] = v
		}
	}
	if s.Waited > 0 {
		out.Stats["wait_ms"] = ms(s.Waited)
	}
	for k, v := range s.Flags {
		out.Stats[k] = v
	}
	return out
}
