package term

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// maxRepeat bounds -repeat: beyond it a median gains nothing a class waits for.
const maxRepeat = 20

// listValue is a flag that takes one value of a knob or a comma-separated
// list of them: the list flag is the knob a sweep varies.
type listValue struct {
	demo *demos.Demo
	knob demos.Knob
	vs   *[]float64
	errp *error
}

func (l listValue) String() string {
	if l.vs == nil {
		return ""
	}
	var out []string
	for _, v := range *l.vs {
		out = append(out, l.knob.Format(v))
	}
	return strings.Join(out, ",")
}

func (l listValue) Set(s string) error {
	vs, err := compare.ParseValues(l.demo, l.knob.Name, s)
	if err != nil {
		*l.errp = err
		return err
	}
	*l.vs = vs
	return nil
}

// modesValue is -mode M[,M2...].
type modesValue struct {
	demo *demos.Demo
	v    *[]string
	errp *error
}

func (m modesValue) String() string {
	if m.v == nil {
		return ""
	}
	return strings.Join(*m.v, ",")
}

func (m modesValue) Set(s string) error {
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if _, ok := m.demo.Mode(name); !ok {
			*m.errp = fmt.Errorf("unknown mode %q for %s; give one or more of %s, separated by commas", name, m.demo.ID, strings.Join(m.demo.ModeNames(), ", "))
			return *m.errp
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	*m.v = out
	return nil
}

// sweepOptions is a parsed `app sweep` command line.
type sweepOptions struct {
	plan compare.Plan
	json bool
	csv  bool
}

// parseSweep reads `DEMO [flags]`: -mode takes a list, and so may the worker
// count or any one knob, which is then the axis of the sweep; without a list
// the sweep varies the demo's usual axis (the worker count, mostly) over its
// default values.
func parseSweep(args []string, help io.Writer) (sweepOptions, error) {
	ids := strings.Join(demos.IDs(), ", ")
	usage := "app sweep DEMO [-mode M[,M2...]] [-workers 1,2,4,8] [-repeat K] [-KNOB V...] [-json | -csv]"
	if len(args) == 0 {
		return sweepOptions{}, usageErrorf("name a demo: %s; the demos are: %s", usage, ids)
	}
	id := args[0]
	switch {
	case id == "-h" || id == "-help" || id == "--help":
		fmt.Fprintf(help, "Usage: %s\nRuns a demo at each worker count (or each value of one knob given as a list),\n"+
			"one run after another, and prints the speedups, the ideal and Amdahl's serial fraction.\n"+
			"The demos are: %s. `app sweep DEMO -h` lists one demo's flags.\n", usage, ids)
		return sweepOptions{}, errHelp
	case strings.HasPrefix(id, "-"):
		return sweepOptions{}, usageErrorf("name the demo before the flags: %s; the demos are: %s", usage, ids)
	}
	d, ok := demos.Lookup(id)
	if !ok {
		return sweepOptions{}, usageErrorf("unknown demo %q; the demos are: %s", id, ids)
	}

	f := newFlagSet("sweep "+d.ID, d.ID)
	var o sweepOptions
	var modes []string
	f.fs.Var(modesValue{demo: d, v: &modes, errp: &f.valErr}, "mode",
		"M[,M2...] the modes to compare: "+strings.Join(d.ModeNames(), ", "))
	lists := map[string]*[]float64{}
	for _, k := range append([]demos.Knob{d.Workers}, d.Knobs...) {
		vs := new([]float64)
		lists[k.Name] = vs
		f.fs.Var(listValue{demo: d, knob: k, vs: vs, errp: &f.valErr}, k.Name, kindHint(k)+"[,...] "+k.Title)
		f.knobs[k.Name] = k
	}
	repeat := demos.Knob{Name: "repeat", Title: "runs per point; the median counts", Kind: demos.Int, Default: 1, Min: 1, Max: maxRepeat}
	rep, _ := f.knob(repeat)
	f.fs.BoolVar(&o.json, "json", false, " print the runs, points and fits on stdout as one JSON object")
	f.fs.BoolVar(&o.csv, "csv", false, " print the points on stdout as CSV")
	if err := f.parse(args[1:]); err != nil {
		if err == errHelp {
			fmt.Fprintf(help, "Usage: app sweep %s [flags]\nA knob given as a list (1,2,4) is the one the sweep varies.\n", d.ID)
			f.printDefaults(help)
		}
		return sweepOptions{}, err
	}
	if o.json && o.csv {
		return sweepOptions{}, usageErrorf("give -json or -csv, not both")
	}

	l := compare.LessonOf(d.ID)
	base := d.Defaults()
	axis := ""
	for _, k := range append([]demos.Knob{d.Workers}, d.Knobs...) {
		vs := *lists[k.Name]
		switch {
		case len(vs) > 1 && axis != "":
			return sweepOptions{}, usageErrorf("a sweep varies one knob: -%s and -%s both have lists", axis, k.Name)
		case len(vs) > 1:
			axis = k.Name
		case len(vs) == 1 && k.Name == "workers":
			base.Workers = int(vs[0])
		case len(vs) == 1:
			base.Knobs[k.Name] = vs[0]
		}
	}
	if len(modes) > 0 {
		base.Mode = modes[0]
	} else {
		modes = l.SweepModes(d, base.Mode)
	}
	var values []float64
	if axis == "" {
		axis = l.Axis
		values = *lists[axis]
		if len(values) == 0 {
			values = compare.DefaultValues(d, base, modes)
		}
	} else {
		values = *lists[axis]
	}
	o.plan = compare.Plan{ID: time.Now().UTC().Format("20060102T150405.000"), Demo: d, Base: base,
		Modes: modes, Axis: axis, Values: values, Repeat: int(*rep)}
	awaitChecks(d, modes...)
	if err := o.plan.Check(); err != nil {
		return sweepOptions{}, &usageError{msg: err.Error()}
	}
	return o, nil
}

// sweepCmd is `app sweep`: it runs the plan one run after another under one
// progress bar on stderr, then prints the table (or -json, or -csv) of what
// was measured. Ctrl-C stops the run going on and the sweep, and still
// prints what the finished runs measured.
func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	o, err := parseSweep(args, stdout)
	if err != nil {
		return exitUsage, err
	}
	p := o.plan
	bar := newSweepBar(stderr, len(p.Steps()))
	steps := p.Steps()
	recs, err := compare.Sweep(ctx, p, func(ctx context.Context, s compare.Step) (compare.Record, error) {
		return compare.RunOnce(ctx, p.Demo, s.Config, func(r *demos.Run) { bar.start(r, s, p) })
	}, func(i int, rec compare.Record) {
		bar.ended(i, steps[i], rec, p)
	})
	bar.finish()
	interrupted := errors.Is(err, context.Canceled)
	if interrupted {
		finished := 0 // the run the stop cut short is kept, not counted
		for _, r := range recs {
			if !r.Summary.Stopped {
				finished++
			}
		}
		fmt.Fprintf(stderr, "interrupted: the sweep stopped after %d of %d runs\n", finished, len(steps))
	} else if err != nil {
		fmt.Fprintln(stderr, err)
	}

	l := compare.LessonOf(p.Demo.ID)
	pts := compare.Points(recs, p.Axis, l.Chart)
	cores := runtime.GOMAXPROCS(0)
	if len(recs) > 0 {
		cores = recs[0].Cores()
	}
	var fits []compare.Fit
	if p.Axis == "workers" {
		fits = compare.Fits(pts, cores)
	}
	switch {
	case o.json:
		out := sweepJSON{Demo: p.Demo.ID, Axis: p.Axis, Cores: cores, Runs: []demos.Summary{}, Points: pts, Fits: fits}
		for _, r := range recs {
			out.Runs = append(out.Runs, r.Summary)
		}
		if out.Points == nil {
			out.Points = []compare.Point{}
		}
		if out.Fits == nil {
			out.Fits = []compare.Fit{}
		}
		b, jerr := json.MarshalIndent(out, "", "  ")
		if jerr != nil {
			return exitFailed, fmt.Errorf("cannot encode the sweep: %w", jerr)
		}
		fmt.Fprintf(stdout, "%s\n", b)
	case o.csv:
		if werr := compare.WritePointsCSV(stdout, pts); werr != nil {
			return exitFailed, werr
		}
	default:
		writeSweepTable(stdout, p, l, pts, fits, cores)
	}
	switch {
	case interrupted:
		return exitInterrupted, nil
	case err != nil:
		return exitFailed, nil
	}
	return exitOK, nil
}

// sweepJSON is what `app sweep -json` prints: each run's summary as
// `app run -json` prints it, the points (medians of repeats) and a fit of
// Amdahl's law per mode.
type sweepJSON struct {
	Demo   string          `json:"demo"`
	Axis   string          `json:"axis"`
	Cores  int             `json:"cores"`
	Runs   []demos.Summary `json:"runs"`
	Points []compare.Point `json:"points"`
	Fits   []compare.Fit   `json:"fits"`
}

// writeSweepTable prints the points for a person: mode, axis value, elapsed,
// speedup against 1 worker, the ideal, the lesson's own figure where it is
// not one of those, and each mode's fitted serial fraction on its first row.
func writeSweepTable(w io.Writer, p compare.Plan, l compare.Lesson, pts []compare.Point, fits []compare.Fit, cores int) {
	d := p.Demo
	fmt.Fprintf(w, "%s sweep over %s", d.ID, p.Axis)
	if p.Repeat > 1 {
		fmt.Fprintf(w, ", median of %d runs a point", p.Repeat)
	}
	fmt.Fprintf(w, ", %s (GOMAXPROCS)\n", demos.Plural(cores, "core", "cores"))
	if len(pts) == 0 {
		fmt.Fprintln(w, "  no run finished: nothing measured")
		return
	}
	own := l.Chart.Key != "speedup" && l.Chart.Key != "elapsed"
	workers := p.Axis == "workers" && !l.MoreWork // speedups are against 1 worker, on the same work
	tw := newTable(w)
	head := []string{"mode", p.Axis, "elapsed"}
	if workers {
		head = append(head, "speedup", "ideal")
	}
	if own {
		head = append(head, l.Chart.Title)
	}
	if workers {
		head = append(head, "serial fraction")
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	last := ""
	for _, pt := range pts {
		row := []string{pt.Mode, compare.FormatX(d, p.Axis, pt.X), fmtDur(time.Duration(pt.ElapsedMS * float64(time.Millisecond)))}
		if workers {
			row = append(row, optX(pt.Speedup), optX(pt.Ideal))
		}
		if own {
			v := "–"
			if pt.Value != nil {
				v = compare.FormatValue(compare.Round3(*pt.Value), l.Chart.Unit)
			}
			row = append(row, v)
		}
		if !workers {
			fmt.Fprintln(tw, strings.Join(row, "\t"))
			continue
		}
		sf := ""
		if pt.Mode != last {
			for _, f := range fits {
				if f.Mode == pt.Mode && f.SerialFraction != nil {
					sf = fmt.Sprintf("%.2f", *f.SerialFraction)
				}
			}
			last = pt.Mode
		}
		row = append(row, sf)
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	if workers && !slices.ContainsFunc(pts, func(pt compare.Point) bool { return pt.X == 1 }) {
		fmt.Fprintln(w, "  no 1-worker run: no speedup (add 1 to -workers)")
	}
}

func optX(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.2fx", *v)
}

// sweepBar is the sweep's one progress bar on stderr: runs ended of all runs,
// with the run going on and its time beside it, and a line above it per run
// that ended. Without a terminal there is no bar, only the lines.
type sweepBar struct {
	w     io.Writer
	tty   bool
	bar   *progressbar.ProgressBar
	total int
	stop  chan struct{}
	done  chan struct{}
}

func newSweepBar(w io.Writer, total int) *sweepBar {
	b := &sweepBar{w: w, total: total}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb" {
		b.tty = true
	}
	if b.tty {
		b.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetWidth(barWidth),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionThrottle(barThrottle),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
	}
	return b
}

// start shows run r of step s beside the bar, with its time ticking.
func (b *sweepBar) start(r *demos.Run, s compare.Step, p compare.Plan) {
	b.halt()
	if b.bar == nil {
		return
	}
	what := stepName(s, p)
	b.stop, b.done = make(chan struct{}), make(chan struct{})
	go func(stop, done chan struct{}) {
		defer close(done)
		tick := time.NewTicker(pollEvery)
		defer tick.Stop()
		for {
			b.bar.Describe(fmt.Sprintf("%s  %.1fs", what, r.Elapsed().Seconds()))
			select {
			case <-stop:
				return
			case <-r.Done():
				return
			case <-tick.C:
			}
		}
	}(b.stop, b.done)
}

// halt ends the ticking of the last run's time.
func (b *sweepBar) halt() {
	if b.stop != nil {
		close(b.stop)
		<-b.done
		b.stop = nil
	}
}

// ended prints a line for the run of step i that ended and moves the bar.
func (b *sweepBar) ended(i int, s compare.Step, rec compare.Record, p compare.Plan) {
	b.halt()
	end := fmtDur(rec.Elapsed())
	if rec.Stopped {
		end += " (stopped)"
	} else if rec.Error != "" {
		end += " (" + rec.Error + ")"
	}
	line := fmt.Sprintf("%*d/%d  %s: %s", len(fmt.Sprint(b.total)), i+1, b.total, stepName(s, p), end)
	if b.bar != nil {
		progressbar.Bprintln(b.bar, line)
		b.bar.Set(i + 1)
		return
	}
	fmt.Fprintln(b.w, line)
}

// finish completes the bar, or leaves it where a stop left it, on a line of
// its own.
func (b *sweepBar) finish() {
	b.halt()
	if b.bar != nil && !b.bar.IsFinished() {
		b.bar.Exit()
		fmt.Fprintln(b.w)
	}
}

// stepName says what a step runs: "gil, 2 workers" or "concurrent, tasks 100".
func stepName(s compare.Step, p compare.Plan) string {
	x := compare.FormatX(p.Demo, p.Axis, s.X)
	name := s.Mode + ", "
	if p.Axis == "workers" {
		name += demos.Plural(int(s.X), "worker", "workers")
	} else {
		name += p.Axis + " " + x
	}
	if p.Repeat > 1 {
		name += fmt.Sprintf(" (#%d)", s.Rep+1)
	}
	return name
}
