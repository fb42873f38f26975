package ui

import (
	"strings"
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
		for i, o := range l.views.stack.Objects {
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
		if got := shown(); got != c.want || l.views.view != c.want {
			t.Errorf("key %c shows view %d, want %d", c.r, got, c.want)
		}
	}
	if !l.views.code.bar.Visible() || !l.views.strip.Visible() {
		t.Error("the Code view's snippet buttons and figures strip are hidden")
	}
	key(l, fyne.KeySpace)
	if !l.sess.live() {
		t.Fatal("Space in the Code view did not start a run")
	}
	waitFor(t, l, 5*time.Second, "the strip shows the run", func() bool {
		return len(l.views.strip.parts) > 0 && l.sess.snap.Count[demos.Sleeping] > 0
	})
	test.Tap(l.views.tabs[viewCompare])
	if shown() != viewCompare {
		t.Error("the Compare tab did not show the Compare view")
	}
	key(l, fyne.KeyEscape)
	waitEnd(t, l, 5*time.Second)
	test.Tap(l.views.tabs[viewRun])
	if shown() != viewRun || l.views.code.bar.Visible() {
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
	l.loop.start()
	waitFor(t, l, 10*time.Second, "a dozen tasks done", func() bool { return l.sess.snap.Count[demos.Done] >= 12 })
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
			t.Errorf("a done row (%s) is on screen while %d tasks wait their turn", r.id.Text, l.sess.snap.Count[demos.Pending])
			break
		}
	}
	l.views.board.list.ScrollToOffset(200)
	waitFor(t, l, 2*time.Second, "a scroll by hand stops the following", func() bool { return !l.views.board.follow })
	key(l, fyne.KeyEscape)
	waitEnd(t, l, 5*time.Second)
	l.loop.start()
	if !l.views.board.follow {
		t.Error("a new run does not follow again")
	}
	key(l, fyne.KeyEscape)
	waitEnd(t, l, 5*time.Second)
}

// TestEveryControlHasAKey: the mode, each knob, the speed, the snippets
// and the code's scroll move by keyboard, and the ? overlay lists every
// key the window answers.
func TestEveryControlHasAKey(t *testing.T) {
	l := newLab(t)
	l.setProjector(true) // no sliders on screen: the keys are the way
	pick(t, l, "download", "sequential")
	for range len(l.demo.Modes) {
		before := l.cfg.Mode
		char(l, 'm')
		if l.cfg.Mode == before || l.ctl.modeSel.Selected != l.cfg.Mode {
			t.Fatalf("M left the mode at %q (select %q)", l.cfg.Mode, l.ctl.modeSel.Selected)
		}
	}
	if l.cfg.Mode != "sequential" {
		t.Errorf("M through every mode ends on %q, want back on sequential", l.cfg.Mode)
	}
	char(l, 'M')
	if l.cfg.Mode != l.demo.Modes[len(l.demo.Modes)-1].Name {
		t.Errorf("Shift+M from the first mode gives %q, want the last", l.cfg.Mode)
	}
	for i, k := range l.demo.Knobs {
		if i > 0 {
			char(l, 'k')
		}
		if got := l.ctl.keyKnobs()[l.ctl.picked]; got.knob.Name != k.Name {
			t.Fatalf("K picked %q, want %q", got.knob.Name, k.Name)
		}
		before := l.cfg.Knobs[k.Name]
		dir, r := 1, ']'
		if before >= k.Max {
			dir, r = -1, '['
		}
		char(l, r)
		after := l.cfg.Knobs[k.Name]
		if after == before || (after > before) != (dir > 0) {
			t.Errorf("%c on %s: %v to %v", r, k.Name, before, after)
		}
		if !strings.Contains(l.info.status.Text, k.Title) {
			t.Errorf("the status %q does not name the knob %q", l.info.status.Text, k.Title)
		}
		if p := l.App.Preferences().Float(l.demo.ID + ".knob." + k.Name); p != after {
			t.Errorf("%s set to %v by key is saved as %v", k.Name, after, p)
		}
	}
	char(l, 'k')
	if l.ctl.keyKnobs()[l.ctl.picked] != l.ctl.speedK {
		t.Fatal("K after the last knob does not pick the speed")
	}
	char(l, '[')
	if l.speed != 0.9 || !l.info.slow.Visible() {
		t.Errorf("[ on the speed gives %v (banner %v), want 0.9", l.speed, l.info.slow.Visible())
	}
	char(l, ']')
	if l.speed != 1 {
		t.Errorf("] back gives speed %v", l.speed)
	}
	char(l, 'K')
	if l.ctl.keyKnobs()[l.ctl.picked] == l.ctl.speedK {
		t.Error("Shift+K did not step back from the speed")
	}

	char(l, '2')
	first := l.views.code.sel
	char(l, 'l')
	if l.views.code.sel == first || len(l.views.code.items) < 2 {
		t.Errorf("L left the snippet at %d of %d", l.views.code.sel, len(l.views.code.items))
	}
	ct := l.views.code.current()
	l.Window.Content().Refresh()
	// Z toggles between the whole file and large text (where projector
	// mode starts): the large one is the larger.
	was, wasFS := ct.large, ct.fs
	char(l, 'z')
	l.Window.Content().Refresh()
	if ct.large == was || ct.large && ct.fs <= wasFS || !ct.large && ct.fs >= wasFS {
		t.Errorf("Z: large %v at text %v, was large %v at %v", ct.large, ct.fs, was, wasFS)
	}
	if ct.large {
		char(l, 'z') // the whole file, for the scrolling below
	}
	l.Window.Resize(fyne.NewSize(1024, 400)) // too short for the whole file
	l.Window.Content().Refresh()
	if ct.shown < len(ct.lines) {
		key(l, fyne.KeyPageDown)
		if ct.top == 0 {
			t.Error("PageDown did not scroll the code")
		}
		key(l, fyne.KeyPageUp)
		if ct.top != 0 {
			t.Error("PageUp did not scroll the code back")
		}
	} else {
		t.Errorf("%d lines of %d fit 1024x400: the scroll is not tested", ct.shown, len(ct.lines))
	}

	// every key the window answers is in the overlay
	listed := ""
	for _, k := range keyHelp {
		listed += k[0] + " "
	}
	for _, want := range []string{"Space", "Esc", "R", "1", "2", "3", "←", "→", "M", "+", "−", "K", "[", "]", "L", "PgUp", "PgDn", "Z", "P", "F11", "?", "Ctrl+Q"} {
		if !strings.Contains(listed, want) {
			t.Errorf("the ? overlay does not list %q", want)
		}
	}
}

// TestOutputStartsAtALine: the output pane's top row is always the first
// row of a printed line, however the pane's height cuts the wrapped rows
// (interleave in projector mode scrolled to "waiting to join them").
func TestOutputStartsAtALine(t *testing.T) {
	test.NewTempApp(t)
	var s demos.Snapshot
	o := newOutputPane(&s, func() {})
	for i := range 12 {
		s.Logs = append(s.Logs, demos.LogLine{At: time.Duration(i) * time.Millisecond, Worker: i % 3,
			Text: strings.Repeat("word ", 1+i%4*6)})
	}
	o.rewrap(300)
	o.update()
	if len(o.rows) <= len(s.Logs) {
		t.Fatalf("%d rows for %d lines: nothing wrapped, the test tests nothing", len(o.rows), len(s.Logs))
	}
	r := test.WidgetRenderer(o.term).(*termRenderer)
	lh := float32(10)
	for h := lh; h < lh*float32(len(o.rows)+2); h += lh / 3 {
		for back := range 6 {
			o.term.back = back
			start, end := r.window(h, lh)
			if start < end && !o.starts[start] {
				t.Fatalf("height %v, %d back: the top row %q continues a line", h, back, o.rows[start])
			}
			if end-start > int(h/lh) {
				t.Fatalf("height %v: %d rows shown, %d fit", h, end-start, int(h/lh))
			}
			if back == 0 && end != len(o.rows) {
				t.Fatalf("height %v: the newest row is not shown", h)
			}
		}
	}
}

// TestRowHeightsFollowTheTheme: pressing P mid-run gives every row the
// height of the new theme, including rows whose reason once took detail
// lines and no longer does (download's rows #0-#3 kept the old height,
// with separator lines through their text, until Reset).
func TestRowHeightsFollowTheTheme(t *testing.T) {
	l := newLab(t)
	l.Window.Resize(fyne.NewSize(1024, 768))
	pick(t, l, "download", "pool")
	slide(t, l, "files", 12)
	slide(t, l, "fail", 0.5)
	l.loop.start()
	waitFor(t, l, 20*time.Second, "rows with detail lines", func() bool {
		for _, n := range l.views.board.lines {
			if n > 0 {
				return true
			}
		}
		return false
	})
	check := func(when string) {
		t.Helper()
		for r, h := range l.views.board.heights {
			if r >= len(l.views.board.lines) {
				break
			}
			if want := l.views.board.cols.rowHeight(int(l.views.board.lines[r])); h != 0 && h != want {
				t.Errorf("%s: row %d is %v high, want %v for %d detail lines", when, r, h, want, l.views.board.lines[r])
			}
		}
	}
	check("before P")
	key(l, fyne.KeyP)
	l.Window.Content().Refresh()
	l.loop.frame()
	check("after P")
	key(l, fyne.KeyEscape)
	waitEnd(t, l, 10*time.Second)
	key(l, fyne.KeyP)
	l.Window.Content().Refresh()
	check("after the run and P again")
}

func TestSentences(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"One. Two. Three.", 2, "One. Two."},
		{"One. Two.", 2, "One. Two."},
		{"3.5 s is one. Two? Three.", 1, "3.5 s is one."},
		{"", 1, ""},
	} {
		if got := sentences(c.in, c.n); got != c.want {
			t.Errorf("sentences(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
