package ui

import (
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
	ms := l.play.player.MomentAt()
	if !slices.ContainsFunc(ms, func(m demos.Moment) bool { return m.Kind == s.StopAt }) {
		t.Errorf("the cursor rests on %+v, want a %s moment", ms, s.StopAt)
	}
	if first := lesson.FirstSentence(s.Reveal); !strings.Contains(l.info.status.Text, first) {
		t.Errorf("status %q lacks the reveal's first sentence %q", l.info.status.Text, first)
	}
	char(l, 'n')
	if l.lessons.step != 1 {
		t.Errorf("N: step %d, want 1", l.lessons.step)
	}
	l.lessons.leave()
	if l.demo.ID != "counter" || l.cfg.Mode != before.Mode {
		t.Errorf("after leaving: %s %s, want counter %s", l.demo.ID, l.cfg.Mode, before.Mode)
	}
}
