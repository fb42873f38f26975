package term

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"concurrencylab/app/lesson"
	"concurrencylab/demos"
)

// farID is a demo of this test binary with a mode no machine can run, as a
// peer mode is without its interpreter.
const farID = "zz-far"

func init() {
	demos.Register(&demos.Demo{
		ID: farID, Title: "Far mode (test)", Summary: "Its second mode is never available.",
		Modes:   []demos.Mode{{Name: "near"}, {Name: "far", Unavailable: func() string { return "far-interpreter not found on PATH" }}},
		Workers: demos.Knob{Name: "workers", Kind: demos.Int, Default: 1, Min: 1, Max: 4},
		Run:     func(r *demos.Run) error { return nil },
	})
}

// writeLesson writes text as a lesson file in a temporary folder.
func writeLesson(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "class.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const quickLesson = `version = 1
title = "Quick"

[[step]]
demo = "counter"
mode = "mutex"
workers = 3
increments = 500
caption = "Three workers and a mutex. Nothing is lost."
question = "What will it read?"
reveal = "1,500: all of them."

[[step]]
demo = "zz-far"
mode = "far"
caption = "A mode this machine lacks."

[[step]]
demo = "sleepers"
mode = "concurrent"
tasks = 20
wait = "5ms"
compare = 1
`

func TestLessonCheck(t *testing.T) {
	path := writeLesson(t, quickLesson)
	res := call(context.Background(), "lesson", path, "-check")
	if res.code != exitOK {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	want := "Quick\n1. Three workers and a mutex.\n2. A mode this machine lacks.\n3. sleepers, mode concurrent, a goroutine per task\n"
	if res.stdout != want {
		t.Errorf("stdout %q, want %q", res.stdout, want)
	}
	// the step another machine runs is valid, and said so on stderr
	if got := lines(res.stderr); len(got) != 1 || !strings.Contains(got[0], "step 2 (line 13): mode far cannot run on this machine (far-interpreter not found on PATH); -json skips it") {
		t.Errorf("stderr %q", res.stderr)
	}
	// the flags may come first
	if res := call(context.Background(), "lesson", "-check", path); res.code != exitOK || !strings.HasPrefix(res.stdout, "Quick\n1. ") {
		t.Errorf("lesson -check FILE: exit %d, stdout %q", res.code, res.stdout)
	}
}

func TestLessonCheckBuiltIns(t *testing.T) {
	for _, name := range lesson.BuiltIn() {
		l, err := lesson.OpenBuiltIn(name)
		if err != nil {
			t.Fatal(err)
		}
		res := call(context.Background(), "lesson", name, "-check")
		if res.code != exitOK {
			t.Errorf("%s: exit %d, stderr %q", name, res.code, res.stderr)
			continue
		}
		got := lines(res.stdout)
		if len(got) != 1+len(l.Steps) || got[0] != l.Title {
			t.Errorf("%s: stdout %q", name, res.stdout)
			continue
		}
		for i, s := range l.Steps {
			if want := fmt.Sprintf("%d. %s", i+1, lesson.FirstSentence(s.Caption)); got[i+1] != want {
				t.Errorf("%s: line %q, want %q", name, got[i+1], want)
			}
		}
	}
}

func TestLessonBad(t *testing.T) {
	bad := strings.Replace(quickLesson, `demo = "counter"`, `demo = "countr"`, 1)
	path := writeLesson(t, bad)
	for _, flag := range []string{"-check", "-json"} {
		res := call(context.Background(), "lesson", path, flag)
		if res.code != exitUsage || res.stdout != "" {
			t.Errorf("%s: exit %d, stdout %q", flag, res.code, res.stdout)
		}
		want := path + `: line 5: demo "countr" is not a demo; the demos are: interleave, counter`
		if got := lines(res.stderr); len(got) != 1 || !strings.HasPrefix(got[0], want) {
			t.Errorf("%s: stderr %q, want one line starting %q", flag, res.stderr, want)
		}
	}
}

func TestLessonUsage(t *testing.T) {
	path := writeLesson(t, quickLesson)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lesson"}, "name a lesson: app lesson FILE [-check|-json]; FILE is a lesson file or a built-in lesson: interleave, counter"},
		{[]string{"lesson", path, "-check", "-json"}, "-check and -json do not go together"},
		{[]string{"lesson", path, "-chek"}, `unknown flag "-chek" for app lesson; its flags are: -check, -json`},
		{[]string{"lesson", path, path}, "unexpected argument"},
		{[]string{"lesson", "-check", path, path}, "app lesson takes one lesson file"},
		{[]string{"lesson", "no-such-lesson", "-check"}, "no-such-lesson: no such file, nor a built-in lesson; the built-in lessons are: interleave, counter"},
		{[]string{"lesson", t.TempDir(), "-check"}, "cannot read the lesson"},
	} {
		res := call(context.Background(), c.args...)
		if res.code != exitUsage || len(lines(res.stderr)) != 1 || !strings.Contains(res.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q, want one line with %q", c.args, res.code, res.stderr, c.want)
		}
	}
	res := call(context.Background(), "lesson", "-h")
	if res.code != exitOK || !strings.Contains(res.stdout, "Usage: app lesson FILE [-check|-json]") || !strings.Contains(res.stdout, "-check") {
		t.Errorf("lesson -h: exit %d, stdout %q", res.code, res.stdout)
	}
}

// decodeAll reads concatenated JSON objects, as `jq -s` does.
func decodeAll(t *testing.T, text string) []map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	var out []map[string]any
	for {
		var m map[string]any
		err := dec.Decode(&m)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("not a stream of JSON objects: %v\n%s", err, text)
		}
		out = append(out, m)
	}
}

func TestLessonJSON(t *testing.T) {
	path := writeLesson(t, quickLesson)
	res := call(context.Background(), "lesson", path, "-json")
	if res.code != exitOK {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	got := decodeAll(t, res.stdout)
	if len(got) != 2 {
		t.Fatalf("%d summaries, want 2 (the step that cannot run here skipped): %s", len(got), res.stdout)
	}
	// each is `app run -json`'s summary of the same settings, with its step
	runs := [][]string{
		{"run", "counter", "-mode", "mutex", "-workers", "3", "-increments", "500", "-json"},
		{"run", "sleepers", "-mode", "concurrent", "-tasks", "20", "-wait", "5ms", "-json"},
	}
	for i, s := range got {
		run := call(context.Background(), runs[i]...)
		want := slices.Sorted(maps.Keys(decodeAll(t, run.stdout)[0]))
		keys := slices.DeleteFunc(slices.Sorted(maps.Keys(s)), func(k string) bool { return k == "step" })
		if !slices.Equal(keys, want) {
			t.Errorf("summary %d has %q, want %q and step", i+1, keys, want)
		}
		if ms, _ := s["elapsed_ms"].(float64); ms <= 0 {
			t.Errorf("summary %d: elapsed_ms %v", i+1, s["elapsed_ms"])
		}
	}
	if got[0]["step"] != 1.0 || got[0]["demo"] != "counter" || got[0]["mode"] != "mutex" || got[0]["workers"] != 3.0 {
		t.Errorf("summary 1 heads: %v %v %v %v", got[0]["step"], got[0]["demo"], got[0]["mode"], got[0]["workers"])
	}
	if c, _ := got[0]["counter"].(map[string]any); c["actual"] != 1500.0 {
		t.Errorf("summary 1 counter %v", got[0]["counter"])
	}
	if got[1]["step"] != 3.0 || got[1]["demo"] != "sleepers" || got[1]["knobs"].(map[string]any)["wait"] != "5ms" {
		t.Errorf("summary 2 heads: step %v demo %v knobs %v", got[1]["step"], got[1]["demo"], got[1]["knobs"])
	}
	for _, w := range []string{"step 1 of 3: Three workers and a mutex.", "step 2 of 3 skipped: mode far cannot run on this machine (far-interpreter not found on PATH)", "step 3 of 3: sleepers"} {
		if !strings.Contains(res.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, res.stderr)
		}
	}
}

func TestLessonInWords(t *testing.T) {
	path := writeLesson(t, quickLesson)
	res := call(context.Background(), "lesson", path)
	if res.code != exitOK {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	for _, w := range []string{
		"Step 1 of 3: Three workers and a mutex. Nothing is lost.\n  question  What will it read?\ncounter, mode mutex, 3 workers, increments 500\n",
		"  counter   expected 1500, actual 1500, lost 0\n",
		"  reveal    1,500: all of them.\n",
		"\nStep 3 of 3: \nsleepers, mode concurrent",
	} {
		if !strings.Contains(res.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, res.stdout)
		}
	}
	if strings.Contains(res.stdout, "Step 2") {
		t.Errorf("the skipped step is in the lesson's words:\n%s", res.stdout)
	}
}

func TestLessonInterrupted(t *testing.T) {
	// Ctrl-C stops the step that runs and ends the lesson there: exit 130,
	// the stopped step's summary printed, nothing after it run.
	path := writeLesson(t, "version = 1\ntitle = \"Slow\"\n[[step]]\ndemo = \""+slowID+"\"\nstep = \"1s\"\n[[step]]\ndemo = \"counter\"\n")
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	res := call(ctx, "lesson", path, "-json")
	if res.code != exitInterrupted {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	got := decodeAll(t, res.stdout)
	if len(got) != 1 || got[0]["stopped"] != true {
		t.Errorf("summaries %v, want the stopped step's", got)
	}
	if !strings.Contains(res.stderr, "interrupted: steps 2 to 2 not run") {
		t.Errorf("stderr %q", res.stderr)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("the stop took %v", el)
	}
}

func TestREADMELessonCheck(t *testing.T) {
	// The README shows `app lesson counter -check` as it prints.
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, shown, ok := strings.Cut(string(b), "$ app lesson counter -check\n")
	if !ok {
		t.Fatal("the README does not show app lesson counter -check")
	}
	shown, _, _ = strings.Cut(shown, "$ ")
	res := call(context.Background(), "lesson", "counter", "-check")
	if res.code != exitOK || res.stdout != shown {
		t.Errorf("exit %d, stdout:\n%s\nthe README shows:\n%s", res.code, res.stdout, shown)
	}
}
