package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

func TestLabKeepsEveryEndedRun(t *testing.T) {
	l := newLab(t)
	pick(t, l, "counter", "mutex")
	slide(t, l, "increments", 1000)
	l.loop.start()
	waitEnd(t, l, 10*time.Second)
	pick(t, l, "sleepers", "sequential")
	l.loop.start()
	waitFor(t, l, 5*time.Second, "sleepers under way", func() bool { return l.sess.snap.Count[demos.Sleeping] > 0 })
	l.loop.stop()
	waitEnd(t, l, 5*time.Second)
	recs := l.cmp.hist.Records()
	if len(recs) != 2 {
		t.Fatalf("%d runs in the history, want 2", len(recs))
	}
	if r := recs[0]; r.Demo != "counter" || r.Mode != "mutex" || r.Counter == nil || r.Counter.Lost != 0 || r.Stopped {
		t.Errorf("first run: %+v", r.Summary)
	}
	if r := recs[1]; r.Demo != "sleepers" || !r.Stopped {
		t.Errorf("stopped run: %s stopped=%v", r.Demo, r.Stopped)
	}
	l.views.showView(viewCompare)
	if l.cmp.view.list.Length() != 2 || !strings.Contains(l.cmp.view.rowText(&l.cmp.view.recs[0]), "stopped") {
		t.Errorf("the Compare view lists %d runs, newest %q", l.cmp.view.list.Length(), l.cmp.view.rowText(&l.cmp.view.recs[0]))
	}
}

func TestLabSweepRunsLiveAndCharts(t *testing.T) {
	l := newLab(t)
	pick(t, l, "counter", "unsafe")
	slide(t, l, "increments", 2000)
	slide(t, l, "workers", 8)
	l.ctl.speedK.set(0.5)
	l.ctl.setSpeed(0.5)
	v := l.cmp.view
	v.values.SetText("1, 2")
	v.modes.SetText("mutex, atomic")
	test.Tap(v.sweepBtn)
	// (the test app may tick the frame loop itself: the sweep can be further on)
	if l.cmp.sweep != nil && (l.views.view != viewRun || l.speed != 1) {
		t.Fatalf("sweeping: view %v at %v×, want the Run view at full speed", l.views.view, l.speed)
	}
	waitFor(t, l, 20*time.Second, "the sweep's end", func() bool { return l.cmp.sweep == nil })
	recs := l.cmp.hist.Records()
	if len(recs) != 4 || recs[0].Sweep == "" || recs[3].Sweep != recs[0].Sweep {
		t.Fatalf("%d runs kept", len(recs))
	}
	for i, want := range []struct {
		mode    string
		workers int
	}{{"mutex", 1}, {"mutex", 2}, {"atomic", 1}, {"atomic", 2}} {
		if r := recs[i]; r.Mode != want.mode || r.Workers != want.workers || r.Speed != 1 || r.Counter.Expected != int64(2000*want.workers) {
			t.Errorf("run %d: %s %d workers at %v×, want %+v", i, r.Mode, r.Workers, r.Speed, want)
		}
	}
	// the counter's workers each add their own increments: the chart is
	// their rate, with no ideal speedup line
	if l.views.view != viewCompare || v.shown != "chart" || len(v.chart.curves) != 2 || v.chart.ideal {
		t.Errorf("after the sweep: view %v, shown %q, %d curves, ideal line %v", l.views.view, v.shown, len(v.chart.curves), v.chart.ideal)
	}
	if l.cfg.Mode != "unsafe" || l.cfg.Workers != 8 || l.speed != 0.5 || l.ctl.workers.value != 8 {
		t.Errorf("controls not given back: %s %d at %v×", l.cfg.Mode, l.cfg.Workers, l.speed)
	}
}

func TestLabSweepStops(t *testing.T) {
	l := newLab(t)
	pick(t, l, "sleepers", "sequential")
	slide(t, l, "wait", 1)
	v := l.cmp.view
	v.values.SetText("2, 4, 8")
	v.modes.SetText("sequential")
	l.keys.typedKey(&fyne.KeyEvent{Name: fyne.KeyS})
	waitFor(t, l, 5*time.Second, "the first run", func() bool { return l.sess.snap.Count[demos.Sleeping] > 0 })
	if v.sweepBtn.Text != "Stop sweep  S" {
		t.Errorf("button during a sweep: %q", v.sweepBtn.Text)
	}
	l.keys.typedKey(&fyne.KeyEvent{Name: fyne.KeyS}) // S again stops it
	waitFor(t, l, 5*time.Second, "the sweep's end", func() bool { return l.cmp.sweep == nil })
	if l.sess.live() {
		t.Error("a run goes on after the sweep stopped")
	}
	if n := l.cmp.hist.Len(); n != 1 || !l.cmp.hist.Records()[0].Stopped {
		t.Errorf("%d runs kept", n)
	}
	if !strings.Contains(v.sweepMsg.Text, "stopped after 0 of 3") {
		t.Errorf("message %q", v.sweepMsg.Text)
	}
}

func TestLabGuessThenReveal(t *testing.T) {
	l := newLab(t)
	pick(t, l, "counter", "unsafe")
	slide(t, l, "increments", 5000)
	slide(t, l, "workers", 4)
	l.keys.typedRune('g')
	p := l.cmp.predict
	c := l.Window.Canvas()
	if c.Overlays().Top() == nil || c.Focused() != p.entry || !strings.Contains(p.question.Text, "4 workers") {
		t.Fatalf("G: overlay %v, focus %v, question %q", c.Overlays().Top(), c.Focused(), p.question.Text)
	}
	test.Type(p.entry, "20000")
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !l.sess.live() && !l.sess.ended {
		t.Fatal("Enter did not start the run")
	}
	waitEnd(t, l, 10*time.Second)
	rec := l.cmp.hist.Records()[0]
	if rec.Prediction == nil || rec.Prediction.Guess != 20000 || rec.Prediction.Measured == nil ||
		*rec.Prediction.Measured != float64(rec.Counter.Actual) || rec.Prediction.Why == "" {
		t.Fatalf("prediction %+v", rec.Prediction)
	}
	if c.Overlays().Top() == nil || !strings.Contains(p.reveal.Text, "Guess 20,000") {
		t.Errorf("no reveal: %q", p.reveal.Text)
	}
	l.keys.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil {
		t.Error("Esc does not close the reveal")
	}
	// the next run, with no guess typed, has no prediction
	l.loop.start()
	waitEnd(t, l, 10*time.Second)
	if r := l.cmp.hist.Records()[1]; r.Prediction != nil {
		t.Errorf("a run without a guess has %+v", r.Prediction)
	}
}

func TestLabSpeedupFromTheHistory(t *testing.T) {
	l := newLab(t)
	cpu, _ := demos.Lookup("cpu")
	c := cpu.Defaults()
	h := l.cmp.hist
	h.Add(compare.Record{Summary: demos.Summary{Demo: "cpu", Mode: c.Mode, Workers: 1, Speed: 1, ElapsedMS: 800,
		Knobs: map[string]any{"chunks": c.Knobs["chunks"], "work": c.Knobs["work"]}}, At: time.Now()})
	l.cmp.seedBaselines()
	c.Workers = 1
	if b := l.sess.baselines[baselineKey(cpu, c)]; b != 800*time.Millisecond {
		t.Errorf("baseline from the history: %v", b)
	}
}

func TestLabResetOrDemoEndsASweep(t *testing.T) {
	l := newLab(t)
	pick(t, l, "sleepers", "sequential")
	slide(t, l, "wait", 1)
	slide(t, l, "tasks", 25)
	v := l.cmp.view
	v.values.SetText("2, 4")
	v.modes.SetText("sequential")
	test.Tap(v.sweepBtn)
	waitFor(t, l, 5*time.Second, "the first run", func() bool { return l.sess.snap.Count[demos.Sleeping] > 0 })
	l.keys.typedKey(&fyne.KeyEvent{Name: fyne.KeyR})
	if l.cmp.sweep != nil || l.sess.live() || v.sweepBtn.Text != "Sweep  S" {
		t.Fatalf("after Reset: sweeping %v, live %v, button %q", l.cmp.sweep != nil, l.sess.live(), v.sweepBtn.Text)
	}
	if l.cfg.Knobs["tasks"] != 25 {
		t.Errorf("tasks %v after Reset, want the 25 set before the sweep", l.cfg.Knobs["tasks"])
	}
	// a run of one's own afterwards is no step of the old sweep
	slide(t, l, "wait", 0.01)
	l.loop.start()
	waitEnd(t, l, 10*time.Second)
	if l.cmp.sweep != nil || l.cmp.hist.Records()[0].Sweep != "" {
		t.Errorf("the next run joined the sweep")
	}

	test.Tap(v.sweepBtn)
	if l.cmp.sweep == nil {
		t.Fatal("no second sweep")
	}
	l.ctl.stepDemo(1)
	if l.cmp.sweep != nil || l.sess.live() {
		t.Errorf("another demo left the sweep going")
	}
}
