package term

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"concurrencylab/demos"
)

// replayCmd is `app replay FILE [-json]`: it prints the summary a recorded
// run printed, rebuilt from its recording by the same fold. A file that is
// missing, cut short, damaged or newer is bad usage: one line, exit 2.
func replayCmd(args []string, stdout, stderr io.Writer) (int, error) {
	f := newFlagSet("replay", "replay")
	var asJSON bool
	f.fs.BoolVar(&asJSON, "json", false, " print the summary on stdout as one JSON object")
	var file string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		file, args = args[0], args[1:]
	}
	if err := f.parse(args); err != nil {
		if err == errHelp {
			fmt.Fprintln(stdout, "Usage: app replay FILE [-json]: the summary of a run recorded with app run DEMO -record FILE")
		}
		return exitUsage, err
	}
	if file == "" {
		return exitUsage, usageErrorf("name a recording: app replay FILE [-json] (made by app run DEMO -record FILE)")
	}
	rec, err := openRecording(file)
	if err != nil {
		return exitUsage, &usageError{msg: err.Error()}
	}
	p := demos.NewRecordingPlayer(rec)
	p.Seek(p.Len())
	var s demos.Snapshot
	p.Snapshot(&s)
	sum := demos.SummarizeRecording(rec, &s)
	var werr error
	if asJSON {
		werr = writeJSON(stdout, &sum)
	} else {
		out := new(bytes.Buffer)
		writeSummary(out, &sum)
		_, werr = stdout.Write(out.Bytes())
	}
	if werr != nil {
		return exitFailed, fmt.Errorf("cannot write the summary to stdout: %w", werr)
	}
	return exitOK, nil
}

// openRecording reads the recording in file; its error is one sentence
// naming the file.
func openRecording(file string) (*demos.Recording, error) {
	b, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: no such file", demos.Quote(file))
	case err != nil:
		return nil, fmt.Errorf("cannot read %s: %v", demos.Quote(file), errors.Unwrap(err))
	}
	rec, err := demos.ReadRecording(b)
	if err != nil {
		return nil, fmt.Errorf("%s is not a recording this app can replay: %v", demos.Quote(file), err)
	}
	return rec, nil
}

// saveRecording writes rec to file, through a temporary file renamed over
// it, so that a file of that name is never left half written.
func saveRecording(file string, rec *demos.Recording) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), ".recording-*")
	if err != nil {
		return fmt.Errorf("cannot write the recording %s: %v", demos.Quote(file), errors.Unwrap(err))
	}
	err = tmp.Chmod(0o644) // as a file created by hand: CreateTemp makes it private
	if err == nil {
		_, err = rec.WriteTo(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write the recording %s: %v", demos.Quote(file), err)
	}
	return nil
}
