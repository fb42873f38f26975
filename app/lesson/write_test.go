package lesson

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// diff says how two lessons differ, the lines of their steps aside; "" when
// they do not.
func diff(a, b Lesson) string {
	if a.Version != b.Version || a.Title != b.Title || a.Author != b.Author || len(a.Steps) != len(b.Steps) {
		return fmt.Sprintf("lesson %q/%q/%d steps, then %q/%q/%d steps", a.Title, a.Author, len(a.Steps), b.Title, b.Author, len(b.Steps))
	}
	for i := range a.Steps {
		x, y := a.Steps[i], b.Steps[i]
		x.Line, y.Line = 0, 0
		if !reflect.DeepEqual(x, y) {
			return fmt.Sprintf("step %d: %+v, then %+v", i+1, x, y)
		}
	}
	return ""
}

func TestWriteQuotes(t *testing.T) {
	l := Lesson{Version: 1, Title: "Quotes \" and \\ and\ttabs", Author: "line\nbreak \x01 \x7f é ✓",
		Steps: []Step{{Demo: "counter", Config: demos.Config{Mode: "mutex", Workers: 3, Knobs: map[string]float64{"increments": 7}, Speed: 0.25},
			Caption: `"""three quotes"""`, Question: "'''", Reveal: "\\u0041 is not A", StopAt: "lost-update", Recording: "runs/a b.rec"}}}
	var buf bytes.Buffer
	if err := Write(&buf, l); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if d := diff(l, back); d != "" {
		t.Errorf("%s\n%s", d, buf.String())
	}
}

// runRecord runs a demo to its end and returns its history record as the
// history file gives it back: through JSON.
func runRecord(t *testing.T, id string, c demos.Config) compare.Record {
	t.Helper()
	d, _ := demos.Lookup(id)
	r, err := demos.Start(context.Background(), d, c)
	if err != nil {
		t.Fatal(err)
	}
	err = r.Wait()
	var s demos.Snapshot
	r.Snapshot(&s)
	rec := compare.FromRun(r, &s, err, time.Now())
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var back compare.Record
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}

func TestFromRecordsPlaysTheSameSettings(t *testing.T) {
	// Runs as the Compare view has them: their settings are what a saved
	// lesson must set again, the speed included.
	recs := []compare.Record{
		runRecord(t, "counter", demos.Config{Mode: "mutex", Workers: 3, Knobs: map[string]float64{"increments": 500}}),
		runRecord(t, "counter", demos.Config{Mode: "atomic", Workers: 5, Knobs: map[string]float64{"increments": 700}}),
		runRecord(t, "sleepers", demos.Config{Mode: "bounded", Workers: 4, Knobs: map[string]float64{"tasks": 12, "wait": 0.003}, Speed: 0.5}),
	}
	recs[1].Prediction = &compare.Prediction{Figure: "counter", Guess: 3500}
	gone := recs[0]
	gone.Demo = "no-such-demo"
	recs = append(recs, gone)

	l := FromRecords("Saved runs", recs)
	var buf bytes.Buffer
	if err := Write(&buf, l); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "saved.toml")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := Open(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(back.Steps) != 3 || back.Title != "Saved runs" {
		t.Fatalf("%d steps (want 3: the unknown demo's run left out), title %q", len(back.Steps), back.Title)
	}
	for i, s := range back.Steps {
		r := recs[i]
		d, _ := demos.Lookup(r.Demo)
		want, err := d.Check(demos.Config{Mode: r.Mode, Workers: r.Workers, Knobs: map[string]float64{}, Speed: r.Speed})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range d.Knobs {
			want.Knobs[k.Name], _ = r.Knob(k.Name)
		}
		if s.Demo != r.Demo || s.Config.Mode != want.Mode || s.Config.Workers != want.Workers || s.Config.Speed != r.Speed || !maps.Equal(s.Config.Knobs, want.Knobs) {
			t.Errorf("step %d sets %s %+v, the run was %s %+v", i+1, s.Demo, s.Config, r.Demo, want)
		}
		if !strings.Contains(s.Reveal, "When this lesson was saved, the run took") {
			t.Errorf("step %d reveal %q", i+1, s.Reveal)
		}
	}
	if back.Steps[0].Question != "" || back.Steps[1].Question == "" {
		t.Errorf("questions %q, %q: only the run with a guess asks one", back.Steps[0].Question, back.Steps[1].Question)
	}
	if back.Steps[1].Compare != 1 || back.Steps[2].Compare != 0 {
		t.Errorf("compare %d, %d: a run is set beside the one before it of the same demo", back.Steps[1].Compare, back.Steps[2].Compare)
	}
	if !strings.Contains(back.Steps[0].Reveal, "the counter read 1,500 of 1,500") {
		t.Errorf("reveal %q", back.Steps[0].Reveal)
	}
}

func TestFromRecordsClamps(t *testing.T) {
	// A record from another version of the app: a knob out of today's
	// range, a knob that is gone, a mode that is gone.
	r := compare.Record{Summary: demos.Summary{Demo: "counter", Mode: "gone", Workers: 1000, Speed: 0,
		Knobs: map[string]any{"increments": 1e9, "old": 3.0}}}
	l := FromRecords("", []compare.Record{r})
	var buf bytes.Buffer
	if err := Write(&buf, l); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	s := back.Steps[0]
	if back.Title == "" || s.Config.Mode != "unsafe" || s.Config.Workers != 64 || s.Config.Knobs["increments"] != 1_000_000 || s.Config.Speed != 1 {
		t.Errorf("title %q, step %+v", back.Title, s.Config)
	}
}
