// Package term is Concurrency Lab's terminal front end: `app list`,
// `app run DEMO ...`, `app sweep DEMO ...`, `app serve` and `app -version`.
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
	"os/signal"
	"strings"
	"syscall"

	"concurrencylab/app/meta"
	"concurrencylab/demos"
)

// Exit statuses.
const (
	exitOK          = 0
	exitFailed      = 1   // the demo itself could not run (not a task failure)
	exitUsage       = 2   // bad usage: unknown command, demo, mode, flag or value
	exitInterrupted = 130 // stopped by SIGINT or SIGTERM (128 + SIGINT)
)

// commands lists the subcommands, for usage errors.
var commands = []string{"list", "run", "serve", "sweep", "version", "help"}

// Main runs the terminal front end with the given arguments (without the
// program name) and returns the process exit status. SIGINT and SIGTERM stop
// a run or a server cleanly; a second one ends the process at once.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, give the signals back to the runtime, so a
		// second Ctrl-C ends a run whose demo does not stop.
		<-ctx.Done()
		stop()
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
	var err error
	code := exitOK
	switch cmd, rest := args[0], args[1:]; cmd {
	case "list":
		err = listCmd(rest, stdout)
	case "run":
		code, err = runCmd(ctx, rest, stdout, stderr)
	case "sweep":
		code, err = sweepCmd(ctx, rest, stdout, stderr)
	case "serve":
		code, err = serveCmd(ctx, rest, stdout, stderr)
	case "version", "-version", "--version", "-v":
		fmt.Fprintln(stdout, meta.Name, meta.Version)
	case "help", "-h", "-help", "--help":
		printUsage(stdout)
	default:
		err = usageErrorf("unknown command %q; the commands are: %s (or -version)", cmd, strings.Join(commands, ", "))
	}
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, ue.msg)
			return exitUsage
		}
		if errors.Is(err, errHelp) {
			return exitOK
		}
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	return code
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
  app list                 the demos, their modes and knobs
  app run DEMO [flags]     run a demo in the terminal: -mode M -workers N
                           -KNOB VALUE ... -speed F -json (app run DEMO -h lists them)
  app sweep DEMO [flags]   run a demo at each worker count, one run after another:
                           -mode M,M2 -workers 1,2,4,8 -repeat K -json|-csv; prints
                           speedups, the ideal and Amdahl's serial fraction
  app serve [flags]        serve the downloader's files on loopback and print
                           their URLs, one a line (app serve -h lists the flags)
  app -version             print the version

The demos are: %s.
Progress goes to stderr; stdout carries the summary (JSON with -json).
Exit status: 0 finished, 1 the demo could not run, 2 bad usage, 130 interrupted.
`, meta.Name, meta.Version, strings.Join(demos.IDs(), ", "))
}
