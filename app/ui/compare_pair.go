package ui

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// pairRow is one line of two runs side by side: what, A's value, B's, and
// B against A.
type pairRow struct {
	name, a, b, diff string
}

// pairRows lists what two runs have to compare: every figure either has,
// with B against A for numbers, then their settings.
// differentWork is the row that says two runs did different work per unit,
// by a figure their demo declares as the size of its work (demos.Figure's
// Work), when they differ in it.
func differentWork(a, b *compare.Record) (pairRow, bool) {
	d, ok := demos.Lookup(a.Demo)
	if !ok || a.Demo != b.Demo {
		return pairRow{}, false
	}
	for _, f := range d.Figures {
		x, okx := a.Stat(f.Name)
		y, oky := b.Stat(f.Name)
		if f.Work && okx && oky && x != y {
			return pairRow{name: "⚠ " + f.Title, a: number(x), b: number(y), diff: ratioText(x, y)}, true
		}
	}
	return pairRow{}, false
}

func pairRows(a, b *compare.Record, hist []compare.Record) []pairRow {
	var rows []pairRow
	text := func(name, x, y string) {
		diff := ""
		if x != y {
			diff = "differs"
		}
		rows = append(rows, pairRow{name, x, y, diff})
	}
	num := func(name string, x, y float64, okx, oky bool, f func(float64) string) {
		r := pairRow{name: name, a: "–", b: "–"}
		if okx {
			r.a = f(x)
		}
		if oky {
			r.b = f(y)
		}
		if okx && oky {
			r.diff = ratioText(x, y)
		}
		rows = append(rows, r)
	}
	num("elapsed", a.ElapsedMS, b.ElapsedMS, true, true, func(v float64) string { return fmtMs(v) })
	if w, ok := differentWork(a, b); ok {
		// a Python unit of cpu work is a hundredth of a Go unit: say so
		// where the times stand side by side
		rows[len(rows)-1].diff = "not the same work"
		rows = append(rows, w)
	}
	sa, oka := compare.Speedup(a, hist)
	sb, okb := compare.Speedup(b, hist)
	if oka || okb {
		num("speedup vs 1 worker", sa, sb, oka, okb, func(v float64) string { return "×" + number(v) })
	}
	if a.Counter != nil || b.Counter != nil {
		get := func(r *compare.Record, f func(*demos.CounterJSON) int64) (float64, bool) {
			if r.Counter == nil {
				return 0, false
			}
			return float64(f(r.Counter)), true
		}
		for _, c := range []struct {
			name string
			f    func(*demos.CounterJSON) int64
		}{
			{"counter expected", func(c *demos.CounterJSON) int64 { return c.Expected }},
			{"counter actual", func(c *demos.CounterJSON) int64 { return c.Actual }},
			{"updates lost", func(c *demos.CounterJSON) int64 { return c.Lost }},
		} {
			x, okx := get(a, c.f)
			y, oky := get(b, c.f)
			num(c.name, x, y, okx, oky, number)
		}
	}
	num("tasks", float64(a.TasksTotal), float64(b.TasksTotal), true, true, number)
	num("failed tasks", float64(a.Failed()), float64(b.Failed()), true, true, number)
	for _, s := range pairStats(a, b) {
		if figureAnywhere(s).Hidden || s == "gomaxprocs" { // the checksum, and the machine rather than the run
			continue
		}
		x, okx := a.Stat(s)
		y, oky := b.Stat(s)
		num(statName(s), x, y, okx, oky, func(v float64) string { return statValue(s, v) })
	}
	if a.Demo != b.Demo {
		text("demo", a.Demo, b.Demo)
	}
	text("mode", a.Mode, b.Mode)
	text("workers", workersText(a), workersText(b))
	for _, k := range slices.Sorted(maps.Keys(mergeKeys(a.Knobs, b.Knobs))) {
		text(k, fmt.Sprint(knobOr(a.Knobs[k])), fmt.Sprint(knobOr(b.Knobs[k])))
	}
	if a.Speed < 1 || b.Speed < 1 {
		text("speed", fmt.Sprintf("%.2g×", a.Speed), fmt.Sprintf("%.2g×", b.Speed))
	}
	ended := func(r *compare.Record) string {
		switch {
		case r.Stopped:
			return "stopped"
		case r.Error != "":
			return "error"
		}
		return "finished"
	}
	text("ended", ended(a), ended(b))
	pred := func(r *compare.Record) string {
		if r.Prediction == nil {
			return "–"
		}
		p := r.Prediction
		s := "guess " + compare.FormatValue(p.Guess, p.Unit)
		if p.Measured != nil {
			s += ", got " + compare.FormatValue(compare.Round3(*p.Measured), p.Unit)
		}
		return s
	}
	if a.Prediction != nil || b.Prediction != nil {
		rows = append(rows, pairRow{"prediction", pred(a), pred(b), ""})
	}
	return rows
}

func mergeKeys(a, b map[string]any) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func knobOr(v any) any {
	switch v := v.(type) {
	case nil:
		return "–"
	case float64:
		return number(v)
	case int64:
		return thousands(v)
	}
	return v
}

// ratioText is B against A: "×1.93 (+93%)", "×0.5 (−50%)", "same".
func ratioText(a, b float64) string {
	switch {
	case a == b:
		return "same"
	case a == 0:
		return fmt.Sprintf("%+g", b-a)
	}
	r := b / a
	return "×" + number(r) + " (" + signedPercent(r-1) + ")"
}

func signedPercent(f float64) string {
	s := compare.FormatPercent(math.Abs(f))
	if f < 0 {
		return "−" + s
	}
	return "+" + s
}

// statValue renders a stat's value as the Run view's figures do, without
// its name.
func statValue(name string, v float64) string {
	return unitText(figureAnywhere(name).Unit, v)
}

// showPair puts runs a and b side by side: their figures in two columns
// with B against A, and their timelines one above the other on one time
// axis.
func (v *compareScreen) showPair(a, b *compare.Record) {
	if a == nil || b == nil {
		return
	}
	hist := v.hist.Records()
	// the table's head names the runs by letter only: the history marks
	// them, and the timelines below say what each ran; their mode and
	// workers are rows of their own
	table := &tableLayout{cols: 4}
	grid := container.New(table)
	cell := func(s, short string, bold bool) {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: bold})
		l.Truncation = fyne.TextTruncateEllipsis
		if short != s {
			table.shorten(l, short)
		}
		grid.Add(l)
	}
	for _, s := range []string{"", "A", "B"} {
		cell(s, s, true)
	}
	cell("B against A", "B ÷ A", true)
	for _, r := range pairRows(a, b, hist) {
		cell(r.name, r.name, false)
		cell(r.a, r.a, true)
		cell(r.b, r.b, true)
		short, _, _ := strings.Cut(r.diff, " (") // "×0.87 (−13%)": the ratio alone
		cell(r.diff, short, false)
	}
	head := func(s string) *widget.Label {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	axis := max(a.ElapsedMS, b.ElapsedMS)
	ta, tb := newRecordTimeline(), newRecordTimeline()
	ta.set(a, axis)
	tb.set(b, axis)
	lines := container.New(layout.NewGridLayoutWithRows(2),
		container.NewBorder(head("A  "+a.Demo+" "+a.Mode+", "+workersText(a)+", "+seconds(a.Elapsed())), nil, nil, nil, ta),
		container.NewBorder(head("B  "+b.Demo+" "+b.Mode+", "+workersText(b)+", "+seconds(b.Elapsed())), nil, nil, nil, tb))
	split := container.NewVSplit(container.NewVScroll(grid), lines)
	split.Offset = 0.55
	v.pair.Objects = []fyne.CanvasObject{split}
	v.pair.Refresh()
	v.show("pair")
}
