package ui

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// realRecord runs a quick demo for real and keeps its record, ended at
// minute m past an hour so rows tell apart.
func realRecord(t *testing.T, id, mode string, workers int, knobs map[string]float64, m int) compare.Record {
	t.Helper()
	d, _ := demos.Lookup(id)
	c := d.Defaults()
	c.Mode, c.Workers = mode, workers
	for k, v := range knobs {
		c.Knobs[k] = v
	}
	rec, err := compare.RunOnce(context.Background(), d, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec.At = time.Date(2026, 11, 30, 2, m, 0, 0, time.Local)
	return rec
}

// cpuSweep makes the records of a 3-mode cpu sweep with timings of known
// serial fractions (goroutines 0.05, gil 0.97, processes 0.2) on 2 cores.
func cpuSweep(id string) []compare.Record {
	var out []compare.Record
	sf := map[string]float64{"goroutines": 0.05, "gil": 0.97, "processes": 0.2}
	i := 0
	for _, m := range []string{"goroutines", "gil", "processes"} {
		for _, w := range []int{1, 2, 4} {
			el := 2000 * (sf[m] + (1-sf[m])/compare.Ideal(float64(w), 2))
			out = append(out, compare.Record{Summary: demos.Summary{Demo: "cpu", Mode: m, Workers: w, Speed: 1, ElapsedMS: el,
				Knobs: map[string]any{"chunks": float64(32), "work": float64(1000)}, Stats: map[string]any{"gomaxprocs": float64(2), "parallelism": 1.0}},
				At: time.Date(2026, 11, 30, 1, 0, i, 0, time.Local), TasksTotal: 32, States: map[string]int{"done": 32}, Sweep: id})
			i++
		}
	}
	return out
}

func newTestCompare(t *testing.T, recs ...compare.Record) (*compareScreen, fyne.Window, *compare.History) {
	t.Helper()
	test.NewTempApp(t)
	h, err := compare.OpenHistory(filepath.Join(t.TempDir(), "history.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		h.Add(r)
	}
	w := test.NewTempWindow(t, nil)
	var swept []compare.Plan
	cpu, _ := demos.Lookup("cpu")
	v := newCompareScreen(w, h, compareHooks{
		current: func() (*demos.Demo, demos.Config) { return cpu, cpu.Defaults() },
		sweep:   func(p compare.Plan) { swept = append(swept, p) },
	})
	v.setDemo(cpu, cpu.Defaults())
	w.SetContent(v.object())
	w.Resize(fyne.NewSize(1280, 720))
	return v, w, h
}

// shot writes what the window shows to $CMP_SHOTS/name.png, for a person to
// look at; without the variable it does nothing.
func shot(t *testing.T, w fyne.Window, name string) {
	dir := os.Getenv("CMP_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, w.Canvas().Capture())
}

func TestCompareHistoryNewestFirst(t *testing.T) {
	a := realRecord(t, "counter", "unsafe", 4, map[string]float64{"increments": 2000}, 1)
	b := realRecord(t, "counter", "mutex", 4, map[string]float64{"increments": 2000}, 2)
	v, _, _ := newTestCompare(t, a, b)
	if n := v.list.Length(); n != 2 {
		t.Fatalf("%d rows", n)
	}
	first := v.rowText(&v.recs[0])
	if !strings.Contains(first, "counter mutex") || !strings.Contains(first, "4 workers") || !strings.Contains(first, "lost 0") {
		t.Errorf("newest row: %q", first)
	}
	if !strings.Contains(v.count.Text, "2 runs") {
		t.Errorf("count: %q", v.count.Text)
	}
	c := realRecord(t, "sleepers", "concurrent", 8, map[string]float64{"tasks": 10, "wait": 0.01}, 3)
	v.add(c)
	if v.list.Length() != 3 || v.recs[0].Demo != "sleepers" || !strings.Contains(v.rowText(&v.recs[0]), "a goroutine per task") {
		t.Errorf("after add: %d rows, newest %q", v.list.Length(), v.rowText(&v.recs[0]))
	}
}

func TestCompareTwoRunsSideBySide(t *testing.T) {
	a := realRecord(t, "counter", "unsafe", 4, map[string]float64{"increments": 20000}, 1)
	b := realRecord(t, "counter", "mutex", 4, map[string]float64{"increments": 20000}, 2)
	v, w, _ := newTestCompare(t, a, b)
	v.list.Select(1) // A: the older
	if v.shown == "pair" {
		t.Fatal("one pick shows a pair")
	}
	v.list.Select(0)
	if v.shown != "pair" || v.pickMark(&v.recs[1]) != "A" || v.pickMark(&v.recs[0]) != "B" {
		t.Fatalf("shown %q, marks %q %q", v.shown, v.pickMark(&v.recs[1]), v.pickMark(&v.recs[0]))
	}
	rows := pairRows(&v.recs[1], &v.recs[0], nil)
	find := func(name string) pairRow {
		for _, r := range rows {
			if r.name == name {
				return r
			}
		}
		t.Fatalf("no row %q in %+v", name, rows)
		return pairRow{}
	}
	if r := find("mode"); r.a != "unsafe" || r.b != "mutex" || r.diff != "differs" {
		t.Errorf("mode row %+v", r)
	}
	if r := find("elapsed"); !strings.HasPrefix(r.diff, "×") || !strings.Contains(r.diff, "%") {
		t.Errorf("elapsed row %+v", r)
	}
	if r := find("updates lost"); r.b != "0" {
		t.Errorf("mutex lost %+v", r)
	}
	// the two timelines share one axis: the longer run's
	var tls []*recordTimeline
	walk(v.pair, func(o fyne.CanvasObject) {
		if tl, ok := o.(*recordTimeline); ok {
			tls = append(tls, tl)
		}
	})
	if len(tls) != 2 || tls[0].axisMS != tls[1].axisMS || tls[0].axisMS != max(a.ElapsedMS, b.ElapsedMS) {
		t.Fatalf("timelines %d", len(tls))
	}
	shot(t, w, "pair")
	// a third pick drops the oldest
	v.add(realRecord(t, "counter", "atomic", 4, map[string]float64{"increments": 20000}, 3))
	v.list.Select(0)
	if len(v.picks) != 2 || v.pickMark(&v.recs[0]) != "B" || v.pickMark(&v.recs[1]) != "A" {
		t.Errorf("after a third pick: %v", v.picks)
	}
}

func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, x := range c.Objects {
			walk(x, f)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(c)
		for _, x := range r.Objects() {
			walk(x, f)
		}
	}
}

func TestCompareSweepChart(t *testing.T) {
	v, w, _ := newTestCompare(t, cpuSweep("sw1")...)
	if v.shown != "chart" {
		t.Fatalf("the last sweep is not charted after a restart: %q", v.shown)
	}
	c := v.chart
	if len(c.curves) != 3 || !c.ideal || c.cores != 2 {
		t.Fatalf("chart: %d curves, ideal %v, cores %d", len(c.curves), c.ideal, c.cores)
	}
	for i, want := range []float64{0.05, 0.97, 0.2} {
		if f := c.curves[i].fit; f == nil || *f < want-0.02 || *f > want+0.02 {
			t.Errorf("%s: serial fraction %v, want %v", c.curves[i].name, f, want)
		}
	}
	if !strings.Contains(v.chartMsg.Text, "gil 0.97") || !strings.Contains(v.chartMsg.Text, "Amdahl") {
		t.Errorf("chart's words: %q", v.chartMsg.Text)
	}
	// the key names each curve with its serial fraction
	var texts []string
	for _, tx := range c.texts.texts[:c.texts.used] {
		texts = append(texts, tx.Text)
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"goroutines: serial 0.05", "gil: serial 0.97", "processes: serial 0.2", "ideal (2 cores)", "Amdahl fit", "workers"} {
		if !strings.Contains(all, want) {
			t.Errorf("chart lacks %q: %s", want, all)
		}
	}
	shot(t, w, "sweep")
}

func TestCompareSweepFields(t *testing.T) {
	v, _, _ := newTestCompare(t)
	if !strings.HasPrefix(v.values.Text, "1, 2") || v.modes.Text != "goroutines, gil, processes" || v.axisLbl.Text != "Workers:" {
		t.Errorf("cpu's sweep fields: %q %q %q", v.axisLbl.Text, v.values.Text, v.modes.Text)
	}
	var got []compare.Plan
	v.hooks.sweep = func(p compare.Plan) { got = append(got, p) }
	v.values.SetText("1,x")
	test.Tap(v.sweepBtn)
	if len(got) != 0 || !strings.Contains(v.sweepMsg.Text, "Cannot sweep") {
		t.Errorf("a bad list swept: %q", v.sweepMsg.Text)
	}
	v.values.SetText("1, 2")
	v.modes.SetText("goroutines, gil")
	test.Tap(v.sweepBtn)
	if len(got) != 1 || len(got[0].Steps()) != 4 || got[0].Modes[1] != "gil" {
		t.Fatalf("plans %+v", got)
	}
	v.sweepStarted(got[0])
	if v.sweepBtn.Text != "Stop sweep  S" {
		t.Errorf("button while sweeping: %q", v.sweepBtn.Text)
	}
	v.sweepEnded(got[0], cpuSweep("x")[:2], true)
	if !strings.Contains(v.sweepMsg.Text, "stopped after 2 of 4") || v.shown != "chart" {
		t.Errorf("after a stopped sweep: %q, %q", v.sweepMsg.Text, v.shown)
	}
}

func TestCompareClearAsksFirst(t *testing.T) {
	v, w, h := newTestCompare(t, cpuSweep("a")...)
	test.Tap(v.clearBtn)
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("clearing did not ask")
	}
	if h.Len() != 9 {
		t.Fatalf("asking cleared already: %d", h.Len())
	}
	// press the dialog's confirming button
	var yes *widget.Button
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Yes" {
			yes = b
		}
	})
	if yes == nil {
		t.Fatal("no Yes in the dialog")
	}
	test.Tap(yes)
	if h.Len() != 0 || v.list.Length() != 0 {
		t.Errorf("after Yes: %d runs, %d rows", h.Len(), v.list.Length())
	}
}

func TestCompareExports(t *testing.T) {
	rec := realRecord(t, "counter", "unsafe", 2, map[string]float64{"increments": 1000}, 1)
	g := 1999.0
	rec.Prediction = &compare.Prediction{Figure: "counter", Guess: g, Measured: &g}
	v, w, _ := newTestCompare(t, append(cpuSweep("s"), rec)...)
	out := map[string][]byte{}
	old := saveDialog
	defer func() { saveDialog = old }()
	saveDialog = func(_ fyne.Window, _, name, ext string, write func(io.Writer) error, done func(string, bool)) {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		out[ext] = b.Bytes()
		done("/somewhere/"+name, false)
	}
	var told []string
	v.hooks.tell = func(s string) { told = append(told, s) }
	v.exportCSV()
	v.exportJSON()
	v.exportPNG()
	if len(told) != 3 || told[0] != "Saved to /somewhere/concurrency-lab-history.csv." {
		t.Errorf("the status line was told %q, want where each save went", told)
	}
	// a dialog open: no save dialog over it, and the status line says why
	pop := widget.NewModalPopUp(widget.NewLabel("a reveal"), w.Canvas())
	pop.Show()
	told, n := nil, len(out)
	delete(out, ".csv")
	v.exportCSV()
	if _, again := out[".csv"]; again || len(told) != 1 || !strings.Contains(told[0], "Close the dialog") {
		t.Errorf("Ctrl+E over a dialog: saved %v, told %q", again, told)
	}
	pop.Hide()
	v.exportCSV()
	if len(out) != n {
		t.Errorf("after the dialog closed: %d exports, want %d", len(out), n)
	}
	rows, err := csv.NewReader(bytes.NewReader(out[".csv"])).ReadAll()
	if err != nil || len(rows) != 11 {
		t.Fatalf("CSV: %d rows, %v", len(rows), err)
	}
	var objs []map[string]any
	if err := json.Unmarshal(out[".json"], &objs); err != nil || len(objs) != 10 || objs[9]["prediction"] == nil {
		t.Fatalf("JSON: %d objects, %v", len(objs), err)
	}
	img, err := png.Decode(bytes.NewReader(out[".png"]))
	if err != nil || img.Bounds().Dx() < 1000 || img.Bounds().Dy() < 600 {
		t.Fatalf("PNG: %v, %v", err, img.Bounds())
	}
	// the picture shows the view, not a blank page: many colours
	colours := map[[4]uint32]bool{}
	for y := 0; y < img.Bounds().Dy(); y += 4 {
		for x := 0; x < img.Bounds().Dx(); x += 4 {
			r, g, b, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, b, a}] = true
		}
	}
	if len(colours) < 20 {
		t.Errorf("the PNG has %d colours: blank", len(colours))
	}
	// and the window still shows the view afterwards
	if w.Content() == nil || v.object().Size().Width < 1000 {
		t.Errorf("the view left the window: %v", v.object().Size())
	}
}

func TestPredictAndReveal(t *testing.T) {
	test.NewTempApp(t)
	var runs []*float64
	p := newPredictBox(func(g *float64) { runs = append(runs, g) })
	w := test.NewTempWindow(t, widget.NewLabel("the Run view"))
	w.Resize(fyne.NewSize(1000, 600))
	c := w.Canvas()
	d, _ := demos.Lookup("counter")
	p.setDemo(d)
	p.setQuestion(d, d.Defaults())
	if !strings.Contains(p.ask.Text, "the counter's final value") || !strings.Contains(p.question.Text, "8 workers") {
		t.Errorf("ask: %q / %q", p.question.Text, p.ask.Text)
	}

	// Esc leaves without a guess and without a run
	p.openGuess(c)
	if c.Overlays().Top() == nil || c.Focused() != p.entry {
		t.Fatal("the guess does not open ready for typing")
	}
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil || len(runs) != 0 {
		t.Fatalf("Esc: overlay %v, runs %d", c.Overlays().Top(), len(runs))
	}

	// a guess that is no number stays open and says why
	p.openGuess(c)
	test.Type(p.entry, "lots")
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(runs) != 0 || c.Overlays().Top() == nil || !strings.Contains(p.msg.Text, "type a number") {
		t.Fatalf("lots: runs %d, message %q", len(runs), p.msg.Text)
	}
	p.entry.SetText("8,000")
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(runs) != 1 || runs[0] == nil || *runs[0] != 8000 || c.Overlays().Top() != nil {
		t.Fatalf("Enter: runs %v, overlay %v", runs, c.Overlays().Top())
	}
	// an empty field runs without a guess
	p.openGuess(c)
	if p.entry.Text != "8,000" {
		t.Errorf("the guess is gone from the field before its run ended: %q", p.entry.Text)
	}
	p.entry.SetText("")
	p.submit()
	if len(runs) != 2 || runs[1] != nil {
		t.Fatalf("empty: runs %v", runs)
	}

	rec := realRecord(t, "counter", "unsafe", 8, map[string]float64{"increments": 20000}, 1)
	pr := compare.Reveal(d, &rec, 8000, nil)
	p.openReveal(c, &pr)
	if c.Overlays().Top() == nil {
		t.Fatal("no reveal shows")
	}
	if !strings.Contains(p.reveal.Text, "Guess 8,000") || !strings.Contains(p.reveal.Text, "Measured") || !strings.HasPrefix(p.why.Text, "Why: ") {
		t.Errorf("reveal: %q / %q", p.reveal.Text, p.why.Text)
	}
	shot(t, w, "reveal")
	p.close()
	if c.Overlays().Top() != nil {
		t.Error("the reveal does not close")
	}
}

func TestComparePickWithKeys(t *testing.T) {
	v, _, _ := newTestCompare(t, cpuSweep("k")...)
	v.moveCursor(-5) // stays on the first row
	v.pickCursor()
	v.moveCursor(2)
	v.pickCursor()
	if v.shown != "pair" || v.pickMark(&v.recs[0]) != "A" || v.pickMark(&v.recs[2]) != "B" {
		t.Fatalf("shown %q, picks %v", v.shown, v.picks)
	}
	v.moveCursor(100)
	if v.cursor != len(v.recs)-1 {
		t.Errorf("cursor %d past the end", v.cursor)
	}
	v.pickCursor() // a third pick drops the oldest
	if v.pickMark(&v.recs[0]) != "  " || v.pickMark(&v.recs[2]) != "A" || v.pickMark(&v.recs[8]) != "B" {
		t.Errorf("picks after a third: %v", v.picks)
	}
	v.add(cpuSweep("k2")[0])
	if v.cursor != len(v.recs)-1 {
		t.Errorf("a new run moved the cursor off its run: %d of %d", v.cursor, len(v.recs))
	}
}

func TestCompareSweepOwnFigure(t *testing.T) {
	d, _ := demos.Lookup("sleepers")
	base := d.Defaults()
	base.Knobs["wait"] = 0.005
	p := compare.Plan{ID: "sl", Demo: d, Base: base, Modes: []string{"sequential", "concurrent"}, Axis: "tasks", Values: []float64{1, 10, 100}, Repeat: 1}
	recs, err := compare.Sweep(context.Background(), p, func(ctx context.Context, s compare.Step) (compare.Record, error) {
		return compare.RunOnce(ctx, d, s.Config, nil)
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		recs[i].At = time.Date(2026, 11, 30, 2, 0, i, 0, time.Local)
	}
	v, w, _ := newTestCompare(t, recs...)
	c := v.chart
	if v.shown != "chart" || len(c.curves) != 2 || c.ideal || c.yUnit != "s" || c.xName != "tasks" {
		t.Fatalf("sleepers chart: shown %q, %d curves, ideal %v, unit %q, x %q", v.shown, len(c.curves), c.ideal, c.yUnit, c.xName)
	}
	seq, con := c.curves[0], c.curves[1]
	if seq.name != "sequential" || len(seq.pts) != 3 || seq.pts[2].Y < 0.5*0.9 {
		// 100 tasks of 5 ms one after another take at least 0.5 s
		t.Errorf("sequential: %+v", seq)
	}
	if con.pts[2].Y >= seq.pts[2].Y/2 {
		t.Errorf("100 concurrent sleepers (%v s) not much faster than sequential (%v s)", con.pts[2].Y, seq.pts[2].Y)
	}
	if strings.Contains(v.chartMsg.Text, "Serial fraction") {
		t.Errorf("an elapsed chart speaks of Amdahl: %q", v.chartMsg.Text)
	}
	shot(t, w, "sleepers")
}

// TestCompareHistoryNotSaved: a history the disk refuses still shows the run
// and says, in its count line, that it was not saved and why.
func TestCompareHistoryNotSaved(t *testing.T) {
	test.NewTempApp(t)
	dir := filepath.Join(t.TempDir(), "storage")
	h, err := compare.OpenHistory(filepath.Join(dir, "history.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, nil, 0o644); err != nil { // a file where the folder should go
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	cpu, _ := demos.Lookup("cpu")
	v := newCompareScreen(w, h, compareHooks{current: func() (*demos.Demo, demos.Config) { return cpu, cpu.Defaults() }})
	v.add(realRecord(t, "counter", "mutex", 2, map[string]float64{"increments": 100}, 1))
	if v.list.Length() != 1 {
		t.Errorf("%d rows after a refused write, want the run shown", v.list.Length())
	}
	if !strings.Contains(v.count.Text, "Not saved to disk") || !strings.Contains(v.count.Text, "not a directory") {
		t.Errorf("count line after a refused write: %q", v.count.Text)
	}
}
