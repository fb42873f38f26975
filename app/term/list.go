package term

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"concurrencylab/demos"
)

func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

// listCmd prints every demo: its ID and title, what it shows, its modes (the
// default first and marked) and its knobs with default, range and unit;
// with -json, the catalogue as a JSON array.
func listCmd(args []string, stdout io.Writer) error {
	asJSON := false
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		fmt.Fprintln(stdout, "app list [-json]: print every demo with its modes and knobs; -json prints the catalogue as a JSON array, one object a demo.")
		return errHelp
	case len(args) == 1 && (args[0] == "-json" || args[0] == "--json"):
		asJSON = true
	case len(args) > 0:
		return usageErrorf("app list takes only -json (got %s); it lists every demo: %s", demos.Quote(args[0]), strings.Join(demos.IDs(), ", "))
	}
	if asJSON {
		b, err := json.MarshalIndent(catalogue(), "", "  ")
		if err != nil {
			return err
		}
		// a write that fails is kept by stdout and reported as the result lost
		stdout.Write(append(b, '\n'))
		return nil
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

// demoJSON is one demo in `app list -json`: the words the window shows
// and the settings a run and a lesson take, as the demo declares them.
type demoJSON struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Summary  string       `json:"summary"`
	Question string       `json:"question"`
	Notice   string       `json:"notice"`
	Modes    []modeJSON   `json:"modes"`   // the default first
	Knobs    []knobJSON   `json:"knobs"`   // the worker count first
	Moments  []momentJSON `json:"moments"` // what a lesson's stop_at names
}

type modeJSON struct {
	Name string `json:"name"`
	Help string `json:"help"`
	// Unavailable says why this machine cannot run the mode now; absent
	// when it can.
	Unavailable string `json:"unavailable,omitempty"`
}

// knobJSON is a knob with its values as `app run -json` and a lesson file
// write them: a duration as a string ("200ms"), a whole number as one.
type knobJSON struct {
	Name    string `json:"name"`
	Title   string `json:"title"`
	Kind    string `json:"kind"` // int, float, duration or fraction
	Default any    `json:"default"`
	Min     any    `json:"min"`
	Max     any    `json:"max"`
	Unit    string `json:"unit"`
}

type momentJSON struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// catalogue is every demo as `app list -json` prints it.
func catalogue() []demoJSON {
	out := []demoJSON{}
	for _, d := range demos.All() {
		j := demoJSON{ID: d.ID, Title: d.Title, Summary: d.Summary, Question: d.Question, Notice: d.Notice,
			Modes: []modeJSON{}, Knobs: []knobJSON{}, Moments: []momentJSON{}}
		for _, m := range d.Modes {
			j.Modes = append(j.Modes, modeJSON{Name: m.Name, Help: m.Help, Unavailable: m.Why()})
		}
		for _, k := range append([]demos.Knob{d.Workers}, d.Knobs...) {
			j.Knobs = append(j.Knobs, knobJSON{Name: k.Name, Title: k.Title, Kind: kindName(k.Kind),
				Default: knobValueJSON(k, k.Default), Min: knobValueJSON(k, k.Min), Max: knobValueJSON(k, k.Max), Unit: k.Unit})
		}
		for _, m := range d.Moments {
			j.Moments = append(j.Moments, momentJSON{Name: m.Name, Title: m.Title})
		}
		out = append(out, j)
	}
	return out
}

func kindName(k demos.KnobKind) string {
	switch k {
	case demos.Int:
		return "int"
	case demos.Duration:
		return "duration"
	case demos.Fraction:
		return "fraction"
	}
	return "float"
}

// knobValueJSON writes v as a run's summary writes the knob's value.
func knobValueJSON(k demos.Knob, v float64) any {
	switch k.Kind {
	case demos.Int:
		return int64(math.Round(v))
	case demos.Duration:
		return k.Format(v)
	}
	return v
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
