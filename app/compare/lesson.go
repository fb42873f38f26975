package compare

import (
	"math"
	"strings"

	"concurrencylab/demos"
)

// Figure is one number a comparison is about: what a sweep charts, or what a
// prediction guesses.
type Figure struct {
	Key   string // FigSpeedup's, FigElapsed's, FigCounter's, or the name of one of the demo's stats
	Title string // as a sentence says it: "speedup against 1 worker"
	Unit  string // "×", "s", "ms", "jobs"; guesses are typed in this unit
}

// The figures most lessons use (demos declares them).
var (
	FigSpeedup = figureOf(demos.FigSpeedup)
	FigElapsed = figureOf(demos.FigElapsed)
	FigCounter = figureOf(demos.FigCounter)
)

// figureOf is a demo's declared figure as a comparison names it.
func figureOf(f demos.Figure) Figure { return Figure{Key: f.Name, Title: f.Title, Unit: f.Unit} }

// Value returns the figure measured in r; hist gives the 1-worker runs a
// speedup needs. ok is false when r does not have it.
func (f Figure) Value(r *Record, hist []Record) (float64, bool) {
	switch f.Key {
	case FigSpeedup.Key:
		return Speedup(r, hist)
	case FigElapsed.Key:
		return r.ElapsedMS / 1e3, r.ElapsedMS > 0
	case FigCounter.Key:
		if r.Counter == nil {
			return 0, false
		}
		return float64(r.Counter.Actual), true
	}
	return r.Stat(f.Key)
}

// Lesson says how one demo is compared: which knob a sweep varies, what it
// charts, and which figure its prediction question names, as the demo
// declares them (demos.Sweep), so the views never switch on demo IDs.
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
func (l Lesson) Speedup() bool { return l.Chart.Key == FigSpeedup.Key && l.Axis == "workers" }

// LessonOf returns the lesson of the demo with ID id, from its Sweep
// declaration: what it leaves out is the worker count, the speedup and the
// elapsed time.
func LessonOf(id string) Lesson {
	var sw demos.Sweep
	if d, ok := demos.Lookup(id); ok {
		sw = d.Sweep
	}
	l := Lesson{Axis: sw.Axis, Chart: figureOf(sw.Chart), Predict: figureOf(sw.Predict), Modes: sw.Modes,
		MoreWork: sw.MoreWork, step: sw.Step, upTo: sw.UpTo}
	if l.Axis == "" {
		l.Axis = "workers"
	}
	if l.Chart.Key == "" {
		l.Chart = FigSpeedup
	}
	if l.Predict.Key == "" {
		l.Predict = FigElapsed
	}
	return l
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
