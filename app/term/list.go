package term

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"concurrencylab/demos"
)

func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

// listCmd prints every demo: its ID and title, what it shows, its modes (the
// default first and marked) and its knobs with default, range and unit.
func listCmd(args []string, stdout io.Writer) error {
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		fmt.Fprintln(stdout, "app list: print every demo with its modes and knobs; it takes no flags.")
		return errHelp
	case len(args) > 0:
		return usageErrorf("app list takes no arguments (got %s); it lists every demo: %s", demos.Quote(args[0]), strings.Join(demos.IDs(), ", "))
	}
	for i, d := range demos.All() {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		writeDemo(stdout, d, false)
	}
	fmt.Fprintln(stdout, "\nRun one with: app run DEMO [-mode M] [-workers N] [-KNOB VALUE ...] [-json]")
	return nil
}

// writeDemo prints one demo's entry of the list; with run, also the flags
// that every run takes (for `app run DEMO -h`).
func writeDemo(w io.Writer, d *demos.Demo, run bool) {
	fmt.Fprintf(w, "%s: %s\n", d.ID, d.Title)
	fmt.Fprintf(w, "  %s\n", d.Summary)
	// Modes this machine cannot run are named apart, after the others: a
	// script that runs every "-mode" line of the list runs what can run.
	tw := newTable(w)
	var unavailable []string
	for i, m := range d.Modes {
		if why := m.Await(); why != "" {
			unavailable = append(unavailable, fmt.Sprintf("  not on this machine: %s (%s): %s", m.Name, why, m.Help))
			continue
		}
		label := "  -mode " + m.Name
		if i == 0 {
			label += " (default)"
		}
		fmt.Fprintf(tw, "%s\t%s\n", label, m.Help)
	}
	tw.Flush()
	for _, l := range unavailable {
		fmt.Fprintln(w, l)
	}
	tw = newTable(w)
	for _, k := range append([]demos.Knob{d.Workers}, d.Knobs...) {
		fmt.Fprintf(tw, "  -%s %s\tdefault %s\t%s\t%s\n", k.Name, kindHint(k), withUnit(k, k.Default), rangeOf(k), k.Title)
	}
	if run {
		k := speedKnob
		fmt.Fprintf(tw, "  -%s %s\tdefault %s\t%s\t%s\n", k.Name, kindHint(k), withUnit(k, k.Default), rangeOf(k), k.Title)
		fmt.Fprintf(tw, "  -json\t\t\tPrint the summary on stdout as one JSON object\n")
	}
	tw.Flush()
}

// awaitChecks waits for the checks of whether d's modes can run here (a
// window does not wait for them; a terminal command can, and then refuses
// an unavailable mode as bad usage rather than as a failed run).
func awaitChecks(d *demos.Demo, modes ...string) {
	for _, name := range modes {
		if m, ok := d.Mode(name); ok {
			m.Await()
		}
	}
}
