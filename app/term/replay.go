package term

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// replayCmd is `app replay FILE [-json]`: it prints the summary a recorded
// run printed, rebuilt from its recording by the same fold. A file that is
// missing, cut short, damaged or newer is bad usage: one line, exit 2.
func replayCmd(args []string, stdout, stderr io.Writer) (int, error) {
	f := newFlagSet("replay", "replay")
	var asJSON, moments bool
	f.fs.BoolVar(&asJSON, "json", false, " print the summary on stdout as one JSON object")
	f.fs.BoolVar(&moments, "moments", false, " print the run's moments instead, one a line (warnings first marked)")
	// The file may come before or after the flags, none of which takes a value.
	var file string
	var flags []string
	for _, a := range args {
		if file == "" && !strings.HasPrefix(a, "-") {
			file = a
			continue
		}
		flags = append(flags, a)
	}
	if err := f.parse(flags); err != nil {
		if err == errHelp {
			fmt.Fprintln(stdout, "Usage: app replay FILE [-json | -moments]: the summary of a run recorded with app run DEMO -record FILE, or its moments")
		}
		return exitUsage, err
	}
	if file == "" {
		return exitUsage, usageErrorf("name a recording: app replay FILE [-json] (made by app run DEMO -record FILE)")
	}
	rec, err := compare.OpenRecordingFile(file)
	if err != nil {
		return exitUsage, &usageError{msg: err.Error()}
	}
	p := demos.NewRecordingPlayer(rec)
	if moments {
		var b bytes.Buffer
		for _, m := range p.Moments() {
			if m.Warning {
				b.WriteString("warning: ")
			}
			b.WriteString(oneLine(m.Text) + "\n")
		}
		if _, err := stdout.Write(b.Bytes()); err != nil {
			return exitFailed, fmt.Errorf("cannot write the moments to stdout: %w", err)
		}
		return exitOK, nil
	}
	p.Seek(p.Len())
	var s demos.Snapshot
	p.Snapshot(&s)
	sum := demos.SummarizeRecording(rec, &s)
	if err := printSummary(stdout, &sum, asJSON); err != nil {
		return exitFailed, err
	}
	return exitOK, nil
}
