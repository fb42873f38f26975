package term

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"concurrencylab/demos"
)

// Limits of the human summary: it is read, not parsed (-json has it all).
const (
	reasonLimit = 10 // distinct failure reasons listed
	idLimit     = 8  // task IDs listed per reason
)

// writeSummary prints a short account of the run for a person: what ran, how
// long it took, the counter, how the tasks ended, why they failed, and the
// demo's own figures. It reads the same Summary as -json, so the two agree.
func writeSummary(w io.Writer, s *demos.Summary) {
	var knobs []string
	d, _ := demos.Lookup(s.Demo)
	for _, name := range slices.Sorted(maps.Keys(s.Knobs)) {
		v := fmt.Sprint(s.Knobs[name])
		if k, ok := d.Knob(name); ok && k.Unit != "" {
			v += " " + k.Unit
		}
		knobs = append(knobs, name+" "+v)
	}
	workers := demos.Plural(s.Workers, "worker", "workers")
	if m, _ := d.Mode(s.Mode); m.Fixed != "" {
		workers = m.Fixed // the worker count is not used
	}
	fmt.Fprintf(w, "%s, mode %s, %s", s.Demo, s.Mode, workers)
	if len(knobs) > 0 {
		fmt.Fprintf(w, ", %s", strings.Join(knobs, ", "))
	}
	fmt.Fprintln(w)
	if s.Speed < 1 {
		fmt.Fprintf(w, "  speed     %.2gx (slow motion: times are stretched)\n", s.Speed)
	}
	end := "finished"
	if s.Stopped {
		end = "stopped"
	}
	fmt.Fprintf(w, "  elapsed   %s (%s)\n", fmtDur(time.Duration(s.ElapsedMS*float64(time.Millisecond))), end)
	if s.Error != "" {
		fmt.Fprintf(w, "  error     %s\n", s.Error)
	}
	if c := s.Counter; c != nil {
		fmt.Fprintf(w, "  counter   expected %d, actual %d, lost %d\n", c.Expected, c.Actual, c.Lost)
	}

	count := map[string]int{}
	type reason struct {
		text string
		ids  []int
	}
	var failed []*reason
	for _, t := range s.Tasks {
		count[t.State]++
		if t.State != "failed" {
			continue
		}
		i := slices.IndexFunc(failed, func(r *reason) bool { return r.text == t.Error })
		if i < 0 {
			failed = append(failed, &reason{text: t.Error})
			i = len(failed) - 1
		}
		failed[i].ids = append(failed[i].ids, t.ID)
	}
	fmt.Fprintf(w, "  tasks     %d: %d done, %d failed, %d cancelled\n", len(s.Tasks), count["done"], count["failed"], count["cancelled"])
	if u := s.Units; u != nil {
		fmt.Fprintf(w, "  units     %s\n", unitsLine(*u))
	}
	slices.SortStableFunc(failed, func(a, b *reason) int { return len(b.ids) - len(a.ids) })
	for i, r := range failed {
		if i == reasonLimit {
			fmt.Fprintf(w, "            … and %d other reasons (see -json)\n", len(failed)-reasonLimit)
			break
		}
		fmt.Fprintf(w, "  failed    %d× %s (%s)\n", len(r.ids), r.text, taskIDs(r.ids))
	}

	label := "stats"
	for _, k := range slices.Sorted(maps.Keys(s.Stats)) {
		// in the words and unit the demo declares, as the window shows it
		name, unit := k, ""
		if f, ok := d.Figure(k); ok {
			if f.Hidden {
				continue
			}
			name, unit = f.Title, f.Unit
		}
		fmt.Fprintf(w, "  %-9s %s: %s\n", label, name, statWithUnit(s.Stats[k], unit))
		label = ""
	}
}

// unitsLine says what the tasks stand for: "goroutines, 10000 in all, 10
// a task", "goroutines, 1001 in all, 2 a task (the last 1)", "threads,
// 200 in all, one a task". The noun comes first, as a label, so that a
// count of one reads as well as any.
func unitsLine(u demos.Units) string {
	per := fmt.Sprint(u.Per)
	if u.Per == 1 {
		per = "one"
	}
	out := fmt.Sprintf("%s, %d in all, %s a task", cmp.Or(u.Noun, "units"), u.Total, per)
	if last := u.Of(u.Tasks() - 1); u.Tasks() > 1 && last != u.Per {
		out += fmt.Sprintf(" (the last %d)", last)
	}
	return out
}

// taskIDs lists the first few IDs: "task 3" or "tasks 1, 4, 9, …".
func taskIDs(ids []int) string {
	var out []string
	for i, id := range ids {
		if i == idLimit {
			out = append(out, "…")
			break
		}
		out = append(out, fmt.Sprint(id))
	}
	noun := "tasks "
	if len(ids) == 1 {
		noun = "task "
	}
	return noun + strings.Join(out, ", ")
}

// statWithUnit renders a figure with its unit as the window shows it:
// bytes in binary units ("6.00 MiB", "1.42 MiB/s"), a rate or a ratio
// against the number ("5000/s", "1.9×"), any other unit after a space.
func statWithUnit(v any, unit string) string {
	if f, ok := v.(float64); ok && (unit == "B" || unit == "B/s") {
		return demos.Bytes(f) + strings.TrimPrefix(unit, "B")
	}
	s := statString(v)
	if unit != "" && unit != "×" && unit != "/s" {
		s += " "
	}
	return s + unit
}

// statString renders a figure: whole numbers without decimals, others with
// four significant digits, yes/no for flags.
func statString(v any) string {
	switch v := v.(type) {
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 || math.Abs(v) >= 1000 && math.Abs(v) < 1e15 {
			return fmt.Sprintf("%.0f", v) // 13504, not 1.35e+04
		}
		return fmt.Sprintf("%.4g", v)
	case bool:
		if v {
			return "yes"
		}
		return "no"
	}
	return fmt.Sprint(v)
}
