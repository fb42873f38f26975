package compare

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// csvHeader names the columns of the history's CSV: one run a line, the
// figures a spreadsheet sorts and charts by, in columns of their own.
var csvHeader = []string{"at", "demo", "mode", "workers", "knobs", "speed", "elapsed_ms", "stopped", "error",
	"counter_expected", "counter_actual", "counter_lost", "tasks", "done", "failed", "cancelled",
	"stats", "sweep", "prediction", "unit", "guess", "measured"}

// WriteCSV writes records as CSV: a header line, then one line per run.
// Knobs and stats are "name=value" pairs joined by "; " in one column each,
// as every demo has its own.
func WriteCSV(w io.Writer, recs []Record) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for i := range recs {
		r := &recs[i]
		row := []string{r.At.UTC().Format(time.RFC3339), r.Demo, r.Mode, strconv.Itoa(r.Workers), pairs(r.Knobs),
			num(r.Speed), num(r.ElapsedMS), strconv.FormatBool(r.Stopped), r.Error, "", "", "",
			strconv.Itoa(r.TasksTotal), strconv.Itoa(r.States["done"]), strconv.Itoa(r.States["failed"]),
			strconv.Itoa(r.States["cancelled"]), pairs(r.Stats), r.Sweep, "", "", "", ""}
		if c := r.Counter; c != nil {
			row[9], row[10], row[11] = strconv.FormatInt(c.Expected, 10), strconv.FormatInt(c.Actual, 10), strconv.FormatInt(c.Lost, 10)
		}
		if p := r.Prediction; p != nil {
			row[18], row[19], row[20] = p.Figure, p.Unit, num(p.Guess)
			if p.Measured != nil {
				row[21] = num(*p.Measured)
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// pairs renders a map as "a=1; b=200ms", sorted by name.
func pairs(m map[string]any) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		if f, ok := v.(float64); ok {
			v = num(f)
		}
		out = append(out, fmt.Sprintf("%s=%v", k, v))
	}
	return strings.Join(out, "; ")
}

// WriteJSON writes records as one JSON array, one object per run holding
// the terminal's summary fields and the record's own; the timelines stay
// out (they are for drawing, and large).
func WriteJSON(w io.Writer, recs []Record) error {
	out := make([]Record, len(recs))
	for i, r := range recs {
		r.Timeline = nil
		out[i] = r
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// pointHeader names the columns of a sweep's CSV.
var pointHeader = []string{"mode", "workers", "axis", "x", "elapsed_ms", "speedup", "ideal", "figure", "value", "runs"}

// WritePointsCSV writes a sweep's points as CSV: a header line and one line
// per point; a figure the point lacks is an empty field.
func WritePointsCSV(w io.Writer, pts []Point) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(pointHeader); err != nil {
		return err
	}
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return num(*v)
	}
	for _, p := range pts {
		if err := cw.Write([]string{p.Mode, strconv.Itoa(p.Workers), p.Axis, num(p.X), num(p.ElapsedMS),
			opt(p.Speedup), opt(p.Ideal), p.Figure, opt(p.Value), strconv.Itoa(p.Runs)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
