package lesson

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// readmeLessons returns the README's "Lessons" section.
func readmeLessons(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "\n## Lessons\n")
	if !ok {
		t.Fatal(`README.md has no "## Lessons" section`)
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	return sec
}

func TestREADMEExample(t *testing.T) {
	sec := readmeLessons(t)
	_, ex, ok := strings.Cut(sec, "```toml\n")
	if !ok {
		t.Fatal("the Lessons section has no ```toml example")
	}
	ex, _, _ = strings.Cut(ex, "```")
	l, err := Parse([]byte(ex))
	if err != nil {
		t.Fatalf("the README's example: %v", err)
	}
	if l.Version != Version || l.Title == "" || l.Author == "" || len(l.Steps) < 2 {
		t.Fatalf("the README's example: %+v", l)
	}
	// the example shows every key but the recording (which needs a file)
	seen := map[string]bool{}
	for _, s := range l.Steps {
		seen["caption"] = seen["caption"] || s.Caption != ""
		seen["question"] = seen["question"] || s.Question != ""
		seen["reveal"] = seen["reveal"] || s.Reveal != ""
		seen["stop_at"] = seen["stop_at"] || s.StopAt != ""
		seen["compare"] = seen["compare"] || s.Compare != 0
		seen["speed"] = seen["speed"] || s.Config.Speed != 1
	}
	for _, k := range stepKeys {
		if k == "recording" {
			continue
		}
		if !seen[k] && !strings.Contains(ex, "\n"+k+" = ") {
			t.Errorf("the README's example has no %s", k)
		}
	}
	// every step key is documented in the section
	for _, k := range append(append([]string(nil), lessonKeys...), stepKeys...) {
		if !strings.Contains(sec, "`"+k+"`") {
			t.Errorf("the Lessons section does not name `%s`", k)
		}
	}

	// the error the README shows is the one the reader gives for its typo
	bad := strings.Replace(ex, `demo = "counter"`, `demo = "countr"`, 1)
	_, err = Parse([]byte(bad))
	var le *Error
	if !errors.As(err, &le) {
		t.Fatalf("the example with a typo: %v", err)
	}
	// (this test binary has a demo of its own, left out of the README)
	want := strings.Replace("class.toml: "+err.Error()+"\n", ", zz-lesson-peer", "", 1)
	if !strings.Contains(sec, want) {
		t.Errorf("the Lessons section does not show the error as the reader says it:\n%s", want)
	}
}
