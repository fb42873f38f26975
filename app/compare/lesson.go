package compare

import (
	"math"
	"runtime"
	"strings"

	"concurrencylab/demos"
)

// Figure is one number a comparison is about: what a sweep charts, or what a
// prediction guesses.
type Figure struct {
	Key   string // "speedup", "elapsed", "counter", or the name of one of the demo's stats
	Title string // as a sentence says it: "speedup against 1 worker"
	Unit  string // "×", "s", "ms", "jobs"; guesses are typed in this unit
}

// The figures most lessons use.
var (
	FigSpeedup = Figure{Key: "speedup", Title: "speedup against 1 worker", Unit: "×"}
	FigElapsed = Figure{Key: "elapsed", Title: "elapsed time", Unit: "s"}
	FigCounter = Figure{Key: "counter", Title: "the counter's final value", Unit: ""}
)

// Value returns the figure measured in r; hist gives the 1-worker runs a
// speedup needs. ok is false when r does not have it.
func (f Figure) Value(r *Record, hist []Record) (float64, bool) {
	switch f.Key {
	case "speedup":
		return Speedup(r, hist)
	case "elapsed":
		return r.ElapsedMS / 1e3, r.ElapsedMS > 0
	case "counter":
		if r.Counter == nil {
			return 0, false
		}
		return float64(r.Counter.Actual), true
	}
	return r.Stat(f.Key)
}

// Lesson says how one demo is compared: which knob a sweep varies, what it
// charts, and which figure its prediction question names. One table holds
// every demo's, so the views never switch on demo IDs.
type Lesson struct {
	Axis    string   // the knob a sweep varies ("workers" is the worker count)
	Chart   Figure   // what a sweep charts against Axis
	Predict Figure   // the figure the prediction question names
	Modes   []string // the modes a sweep compares by default; nil: the current one
	// MoreWork says each worker brings its own work (the counter's
	// increments): a run with more workers does more, so no speedup
	// against 1 worker is taken.
	MoreWork bool
	step     float64 // the default axis values grow by this factor
	upTo     func(c demos.Config) float64
}

// Speedup reports whether the lesson charts a speedup against workers, with
// the ideal line and an Amdahl fit.
func (l Lesson) Speedup() bool { return l.Chart.Key == "speedup" && l.Axis == "workers" }

// cores is the core count the default sweeps are sized for.
func cores() float64 { return float64(runtime.GOMAXPROCS(0)) }

var lessons = map[string]Lesson{
	"cpu": {Axis: "workers", Chart: FigSpeedup, Predict: FigSpeedup, Modes: []string{"goroutines", "gil", "processes"},
		// past twice the cores the curve is flat; past the chunks nothing is left to share
		upTo: func(c demos.Config) float64 { return min(c.Knobs["chunks"], max(4, 2*cores())) }},
	// each worker adds its own increments, so more workers do more work:
	// no speedup to take, but the rate the lock (or its absence) allows
	"counter": {Axis: "workers", Chart: Figure{Key: "increments_per_s", Title: "increments per second", Unit: "/s"}, Predict: FigCounter, MoreWork: true,
		upTo: func(demos.Config) float64 { return max(8, 2*cores()) }},
	"interleave": {Axis: "workers", Chart: FigElapsed, Predict: FigElapsed},
	// one after another against all at once, over ever more tasks
	"sleepers": {Axis: "tasks", Chart: FigElapsed, Predict: FigElapsed, step: 10, Modes: []string{"sequential", "concurrent"},
		upTo: func(c demos.Config) float64 {
			if c.Mode == "sequential" { // tasks × wait: keep a sweep under ten seconds a run
				return max(1, math.Floor(10/max(c.Knobs["wait"], 1e-3)))
			}
			return 10_000
		}},
	// a pool of workers against a goroutine per file (flat: it uses no worker count)
	"download": {Axis: "workers", Chart: FigElapsed, Predict: FigElapsed, Modes: []string{"pool", "unbounded"},
		upTo: func(c demos.Config) float64 { return c.Knobs["files"] }},
	"pool": {Axis: "workers", Chart: Figure{Key: "mean_wait_ms", Title: "mean wait in the queue", Unit: "ms"},
		Predict: Figure{Key: "peak_queue", Title: "the longest the queue gets", Unit: "jobs"},
		// rate × cost workers keep up; twice that shows the waits vanish
		upTo: func(c demos.Config) float64 { return max(4, 2*math.Ceil(c.Knobs["rate"]*c.Knobs["cost"])) }},
	"pipeline": {Axis: "workers", Chart: FigElapsed, Predict: FigElapsed},
	"deadlock": {Axis: "workers", Chart: FigElapsed, Predict: Figure{Key: "rounds_done", Title: "rounds completed", Unit: "rounds"}},
	"spawn":    {Axis: "workers", Chart: FigSpeedup, Predict: Figure{Key: "bytes_per_unit", Title: "memory per unit", Unit: "B"}},
}

// LessonOf returns the demo's lesson; a demo missing from the table is
// compared by its speedup and predicted by its elapsed time.
func LessonOf(id string) Lesson {
	if l, ok := lessons[id]; ok {
		return l
	}
	return Lesson{Axis: "workers", Chart: FigSpeedup, Predict: FigElapsed}
}

// Values returns the default axis values of a sweep of d configured by c:
// 1, 2, 4, ... (or 1, 10, 100, ...) up to the demo's useful maximum, and that
// maximum itself, all inside the knob's range.
func (l Lesson) Values(d *demos.Demo, c demos.Config) []float64 {
	k, ok := d.Knob(l.Axis)
	if !ok {
		return nil
	}
	top := k.Max
	if l.upTo != nil {
		top = min(top, l.upTo(c))
	} else {
		top = min(top, 8)
	}
	step := l.step
	if step == 0 {
		step = 2
	}
	var out []float64
	v := max(1, k.Min)
	for ; v <= top; v *= step {
		out = append(out, v)
	}
	if len(out) > 0 && out[len(out)-1] < math.Floor(top) {
		out = append(out, math.Floor(top))
	}
	if len(out) == 0 {
		out = append(out, k.Min)
	}
	return out
}

// SweepModes returns the modes a sweep of d compares when none are named:
// the lesson's that d has, or else the given current mode.
func (l Lesson) SweepModes(d *demos.Demo, current string) []string {
	var out []string
	for _, m := range l.Modes {
		if _, ok := d.Mode(m); ok {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		out = []string{current}
	}
	return out
}

// Why picks the sentence of the demo's notice that explains a run in mode:
// the first that names the mode (an aside in brackets aside), or else the
// first.
func Why(d *demos.Demo, mode string) string {
	sentences := splitSentences(d.Notice)
	if len(sentences) == 0 {
		return ""
	}
	for _, s := range sentences {
		if strings.HasPrefix(s, "(") {
			continue
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r == '-')
		}) {
			if w == strings.ToLower(mode) {
				return s
			}
		}
	}
	return sentences[0]
}

// splitSentences cuts text after ". " or ".) ".
func splitSentences(text string) []string {
	var out []string
	for text = strings.TrimSpace(text); text != ""; {
		i, n := strings.Index(text, ". "), 1
		if j := strings.Index(text, ".) "); j >= 0 && (i < 0 || j < i) {
			i, n = j, 2
		}
		if i < 0 {
			out = append(out, text)
			break
		}
		out = append(out, strings.TrimSpace(text[:i+n]))
		text = strings.TrimSpace(text[i+n:])
	}
	return out
}
