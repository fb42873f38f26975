package ui

import (
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"go.uber.org/goleak"

	"concurrencylab/demos"
)

func TestMain(m *testing.M) {
	// The cpu demo's processes mode runs this test binary as its worker.
	if code, ok := demos.ChildMain(); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// newLab builds the window in a fresh test app with the default theme, as a
// user would first see it.
func init() {
	// files are read in turn, on the test's goroutine (see inBackground)
	inBackground = func(work, done func()) { work(); done() }
}

func newLab(t *testing.T) *Lab {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newNormalTheme())
	l := New(a)
	t.Cleanup(func() {
		l.sess.cancel()
		for _, r := range append(l.sess.retired, l.sess.run) {
			if r != nil {
				<-r.Done()
			}
		}
	})
	return l
}

// pick chooses a demo and mode through their selects, as a click would.
func pick(t *testing.T, l *Lab, id, mode string) {
	t.Helper()
	d, ok := demos.Lookup(id)
	if !ok {
		t.Fatalf("no demo %q registered", id)
	}
	l.ctl.demoSel.SetSelected(d.Title)
	if l.demo != d {
		t.Fatalf("picking %q shows %q", d.Title, l.demo.Title)
	}
	l.ctl.modeSel.SetSelected(mode)
	if l.cfg.Mode != mode {
		t.Fatalf("mode is %q, want %q", l.cfg.Mode, mode)
	}
}

// slide moves the slider of knob name ("workers" for the worker count) to
// v, as a drag would.
func slide(t *testing.T, l *Lab, name string, v float64) {
	t.Helper()
	ks := l.ctl.workers
	if name != "workers" {
		ks = nil
		for _, k := range l.ctl.knobs {
			if k.knob.Name == name {
				ks = k
			}
		}
		if ks == nil {
			t.Fatalf("%s has no knob %q", l.demo.ID, name)
		}
	}
	ks.slider.SetValue(ks.toPos(v))
	if ks.value != v {
		t.Fatalf("slider %s reads %v after moving to %v", name, ks.value, v)
	}
}

// waitEnd drives the frame loop from the test goroutine (the test driver
// does not tick animations) until the run's end is shown.
func waitEnd(t *testing.T, l *Lab, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for l.sess.live() {
		if time.Now().After(deadline) {
			t.Fatalf("run still going after %v", within)
		}
		l.loop.frame()
		time.Sleep(5 * time.Millisecond)
	}
}

// waitFor drives frames until cond holds.
func waitFor(t *testing.T, l *Lab, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		l.loop.frame()
		time.Sleep(5 * time.Millisecond)
	}
}

// sleepAll runs n concurrent sleepers of wait seconds and drives frames
// until the board shows them all asleep.
func sleepAll(t *testing.T, l *Lab, n int, wait float64) {
	t.Helper()
	pick(t, l, "sleepers", "concurrent")
	slide(t, l, "tasks", float64(n))
	slide(t, l, "wait", wait)
	test.Tap(l.ctl.runBtn)
	waitFor(t, l, 10*time.Second, "all asleep", func() bool { return l.sess.snap.Count[demos.Sleeping] == n })
}

// rows returns the task rows the board draws now.
func rows(l *Lab) []*taskRow {
	var out []*taskRow
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *taskRow:
			if x.Visible() {
				out = append(out, x)
			}
			return
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(l.views.board.list)
	return out
}

// TestFirstLaunchMoves: a fresh install opens on the catalogue's first demo,
// whose run on Space lasts long enough to watch, with its bars moving.
func TestFirstLaunchMoves(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	l := newLab(t)
	if first := demos.All()[0]; l.demo != first {
		t.Fatalf("a first launch shows %q, want the catalogue's first demo %q", l.demo.ID, first.ID)
	}
	key(l, fyne.KeySpace)
	var before float64
	waitFor(t, l, 5*time.Second, "a bar moves", func() bool {
		s := &l.sess.snap
		if len(s.Tasks) == 0 {
			return false
		}
		if before == 0 {
			before = s.Tasks[0].Fraction() + 1e-9
			return false
		}
		return s.Tasks[0].Fraction() > before
	})
	if !l.sess.live() {
		t.Error("the first demo's default run ended before a class could watch it")
	}
	key(l, fyne.KeyEscape)
	waitEnd(t, l, 2*time.Second)
}

func TestRunCounterMutex(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	l := newLab(t)
	pick(t, l, "counter", "mutex")
	slide(t, l, "workers", 4)
	slide(t, l, "increments", 1000)
	test.Tap(l.ctl.runBtn)
	if l.sess.run == nil {
		t.Fatalf("Run did not start a run; status: %q", l.info.status.Text)
	}
	if l.sess.live() && (!l.ctl.runBtn.Disabled() || l.ctl.stopBtn.Disabled()) {
		t.Error("while running, Run should be disabled and Stop enabled")
	}
	waitEnd(t, l, 10*time.Second)

	for _, c := range []struct {
		name string
		f    *figure
		want string
	}{
		{"expected", l.views.figs.expected, "4,000"},
		{"actual", l.views.figs.actual, "4,000"},
		{"lost", l.views.figs.lost, "0 ✓"},
		{"done", l.views.figs.done, "4 of 4"},
	} {
		if got := c.f.value.Text; got != c.want {
			t.Errorf("%s figure reads %q, want %q", c.name, got, c.want)
		}
	}
	if got := l.sess.snap.Count[demos.Done]; got != 4 {
		t.Errorf("%d tasks done, want 4", got)
	}
	if !strings.Contains(l.views.board.shown, "4 done") {
		t.Errorf("board header %q does not say 4 done", l.views.board.shown)
	}
	rs := rows(l)
	if len(rs) != 4 {
		t.Fatalf("board draws %d rows, want 4", len(rs))
	}
	for i, r := range rs {
		if r.glyph.Text != "✓" || r.state.Text != "done" || r.pct.Text != "100%" || !(strings.HasSuffix(r.elapsed.Text, " s") || strings.HasSuffix(r.elapsed.Text, " ms")) {
			t.Errorf("row %d reads %q %q %q, want ✓ done, 100%%, a time", i, r.state.Text, r.pct.Text, r.elapsed.Text)
		}
	}
	if !strings.HasPrefix(l.info.status.Text, "Finished in") {
		t.Errorf("status %q after the run", l.info.status.Text)
	}
	if l.loop.animOn {
		t.Error("the frame loop still runs after the run ended")
	}
	if l.ctl.runBtn.Disabled() || !l.ctl.stopBtn.Disabled() {
		t.Error("after the run, Run should be enabled and Stop disabled")
	}
}

func TestRunCounterUnsafeShowsLoss(t *testing.T) {
	l := newLab(t)
	pick(t, l, "counter", "unsafe")
	slide(t, l, "workers", 8)
	slide(t, l, "increments", 20000)
	test.Tap(l.ctl.runBtn)
	waitEnd(t, l, 20*time.Second)
	c := l.sess.snap.Counter
	want := thousands(c.Lost())
	if c.Lost() == 0 {
		want = "0 ✓"
	} else {
		want += " ✗"
	}
	if l.views.figs.lost.value.Text != want {
		t.Errorf("lost reads %q, want %q (counter %+v)", l.views.figs.lost.value.Text, want, c)
	}
}

// key sends a bare key to the window, as the keyboard would with no widget
// focused.
func key(l *Lab, k fyne.KeyName) { l.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }

func char(l *Lab, r rune) { l.Window.Canvas().OnTypedRune()(r) }

func TestKeys(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	l := newLab(t)
	pick(t, l, "sleepers", "bounded")
	slide(t, l, "workers", 4)
	slide(t, l, "tasks", 40)
	slide(t, l, "wait", 2)

	key(l, fyne.KeySpace)
	if !l.sess.live() {
		t.Fatal("Space did not start a run")
	}
	key(l, fyne.KeySpace)
	if !l.sess.run.Paused() || l.ctl.pauseBtn.Text != "Resume  Space" {
		t.Errorf("Space while running should pause: paused=%v, button %q", l.sess.run.Paused(), l.ctl.pauseBtn.Text)
	}
	key(l, fyne.KeySpace)
	if l.sess.run.Paused() {
		t.Error("Space while paused should resume")
	}

	char(l, '+')
	if l.cfg.Workers != 5 || l.sess.run.Workers() != 5 {
		t.Errorf("+ gives %d workers (run: %d), want 5", l.cfg.Workers, l.sess.run.Workers())
	}
	char(l, '-')
	char(l, '-')
	if l.cfg.Workers != 3 || l.sess.run.Workers() != 3 {
		t.Errorf("- - gives %d workers (run: %d), want 3", l.cfg.Workers, l.sess.run.Workers())
	}

	t0 := time.Now()
	key(l, fyne.KeyEscape)
	waitEnd(t, l, 5*time.Second)
	// "at once" for a person; generous for two shared cores under -race
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("Esc took %v to end the run", d)
	}
	if !strings.HasPrefix(l.info.status.Text, "Stopped") {
		t.Errorf("status %q after Esc", l.info.status.Text)
	}

	key(l, fyne.KeyR)
	if len(l.sess.snap.Tasks) != 0 || l.sess.run != nil || !strings.Contains(l.views.board.shown, "none yet") {
		t.Errorf("R left %d tasks, board %q", len(l.sess.snap.Tasks), l.views.board.shown)
	}

	id := l.demo.ID
	key(l, fyne.KeyRight)
	if l.demo.ID == id {
		t.Error("Right did not change the demo")
	}
	key(l, fyne.KeyLeft)
	if l.demo.ID != id {
		t.Errorf("Left after Right shows %s, want %s", l.demo.ID, id)
	}

	key(l, fyne.KeyP)
	if _, ok := l.App.Settings().Theme().(*projectorTheme); !ok || !l.projector {
		t.Error("P did not switch projector mode on")
	}
	key(l, fyne.KeyP)
	if _, ok := l.App.Settings().Theme().(*projectorTheme); ok || l.projector {
		t.Error("P again did not switch projector mode off")
	}

	char(l, '?')
	if l.Window.Canvas().Overlays().Top() == nil || l.keys.help == nil {
		t.Fatal("? did not show the help overlay")
	}
	key(l, fyne.KeySpace) // ignored while the overlay is up
	if l.sess.live() {
		t.Error("Space behind the help overlay started a run")
	}
	key(l, fyne.KeyEscape)
	if l.Window.Canvas().Overlays().Top() != nil {
		t.Error("Esc did not close the help overlay")
	}

	key(l, fyne.KeyF11)
	if !l.Window.FullScreen() {
		t.Error("F11 did not go full screen")
	}
	key(l, fyne.KeyF11)
}

func TestFocusedSelectGivesKeysBack(t *testing.T) {
	l := newLab(t)
	test.Tap(l.ctl.demoSel) // opens its menu and takes the focus
	l.Window.Canvas().Overlays().Top().Hide()
	l.Window.Canvas().Overlays().Remove(l.Window.Canvas().Overlays().Top())
	l.ctl.demoSel.SetSelected(l.all[len(l.all)-1].Title)
	if f := l.Window.Canvas().Focused(); f != nil {
		t.Errorf("after choosing a demo, %T keeps the focus: Space would not reach Run", f)
	}
}

func TestProjectorSwitchesTheme(t *testing.T) {
	l := newLab(t)
	base := l.App.Settings().Theme().Size(theme.SizeNameText)
	test.TapAt(l.ctl.projCheck, fyne.NewPos(4, l.ctl.projCheck.Size().Height/2)) // where a click lands: the check stands centred in the taller top row
	th := l.App.Settings().Theme()
	if _, ok := th.(*projectorTheme); !ok {
		t.Fatalf("projector check set theme %T", th)
	}
	if got := th.Size(theme.SizeNameText); got < 1.5*base || got > 1.7*base {
		t.Errorf("projector text is %v, want about 1.6 × %v", got, base)
	}
	if slices.Contains(l.ctl.top.Objects, fyne.CanvasObject(l.ctl.sliderRow)) {
		t.Error("projector mode shows the knobs' sliders: the keys move them, the board needs the height")
	}
	if !l.App.Preferences().Bool(prefProjector) {
		t.Error("projector mode is not remembered")
	}
	test.TapAt(l.ctl.projCheck, fyne.NewPos(4, l.ctl.projCheck.Size().Height/2)) // where a click lands: the check stands centred in the taller top row
	if _, ok := l.App.Settings().Theme().(*projectorTheme); ok {
		t.Error("unchecking kept the projector theme")
	}
}

// TestStatusTellsTheOutcome: the status line beside the figures asks the
// prediction question before a run and after a mode change, and tells how
// the run went once it ends; the mode's help is over the code.
func TestStatusTellsTheOutcome(t *testing.T) {
	l := newLab(t)
	l.setProjector(true)
	pick(t, l, "counter", "mutex")
	if !strings.HasPrefix(l.info.status.Text, "Predict: ") {
		t.Errorf("before a run the status reads %q, want the prediction question", l.info.status.Text)
	}
	test.Tap(l.ctl.runBtn)
	waitEnd(t, l, 5*time.Second)
	if !strings.HasPrefix(l.info.status.Text, "Finished in") {
		t.Errorf("after a run the status reads %q", l.info.status.Text)
	}
	l.ctl.modeSel.SetSelected("atomic")
	if !strings.HasPrefix(l.ctl.modeHelp.Text, "Mode atomic: ") {
		t.Errorf("after a mode change the help reads %q", l.ctl.modeHelp.Text)
	}
	l.loop.reset()
	if !strings.HasPrefix(l.info.status.Text, "Predict: ") || !strings.Contains(l.info.status.Text, "atomic") && !strings.Contains(l.info.status.Text, "8") {
		t.Errorf("after reset the status reads %q, want the question again", l.info.status.Text)
	}
}

func TestPreferencesRoundTrip(t *testing.T) {
	a := test.NewTempApp(t)
	l := New(a)
	pick(t, l, "counter", "atomic")
	slide(t, l, "workers", 7)
	slide(t, l, "increments", 2000)
	l.ctl.speedK.slider.SetValue(l.ctl.speedK.toPos(0.5))
	l.setProjector(true)
	l.Window.Resize(fyne.NewSize(1100, 650))
	l.close()

	l2 := New(a)
	defer l2.close()
	if l2.demo.ID != "counter" || l2.cfg.Mode != "atomic" || l2.cfg.Workers != 7 || l2.cfg.Knobs["increments"] != 2000 {
		t.Errorf("restored %s %+v, want counter atomic 7 workers 2000 increments", l2.demo.ID, l2.cfg)
	}
	if l2.speed != 0.5 || l2.ctl.speedK.value != 0.5 || !l2.info.slow.Visible() {
		t.Errorf("restored speed %v (slider %v, banner shown %v), want 0.5", l2.speed, l2.ctl.speedK.value, l2.info.slow.Visible())
	}
	if !l2.projector || !l2.ctl.projCheck.Checked {
		t.Error("projector mode not restored")
	}
	if s := l2.Window.Canvas().Size(); s.Width != 1100 || s.Height != 650 {
		t.Errorf("window size restored as %v, want 1100x650", s)
	}
	if l2.ctl.workers.value != 7 || l2.ctl.workers.label.Text != "7" {
		t.Errorf("worker slider shows %v, label %q", l2.ctl.workers.value, l2.ctl.workers.label.Text)
	}
}

// fitSize is what the views must fit in: a 1280x720 screen less a window
// manager's title bar and borders.
var fitSize = fyne.NewSize(firstSize.Width, firstSize.Height-frameAllowance.Height)

// TestFitsAt1280x720 checks that no demo, in either theme, needs more than
// fitSize: the window would be capped at the screen and cut the views off.
func TestFitsAt1280x720(t *testing.T) {
	l := newLab(t)
	pick(t, l, "counter", "unsafe")
	slide(t, l, "increments", 2000)
	test.Tap(l.ctl.runBtn) // long captions appear once a run ended
	waitEnd(t, l, 10*time.Second)
	check := func(what string) {
		t.Helper()
		for _, p := range []bool{false, true} {
			l.setProjector(p)
			m := l.views.content.MinSize() // not the window's: the screen cap hides what the views need
			if m.Width > fitSize.Width || m.Height > fitSize.Height {
				t.Errorf("%s (projector %v) needs %v, more than %v", what, p, m, fitSize)
			}
		}
	}
	check("counter after a run")
	// the widest figures a counter run can show: 64 workers × 1,000,000
	l.sess.snap.Counter = demos.Counter{Expected: 64_000_000, Actual: 1_234_567, Set: true}
	l.sess.snap.Waited = 123 * time.Second
	check("counter with eight-digit figures")
	if got := l.views.figs.expected.value.Text; got != "64,000,000" {
		t.Fatalf("expected figure reads %q: the check did not use the wide figures", got)
	}
	// the banner at its longest: paused in slow motion
	l.ctl.speedK.slider.SetValue(l.ctl.speedK.toPos(0.3))
	test.Tap(l.ctl.runBtn)
	l.loop.togglePause()
	if !l.info.slow.Visible() || !strings.Contains(l.info.slowText.Text, "paused") {
		t.Errorf("banner shown %v reading %q while paused", l.info.slow.Visible(), l.info.slowText.Text)
	}
	check("counter paused in slow motion")
	test.Tap(l.ctl.stopBtn)
	waitEnd(t, l, 5*time.Second)
	l.ctl.speedK.slider.SetValue(l.ctl.speedK.toPos(1))
	for _, d := range demos.All() {
		l.selectDemo(d)
		check(d.ID)
	}
	// a big run: the overview beside the list, and a chart
	pick(t, l, "sleepers", "concurrent")
	slide(t, l, "tasks", 500)
	slide(t, l, "wait", 0.01)
	test.Tap(l.ctl.runBtn)
	waitEnd(t, l, 10*time.Second)
	if !l.views.board.wide {
		t.Error("no overview beside 500 tasks")
	}
	check("sleepers with 500 tasks")
	// each demo's picture with a run's figures in it
	for _, c := range []struct {
		id, mode string
		knobs    map[string]float64
	}{
		{"pool", "fixed", map[string]float64{"jobs": 20}},
		{"deadlock", "deadlock", nil},
		{"pipeline", "unbuffered", map[string]float64{"items": 20}},
		{"spawn", "goroutines", map[string]float64{"count": 100}},
		{"cpu", "gil", map[string]float64{"chunks": 4, "work": 20}},
		{"download", "pool", map[string]float64{"files": 6, "fail": 0.5}},
	} {
		pick(t, l, c.id, c.mode)
		for k, v := range c.knobs {
			slide(t, l, k, v)
		}
		test.Tap(l.ctl.runBtn)
		waitEnd(t, l, 20*time.Second)
		if l.views.pic != nil && shownUnderBoard(l) != fyne.CanvasObject(l.views.pic) {
			t.Errorf("%s: its picture is not shown", c.id)
		}
		check(c.id + " after a run")
	}
}

func TestLiveWorkersChangeTheRun(t *testing.T) {
	l := newLab(t)
	pick(t, l, "sleepers", "bounded")
	slide(t, l, "workers", 2)
	slide(t, l, "tasks", 60)
	slide(t, l, "wait", 0.5)
	test.Tap(l.ctl.runBtn)
	sleeping := func(n int) func() bool { return func() bool { return l.sess.snap.Count[demos.Sleeping] == n } }
	waitFor(t, l, 3*time.Second, "2 tasks at once", sleeping(2))
	slide(t, l, "workers", 6)
	if l.sess.run.Workers() != 6 {
		t.Fatalf("run follows %d workers, want 6", l.sess.run.Workers())
	}
	waitFor(t, l, 3*time.Second, "6 tasks at once", sleeping(6))
	if !strings.Contains(l.views.board.shown, "6 workers") {
		t.Errorf("board header %q does not show the live worker count", l.views.board.shown)
	}
	test.Tap(l.ctl.stopBtn)
	waitEnd(t, l, 2*time.Second)
}

// TestFixedModeSaysWorkersUnused: a mode that ignores the worker count
// says so next to the slider and in the board's header, rather than
// showing "8 workers" above a run on one goroutine.
func TestFixedModeSaysWorkersUnused(t *testing.T) {
	l := newLab(t)
	pick(t, l, "sleepers", "sequential")
	slide(t, l, "tasks", 3)
	slide(t, l, "wait", 0.05)
	if !strings.Contains(l.ctl.workers.title.Text, "not used") {
		t.Errorf("worker slider title %q does not say the count is not used", l.ctl.workers.title.Text)
	}
	test.Tap(l.ctl.runBtn)
	waitEnd(t, l, 3*time.Second)
	if !strings.Contains(l.views.board.shown, "(one goroutine)") || strings.Contains(l.views.board.shown, "workers") {
		t.Errorf("board header %q, want the tasks on one goroutine and no worker count", l.views.board.shown)
	}
	pick(t, l, "sleepers", "bounded")
	if strings.Contains(l.ctl.workers.title.Text, "not used") {
		t.Errorf("bounded mode's slider title %q says the count is not used", l.ctl.workers.title.Text)
	}
}

func TestStopAnswersWith10000Tasks(t *testing.T) {
	l := newLab(t)
	sleepAll(t, l, 10000, 10)
	t0 := time.Now()
	test.Tap(l.ctl.stopBtn)
	waitEnd(t, l, 5*time.Second)
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("Stop took %v with 10,000 tasks", d)
	}
	if got := l.sess.snap.Count[demos.Cancelled]; got != 10000 {
		t.Errorf("%d tasks cancelled, want 10,000", got)
	}
}

func TestCloseStopsTheRun(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a := test.NewTempApp(t)
	l := New(a)
	pick(t, l, "sleepers", "concurrent")
	slide(t, l, "tasks", 100)
	slide(t, l, "wait", 10)
	test.Tap(l.ctl.runBtn)
	r := l.sess.run
	t0 := time.Now()
	l.close()
	select {
	case <-r.Done():
	default:
		t.Fatal("close returned with the run still going")
	}
	if d := time.Since(t0); d > time.Second {
		t.Errorf("close took %v", d)
	}
}

func TestSpeedBanner(t *testing.T) {
	l := newLab(t)
	if l.info.slow.Visible() {
		t.Error("slow-motion banner shown at 1×")
	}
	l.ctl.speedK.slider.SetValue(l.ctl.speedK.toPos(0.3))
	if !l.info.slow.Visible() || l.info.slowText.Text != "slow motion 0.3× — timings stretched" {
		t.Errorf("banner shown %v reading %q", l.info.slow.Visible(), l.info.slowText.Text)
	}
	pick(t, l, "counter", "mutex")
	test.Tap(l.ctl.runBtn)
	if l.sess.run.Speed() != 0.3 {
		t.Errorf("run speed %v, want 0.3", l.sess.run.Speed())
	}
	test.Tap(l.ctl.stopBtn)
	waitEnd(t, l, 5*time.Second)
}

// TestTopBarKeepsItsHeight: in every demo, switching modes (the help wraps
// or not, the worker note changes) and running (the status changes) leave
// the top bar's height alone, in both themes: the Mode list must not move
// under the pointer.
func TestTopBarKeepsItsHeight(t *testing.T) {
	l := newLab(t)
	l.Window.Resize(fitSize)
	for _, p := range []bool{false, true} {
		l.setProjector(p)
		for _, d := range demos.All() {
			l.selectDemo(d)
			l.Window.Content().Refresh()
			want := l.ctl.top.MinSize().Height
			for _, m := range d.ModeNames() {
				l.ctl.modeSel.SetSelected(m)
				l.Window.Content().Refresh()
				if got := l.ctl.top.MinSize().Height; got != want {
					t.Errorf("projector %v, %s mode %s: top bar %v high, %v in the first mode", p, d.ID, m, got, want)
				}
			}
			l.info.say("Finished in 5.47 s; 3 of 12 tasks failed." + compareHint)
			l.Window.Content().Refresh()
			if got := l.ctl.top.MinSize().Height; got != want {
				t.Errorf("projector %v, %s: a long status makes the top bar %v high, not %v", p, d.ID, got, want)
			}
		}
	}
}

// TestElapsedFigureFollowsTheClock: between two draws of the views (a run
// whose tasks all sleep changes nothing), the clock moves at every frame,
// and the elapsed figure moves with it: the screen never shows two times.
func TestElapsedFigureFollowsTheClock(t *testing.T) {
	l := newLab(t)
	sleepAll(t, l, 5, 2)
	secs := func(s string) float64 { // "0.731 s", "88.9 ms"
		f := strings.Fields(s)
		v, err := strconv.ParseFloat(f[0], 64)
		if err != nil || len(f) != 2 {
			t.Fatalf("%q: %v", s, err)
		}
		if f[1] == "ms" {
			v /= 1000
		}
		return v
	}
	for range 5 {
		time.Sleep(30 * time.Millisecond) // under viewsEvery's 100 ms of time-only draws, over a frame
		l.loop.frame()
		c, f := secs(l.info.elapsed.Text), secs(l.views.figs.elapsed.value.Text)
		if math.Abs(c-f) > 0.006 { // the figure has two decimals, the clock three
			t.Errorf("clock %q, elapsed figure %q", l.info.elapsed.Text, l.views.figs.elapsed.value.Text)
		}
	}
}
