package compare

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"concurrencylab/demos"
)

// Prediction is the class's guess of the figure a demo's question names,
// and, once the run has ended, what was measured.
type Prediction struct {
	Figure   string   `json:"figure"` // the Figure's Key
	Title    string   `json:"title"`
	Unit     string   `json:"unit"`
	Guess    float64  `json:"guess"`
	Measured *float64 `json:"measured,omitempty"` // nil when the run did not give the figure
	Why      string   `json:"why,omitempty"`      // a sentence of the demo's notice
}

// ParseGuess reads a guess as a class types it: "2", "1.9x", "10,000",
// "0.4 s", "1.5×". An empty field is a skipped guess (ok false, no error).
// A unit typed after the number must be the figure's, or none.
func ParseGuess(s string, f Figure) (v float64, ok bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false, nil
	}
	num := strings.TrimRight(s, " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ×µ/%")
	unit := strings.TrimSpace(s[len(num):])
	num = strings.ReplaceAll(strings.TrimSpace(num), ",", "")
	v, perr := strconv.ParseFloat(num, 64)
	if perr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, fmt.Errorf("type a number for %s%s, or leave it empty to skip", f.Title, unitHint(f))
	}
	if unit != "" && !sameUnit(unit, f.Unit) {
		return 0, false, fmt.Errorf("%s is in %s; type a number%s", f.Title, unitName(f), unitHint(f))
	}
	return v, true, nil
}

func sameUnit(typed, want string) bool {
	typed = strings.ToLower(typed)
	switch want {
	case "×":
		return typed == "x" || typed == "×" || typed == "times"
	case "s":
		return typed == "s" || typed == "sec" || typed == "seconds" || typed == "second"
	}
	return typed == strings.ToLower(want)
}

func unitHint(f Figure) string {
	switch f.Unit {
	case "×":
		return ", such as 1.5 (times)"
	case "s":
		return " in seconds, such as 0.5"
	case "":
		return ", such as 8,000"
	}
	return " in " + f.Unit
}

func unitName(f Figure) string {
	switch f.Unit {
	case "×":
		return "times (×)"
	case "s":
		return "seconds"
	case "":
		return "a plain number"
	}
	return f.Unit
}

// Reveal completes a guess of demo d's lesson figure with what rec measured
// and the line of why; hist gives the 1-worker runs a speedup needs.
func Reveal(d *demos.Demo, rec *Record, guess float64, hist []Record) Prediction {
	f := LessonOf(d.ID).Predict
	p := Prediction{Figure: f.Key, Title: f.Title, Unit: f.Unit, Guess: guess, Why: Why(d, rec.Mode)}
	if v, ok := f.Value(rec, hist); ok {
		p.Measured = &v
	}
	return p
}

// Difference is the measurement minus the guess, and that as a share of
// the measurement; ok is false before the reveal or with nothing measured.
func (p *Prediction) Difference() (diff, rel float64, ok bool) {
	if p.Measured == nil {
		return 0, 0, false
	}
	diff = *p.Measured - p.Guess
	rel = math.NaN()
	if *p.Measured != 0 {
		rel = diff / math.Abs(*p.Measured)
	}
	return diff, rel, true
}

// Sentence says how the guess fared, for the reveal and the history:
// "guessed 2 ×, measured 1.93 ×: 0.07 × lower than the guess (4% off)".
func (p *Prediction) Sentence() string {
	g := FormatValue(p.Guess, p.Unit)
	if p.Measured == nil {
		return fmt.Sprintf("guessed %s; the run did not measure %s", g, p.Title)
	}
	m := FormatValue(*p.Measured, p.Unit)
	diff, rel, _ := p.Difference()
	switch {
	case diff == 0:
		return fmt.Sprintf("guessed %s, measured %s: exactly right", g, m)
	case math.IsNaN(rel):
		return fmt.Sprintf("guessed %s, measured %s", g, m)
	}
	way := "higher"
	if diff < 0 {
		way = "lower"
	}
	return fmt.Sprintf("guessed %s, measured %s: %s %s than the guess (%s off)",
		g, m, FormatValue(math.Abs(diff), p.Unit), way, FormatPercent(math.Abs(rel)))
}

// Round3 rounds v to three significant digits, below 100; larger values,
// zero, NaN and the infinities are returned as they are.
func Round3(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) >= 100 {
		return v
	}
	scale := math.Pow(10, 2-math.Floor(math.Log10(math.Abs(v))))
	return math.Round(v*scale) / scale
}

// FormatValue renders a figure with its unit to about three digits:
// "1.93 ×", "0.412 s", "10,000", "2.5 KiB".
func FormatValue(v float64, unit string) string {
	var s string
	switch a := math.Abs(v); {
	case a >= 1e15: // a wild guess: beyond what int64 digits hold
		s = strconv.FormatFloat(v, 'g', 3, 64)
	case a == math.Trunc(a):
		s = demos.Thousands(int64(v))
	case a >= 100:
		s = demos.Thousands(int64(math.Round(v)))
	default:
		s = strconv.FormatFloat(v, 'g', 3, 64)
	}
	if unit == "" {
		return s
	}
	return s + " " + unit
}

// FormatPercent renders a share: "4%", "0.5%", "250%".
func FormatPercent(r float64) string {
	p := r * 100
	if math.Abs(p) < 10 && p != math.Trunc(p) {
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
}
