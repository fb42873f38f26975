package term

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// pollEvery is how often `app run` reads the run's snapshot: ten times a
// second is smooth to the eye and costs the workers nothing.
const pollEvery = 100 * time.Millisecond

// speedKnob is the -speed flag, the slow-motion factor of every run.
var speedKnob = demos.Knob{Name: "speed", Title: "Slow-motion factor (1 = full speed; timings mean something only at 1)",
	Kind: demos.Float, Default: 1, Min: demos.MinSpeed, Max: 1}

// runOptions is a parsed `app run` command line.
type runOptions struct {
	demo  *demos.Demo
	cfg   demos.Config
	speed float64
	json  bool
	// record is where the run's recording is written when it ends ("": nowhere).
	record string
}

// parseRun reads `DEMO [flags]`. The demo comes first because its flags
// depend on it; the flags follow in any order.
func parseRun(args []string, help io.Writer) (runOptions, error) {
	ids := strings.Join(demos.IDs(), ", ")
	if len(args) == 0 {
		return runOptions{}, usageErrorf("name a demo: app run DEMO [flags]; the demos are: %s", ids)
	}
	id := args[0]
	switch {
	case id == "-h" || id == "-help" || id == "--help":
		fmt.Fprintf(help, "Usage: app run DEMO [-mode M] [-workers N] [-KNOB VALUE ...] [-speed F] [-json] [-record FILE]\n"+
			"The demos are: %s.\nSee `app list`, or `app run DEMO -h` for one demo's flags.\n", ids)
		return runOptions{}, errHelp
	case strings.HasPrefix(id, "-"):
		return runOptions{}, usageErrorf("name the demo before the flags: app run DEMO [flags]; the demos are: %s", ids)
	}
	d, ok := demos.Lookup(id)
	if !ok {
		return runOptions{}, usageErrorf("unknown demo %s; the demos are: %s", demos.Quote(id), ids)
	}

	f := newFlagSet("run "+d.ID, d.ID)
	o := runOptions{demo: d, cfg: d.Defaults()}
	f.fs.Var(modeValue{demo: d, v: &o.cfg.Mode, errp: &f.valErr}, "mode",
		"M the variant to run: "+strings.Join(d.ModeNames(), ", "))
	f.choices["mode"] = strings.Join(d.ModeNames(), ", ")
	workers, _ := f.knob(d.Workers)
	knobs := make(map[string]*float64, len(d.Knobs))
	for _, k := range d.Knobs {
		knobs[k.Name], _ = f.knob(k)
	}
	speed, _ := f.knob(speedKnob)
	f.fs.BoolVar(&o.json, "json", false, " print the summary on stdout as one JSON object")
	f.fs.StringVar(&o.record, "record", "", "FILE write the run's recording to FILE when it ends (app replay FILE plays it)")

	if err := f.parse(args[1:]); err != nil {
		if err == errHelp {
			fmt.Fprintf(help, "Usage: app run %s [flags]\n", d.ID)
			writeDemo(help, d, true)
		}
		return runOptions{}, err
	}
	o.cfg.Workers = int(*workers)
	for name, v := range knobs {
		o.cfg.Knobs[name] = *v
	}
	o.speed = *speed
	return o, nil
}

// runCmd is `app run`: it runs one demo to its end (or until ctx is
// cancelled, as by Ctrl-C), shows progress on stderr and prints the summary
// on stdout.
func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	o, err := parseRun(args, stdout)
	if err != nil {
		return exitUsage, err
	}
	o.cfg.Speed = o.speed
	sum, rec, runErr, err := runDemo(ctx, o.demo, o.cfg, stderr)
	if err != nil {
		return exitUsage, &usageError{msg: err.Error()}
	}
	if o.record != "" {
		if err := compare.SaveRecordingFile(o.record, rec); err != nil {
			return exitFailed, err
		}
	}
	if err := printSummary(stdout, &sum, o.json); err != nil {
		return exitFailed, err
	}
	return runStatus(o.demo, &sum, runErr, stderr), nil
}

// printSummary writes a run's summary on stdout: as one JSON object, or in
// words.
func printSummary(stdout io.Writer, sum *demos.Summary, asJSON bool) error {
	var err error
	if asJSON {
		err = writeJSON(stdout, sum)
	} else {
		out := new(bytes.Buffer)
		writeSummary(out, sum)
		_, err = stdout.Write(out.Bytes())
	}
	if err != nil {
		return fmt.Errorf("cannot write the summary to stdout: %w", err)
	}
	return nil
}

// runStatus is the exit status of one ended run: interrupted when the stop
// cut it short, failed (said on stderr) when the demo could not run.
func runStatus(d *demos.Demo, sum *demos.Summary, runErr error, stderr io.Writer) int {
	// One fact decides both the summary's "stopped" and the exit status:
	// whether the stop cut the run short (ErrStopped). A signal that lands
	// as the run ends on its own changes neither.
	switch {
	case sum.Stopped:
		return exitInterrupted
	case runErr != nil:
		fmt.Fprintf(stderr, "%s could not run: %s\n", d.ID, oneLine(runErr.Error()))
		return exitFailed
	}
	return exitOK
}

// runDemo runs d configured by cfg to its end, or until ctx is cancelled
// (as by Ctrl-C), with its progress on stderr, and returns its summary and
// what its Wait returned. err is a configuration the demo refused: nothing
// ran.
func runDemo(ctx context.Context, d *demos.Demo, cfg demos.Config, stderr io.Writer) (sum demos.Summary, rec *demos.Recording, runErr, err error) {
	awaitChecks(d, cfg.Mode)
	// The run gets its own context: an interruption stops it through Stop,
	// so that its end is told apart from a demo that gave up by itself.
	r, err := demos.Start(context.Background(), d, cfg)
	if err != nil {
		return demos.Summary{}, nil, nil, err
	}

	p := newProgress(stderr, r)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	var s demos.Snapshot
	sig := ctx.Done()
loop:
	for {
		select {
		case <-r.Done():
			break loop
		case <-tick.C:
			r.Snapshot(&s)
			p.update(&s)
		case <-sig:
			sig = nil // one stop is enough; the run ends soon after it
			p.note("interrupted: stopping the run (press Ctrl-C again to quit at once)")
			r.Stop()
		}
	}
	runErr = r.Wait()
	r.Snapshot(&s)
	p.finish(&s)
	// The run's goroutines are gone, but the collector keeps their stacks
	// until it next runs: 200 MB after 100,000 sleepers. Collect them now,
	// so that the summary of 100,000 tasks is built in their memory rather
	// than in more of it (the run's time is measured already).
	runtime.GC()
	return demos.Summarize(r, &s, runErr), r.Recording(), runErr, nil
}

// writeJSON writes sum as one indented JSON object, a task to a line, and
// streams the tasks rather than building the whole text first: the summary
// of 100,000 tasks is about 10 MB, and MarshalIndent would hold it twice,
// beside the run's own memory, at the run's peak.
func writeJSON(w io.Writer, sum *demos.Summary) error {
	head := *sum
	head.Tasks = []demos.TaskSummary{}
	return streamJSON(w, head, sum.Tasks)
}

// streamJSON writes head, whose "tasks" is an empty list, with tasks in
// that list, as writeJSON does.
func streamJSON(w io.Writer, head any, tasks []demos.TaskSummary) error {
	b, err := json.MarshalIndent(head, "", "  ")
	if err != nil {
		return err
	}
	// The tasks go into the empty list: the marker cannot occur inside a
	// string value, whose quotes are escaped.
	const marker = `"tasks": []`
	i := bytes.Index(b, []byte(marker))
	if i < 0 {
		return errors.New("the summary has no tasks field")
	}
	at := i + len(marker) - 1 // before the list's ]
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(b[:at])
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	for i := range tasks {
		line.Reset()
		if err := enc.Encode(&tasks[i]); err != nil {
			return err
		}
		sep := ",\n    "
		if i == 0 {
			sep = "\n    "
		}
		bw.WriteString(sep)
		bw.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n")))
	}
	if len(tasks) > 0 {
		bw.WriteString("\n  ")
	}
	bw.Write(b[at:])
	bw.WriteByte('\n')
	return bw.Flush() // bufio keeps the first write error
}
