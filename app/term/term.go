// Package term is Concurrency Lab's terminal front end: `app list`,
// `app run DEMO ...`, `app sweep DEMO ...`, `app lesson FILE ...`,
// `app serve` and `app -version`.
//
// Its contract with scripts (see the README's "Terminal mode"): stdout
// carries only results (the JSON summary, the human summary, the server's
// URLs); progress, printed lines and errors go to stderr. Exit status 0 means
// the command did its work (task failures are data), 1 that a demo could not
// run, 2 bad usage (one line on stderr naming the accepted values), 130 an
// interrupted run.
package term

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"

	"concurrencylab/app/meta"
	"concurrencylab/app/term/early"
	"concurrencylab/demos"
)

// Exit statuses.
const (
	exitOK          = 0
	exitFailed      = 1   // the demo itself could not run (not a task failure)
	exitUsage       = 2   // bad usage: unknown command, demo, mode, flag or value
	exitInterrupted = 130 // stopped by SIGINT, SIGTERM or SIGHUP (128 + SIGINT)
)

// commands lists the subcommands, for usage errors.
var commands = []string{"list", "run", "replay", "serve", "sweep", "lesson", "version", "help"}

// Main runs the terminal front end with the given arguments (without the
// program name) and returns the process exit status. SIGINT, SIGTERM and SIGHUP,
// caught since the process started (package early), stop a run or a server
// cleanly; a second one ends the process at once.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-early.Caught():
			// Give the signals back to the runtime, so a second Ctrl-C
			// ends a run whose demo does not stop.
			early.Release()
			cancel()
		case <-ctx.Done():
		}
	}()
	return mainContext(ctx, args, stdout, stderr)
}

// mainContext is Main with the interruption given as a context: when ctx is
// cancelled, a run or a server stops as on Ctrl-C. Tests cancel it to
// simulate a signal.
func mainContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	out := &resultWriter{w: stdout}
	code, err := command(ctx, args[0], args[1:], out, stderr)
	if err == nil && out.err != nil {
		// The result is what the command is for: one that did not reach
		// stdout (a full disk, a closed pipe) is a failure, not a success.
		err = fmt.Errorf("cannot write the result to stdout: %w", out.err)
	}
	return exitStatus(code, err, stderr)
}

// command runs one subcommand and returns its exit status, or the error
// that decides it.
func command(ctx context.Context, cmd string, rest []string, stdout *resultWriter, stderr io.Writer) (int, error) {
	switch cmd {
	case "list":
		return exitOK, listCmd(rest, stdout)
	case "run":
		return runCmd(ctx, rest, stdout, stderr)
	case "replay":
		return replayCmd(rest, stdout, stderr)
	case "sweep":
		return sweepCmd(ctx, rest, stdout, stderr)
	case "lesson":
		return lessonCmd(ctx, rest, stdout, stderr)
	case "serve":
		return serveCmd(ctx, rest, stdout, stderr)
	case "version", "-version", "--version", "-v":
		if len(rest) > 0 {
			return exitUsage, usageErrorf("%s takes no arguments (got %s)", cmd, demos.Quote(rest[0]))
		}
		fmt.Fprintln(stdout, meta.Name, meta.Version)
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return exitUsage, usageErrorf("%s takes no arguments (got %s); for one command's flags: app run DEMO -h, app serve -h", cmd, demos.Quote(rest[0]))
		}
		printUsage(stdout)
	default:
		return exitUsage, usageErrorf("unknown command %s; the commands are: %s (or -version)", demos.Quote(cmd), strings.Join(commands, ", "))
	}
	return exitOK, nil
}

// exitStatus prints err, if any, as one line on stderr and returns the exit
// status it means; with no error, code.
func exitStatus(code int, err error, stderr io.Writer) int {
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, oneLine(ue.msg))
			return exitUsage
		}
		if errors.Is(err, errHelp) {
			return exitOK
		}
		fmt.Fprintln(stderr, oneLine(err.Error()))
		return exitFailed
	}
	return code
}

// oneLine keeps an error message on one line of plain text: control
// characters (an escape sequence, a newline in an OS error) are written out.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// resultWriter is stdout as the commands see it: it remembers the first
// write that failed, so that a result lost on the way out is reported.
type resultWriter struct {
	w   io.Writer
	err error
}

func (o *resultWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = err
	}
	return n, err
}

// file is the *os.File behind the writer, if it is one.
func (o *resultWriter) file() (*os.File, bool) {
	f, ok := o.w.(*os.File)
	return f, ok
}

// usageError is bad usage: its message is one line naming the accepted values.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errHelp says that help was asked for and printed: exit 0.
var errHelp = errors.New("help printed")

func printUsage(w io.Writer) {
	fmt.Fprintf(w, `%s %s: see concurrency run on real goroutines.

Usage:
  app                      open the window
  app list [-json]         the demos, their modes and knobs (-json: the catalogue as JSON)
  app run DEMO [flags]     run a demo in the terminal: -mode M -workers N
                           -KNOB VALUE ... -speed F -json (app run DEMO -h lists them)
                           -record FILE keeps the run's recording in FILE
  app replay FILE [-json]  the summary of a recorded run, rebuilt from its events
                           (-moments: the moments of its lesson, one a line)
  app sweep DEMO [flags]   run a demo at each worker count, one run after another:
                           -mode M,M2 -workers 1,2,4,8 -repeat K -json|-csv; prints
                           speedups, the ideal and Amdahl's serial fraction
  app lesson FILE [-check|-json]
                           check a lesson file (or a built-in lesson: counter, cpu, ...)
                           and list its steps, or run every step headless, one
                           summary a step
  app serve [flags]        serve the downloader's files on loopback and print
                           their URLs, one a line (app serve -h lists the flags)
  app -version             print the version

The demos are: %s.
Progress goes to stderr; stdout carries the summary (JSON with -json).
Exit status: 0 finished, 1 the demo could not run, 2 bad usage, 130 interrupted.
`, meta.Name, meta.Version, strings.Join(demos.IDs(), ", "))
}

// WindowFile reports whether args ask for the window on a file, as `app
// FILE` and a double-click on a lesson or a recording do: arguments that
// are not a command and all name regular files (a desktop passes every
// file selected); the window opens the first.
func WindowFile(args []string) (string, bool) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || isCommand(args[0]) {
		return "", false
	}
	for _, a := range args {
		if st, err := os.Stat(a); err != nil || !st.Mode().IsRegular() {
			return "", false
		}
	}
	return args[0], true
}

// isCommand reports whether word names one of the terminal's commands.
func isCommand(word string) bool {
	switch word {
	case "list", "run", "sweep", "lesson", "serve", "replay", "version", "help":
		return true
	}
	return false
}
