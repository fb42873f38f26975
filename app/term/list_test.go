package term

import (
	"context"
	"strings"
	"testing"

	"concurrencylab/demos"
)

func TestListShowsEveryDemo(t *testing.T) {
	res := call(context.Background(), "list")
	if res.code != 0 || res.stderr != "" {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	for _, d := range demos.All() {
		if !strings.Contains(res.stdout, d.ID+": "+d.Title+"\n") {
			t.Errorf("list lacks %q", d.ID+": "+d.Title)
		}
		want := []string{"-mode " + d.Modes[0].Name + " (default)",
			"-workers N  ", "default " + d.Workers.Format(d.Workers.Default), rangeOf(d.Workers)}
		for _, m := range d.Modes[1:] {
			if why := m.Await(); why != "" {
				// named apart, so that no "-mode" line names what cannot run here
				want = append(want, "  not on this machine: "+m.Name+" ("+why+")")
				continue
			}
			want = append(want, "-mode "+m.Name+" ")
		}
		for _, k := range d.Knobs {
			want = append(want, "-"+k.Name+" "+kindHint(k), "default "+withUnit(k, k.Default), rangeOf(k), k.Title)
		}
		entry := entryOf(res.stdout, d.ID)
		for _, w := range want {
			if !strings.Contains(entry, w) {
				t.Errorf("%s: entry lacks %q:\n%s", d.ID, w, entry)
			}
		}
	}
}

// entryOf cuts one demo's entry out of the list.
func entryOf(list, id string) string {
	_, rest, _ := strings.Cut(list, "\n"+id+": ")
	if strings.HasPrefix(list, id+": ") {
		rest = list
	}
	entry, _, _ := strings.Cut(rest, "\n\n")
	return entry
}

func TestListIsAligned(t *testing.T) {
	// Within one demo, the knob lines put "default" in one column.
	res := call(context.Background(), "list")
	entry := entryOf(res.stdout, "counter")
	col := -1
	for _, l := range strings.Split(entry, "\n") {
		if !strings.HasPrefix(l, "  -") || strings.HasPrefix(l, "  -mode") {
			continue
		}
		i := strings.Index(l, "default ")
		if col >= 0 && i != col {
			t.Errorf("default at column %d, want %d:\n%s", i, col, entry)
		}
		col = i
	}
	if col < 0 {
		t.Fatalf("no knob lines in:\n%s", entry)
	}
}

func TestKnobsUseDemoDeclarations(t *testing.T) {
	// The terminal keeps no copy of a range: changing the declaration would
	// change the accepted values. Check it against each demo's own bounds.
	for _, d := range demos.All() {
		for _, k := range append([]demos.Knob{d.Workers}, d.Knobs...) {
			for _, tc := range []struct {
				v  float64
				ok bool
			}{{k.Min, true}, {k.Max, true}, {k.Max + 1, false}} {
				if k.Kind == demos.Float && !tc.ok {
					tc.v = k.Max * 1.5
					if tc.v == k.Max {
						tc.v = k.Max + 1
					}
				}
				args := []string{"run", d.ID, "-" + k.Name, k.Format(tc.v), "-h"}
				res := call(context.Background(), args...)
				if got := res.code == 0; got != tc.ok {
					t.Errorf("%v: exit %d, stderr %q", args, res.code, res.stderr)
				}
			}
		}
	}
}
