// Command app is Concurrency Lab: with no arguments it opens the window; with
// a subcommand (list, run, serve, -version) it works in the terminal.
package main

import (
	"fmt"
	"os"

	_ "concurrencylab/app/locale" // first: before Fyne reads the locale

	"fyne.io/fyne/v2/app"

	"concurrencylab/app/meta"
	"concurrencylab/app/term"
	"concurrencylab/app/ui"
	"concurrencylab/demos"
)

func main() {
	if code, ok := demos.ChildMain(); ok {
		os.Exit(code)
	}
	if len(os.Args) > 1 {
		os.Exit(term.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	if err := ui.CheckDisplay(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	a := app.NewWithID(meta.ID)
	app.SetMetadata(meta.Fill(a.Metadata())) // a plain `go build` carries no version or icon
	ui.New(a).Show()
	a.Run()
}
