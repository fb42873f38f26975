package lesson

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"concurrencylab/assets"
	"concurrencylab/demos"
)

func TestBuiltInLessons(t *testing.T) {
	names := BuiltIn()
	if len(names) != len(assets.LessonFiles()) {
		t.Fatalf("BuiltIn() = %q, but the files are %q", names, assets.LessonFiles())
	}
	first := map[string]bool{}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			l, err := OpenBuiltIn(name)
			if err != nil {
				t.Fatal(err)
			}
			if l.BuiltIn != name || l.Author == "" {
				t.Errorf("BuiltIn %q, author %q", l.BuiltIn, l.Author)
			}
			if n := len(l.Steps); n < 3 || n > 6 {
				t.Errorf("%d steps, want 3 to 6", n)
			}
			// a lesson is named for the demo it teaches
			first[l.Steps[0].Demo] = true
			if l.Steps[0].Demo != name {
				t.Errorf("the lesson %s begins with demo %s", name, l.Steps[0].Demo)
			}
			for i, s := range l.Steps {
				if s.Caption == "" || s.Question == "" || s.Reveal == "" {
					t.Errorf("step %d lacks a caption, a question or a reveal", i+1)
				}
				// the caption's first sentence is its headline: short enough
				// for one line of a projector
				if h := FirstSentence(s.Caption); len([]rune(h)) > 160 {
					t.Errorf("step %d: first sentence of %d characters: %q", i+1, len([]rune(h)), h)
				}
				if s.Config.Speed != 1 {
					t.Errorf("step %d at speed %g: a built-in lesson measures at full speed", i+1, s.Config.Speed)
				}
			}
		})
	}
	for _, d := range demos.All() {
		if !first[d.ID] && !strings.HasPrefix(d.ID, "zz-") { // zz-: this test binary's own
			t.Errorf("no built-in lesson begins with demo %s", d.ID)
		}
	}
	// the menu follows the catalogue's order
	var order []string
	for _, d := range demos.All() {
		if slices.Contains(names, d.ID) {
			order = append(order, d.ID)
		}
	}
	if !slices.Equal(names[:len(order)], order) {
		t.Errorf("BuiltIn() = %q, want the catalogue's order %q", names, order)
	}
}

func TestOpenBuiltInUnknown(t *testing.T) {
	for _, name := range []string{"countr", "../lessons/counter", ""} {
		if _, err := OpenBuiltIn(name); err == nil || !strings.Contains(err.Error(), "the lessons are: counter, cpu") {
			t.Errorf("OpenBuiltIn(%q): %v", name, err)
		}
	}
}

func TestBuiltInRoundTrip(t *testing.T) {
	for _, name := range BuiltIn() {
		l, err := OpenBuiltIn(name)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, l); err != nil {
			t.Fatal(err)
		}
		back, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatalf("%s written and read back: %v\n%s", name, err, buf.String())
		}
		l.BuiltIn = ""
		if d := diff(l, back); d != "" {
			t.Errorf("%s written and read back: %s", name, d)
		}
	}
}
