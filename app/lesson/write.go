package lesson

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// Write writes l as a lesson file that Parse reads back: every step with its
// mode, worker count and every knob of its demo spelt out, so a teacher
// editing it sees each setting there is. Empty texts are left out, as is a
// speed of 1.
func Write(w io.Writer, l Lesson) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# A Concurrency Lab lesson: a [[step]] table a step (see \"Lessons\" in the README).")
	fmt.Fprintf(bw, "version = %d\n", Version)
	fmt.Fprintf(bw, "title = %s\n", quote(l.Title))
	if l.Author != "" {
		fmt.Fprintf(bw, "author = %s\n", quote(l.Author))
	}
	for _, s := range l.Steps {
		d, ok := demos.Lookup(s.Demo)
		if !ok {
			return fmt.Errorf("cannot write a step of %s: it is not a demo", demos.Quote(s.Demo))
		}
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "[[step]]")
		fmt.Fprintf(bw, "demo = %s\n", quote(d.ID))
		mode := s.Config.Mode
		if mode == "" {
			mode = d.Modes[0].Name
		}
		fmt.Fprintf(bw, "mode = %s\n", quote(mode))
		workers := s.Config.Workers
		if workers == 0 {
			workers = int(d.Workers.Default)
		}
		fmt.Fprintf(bw, "workers = %d\n", workers)
		for _, k := range d.Knobs {
			v, ok := s.Config.Knobs[k.Name]
			if !ok {
				v = k.Default
			}
			fmt.Fprintf(bw, "%s = %s\n", k.Name, knobText(k, v))
		}
		if sp := s.Config.Speed; sp != 0 && sp != 1 {
			fmt.Fprintf(bw, "speed = %s\n", strconv.FormatFloat(sp, 'f', -1, 64))
		}
		for _, kv := range []struct{ k, v string }{
			{"caption", s.Caption}, {"question", s.Question}, {"reveal", s.Reveal},
			{"stop_at", s.StopAt}, {"recording", s.Recording},
		} {
			if kv.v != "" {
				fmt.Fprintf(bw, "%s = %s\n", kv.k, quote(kv.v))
			}
		}
		if s.Compare != 0 {
			fmt.Fprintf(bw, "compare = %d\n", s.Compare)
		}
	}
	return bw.Flush()
}

// knobText writes a knob's value as a lesson file holds it: a duration in
// quotes with its unit, a whole number as one, any other as a decimal.
func knobText(k demos.Knob, v float64) string {
	switch k.Kind {
	case demos.Duration:
		// to the nanosecond, which is what a duration read holds: "200ms"
		return quote(time.Duration(math.Round(v * float64(time.Second))).String())
	case demos.Int:
		return strconv.FormatInt(int64(math.Round(v)), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// quote writes s as a TOML basic string. Go's own quoting is not TOML's
// (\x41 and \a are not TOML escapes), so control characters are written as
// \uXXXX and everything else as it is.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// FromRecords makes a lesson of runs from the history, one step a run in
// the order given: each sets the run's demo, mode, worker count, knobs and
// speed, and says what was measured, for the teacher to edit into a lesson.
// A step after the first of the same demo is compared with the one before
// it. Runs of a demo this app does not have are left out; a knob it no
// longer has is dropped and one out of range is brought into it.
func FromRecords(title string, recs []compare.Record) Lesson {
	l := Lesson{Version: Version, Title: title}
	if strings.TrimSpace(l.Title) == "" {
		l.Title = "Runs from the history"
	}
	for _, r := range recs {
		d, ok := demos.Lookup(r.Demo)
		if !ok {
			continue
		}
		c := d.Defaults()
		if _, ok := d.Mode(r.Mode); ok {
			c.Mode = r.Mode
		}
		c.Workers = int(clamp(d.Workers, float64(r.Workers)))
		for _, k := range d.Knobs {
			if v, ok := r.Knob(k.Name); ok {
				c.Knobs[k.Name] = clamp(k, v)
			}
		}
		c.Speed = 1
		if r.Speed > 0 {
			c.Speed = clamp(speedKnob, r.Speed)
		}
		s := Step{Demo: d.ID, Config: c}
		s.Caption = fmt.Sprintf("%s: %s.", d.Title, s.Describe())
		if r.Prediction != nil {
			s.Question = d.Ask(c)
		}
		s.Reveal = measured(&r)
		if n := len(l.Steps); n > 0 && l.Steps[n-1].Demo == s.Demo {
			s.Compare = n
		}
		l.Steps = append(l.Steps, s)
	}
	return l
}

// clamp brings v into k's range (and to a whole number for an Int knob).
func clamp(k demos.Knob, v float64) float64 {
	if math.IsNaN(v) {
		return k.Default
	}
	if k.Kind == demos.Int {
		v = math.Round(v)
	}
	return min(max(v, k.Min), k.Max)
}

// measured says what the run measured when it was saved.
func measured(r *compare.Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "When this lesson was saved, the run took %s", r.Elapsed().Round(elapsedRound(r.Elapsed())))
	if c := r.Counter; c != nil {
		fmt.Fprintf(&b, " and the counter read %s of %s", demos.Thousands(c.Actual), demos.Thousands(c.Expected))
	}
	if n := r.Failed(); n > 0 {
		fmt.Fprintf(&b, ", with %s", demos.Plural(n, "failed task", "failed tasks"))
	}
	if r.Stopped {
		b.WriteString(" before it was stopped")
	}
	b.WriteByte('.')
	return b.String()
}

// elapsedRound keeps three significant digits of an elapsed time or so.
func elapsedRound(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return 100 * time.Millisecond
	case d >= time.Second:
		return 10 * time.Millisecond
	case d >= 10*time.Millisecond:
		return 100 * time.Microsecond
	}
	return time.Microsecond
}
