package ui

import (
	"fmt"
	"strings"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// setDemo fills the sweep's fields with demo d's defaults (its lesson's
// axis values and modes), unless they are already d's: a class's edits stay
// while the demo does.
func (v *compareScreen) setDemo(d *demos.Demo, c demos.Config) {
	if d == nil || v.demoID == d.ID {
		return
	}
	v.demoID = d.ID
	p := compare.NewPlan(d, c)
	var xs []string
	for _, x := range p.Values {
		xs = append(xs, compare.FormatX(d, p.Axis, x))
	}
	v.axisLbl.SetText(strings.ToUpper(p.Axis[:1]) + p.Axis[1:] + ":")
	v.values.SetText(strings.Join(xs, ", "))
	v.modes.SetText(strings.Join(p.Modes, ", "))
	v.values.SetPlaceHolder("1, 2, 4, 8")
	v.modes.SetPlaceHolder(strings.Join(d.ModeNames(), ", "))
	if !v.sweeping {
		v.sweepMsg.SetText("")
	}
}

// plan reads the sweep's fields into a plan for the current demo and
// configuration; its error is one sentence for the message line.
func (v *compareScreen) plan() (compare.Plan, error) {
	if v.hooks.current == nil {
		return compare.Plan{}, fmt.Errorf("no demo to sweep")
	}
	d, c := v.hooks.current()
	v.setDemo(d, c)
	p := compare.NewPlan(d, c)
	vals, err := compare.ParseValues(d, p.Axis, strings.ReplaceAll(v.values.Text, " ", ""))
	if err != nil {
		return p, err
	}
	p.Values = vals
	var modes []string
	for _, m := range strings.Split(v.modes.Text, ",") {
		m = strings.TrimSpace(m)
		if m == "" {
			continue
		}
		if _, ok := d.Mode(m); !ok {
			return p, fmt.Errorf("%s has no mode %q; its modes are: %s", d.Title, m, strings.Join(d.ModeNames(), ", "))
		}
		modes = append(modes, m)
	}
	if len(modes) == 0 {
		modes = []string{c.Mode}
	}
	p.Modes = modes
	return p, p.Check()
}

// toggleSweep is the Sweep button and the S key: start a sweep, or stop
// the one going on.
func (v *compareScreen) toggleSweep() {
	defer v.hooks.done()
	if v.sweeping {
		if v.hooks.stopSweep != nil {
			v.hooks.stopSweep()
		}
		return
	}
	if v.hooks.sweep == nil {
		return
	}
	p, err := v.plan()
	if err != nil {
		v.sweepMsg.SetText("Cannot sweep: " + err.Error())
		return
	}
	v.hooks.sweep(p)
}

// sweepStarted shows that a sweep goes on: the button stops it.
func (v *compareScreen) sweepStarted(p compare.Plan) {
	v.sweeping = true
	v.sweepBtn.SetText("Stop sweep  S")
	v.sweepMsg.SetText(fmt.Sprintf("Sweeping: %d runs, live on the Run view.", len(p.Steps())))
}

// sweepStep says which run of the sweep goes on.
func (v *compareScreen) sweepStep(p compare.Plan, i int) {
	s := p.Steps()[i]
	v.sweepMsg.SetText(fmt.Sprintf("Sweeping: run %d of %d, %s at %s %s.", i+1, len(p.Steps()), s.Mode,
		compare.FormatX(p.Demo, p.Axis, s.X), p.Axis))
}

// sweepEnded shows the chart of what the sweep measured; stopped says it
// was cut short.
func (v *compareScreen) sweepEnded(p compare.Plan, recs []compare.Record, stopped bool) {
	v.sweeping = false
	v.sweepBtn.SetText("Sweep  S")
	n := 0
	for i := range recs {
		if recs[i].Valid() {
			n++
		}
	}
	msg := fmt.Sprintf("Sweep done: %d of %d runs measured.", n, len(p.Steps()))
	if stopped {
		msg = fmt.Sprintf("Sweep stopped after %d of %d runs; the chart shows what was measured.", n, len(p.Steps()))
	}
	v.sweepMsg.SetText(msg)
	v.showSweep(p.Demo, recs)
}

// showLastSweep charts the newest sweep in the history, so the chart is
// back after a restart.
func (v *compareScreen) showLastSweep() {
	for i := range v.recs {
		id := v.recs[i].Sweep
		if id == "" {
			continue
		}
		d, ok := demos.Lookup(v.recs[i].Demo)
		if !ok {
			return
		}
		var recs []compare.Record
		for j := len(v.recs) - 1; j >= 0; j-- {
			if v.recs[j].Sweep == id {
				recs = append(recs, v.recs[j])
			}
		}
		v.showSweep(d, recs)
		return
	}
}

// showSweep draws the chart of a sweep of demo d: the lesson's figure
// against the axis, a curve per mode, and for speedups the ideal and the
// Amdahl fit with each mode's serial fraction.
func (v *compareScreen) showSweep(d *demos.Demo, recs []compare.Record) {
	l := compare.LessonOf(d.ID)
	pts := compare.Points(recs, l.Axis, l.Chart)
	cores := 0
	for i := range recs {
		cores = max(cores, recs[i].Cores())
	}
	if cores == 0 {
		cores = 1
	}
	var fits []compare.Fit
	if l.Speedup() {
		fits = compare.Fits(pts, cores)
	}
	var curves []sweepCurve
	for _, pt := range pts {
		if len(curves) == 0 || curves[len(curves)-1].name != pt.Mode {
			curves = append(curves, sweepCurve{name: pt.Mode})
		}
		if pt.Value != nil {
			cv := &curves[len(curves)-1]
			cv.pts = append(cv.pts, compare.XY{X: pt.X, Y: *pt.Value})
		}
	}
	var fitText []string
	for i := range curves {
		for _, f := range fits {
			if f.Mode == curves[i].name && f.SerialFraction != nil {
				curves[i].fit = f.SerialFraction
				fitText = append(fitText, fmt.Sprintf("%s %.2f", f.Mode, *f.SerialFraction))
			}
		}
	}
	curves = dropEmpty(curves)
	title := d.Title + ": " + l.Chart.Title + ", by " + l.Axis
	v.chart.set(title, l.Axis, l.Chart.Title, l.Chart.Unit, curves, l.Speedup(), cores)
	var xs []string
	seen := map[float64]bool{}
	for _, pt := range pts {
		if !seen[pt.X] {
			seen[pt.X] = true
			xs = append(xs, compare.FormatX(d, l.Axis, pt.X))
		}
	}
	// the key names the curves, the ideal and the fit; the line under the
	// chart says what its numbers mean, in as few words as a room reads
	msg := fmt.Sprintf("%s at %s %s.", plural(len(recs), "run", "runs"), strings.Join(xs, ", "), l.Axis)
	if len(fitText) > 0 {
		msg = "Serial fraction (Amdahl's law, least squares): " + strings.Join(fitText, ", ") +
			". 0: all of it runs in parallel; 1: none of it does."
	}
	v.chartMsg.SetText(msg)
	v.show("chart")
}

func dropEmpty(cs []sweepCurve) []sweepCurve {
	out := cs[:0]
	for _, c := range cs {
		if len(c.pts) > 0 {
			out = append(out, c)
		}
	}
	return out
}
