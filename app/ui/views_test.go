package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"concurrencylab/demos"
)

// TestViewsByKeyAndTab: keys 1, 2 and 3 and the tabs show one view at a
// time, the run goes on in every view, and Space and Esc work in each.
func TestViewsByKeyAndTab(t *testing.T) {
	l := newLab(t)
	pick(t, l, "sleepers", "bounded")
	slide(t, l, "tasks", 40)
	slide(t, l, "wait", 2)
	shown := func() view {
		n, v := 0, view(-1)
		for i, o := range l.views.Objects {
			if o.Visible() {
				n, v = n+1, view(i)
			}
		}
		if n != 1 {
			t.Fatalf("%d views shown at once", n)
		}
		return v
	}
	if shown() != viewRun {
		t.Fatalf("the window opens on view %d, want Run", shown())
	}
	for _, c := range []struct {
		r    rune
		want view
	}{{'2', viewCode}, {'3', viewCompare}, {'1', viewRun}, {'2', viewCode}} {
		char(l, c.r)
		if got := shown(); got != c.want || l.view != c.want {
			t.Errorf("key %c shows view %d, want %d", c.r, got, c.want)
		}
	}
	if !l.code.bar.Visible() || !l.strip.Visible() {
		t.Error("the Code view's snippet buttons and figures strip are hidden")
	}
	key(l, fyne.KeySpace)
	if !l.live() {
		t.Fatal("Space in the Code view did not start a run")
	}
	waitFor(t, l, 5*time.Second, "the strip shows the run", func() bool {
		return len(l.strip.parts) > 0 && l.snap.Count[demos.Sleeping] > 0
	})
	test.Tap(l.tabs[viewCompare])
	if shown() != viewCompare {
		t.Error("the Compare tab did not show the Compare view")
	}
	key(l, fyne.KeyEscape)
	waitEnd(t, l, 5*time.Second)
	test.Tap(l.tabs[viewRun])
	if shown() != viewRun || l.code.bar.Visible() {
		t.Error("the Run tab did not show the Run view alone")
	}
}

// TestBoardFollowsTheRun: with more tasks than rows, the rows on top are
// the running ones and finished ones give way; a scroll by hand freezes
// the order until the next run.
func TestBoardFollowsTheRun(t *testing.T) {
	l := newLab(t)
	l.setProjector(true)
	l.Window.Resize(fitSize)
	pick(t, l, "sleepers", "bounded")
	slide(t, l, "workers", 3)
	slide(t, l, "tasks", 60)
	slide(t, l, "wait", 0.1)
	l.start()
	waitFor(t, l, 10*time.Second, "a dozen tasks done", func() bool { return l.snap.Count[demos.Done] >= 12 })
	top := rows(l)
	if len(top) < 8 {
		t.Fatalf("the board shows %d rows at 1280x720 in projector mode, want at least 8", len(top))
	}
	active := 0
	for _, r := range top[:3] {
		if r.state.Text != "" && r.state.Text != "✓ done" && (r.glyph.Text == stateMark(demos.Sleeping) || r.glyph.Text == stateMark(demos.Running)) {
			active++
		}
	}
	if active == 0 {
		t.Errorf("no running task among the first rows: %q %q %q", top[0].id.Text, top[1].id.Text, top[2].id.Text)
	}
	for _, r := range top {
		if r.glyph.Text == stateMark(demos.Done) {
			t.Errorf("a done row (%s) is on screen while %d tasks wait their turn", r.id.Text, l.snap.Count[demos.Pending])
			break
		}
	}
	l.board.list.ScrollToOffset(200)
	waitFor(t, l, 2*time.Second, "a scroll by hand stops the following", func() bool { return !l.board.follow })
	key(l, fyne.KeyEscape)
	waitEnd(t, l, 5*time.Second)
	l.start()
	if !l.board.follow {
		t.Error("a new run does not follow again")
	}
	key(l, fyne.KeyEscape)
	waitEnd(t, l, 5*time.Second)
}
