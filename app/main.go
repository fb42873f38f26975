// Command app is Concurrency Lab: with no arguments it opens the window; with
// a subcommand (list, run, serve, -version) it works in the terminal.
package main

import (
	"fmt"
	"os"

	// First of all: SIGINT and SIGTERM are caught from here on, so a Ctrl-C
	// in a run's first milliseconds is a stop with a summary.
	"concurrencylab/app/term/early"

	_ "concurrencylab/app/locale" // before Fyne reads the locale

	"fyne.io/fyne/v2/app"

	"concurrencylab/app/meta"
	"concurrencylab/app/term"
	"concurrencylab/app/ui"
	"concurrencylab/demos"
)

func main() {
	// A child worker is started with no arguments and its job in its
	// environment; it and the window keep Ctrl-C's usual effect.
	file, window := term.WindowFile(os.Args[1:])
	if len(os.Args) > 1 && !demos.IsChild() && !window {
		os.Exit(term.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	early.Release()
	if code, ok := demos.ChildMain(); ok {
		os.Exit(code)
	}
	if err := ui.CheckDisplay(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	a := app.NewWithID(meta.ID)
	app.SetMetadata(ui.Metadata(a.Metadata())) // a plain `go build` carries no version or icon
	lab := ui.New(a)
	quitOnSignal(lab.Quit)
	lab.Show()
	if window {
		lab.Open(file)
	}
	a.Run()
}
