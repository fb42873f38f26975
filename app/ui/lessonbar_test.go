package ui

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"concurrencylab/app/lesson"
	"concurrencylab/demos"
)

// A lesson's step sets the controls, stops at its moment, and says its
// reveal; leaving gives the controls back.
func TestLessonStopsAtItsMoment(t *testing.T) {
	l := newLab(t)
	pick(t, l, "counter", "mutex")
	before := copyConfig(l.cfg)
	ls, err := lesson.OpenBuiltIn("deadlock")
	if err != nil {
		t.Fatal(err)
	}
	l.lessons.open(ls, 0)
	s := ls.Steps[0]
	if l.demo.ID != s.Demo || l.cfg.Mode != s.Config.Mode || l.cfg.Workers != s.Config.Workers {
		t.Fatalf("step 1 set %s %s %d, want %s %s %d", l.demo.ID, l.cfg.Mode, l.cfg.Workers, s.Demo, s.Config.Mode, s.Config.Workers)
	}
	if !strings.Contains(l.lessons.title.Text, "step 1 of") {
		t.Errorf("lesson bar: %q", l.lessons.title.Text)
	}
	key(l, fyne.KeySpace)
	waitEnd(t, l, 20*time.Second)
	if !l.play.held() {
		t.Fatalf("the step names stop_at %q, but the view was not held there", s.StopAt)
	}
	if recs := l.cmp.hist.Records(); len(recs) == 0 || recs[len(recs)-1].States["failed"]+recs[len(recs)-1].States["done"]+recs[len(recs)-1].States["cancelled"] != len(recs[len(recs)-1].Tasks) {
		t.Errorf("the history kept the run as the view held it, not as it ended: %+v", recs[len(recs)-1].States)
	}
	ms := l.play.player.MomentAt()
	if !slices.ContainsFunc(ms, func(m demos.Moment) bool { return m.Kind == s.StopAt }) {
		t.Errorf("the cursor rests on %+v, want a %s moment", ms, s.StopAt)
	}
	if shown := l.lessons.caption.String(); shown != "Reveal: "+s.Reveal {
		t.Errorf("after the run the lesson bar shows %q, want the reveal %q", shown, s.Reveal)
	}
	l.setProjector(true)
	if holds(l.views.runView, l.views.lesson) {
		t.Error("projector mode shows the demo's 'what to notice' under the step's reveal: two lesson texts at once")
	}
	l.setProjector(false)
	char(l, 'n')
	if l.lessons.step != 1 {
		t.Errorf("N: step %d, want 1", l.lessons.step)
	}
	// the first step's run was held at its moment: Space runs the second
	// step, it does not play the first one's recording
	key(l, fyne.KeySpace)
	if !l.sess.live() || l.cfg.Mode != ls.Steps[1].Config.Mode || l.sess.run.Config.Mode != ls.Steps[1].Config.Mode {
		t.Errorf("Space on step 2: live %v, want a run of mode %s", l.sess.live(), ls.Steps[1].Config.Mode)
	}
	waitEnd(t, l, 20*time.Second)
	l.lessons.leave()
	if l.demo.ID != "counter" || l.cfg.Mode != before.Mode {
		t.Errorf("after leaving: %s %s, want counter %s", l.demo.ID, l.cfg.Mode, before.Mode)
	}
}

// Runs picked on the Compare view save as a lesson that opens again on the
// same settings.
func TestSaveRunsAsLesson(t *testing.T) {
	l := newLab(t)
	pick(t, l, "counter", "mutex")
	slide(t, l, "increments", 500)
	for _, w := range []float64{1, 3} {
		slide(t, l, "workers", w)
		key(l, fyne.KeySpace)
		waitEnd(t, l, 20*time.Second)
	}
	l.views.showView(viewCompare)
	key(l, fyne.KeyReturn) // the row under the cursor: the history keeps it on the first run
	key(l, fyne.KeyUp)
	key(l, fyne.KeyReturn)
	var saved bytes.Buffer
	old := saveDialog
	defer func() { saveDialog = old }()
	saveDialog = func(_ fyne.Window, _, name, ext string, write func(io.Writer) error, done func(string, bool)) {
		if err := write(&saved); err != nil {
			t.Fatal(err)
		}
		done(name, false)
	}
	l.cmp.saveLesson()
	ls, err := lesson.Parse(saved.Bytes())
	if err != nil {
		t.Fatalf("the saved lesson does not read back: %v\n%s", err, saved.String())
	}
	if len(ls.Steps) != 2 {
		t.Fatalf("%d steps, want 2 (one a picked run)\n%s", len(ls.Steps), saved.String())
	}
	got := map[int]bool{}
	for _, s := range ls.Steps {
		if s.Demo != "counter" || s.Config.Mode != "mutex" || s.Config.Knobs["increments"] != 500 {
			t.Errorf("step %+v: want counter, mutex, 500 increments", s.Config)
		}
		got[s.Config.Workers] = true
	}
	if !got[1] || !got[3] {
		t.Errorf("steps' workers %v, want 1 and 3", got)
	}
	l.lessons.open(ls, 1)
	if l.cfg.Mode != "mutex" || l.cfg.Knobs["increments"] != 500 || !got[l.cfg.Workers] {
		t.Errorf("the lesson's step set %s %d workers %v", l.cfg.Mode, l.cfg.Workers, l.cfg.Knobs)
	}
}
