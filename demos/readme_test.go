package demos

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestREADMEListsEveryDemo checks the README's table of demos against the
// registry: a row for every demo, in the catalogue's order, with its title,
// every mode that needs no peer and every knob. A demo added without its
// row fails here, naming the row's first cells.
func TestREADMEListsEveryDemo(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "\n## The demos\n")
	if !ok {
		t.Fatal(`README.md has no "## The demos" section`)
	}
	table, _, _ = strings.Cut(table, "\n## ")
	ticked := regexp.MustCompile("`([^`]+)`")
	names := func(cell string) []string {
		var out []string
		for _, m := range ticked.FindAllStringSubmatch(cell, -1) {
			out = append(out, m[1])
		}
		return out
	}
	var ids []string
	rows := map[string][]string{}
	for line := range strings.SplitSeq(table, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if !strings.HasPrefix(line, "| `") || len(cells) != 5 {
			continue
		}
		id := strings.Trim(cells[0], "`")
		ids = append(ids, id)
		rows[id] = cells
	}
	if want := IDs(); !slices.Equal(ids, want) {
		t.Errorf("README's demo table lists %q, want %q (the catalogue's order)", ids, want)
	}
	for _, d := range All() {
		cells, ok := rows[d.ID]
		if !ok {
			t.Errorf("README's demo table has no row for %s: add | `%s` | %s | … |", d.ID, d.ID, d.Title)
			continue
		}
		if cells[1] != d.Title {
			t.Errorf("README row %s: title %q, want %q", d.ID, cells[1], d.Title)
		}
		modes := names(cells[3])
		for _, m := range modes {
			if _, ok := d.Mode(m); !ok {
				t.Errorf("README row %s names mode %q, which the demo does not declare", d.ID, m)
			}
		}
		for _, m := range d.Modes {
			if m.Unavailable == nil && !slices.Contains(modes, m.Name) {
				t.Errorf("README row %s lacks mode %q", d.ID, m.Name)
			}
		}
		knobs := names(cells[4])
		for _, k := range knobs {
			if _, ok := d.Knob(k); !ok {
				t.Errorf("README row %s names knob %q, which the demo does not declare", d.ID, k)
			}
		}
		for _, k := range append([]Knob{d.Workers}, d.Knobs...) {
			if !slices.Contains(knobs, k.Name) {
				t.Errorf("README row %s lacks knob %q", d.ID, k.Name)
			}
		}
	}
}
