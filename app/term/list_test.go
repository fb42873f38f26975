package term

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
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

func TestListJSON(t *testing.T) {
	res := call(context.Background(), "list", "-json")
	if res.code != 0 || res.stderr != "" {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	var got []struct {
		ID, Title, Summary, Question, Notice string
		Modes                                []struct{ Name, Help, Unavailable string }
		Knobs                                []struct {
			Name, Title, Kind, Unit string
			Default, Min, Max       any
		}
		Moments []struct{ Name, Title string }
	}
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, res.stdout)
	}
	all := demos.All()
	if len(got) != len(all) {
		t.Fatalf("%d demos, want %d", len(got), len(all))
	}
	for i, d := range all {
		g := got[i]
		if g.ID != d.ID || g.Title != d.Title || g.Summary != d.Summary || g.Question != d.Question || g.Notice != d.Notice {
			t.Errorf("demo %d: %s %q, want %s %q", i, g.ID, g.Title, d.ID, d.Title)
		}
		if len(g.Modes) != len(d.Modes) {
			t.Fatalf("%s: %d modes, want %d", d.ID, len(g.Modes), len(d.Modes))
		}
		for j, m := range d.Modes {
			if g.Modes[j].Name != m.Name || g.Modes[j].Help != m.Help || g.Modes[j].Unavailable != m.Why() {
				t.Errorf("%s mode %d: %+v", d.ID, j, g.Modes[j])
			}
		}
		knobs := append([]demos.Knob{d.Workers}, d.Knobs...)
		if len(g.Knobs) != len(knobs) || len(g.Moments) != len(d.Moments) {
			t.Fatalf("%s: %d knobs, %d moments", d.ID, len(g.Knobs), len(g.Moments))
		}
		for j, k := range knobs {
			gk := g.Knobs[j]
			// the values read back as a flag or a lesson file gives them
			for _, v := range []struct {
				got  any
				want float64
			}{{gk.Default, k.Default}, {gk.Min, k.Min}, {gk.Max, k.Max}} {
				text := fmt.Sprint(v.got)
				if f, ok := v.got.(float64); ok {
					text = strconv.FormatFloat(f, 'f', -1, 64)
				}
				if p, err := k.Parse(text); err != nil || p != v.want {
					t.Errorf("%s -%s: %v reads as %v (%v), want %v", d.ID, k.Name, v.got, p, err, v.want)
				}
			}
			if gk.Name != k.Name || gk.Title != k.Title || gk.Unit != k.Unit {
				t.Errorf("%s knob %d: %+v", d.ID, j, gk)
			}
			if _, isText := gk.Default.(string); isText != (k.Kind == demos.Duration) || gk.Kind == "" {
				t.Errorf("%s -%s: kind %q, default %#v", d.ID, k.Name, gk.Kind, gk.Default)
			}
		}
		for j, m := range d.Moments {
			if g.Moments[j].Name != m.Name || g.Moments[j].Title != m.Title {
				t.Errorf("%s moment %d: %+v", d.ID, j, g.Moments[j])
			}
		}
	}
	if res := call(context.Background(), "list", "-jsn"); res.code != exitUsage || !strings.Contains(res.stderr, "app list takes only -json") {
		t.Errorf("list -jsn: exit %d, stderr %q", res.code, res.stderr)
	}
}
