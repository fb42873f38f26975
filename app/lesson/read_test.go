package lesson

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concurrencylab/demos"
)

const good = `# a comment
version = 1
title = "Lost updates"
author = "A. Teacher"

[[step]]
demo = "counter"
mode = "unsafe"
workers = 8
increments = 1000
caption = """
Eight workers, no lock. \
Watch the count."""
question = "What will it read?"
reveal = 'Less than 8,000.'
stop_at = "lost-update"

[[step]]
demo = "sleepers"   # a comment after a value
mode = "concurrent"
tasks = 100
wait = "20ms"
speed = 0.5
compare = 1
`

func TestParseGood(t *testing.T) {
	l, err := Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if l.Version != 1 || l.Title != "Lost updates" || l.Author != "A. Teacher" || len(l.Steps) != 2 {
		t.Fatalf("got %+v", l)
	}
	s := l.Steps[0]
	if s.Demo != "counter" || s.Config.Mode != "unsafe" || s.Config.Workers != 8 || s.Config.Knobs["increments"] != 1000 || s.Config.Speed != 1 {
		t.Errorf("step 1: %+v", s)
	}
	if s.Caption != "Eight workers, no lock. Watch the count." || s.Question != "What will it read?" || s.Reveal != "Less than 8,000." || s.StopAt != "lost-update" {
		t.Errorf("step 1 texts: %+v", s)
	}
	if s.Line != 6 {
		t.Errorf("step 1 line %d, want 6", s.Line)
	}
	s = l.Steps[1]
	d, _ := demos.Lookup("sleepers")
	// a knob not given takes the demo's default; workers too
	if s.Config.Knobs["wait"] != 0.02 || s.Config.Knobs["tasks"] != 100 || s.Config.Workers != int(d.Workers.Default) || s.Config.Speed != 0.5 || s.Compare != 1 {
		t.Errorf("step 2: %+v", s)
	}
	if s.Line != 18 {
		t.Errorf("step 2 line %d, want 18", s.Line)
	}
	// every step's Config is one the demo accepts as it is
	for i, s := range l.Steps {
		d, _ := demos.Lookup(s.Demo)
		c, err := d.Check(s.Config)
		if err != nil || len(c.Knobs) != len(s.Config.Knobs) {
			t.Errorf("step %d: Check: %v (%v)", i+1, err, c)
		}
	}
}

// lineOf returns the line (from 1) of the first line of text holding sub.
func lineOf(text, sub string) int {
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			return i + 1
		}
	}
	return -1
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, from, to string // good with from replaced by to
		at             string // the line the error names holds this ("" : line 1)
		want           []string
	}{
		{"unknown demo", `demo = "counter"`, `demo = "countr"`, `"countr"`, []string{`demo "countr" is not a demo; the demos are: interleave, counter, cpu`}},
		{"demo not text", `demo = "counter"`, `demo = 3`, `demo = 3`, []string{"demo = 3 is not a demo's name"}},
		{"no demo", `demo = "counter"`, ``, `[[step]]`, []string{"step 1 has no demo", "the demos are:"}},
		{"unknown mode", `mode = "unsafe"`, `mode = "locked"`, `"locked"`, []string{`mode "locked" is not a mode of counter; its modes are: unsafe, mutex, atomic, channel`}},
		{"unknown knob", `increments = 1000`, `incremnts = 1000`, `incremnts`, []string{`"incremnts" is not a setting of a counter step; a step takes: demo, mode, workers, increments, speed`}},
		{"knob of another demo", `increments = 1000`, `tasks = 1000`, `tasks = 1000`, []string{`"tasks" is not a setting of a counter step`}},
		{"out of range", `workers = 8`, `workers = 100`, `workers = 100`, []string{"workers 100 is out of range; use a value from 1 to 64"}},
		{"not whole", `workers = 8`, `workers = 2.5`, `workers = 2.5`, []string{"workers = 2.5 is not a whole number; use a value from 1 to 64"}},
		{"number quoted", `increments = 1000`, `increments = "1000"`, `increments =`, []string{`increments = "1000": write the number without quotes, from 1 to 1000000`}},
		{"duration unquoted", `wait = "20ms"`, `wait = 20`, `wait = 20`, []string{`wait is a duration: write it in quotes with its unit, such as wait = "200ms"`}},
		{"bad duration", `wait = "20ms"`, `wait = "20 parsecs"`, `parsecs`, []string{`wait "20 parsecs" is not a duration such as 200ms or 1.5s; use a value from 1ms to 10s`}},
		{"duration out of range", `wait = "20ms"`, `wait = "1h"`, `"1h"`, []string{"wait 1h is out of range; use a value from 1ms to 10s"}},
		{"speed", `speed = 0.5`, `speed = 2`, `speed = 2`, []string{"speed 2 is out of range; use a value from 0.1 to 1"}},
		{"speed as written", `speed = 0.5`, `speed = 1.0000001`, `speed = 1.0000001`, []string{"speed 1.0000001 is out of range; use a value from 0.1 to 1"}},
		{"moment", `stop_at = "lost-update"`, `stop_at = "cycle-closed"`, `stop_at`, []string{`stop_at "cycle-closed" is not a moment of counter; its moments are: lost-update`}},
		{"compare nothing", `compare = 1`, `compare = 7`, `compare = 7`, []string{"compare = 7 names no step; the steps are numbered 1 to 2"}},
		{"compare itself", `compare = 1`, `compare = 2`, `compare = 2`, []string{"compare = 2 is this step itself"}},
		{"compare text", `compare = 1`, `compare = "one"`, `compare =`, []string{`compare = "one" is not a step number`}},
		{"caption not text", `question = "What will it read?"`, `question = 42`, `question = 42`, []string{"question = 42 is not text; write it in quotes"}},
		{"unknown lesson key", `author = "A. Teacher"`, `autor = "A. Teacher"`, `autor`, []string{`"autor" is not a key of a lesson; a lesson has: version, title, author, and a [[step]] table a step`}},
		{"newer", `version = 1`, `version = 2`, `version = 2`, []string{"this lesson is format version 2, newer than this app reads (version 1); open it with a newer Concurrency Lab"}},
		{"bad version", `version = 1`, `version = "one"`, `version =`, []string{`version = "one" is not a format version; write version = 1`}},
		{"no version", `version = 1`, ``, ``, []string{"the lesson has no version; start it with the line: version = 1"}},
		{"no title", `title = "Lost updates"`, ``, ``, []string{"the lesson has no title"}},
		{"syntax", `workers = 8`, `workers = = 8`, `workers = = 8`, []string{"this is not valid TOML", "a lesson is TOML"}},
		{"unclosed string", `reveal = 'Less than 8,000.'`, `reveal = 'Less than 8,000.`, `reveal =`, []string{"this is not valid TOML"}},
		{"no steps", good, "version = 1\ntitle = \"t\"\n", "", []string{"the lesson has no steps", "[[step]]"}},
		{"a table, not tables", good, "version = 1\ntitle = \"t\"\n\n[step]\ndemo = \"sleepers\"\n", "[step]", []string{"step must be [[step]] tables"}},
		{"sub-table of a step", "compare = 1\n", "compare = 1\n[step.knobs]\nx = 1\n", `[step.knobs]`, []string{`"knobs" is not a setting of a sleepers step`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.from) {
				t.Fatalf("the good lesson lacks %q", c.from)
			}
			text := strings.Replace(good, c.from, c.to, 1)
			_, err := Parse([]byte(text))
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("Parse: %v, want an *Error", err)
			}
			want := 1
			if c.at != "" {
				want = lineOf(text, c.at)
			}
			if le.Line != want {
				t.Errorf("line %d, want %d: %v", le.Line, want, err)
			}
			for _, w := range c.want {
				if !strings.Contains(le.Msg, w) {
					t.Errorf("error %q lacks %q", le.Msg, w)
				}
			}
			if strings.ContainsAny(err.Error(), "\n\r") || !strings.HasPrefix(err.Error(), "line ") {
				t.Errorf("not one line naming the line: %q", err)
			}
		})
	}
}

// A demo of this test binary alone, with a mode no machine can run, as a
// peer mode is without its interpreter.
func init() {
	demos.Register(&demos.Demo{ID: "zz-lesson-peer", Title: "Test", Summary: "A mode that is never available.",
		Modes:   []demos.Mode{{Name: "go"}, {Name: "far", Unavailable: func() string { return "far not found on PATH" }}},
		Workers: demos.Knob{Name: "workers", Kind: demos.Int, Default: 1, Min: 1, Max: 4},
		Run:     func(*demos.Run) error { return nil }})
}

func TestUnavailableModeIsAccepted(t *testing.T) {
	// A peer mode that cannot run here is still a valid step: the lesson
	// was written on a machine that runs it.
	l, err := Parse([]byte("version = 1\ntitle = \"t\"\n[[step]]\ndemo = \"zz-lesson-peer\"\nmode = \"far\"\n[[step]]\ndemo = \"zz-lesson-peer\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if why := l.Steps[0].Unavailable(); why != "far not found on PATH" {
		t.Errorf("step 1 Unavailable = %q", why)
	}
	if why := l.Steps[1].Unavailable(); why != "" {
		t.Errorf("step 2 Unavailable = %q, want \"\"", why)
	}
}

func TestOpenRecording(t *testing.T) {
	dir := t.TempDir()
	text := strings.Replace(good, "compare = 1\n", "compare = 1\nrecording = \"runs/two.rec\"\n", 1)
	path := filepath.Join(dir, "l.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	var le *Error
	if !errors.As(err, &le) || le.Line != lineOf(text, "recording =") || !strings.Contains(le.Msg, `recording "runs/two.rec" is not a file next to the lesson`) {
		t.Fatalf("Open with a missing recording: %v", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "runs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "runs", "two.rec"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := l.RecordingPath(l.Steps[1]), filepath.Join(dir, "runs", "two.rec"); got != want || l.Path != path {
		t.Errorf("RecordingPath = %q, want %q (Path %q)", got, want, l.Path)
	}
	if _, err := Open(filepath.Join(dir, "none.toml")); err == nil || !strings.HasPrefix(err.Error(), "cannot read the lesson") {
		t.Errorf("Open of a missing file: %v", err)
	}
}

func TestLooks(t *testing.T) {
	if !Looks([]byte(good)) {
		t.Error("a lesson does not look like one")
	}
	for _, s := range []string{`{"demo": "counter"}`, "step = 1", "# [[step]]", ""} {
		if Looks([]byte(s)) {
			t.Errorf("%q looks like a lesson", s)
		}
	}
}

func TestFirstSentence(t *testing.T) {
	for in, want := range map[string]string{
		"One worker adds 1.5 times.  Then more.":      "One worker adds 1.5 times.",
		"What will it read? Guess.":                   "What will it read?",
		"Two\nlines, one sentence":                    "Two lines, one sentence",
		`He said "stop." Then he left.`:               `He said "stop."`,
		"The lock (a sync.Mutex.) Then.":              "The lock (a sync.Mutex.)",
		"":                                            "",
		"atomic.Int64.Add: one instruction. And more": "atomic.Int64.Add: one instruction.",
	} {
		if got := FirstSentence(in); got != want {
			t.Errorf("FirstSentence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLinesSkipStrings(t *testing.T) {
	// keys inside multi-line strings and arrays are not keys
	text := "version = 1\ntitle = \"\"\"\ndemo = \"x\"\n[[step]]\n\"\"\"\nlist = [\n  1,\n  2, # [[step]]\n]\n[[step]]\ncaption = '''\nmode = 1\n'''\nmode = \"a\" # x = 1\n\"quoted.key\" = 2\n[[step]]\n[step.sub]\n"
	ls := scanLines(text)
	if want := []int{10, 16}; len(ls.steps) != 2 || ls.steps[0] != want[0] || ls.steps[1] != want[1] {
		t.Fatalf("steps at %v, want %v", ls.steps, want)
	}
	for k, want := range map[string]int{"version": 1, "title": 2, "list": 6} {
		if got := ls.topKey(k); got != want {
			t.Errorf("top key %s on line %d, want %d", k, got, want)
		}
	}
	for k, want := range map[keyAt]int{{0, "caption"}: 11, {0, "mode"}: 14, {0, "quoted.key"}: 15, {1, "sub"}: 17} {
		if got := ls.stepKey(k.step, k.key); got != want {
			t.Errorf("step %d key %s on line %d, want %d", k.step+1, k.key, got, want)
		}
	}
	if _, ok := ls.top["demo"]; ok {
		t.Error("a key inside a multi-line string was taken for a key")
	}
}
