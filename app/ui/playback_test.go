package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// After a run, Home shows its start (no task done) and End its end (every
// task done), from the recording, as the window's player.
func TestPlayerHomeAndEnd(t *testing.T) {
	l := newLab(t)
	pick(t, l, "cpu", "goroutines")
	slide(t, l, "chunks", 8)
	slide(t, l, "work", 20)
	key(l, fyne.KeySpace)
	waitEnd(t, l, 20*time.Second)
	n := len(l.sess.snap.Tasks)
	if n != 8 || l.sess.snap.Count[demos.Done] != 8 {
		t.Fatalf("after the run: %d tasks, %d done; want 8 and 8", n, l.sess.snap.Count[demos.Done])
	}
	key(l, fyne.KeyHome)
	if got := l.sess.snap.Count[demos.Done]; got != 0 || len(l.sess.snap.Tasks) != 8 {
		t.Errorf("Home: %d of %d done, want 0 of 8", got, len(l.sess.snap.Tasks))
	}
	if !strings.Contains(l.views.figs.done.value.Text, "0 of 8") {
		t.Errorf("Home: the done figure reads %q, want 0 of 8", l.views.figs.done.value.Text)
	}
	char(l, '.')
	char(l, ',')
	key(l, fyne.KeyEnd)
	if got := l.sess.snap.Count[demos.Done]; got != 8 {
		t.Errorf("End: %d done, want 8", got)
	}
}

// After the deadlock demo, < lands on the cycle closing, and the status
// says so.
func TestPlayerMomentBack(t *testing.T) {
	l := newLab(t)
	pick(t, l, "deadlock", "deadlock")
	key(l, fyne.KeySpace)
	waitEnd(t, l, 20*time.Second)
	char(l, '<')
	if s := l.info.status.Text; !strings.Contains(s, "the cycle closed") {
		t.Errorf("< after the deadlock: status %q, want the cycle closing", s)
	}
	if !l.play.held() {
		t.Error("< left the cursor at the head")
	}
}

// J lists the run's moments; Enter on one jumps there.
func TestMomentsList(t *testing.T) {
	l := newLab(t)
	pick(t, l, "deadlock", "deadlock")
	key(l, fyne.KeySpace)
	waitEnd(t, l, 20*time.Second)
	char(l, 'j')
	list, ok := l.Window.Canvas().Focused().(*momentList)
	if !ok {
		t.Fatalf("J: focus on %T, want the moments list", l.Window.Canvas().Focused())
	}
	list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // the first moment
	if !l.play.held() || l.Window.Canvas().Overlays().Top() != nil {
		t.Errorf("Enter: held %v, overlay %v; want the cursor on the moment and the list closed", l.play.held(), l.Window.Canvas().Overlays().Top())
	}
}

// A run of the history whose recording is kept opens again in the player
// (V on the Compare view), at its end.
func TestReplayFromHistory(t *testing.T) {
	l := newLab(t)
	l.cmp.store = compare.OpenRecordings(t.TempDir(), 0)
	pick(t, l, "cpu", "goroutines")
	slide(t, l, "chunks", 4)
	slide(t, l, "work", 20)
	key(l, fyne.KeySpace)
	waitEnd(t, l, 20*time.Second)
	l.cmp.saves.Wait()
	key(l, fyne.KeyR) // the board cleared: what V shows comes from the recording
	l.views.showView(viewCompare)
	char(l, 'v')
	waitFor(t, l, 5*time.Second, "the recording to open", func() bool {
		return strings.HasPrefix(l.info.status.Text, "From the history")
	})
	if l.sess.snap.Count[demos.Done] != 4 {
		t.Errorf("the replayed run shows %d done, want 4", l.sess.snap.Count[demos.Done])
	}
	key(l, fyne.KeyHome)
	if l.sess.snap.Count[demos.Done] != 0 {
		t.Errorf("Home in the replayed run: %d done, want 0", l.sess.snap.Count[demos.Done])
	}
}

func TestWithoutTime(t *testing.T) {
	for in, want := range map[string]string{
		"At 1.692 s, other programs used 43% of the CPU": "Other programs used 43% of the CPU",
		"no time here, at all":                           "no time here, at all",
		"At 2 ms":                                        "At 2 ms",
	} {
		if got := withoutTime(in); got != want {
			t.Errorf("withoutTime(%q) = %q, want %q", in, got, want)
		}
	}
}
