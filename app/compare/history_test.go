package compare

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"concurrencylab/demos"
)

func sample(i int) Record {
	g := 7990.0
	m := float64(8000 - i)
	return Record{
		Summary: demos.Summary{Demo: "counter", Mode: "unsafe", Workers: 8, Knobs: map[string]any{"increments": int64(1000)},
			Speed: 1, ElapsedMS: float64(10 + i), Counter: &demos.CounterJSON{Expected: 8000, Actual: int64(8000 - i), Lost: int64(i)},
			Tasks: []demos.TaskSummary{{ID: 0, State: "done"}}, Stats: map[string]any{"lost": float64(i)}},
		At: time.Date(2026, 11, 30, 1, 0, i%60, 0, time.UTC), TasksTotal: 1, States: map[string]int{"done": 1},
		Prediction: &Prediction{Figure: "counter", Unit: "", Guess: g, Measured: &m},
	}
}

func TestHistoryKeepsRunsAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "history.jsonl")
	h, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := h.Add(sample(i)); err != nil {
			t.Fatal(err)
		}
	}
	h2, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	got := h2.Records()
	if len(got) != 3 || got[2].ElapsedMS != 12 || got[2].Counter.Lost != 2 || got[2].Prediction.Guess != 7990 {
		t.Fatalf("reopened history: %d runs, last %+v", len(got), got[len(got)-1])
	}
	if s0 := sample(0); got[0].Key() != s0.Key() {
		t.Errorf("a run compares differently after a round trip: %s vs %s", got[0].Key(), s0.Key())
	}
}

func TestHistorySurvivesATornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	h, _ := OpenHistory(path)
	h.Add(sample(0))
	h.Add(sample(1))
	// a crash in the middle of writing the third run
	line, _ := json.Marshal(sample(2))
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.Write(line[:len(line)/2])
	f.Close()

	h2, err := OpenHistory(path)
	var skip *SkippedError
	if !errors.As(err, &skip) || skip.Lines != 1 || err.Error() != "1 unreadable line of the history skipped" {
		t.Fatalf("opening a history with a torn line: %v", err)
	}
	if n := h2.Len(); n != 2 {
		t.Fatalf("after a torn write: %d runs, want the 2 whole ones", n)
	}
	h2.Add(sample(3)) // must not be glued to the torn half
	h3, _ := OpenHistory(path)
	if got := h3.Records(); len(got) != 3 || got[2].ElapsedMS != 13 {
		t.Fatalf("the run after a torn write: %d runs", len(got))
	}
}

func TestHistoryKeepsTheNewest500(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	h, _ := OpenHistory(path)
	for i := range 2*Limit + 20 {
		if err := h.Add(sample(i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := h.Len(); n != Limit {
		t.Fatalf("%d runs kept, want %d", n, Limit)
	}
	b, _ := os.ReadFile(path)
	if lines := bytes.Count(b, []byte("\n")); lines > 2*Limit {
		t.Errorf("the file holds %d lines: never rewritten", lines)
	}
	h2, _ := OpenHistory(path)
	got := h2.Records()
	if len(got) != Limit || got[len(got)-1].ElapsedMS != float64(10+2*Limit+19) || got[0].ElapsedMS != float64(10+Limit+20) {
		t.Fatalf("reopened: %d runs from %v to %v", len(got), got[0].ElapsedMS, got[len(got)-1].ElapsedMS)
	}
	if err := h2.Clear(); err != nil {
		t.Fatal(err)
	}
	h3, _ := OpenHistory(path)
	if h3.Len() != 0 {
		t.Errorf("cleared history reopened with %d runs", h3.Len())
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestExportCSVAndJSON(t *testing.T) {
	recs := []Record{sample(1), sample(2)}
	recs[1].Knobs["note"] = "a, \"quoted\" value"
	var b bytes.Buffer
	if err := WriteCSV(&b, recs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d CSV rows, want a header and 2", len(rows))
	}
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, rows[0])
		return -1
	}
	if r := rows[2]; r[col("counter_lost")] != "2" || r[col("elapsed_ms")] != "12" || r[col("guess")] != "7990" ||
		r[col("measured")] != "7998" || !strings.Contains(r[col("knobs")], "increments=1000") {
		t.Errorf("CSV row: %v", r)
	}

	b.Reset()
	if err := WriteJSON(&b, recs); err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 {
		t.Fatalf("%d JSON objects", len(back))
	}
	// every field of the terminal's summary is there
	sum, _ := json.Marshal(recs[0].Summary)
	var fields map[string]any
	json.Unmarshal(sum, &fields)
	for k := range fields {
		if _, ok := back[0][k]; !ok {
			t.Errorf("exported JSON lacks the summary's %q", k)
		}
	}
	if _, ok := back[0]["timeline"]; ok {
		t.Error("exported JSON carries the timeline")
	}
}

func TestGuessAndReveal(t *testing.T) {
	for _, c := range []struct {
		in   string
		f    Figure
		want float64
		ok   bool
		err  bool
	}{
		{"", FigSpeedup, 0, false, false},
		{"1.9x", FigSpeedup, 1.9, true, false},
		{"2 ×", FigSpeedup, 2, true, false},
		{"10,000", FigCounter, 10000, true, false},
		{"0.4 s", FigElapsed, 0.4, true, false},
		{"400 ms", FigElapsed, 0, false, true},
		{"lots", FigCounter, 0, false, true},
	} {
		v, ok, err := ParseGuess(c.in, c.f)
		if v != c.want || ok != c.ok || (err != nil) != c.err {
			t.Errorf("ParseGuess(%q) = %v, %v, %v", c.in, v, ok, err)
		}
	}
	d, _ := demos.Lookup("counter")
	rec := sample(3)
	p := Reveal(d, &rec, 8000, nil)
	if p.Measured == nil || *p.Measured != 7997 || p.Unit != "" || !strings.Contains(strings.ToLower(p.Why), "") {
		t.Fatalf("reveal: %+v", p)
	}
	if s := p.Sentence(); !strings.Contains(s, "8,000") || !strings.Contains(s, "7,997") || !strings.Contains(s, "lower") {
		t.Errorf("sentence: %s", s)
	}
	rec.Mode = "mutex"
	if w := Reveal(d, &rec, 1, nil).Why; !strings.Contains(strings.ToLower(w), "mutex") {
		t.Errorf("why for mutex does not name it: %s", w)
	}
}

func TestDefaultSweepValues(t *testing.T) {
	for _, d := range demos.All() {
		l := LessonOf(d.ID)
		c := d.Defaults()
		vs := l.Values(d, c)
		k, ok := d.Knob(l.Axis)
		if !ok || len(vs) == 0 {
			t.Errorf("%s: axis %q, values %v", d.ID, l.Axis, vs)
			continue
		}
		for i, v := range vs {
			if v < k.Min || v > k.Max || (i > 0 && v <= vs[i-1]) {
				t.Errorf("%s: values %v leave %s's range or do not grow", d.ID, vs, l.Axis)
			}
		}
		p := NewPlan(d, c)
		if err := p.Check(); err != nil {
			t.Errorf("%s: default plan: %v", d.ID, err)
		}
	}
	cpu, _ := demos.Lookup("cpu")
	p := NewPlan(cpu, cpu.Defaults())
	if p.Values[0] != 1 || len(p.Modes) < 3 {
		t.Errorf("cpu's default sweep: modes %v, workers %v", p.Modes, p.Values)
	}
	sl, _ := demos.Lookup("sleepers")
	c := sl.Defaults()
	c.Mode = "sequential"
	for _, v := range LessonOf("sleepers").Values(sl, c) {
		if v*c.Knobs["wait"] > 10 {
			t.Errorf("a sequential sleepers run of %v tasks of %v s", v, c.Knobs["wait"])
		}
	}
	if _, err := ParseValues(cpu, "workers", "1,x"); err == nil {
		t.Error("1,x parsed")
	}
	if _, err := ParseValues(cpu, "workers", "1,,2"); err == nil {
		t.Error("1,,2 parsed")
	}
	if _, err := ParseValues(cpu, "workers", "1,999"); err == nil {
		t.Error("999 workers parsed")
	}
	if vs, err := ParseValues(cpu, "workers", "1, 2,4"); err != nil || fmt.Sprint(vs) != "[1 2 4]" {
		t.Errorf("1, 2,4: %v %v", vs, err)
	}
}

func TestWhyPicksTheModesSentence(t *testing.T) {
	d := &demos.Demo{Notice: "Without a lock, updates get lost. A mutex makes the count exact. " +
		"(The unsafe mode yields between its read and its write.) Real CPython threads may lose nothing."}
	for mode, want := range map[string]string{
		"mutex":  "A mutex makes the count exact.",
		"unsafe": "Without a lock, updates get lost.", // its own sentence is an aside
		"atomic": "Without a lock, updates get lost.",
	} {
		if got := Why(d, mode); got != want {
			t.Errorf("Why(%s) = %q, want %q", mode, got, want)
		}
	}
	if got := splitSentences(d.Notice); len(got) != 4 || got[2] != "(The unsafe mode yields between its read and its write.)" {
		t.Errorf("sentences %q", got)
	}
}

func TestDefaultPlansCompareModes(t *testing.T) {
	sl, _ := demos.Lookup("sleepers")
	c := sl.Defaults()
	c.Mode = "bounded"
	p := NewPlan(sl, c)
	if fmt.Sprint(p.Modes) != "[sequential concurrent]" || p.Axis != "tasks" {
		t.Fatalf("sleepers: modes %v, axis %s", p.Modes, p.Axis)
	}
	for _, v := range p.Values {
		if v*c.Knobs["wait"] > 10 {
			t.Errorf("sleepers sweep reaches %v tasks of %v s one after another", v, c.Knobs["wait"])
		}
	}
	dl, _ := demos.Lookup("download")
	if p := NewPlan(dl, dl.Defaults()); fmt.Sprint(p.Modes) != "[pool unbounded]" || p.Values[len(p.Values)-1] != 12 {
		t.Errorf("download: modes %v, workers %v", p.Modes, p.Values)
	}
}
