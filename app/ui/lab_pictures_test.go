package ui

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"concurrencylab/demos"
)

// shownUnderBoard is the picture or chart the Run view's right column
// shows now, or nil.
func shownUnderBoard(l *Lab) fyne.CanvasObject {
	objs := l.views.right.Objects
	if len(objs) > 2 && objs[2] == fyne.CanvasObject(l.views.lesson) {
		objs = objs[1:] // what to notice, after a run in projector mode
	}
	if len(objs) < 3 {
		return nil
	}
	o := objs[2] // after the status and the figures
	if o == l.views.outBox || o == fyne.CanvasObject(l.views.timeline) {
		return nil
	}
	return o
}

// quickRun picks demo d in its default mode and sets the worker count and
// every knob, through their sliders, to a small run of the demo: at most 2
// workers, 4 of every count and 20 ms of every duration, rates and
// fractions at their defaults. Any demo the registry holds runs so in a
// moment, so tests that go over every demo need no table of their own.
func quickRun(t *testing.T, l *Lab, d *demos.Demo) {
	t.Helper()
	pick(t, l, d.ID, d.Modes[0].Name)
	small := func(k demos.Knob, v float64) float64 { return min(k.Default, max(k.Min, v)) }
	ks := l.ctl.workers
	ks.slider.SetValue(ks.toPos(small(d.Workers, 2)))
	for _, ks := range l.ctl.knobs {
		switch k := ks.knob; k.Kind {
		case demos.Int:
			ks.slider.SetValue(ks.toPos(small(k, 4)))
		case demos.Duration:
			ks.slider.SetValue(ks.toPos(small(k, 0.02)))
		}
	}
}

// TestPicturesPlacedAndUpdated runs each registered demo that has a picture
// of its own, as a user would, and checks that the window shows that
// picture under the board, fed by the run, instead of the generic chart;
// what each picture says is its own test's business (pictures_test.go).
func TestPicturesPlacedAndUpdated(t *testing.T) {
	l := newLab(t)
	n := 0
	for _, d := range demos.All() {
		if presentationOf(d).picture == nil {
			continue
		}
		n++
		t.Run(d.ID, func(t *testing.T) {
			quickRun(t, l, d)
			p := l.views.pictures[d.ID]
			if p == nil || l.views.pic != p {
				t.Fatalf("no picture for %s", d.ID)
			}
			if got := shownUnderBoard(l); got != fyne.CanvasObject(p) {
				t.Fatalf("under the board: %T, want the %s picture", got, d.ID)
			}
			l.loop.start()
			waitEnd(t, l, 30*time.Second)
			if got := shownUnderBoard(l); got != fyne.CanvasObject(p) {
				t.Errorf("after the run, under the board: %T, want the picture (the chart must not stand in for it)", got)
			}
			if p.Size().Height < 150 || p.Size().Width < 400 {
				t.Errorf("picture is %v: too small to read", p.Size())
			}
			if len(vizTexts(p)) == 0 {
				t.Errorf("%s picture says nothing after a run", d.ID)
			}
		})
	}
	if n == 0 {
		t.Error("no demo has a picture")
	}
}

// TestPicturesLiveAsLongAsTheWindow: the spawn picture still has the
// goroutines figures after other demos ran, and adds the threads figures.
func TestPicturesLiveAsLongAsTheWindow(t *testing.T) {
	l := newLab(t)
	pick(t, l, "spawn", "goroutines")
	slide(t, l, "count", 100)
	p := l.views.pictures["spawn"]
	l.loop.start()
	waitEnd(t, l, 30*time.Second)
	pick(t, l, "deadlock", "deadlock")
	l.loop.start()
	waitEnd(t, l, 30*time.Second)
	pick(t, l, "spawn", "threads")
	if l.views.pic != p {
		t.Fatal("a new spawn picture: the earlier runs are forgotten")
	}
	slide(t, l, "count", 100)
	l.loop.start()
	waitEnd(t, l, 30*time.Second)
	n := 0
	for _, s := range vizTexts(p) {
		if strings.Contains(s, " for 100") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("spawn picture shows %d start figures for 100 units, want 2 (goroutines and threads): %q", n, vizTexts(p))
	}
}

// TestDeadlockFigures checks that the deadlock's figures say when it froze
// and when it was detected, as run times with units.
func TestDeadlockFigures(t *testing.T) {
	l := newLab(t)
	pick(t, l, "deadlock", "deadlock")
	slide(t, l, "workers", 2)
	l.loop.start()
	waitEnd(t, l, 30*time.Second)
	var vals, caps []string
	for _, f := range l.views.figs.feat {
		vals = append(vals, f.value.Text)
		caps = append(caps, f.caption.Text)
	}
	if len(vals) != 3 || vals[0] != "YES ⚠" {
		t.Fatalf("deadlock figures %q %q", vals, caps)
	}
	for i, c := range []string{"froze at", "detected, "} {
		v := vals[i+1]
		if !strings.HasPrefix(caps[i+1], c) || !(strings.HasSuffix(v, " ms") || strings.HasSuffix(v, " s") || strings.HasSuffix(v, " µs")) {
			t.Errorf("figure %d reads %q %q, want a run time under %q", i+1, v, caps[i+1], c)
		}
	}
	if !strings.HasSuffix(caps[2], " later") {
		t.Errorf("detected caption %q does not say how long after the freeze", caps[2])
	}
	if st := l.info.status.Text; !strings.HasPrefix(st, "Deadlock: ") || strings.Contains(st, "Finished") || !strings.Contains(st, " ms.") {
		t.Errorf("a deadlocked run's status reads %q", st)
	}
	froze, _ := frozeAt(&l.sess.snap)
	if froze <= 0 || froze > l.sess.snap.Stats["detected_ms"] {
		t.Errorf("froze at %v ms, detected at %v ms", froze, l.sess.snap.Stats["detected_ms"])
	}
}

// TestFailureReasonsReadable checks, in both themes, that a failed row says
// its whole reason: on the row when it fits after the bar, else on detail
// lines under it that each fit the row.
func TestFailureReasonsReadable(t *testing.T) {
	l := newLab(t)
	for _, projector := range []bool{false, true} {
		l.setProjector(projector)
		pick(t, l, "deadlock", "deadlock")
		slide(t, l, "workers", 2)
		l.loop.start()
		waitEnd(t, l, 30*time.Second)
		l.Window.Content().Refresh() // lay out for the theme, as the window does
		l.views.board.update(l.sess.snap.Elapsed)
		failed := 0
		for _, r := range rows(l) {
			if r.glyph.Text != stateMark(demos.Failed) {
				continue
			}
			failed++
			words := r.state.Text
			var lines []string
			for _, d := range r.detail {
				if d.Visible() && d.Text != "" {
					lines = append(lines, d.Text)
					if w := fyne.MeasureText(d.Text, d.TextSize, d.TextStyle).Width; d.Position().X+w > r.Size().Width-theme.ScrollBarSize()+0.5 {
						t.Errorf("projector %v: detail %q ends at %v, past the row's %v", projector, d.Text, d.Position().X+w, r.Size().Width)
					}
				}
			}
			if len(lines) > 0 {
				words += " " + strings.Join(lines, " ")
			} else if w := fyne.MeasureText(words, r.state.TextSize, r.state.TextStyle).Width; r.state.Position().X+w > r.Size().Width-theme.ScrollBarSize()+0.5 {
				t.Errorf("projector %v: %q runs under the scroll bar at the row's edge", projector, words)
			}
			if !strings.HasPrefix(words, "failed: deadlocked: holds ") || !strings.Contains(words, "(held by w") {
				t.Errorf("projector %v: failed row reads %q", projector, words)
			}
		}
		if failed == 0 {
			t.Errorf("projector %v: no failed row shown", projector)
		}
	}
}

func TestLogRowsWrap(t *testing.T) {
	l := demos.LogLine{At: 7 * time.Millisecond, Worker: 0, Text: "200 goroutines up in 256µs (from the first start until the last said it was up)"}
	for _, cols := range []int{0, 40, 60, 200} {
		rows := logRows(l, cols)
		var text []string
		for i, r := range rows {
			if cols > 0 && len([]rune(r)) > cols {
				t.Errorf("cols %d: row %q is %d characters", cols, r, len([]rune(r)))
			}
			if i > 0 && !strings.HasPrefix(r, strings.Repeat(" ", len(logPrefix(l)))) {
				t.Errorf("cols %d: row %q is not indented under the text", cols, r)
			}
			text = append(text, strings.TrimSpace(strings.TrimPrefix(r, logPrefix(l))))
		}
		if got := strings.Join(text, " "); got != l.Text {
			t.Errorf("cols %d: rows %q say %q", cols, rows, got)
		}
		if (cols == 0 || cols == 200) != (len(rows) == 1) {
			t.Errorf("cols %d: %d rows", cols, len(rows))
		}
	}
}

// TestNoKeysOnScreen runs every registered demo, small (quickRun), and
// checks that none of the engine's stat and series keys reaches the screen
// in its figures, chart or picture: every name is words ("download rate"),
// never "bytes_per_s". The same quantity shown twice says which is which.
func TestNoKeysOnScreen(t *testing.T) {
	l := newLab(t)
	for _, d := range demos.All() {
		t.Run(d.ID, func(t *testing.T) {
			quickRun(t, l, d)
			l.loop.start()
			waitEnd(t, l, 30*time.Second)
			var shown []string
			for _, o := range []fyne.CanvasObject{l.views.figs.box, l.views.chart, l.views.pic} {
				if o != nil && !reflect.ValueOf(o).IsNil() && o.Visible() {
					shown = append(shown, vizTexts(o)...)
				}
			}
			if len(shown) == 0 {
				t.Fatalf("%s shows no figure after a run", d.ID)
			}
			for _, s := range shown {
				if strings.Contains(s, "_") || strings.Contains(s, "checksum") {
					t.Errorf("%s shows a raw key: %q", d.ID, s)
				}
			}
			if d.ID == "pool" && slices.Contains(shown, "throughput") {
				t.Errorf("pool figure says only %q beside the chart's last-second throughput: %q", "throughput", shown)
			}
		})
	}
}

// TestOutcomeText: the status line at a run's end says a deadlock is one,
// and how many tasks failed.
func TestOutcomeText(t *testing.T) {
	s := &demos.Snapshot{Tasks: make([]demos.TaskInfo, 12), Flags: map[string]bool{}, Stats: map[string]float64{}}
	end := func(err error, took time.Duration) string { return outcomeText(s, err, took) }
	if got := end(nil, 1500*time.Millisecond); got != "Finished in 1.50 s."+compareHint {
		t.Errorf("plain end: %q", got)
	}
	s.Count[demos.Failed] = 3
	if got := end(nil, 1500*time.Millisecond); !strings.Contains(got, "3 of 12 tasks failed.") {
		t.Errorf("with failures: %q", got)
	}
	if got := end(demos.ErrStopped, time.Second); !strings.HasPrefix(got, "Stopped after") || !strings.Contains(got, "3 of 12 tasks failed") {
		t.Errorf("stopped with failures: %q", got)
	}
	if got := end(errors.New("boom"), time.Second); !strings.Contains(got, "boom") || !strings.Contains(got, "failed") {
		t.Errorf("error with failures: %q", got)
	}
	s.Count[demos.Failed] = 1
	if got := end(nil, time.Second); !strings.Contains(got, "1 task of 12 failed") && !strings.Contains(got, "1 of 12 tasks failed") {
		t.Errorf("one failure: %q", got)
	}
	s.Flags["deadlocked"], s.Stats["detected_ms"] = true, 48.25
	if got := end(nil, 49*time.Millisecond); got != "Deadlock: every worker waited for another; detected and ended at 48.2 ms." && got != "Deadlock: every worker waited for another; detected and ended at 48.3 ms." {
		t.Errorf("deadlock: %q", got)
	}
}

// TestResetAndSwitchMidRun: Reset during a cpu run leaves no live figure
// ("1 computing now") in its picture; switching demos during a run says
// that the run was stopped; one worker is "1 worker".
func TestResetAndSwitchMidRun(t *testing.T) {
	l := newLab(t)
	pick(t, l, "cpu", "goroutines")
	slide(t, l, "workers", 1)
	slide(t, l, "chunks", 4)
	slide(t, l, "work", 20)
	l.loop.start()
	waitEnd(t, l, 30*time.Second)
	if got := vizTexts(l.views.pic); !slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, " with 1 worker") }) {
		t.Errorf("cpu picture after a 1-worker run: %q, want '… with 1 worker'", got)
	}
	pick(t, l, "cpu", "gil")
	slide(t, l, "chunks", 64)
	slide(t, l, "work", 2000)
	l.loop.start()
	computing := func() bool {
		return slices.ContainsFunc(vizTexts(l.views.pic), func(s string) bool { return strings.HasSuffix(s, " computing now") })
	}
	waitFor(t, l, 10*time.Second, "a live cpu figure", computing)
	key(l, fyne.KeyR)
	if computing() {
		t.Errorf("after Reset the cpu picture still shows a live figure: %q", vizTexts(l.views.pic))
	}
	if got := vizTexts(l.views.pic); !slices.Contains(got, "×0.909 with 1 worker") && !slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, " with 1 worker") }) {
		t.Errorf("Reset lost the finished goroutines run: %q", got)
	}

	l.loop.start()
	waitFor(t, l, 10*time.Second, "the run going", l.sess.live)
	key(l, fyne.KeyRight)
	if l.sess.live() {
		t.Fatal("the run goes on after → switched demos")
	}
	if st := l.info.status.Text; !strings.Contains(st, "stopped") || !strings.Contains(st, "demo changed") {
		t.Errorf("after → during a run the status reads %q", st)
	}
	key(l, fyne.KeyLeft)
	if st := l.info.status.Text; strings.Contains(st, "stopped") {
		t.Errorf("switching with no run going says %q", st)
	}
}

// TestPipelineNamesItsLanes: the pipeline's rows and lanes are named for
// their stages, so the board reads as the pipeline does.
func TestPipelineNamesItsLanes(t *testing.T) {
	l := newLab(t)
	l.Window.Resize(fitSize)
	pick(t, l, "pipeline", "buffered")
	test.Tap(l.ctl.runBtn)
	waitFor(t, l, 3*time.Second, "the stages' rows", func() bool { return len(l.sess.snap.Tasks) > 0 && len(l.sess.snap.Lanes) > 0 })
	l.loop.frame()
	var ids []string
	for _, r := range rows(l) {
		ids = append(ids, r.id.Text)
	}
	if len(ids) == 0 || ids[0] != "#0 source0" {
		t.Errorf("rows read %q, want the first to be #0 source0", ids)
	}
	test.Tap(l.ctl.stopBtn)
	waitEnd(t, l, 3*time.Second)
}
