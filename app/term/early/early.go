// Package early catches SIGINT, SIGTERM and SIGHUP as the process starts, from its
// package initialiser, before the window toolkit or anything else runs: a
// Ctrl-C that lands in a run's first milliseconds is then a stop like any
// other, not the end of the process with no summary. Importing it is enough;
// it imports nothing but the standard library, so it is initialised among
// the first packages.
//
// Catching also takes SIGINT back from a parent that started the process
// with it ignored (a script's background job), as signal.Notify does.
package early

import (
	"os"
	"os/signal"
	"syscall"
)

// Stops are the signals that stop a run. SIGHUP (the terminal closed, the
// session ended) is one: left to its default, it ended the process with its
// peers left running. SIGINT comes last: signal.Notify enables them in
// order, so once SIGINT is caught (which a parent that ignored it can see
// in /proc), the others are too.
var Stops = []os.Signal{syscall.SIGHUP, syscall.SIGTERM, os.Interrupt}

var caught = make(chan os.Signal, 1)

func init() { signal.Notify(caught, Stops...) }

// Caught delivers the stop signals caught since the process started; one is
// kept until it is read, further ones while it waits are dropped.
func Caught() <-chan os.Signal { return caught }

// Release gives the stop signals back their usual effect, for a process
// that is not a terminal command (the window, a child worker) or that has
// had its one stop (so a second Ctrl-C ends it at once). A signal caught
// before the release and not yet read ends the process as that signal would
// have, with the shell's status for it: 130 for SIGINT, 143 for SIGTERM,
// 129 for SIGHUP.
func Release() {
	signal.Reset(Stops...)
	select {
	case sig := <-caught:
		os.Exit(128 + int(sig.(syscall.Signal)))
	default:
	}
}
