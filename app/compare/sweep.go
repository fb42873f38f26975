package compare

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"concurrencylab/demos"
)

// Plan is a sweep: one demo run in each of its modes at each value of one
// knob (the worker count, most often), Repeat times, one run after another.
type Plan struct {
	ID     string // names the sweep in its records
	Demo   *demos.Demo
	Base   demos.Config // the other knobs, the worker count when it is not the axis, the speed
	Modes  []string
	Axis   string    // the knob varied: "workers" or one of the demo's knobs
	Values []float64 // the axis's values, in the order they run
	Repeat int       // runs per point, at least 1; points take the median
}

// Step is one run of a sweep.
type Step struct {
	Mode   string
	X      float64 // the axis value
	Rep    int     // 0 .. Repeat-1
	Config demos.Config
}

// NewPlan makes the default plan for demo d configured by base: the lesson's
// axis at its default values, in the lesson's modes (else base's mode).
func NewPlan(d *demos.Demo, base demos.Config) Plan {
	l := LessonOf(d.ID)
	modes := l.SweepModes(d, base.Mode)
	return Plan{ID: time.Now().UTC().Format("20060102T150405.000"), Demo: d, Base: base,
		Modes: modes, Axis: l.Axis, Values: DefaultValues(d, base, modes), Repeat: 1}
}

// DefaultValues are the lesson's default axis values for a sweep of d in
// modes: the shortest list any of the modes can afford (sleepers one after
// another stop where tasks × wait passes ten seconds).
func DefaultValues(d *demos.Demo, base demos.Config, modes []string) []float64 {
	l := LessonOf(d.ID)
	var values []float64
	for _, m := range modes {
		c := base
		c.Mode = m
		vs := l.Values(d, c)
		if values == nil || len(vs) < len(values) || (len(vs) == len(values) && vs[len(vs)-1] < values[len(values)-1]) {
			values = vs
		}
	}
	return values
}

// MaxValues bounds the values of a sweep's axis, as -repeat is bounded: a
// class waits for every one of them, in each mode, and 30,000 worker counts
// were once taken for 90,000 runs.
const MaxValues = 20

// ParseValues reads a comma-separated list of the axis knob's values, such
// as "1,2,4,8" or "100ms,1s", at most MaxValues of them. Its error is one
// sentence naming what is accepted.
func ParseValues(d *demos.Demo, axis, list string) ([]float64, error) {
	k, ok := d.Knob(axis)
	if !ok {
		return nil, fmt.Errorf("%s has no knob %q", d.ID, axis)
	}
	fields := strings.Split(list, ",")
	if len(fields) > MaxValues {
		return nil, tooMany(axis, len(fields))
	}
	var out []float64
	for _, f := range fields {
		if strings.TrimSpace(f) == "" {
			return nil, fmt.Errorf("-%s %q: give a comma-separated list such as 1,2,4,8 (each from %s to %s)", axis, list, k.Format(k.Min), k.Format(k.Max))
		}
		v, err := k.Parse(f)
		if err != nil {
			return nil, fmt.Errorf("-%s %q: %v", axis, list, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// tooMany is the refusal of a list of n values for axis.
func tooMany(axis string, n int) error {
	return fmt.Errorf("-%s lists %s; a sweep takes at most %d, each run in every mode", axis, demos.Plural(n, "value", "values"), MaxValues)
}

// Check validates the plan: modes, axis values and the base configuration.
func (p Plan) Check() error {
	if p.Demo == nil {
		return errors.New("a sweep needs a demo")
	}
	if len(p.Modes) == 0 || len(p.Values) == 0 {
		return errors.New("a sweep needs at least one mode and one value")
	}
	if len(p.Values) > MaxValues {
		return tooMany(p.Axis, len(p.Values))
	}
	for _, s := range p.Steps() {
		if _, err := p.Demo.Check(s.Config); err != nil {
			return err
		}
	}
	return nil
}

// Steps lists the runs in the order they go: mode by mode, and within a
// mode each repeat sweeps every value, so that a machine that slows down
// for a while spreads its slowness over the points instead of one.
func (p Plan) Steps() []Step {
	var out []Step
	for _, m := range p.Modes {
		for rep := range max(1, p.Repeat) {
			for _, x := range p.Values {
				c := p.Base
				c.Mode = m
				c.Knobs = make(map[string]float64, len(p.Base.Knobs))
				for k, v := range p.Base.Knobs {
					c.Knobs[k] = v
				}
				if p.Axis == "workers" {
					c.Workers = int(math.Round(x))
				} else {
					c.Knobs[p.Axis] = x
				}
				out = append(out, Step{Mode: m, X: x, Rep: rep, Config: c})
			}
		}
	}
	return out
}

// RunFunc runs one step of a sweep to its end and returns its record. When
// ctx is cancelled it stops the run and returns the record of the stopped
// run with ctx's error.
type RunFunc func(ctx context.Context, s Step) (Record, error)

// Sweep runs the plan's steps one after another with run, calling after
// (if not nil) with each record as it comes. It stops at the first error:
// a cancelled ctx (the records so far are returned with ctx's error, the
// stopped run's record last) or a run that could not start.
func Sweep(ctx context.Context, p Plan, run RunFunc, after func(i int, rec Record)) ([]Record, error) {
	var recs []Record
	for i, s := range p.Steps() {
		if err := ctx.Err(); err != nil {
			return recs, err
		}
		rec, err := run(ctx, s)
		if rec.Demo != "" {
			rec.Sweep = p.ID
			recs = append(recs, rec)
			if after != nil {
				after(i, rec)
			}
		}
		if err != nil {
			return recs, err
		}
	}
	return recs, nil
}

// RunOnce starts demo d with cfg, calls started (if not nil) with the run,
// and waits for its end; a cancelled ctx stops it. The run has a context of
// its own, so that its record tells a stop apart from a demo that gave up.
func RunOnce(ctx context.Context, d *demos.Demo, cfg demos.Config, started func(*demos.Run)) (Record, error) {
	r, err := demos.Start(context.Background(), d, cfg)
	if err != nil {
		return Record{}, err
	}
	if started != nil {
		started(r)
	}
	select {
	case <-r.Done():
	case <-ctx.Done():
		r.Stop()
	}
	runErr := r.Wait()
	var s demos.Snapshot
	r.Snapshot(&s)
	rec := FromRun(r, &s, runErr, time.Now())
	switch {
	case ctx.Err() != nil:
		return rec, ctx.Err()
	case runErr != nil && !errors.Is(runErr, demos.ErrStopped):
		return rec, fmt.Errorf("%s could not run: %w", d.ID, runErr)
	}
	return rec, nil
}

// Point is one point of a sweep: the median of its repeats.
type Point struct {
	Mode      string   `json:"mode"`
	Workers   int      `json:"workers"`
	Axis      string   `json:"axis"` // the knob the sweep varied
	X         float64  `json:"x"`    // its value
	ElapsedMS float64  `json:"elapsed_ms"`
	Speedup   *float64 `json:"speedup"` // null without a 1-worker run to compare with
	Ideal     *float64 `json:"ideal"`   // null when the axis is not the worker count
	Figure    string   `json:"figure"`  // the lesson's chart figure (its Key)
	Value     *float64 `json:"value"`   // its median, null when the runs lack it
	Runs      int      `json:"runs"`
}

// Fit is Amdahl's law fitted to one mode's speedups.
type Fit struct {
	Mode           string   `json:"mode"`
	SerialFraction *float64 `json:"serial_fraction"` // null when no point had two workers on two cores
	Cores          int      `json:"cores"`
}

// Points groups a sweep's valid records (stopped, failed and slow-motion runs
// are left out) by mode and axis value, in the order they first ran, with
// the values ascending within a mode.
func Points(recs []Record, axis string, chart Figure) []Point {
	type group struct {
		mode    string
		x       float64
		workers int
		el      []float64
		recs    []Record
	}
	var groups []*group
	find := func(r *Record, x float64) *group {
		for _, g := range groups {
			if g.mode == r.Mode && g.x == x {
				return g
			}
		}
		g := &group{mode: r.Mode, x: x, workers: r.Workers}
		groups = append(groups, g)
		return g
	}
	var modes []string
	for i := range recs {
		r := &recs[i]
		x, ok := r.Knob(axis)
		if !r.Valid() || !ok {
			continue
		}
		if !slices.Contains(modes, r.Mode) {
			modes = append(modes, r.Mode)
		}
		g := find(r, x)
		g.el = append(g.el, r.ElapsedMS)
		g.recs = append(g.recs, *r)
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		if a.mode != b.mode {
			return slices.Index(modes, a.mode) - slices.Index(modes, b.mode)
		}
		return cmpFloat(a.x, b.x)
	})
	var out []Point
	for _, g := range groups {
		p := Point{Mode: g.mode, Workers: g.workers, Axis: axis, X: g.x, ElapsedMS: Median(g.el), Figure: chart.Key, Runs: len(g.el)}
		if axis == "workers" {
			ideal := Ideal(g.x, g.recs[0].Cores())
			p.Ideal = &ideal
			for _, b := range groups {
				if b.mode == g.mode && b.x == 1 {
					s := Median(b.el) / p.ElapsedMS
					p.Speedup = &s
				}
			}
		}
		if chart.Key == "speedup" {
			p.Value = p.Speedup
		} else {
			var vs []float64
			for i := range g.recs {
				if v, ok := chart.Value(&g.recs[i], nil); ok {
					vs = append(vs, v)
				}
			}
			if len(vs) > 0 {
				m := Median(vs)
				p.Value = &m
			}
		}
		out = append(out, p)
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Fits fits Amdahl's law to each mode's speedups, in the points' mode order.
func Fits(pts []Point, cores int) []Fit {
	var out []Fit
	for _, p := range pts {
		if slices.ContainsFunc(out, func(f Fit) bool { return f.Mode == p.Mode }) {
			continue
		}
		var xy []XY
		for _, q := range pts {
			if q.Mode == p.Mode && q.Speedup != nil && q.Axis == "workers" {
				xy = append(xy, XY{q.X, *q.Speedup})
			}
		}
		f := Fit{Mode: p.Mode, Cores: cores}
		if sf, ok := FitAmdahl(xy, cores); ok {
			sf = math.Round(sf*1e4) / 1e4
			f.SerialFraction = &sf
		}
		out = append(out, f)
	}
	return out
}

// FormatX renders an axis value the way the knob's flag takes it.
func FormatX(d *demos.Demo, axis string, x float64) string {
	if k, ok := d.Knob(axis); ok {
		return k.Format(x)
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}
