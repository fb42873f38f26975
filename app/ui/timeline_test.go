package ui

import (
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"concurrencylab/demos"
)

// vizRun builds a snapshot of a run with the given workers, each working
// through perWorker tasks one after the other, moving at random between
// running, waiting and sleeping, until elapsed. With ended, unfinished tasks
// are cancelled at elapsed, as the Model does.
func vizRun(workers, perWorker int, elapsed time.Duration, ended bool, seed uint64) *demos.Snapshot {
	rng := rand.New(rand.NewPCG(seed, 1))
	s := &demos.Snapshot{Elapsed: elapsed, Ended: ended, Workers: workers,
		Stats: map[string]float64{}, Series: map[string][]demos.Point{}, Gauges: map[string]demos.Gauge{}, Flags: map[string]bool{}}
	slot := elapsed / time.Duration(perWorker+1)
	for w := range workers {
		at := time.Duration(rng.Int64N(int64(slot/2) + 1))
		for j := range perWorker {
			ti := demos.TaskInfo{ID: len(s.Tasks), Worker: w}
			if at >= elapsed {
				ti.State = demos.Pending
				if ended {
					ti.State, ti.Start, ti.End = demos.Cancelled, elapsed, elapsed
					ti.Spans = []demos.Span{{At: elapsed, State: demos.Cancelled}}
				}
				s.Tasks = append(s.Tasks, ti)
				s.Count[ti.State]++
				continue
			}
			ti.Start = at
			end := at + slot/2 + time.Duration(rng.Int64N(int64(slot)))
			st := demos.Running
			for at < end && at < elapsed {
				ti.Spans = append(ti.Spans, demos.Span{At: at, State: st})
				at += time.Duration(rng.Int64N(int64(slot/3) + 1))
				st = []demos.State{demos.Running, demos.Waiting, demos.Sleeping}[rng.IntN(3)]
				if st == demos.Waiting {
					ti.Spans[len(ti.Spans)-1].On = "lock"
				}
			}
			ti.State = st
			switch {
			case at < elapsed:
				ti.State, ti.End = demos.Done, at
				if (w+j)%7 == 3 {
					ti.State = demos.Failed
				}
				ti.Spans = append(ti.Spans, demos.Span{At: at, State: ti.State})
				at += time.Duration(rng.Int64N(int64(slot/4) + 1))
			case ended:
				ti.State, ti.End = demos.Cancelled, elapsed
				ti.Spans = append(ti.Spans, demos.Span{At: elapsed, State: demos.Cancelled})
			default:
				ti.State = ti.Spans[len(ti.Spans)-1].State
			}
			s.Tasks = append(s.Tasks, ti)
			s.Count[ti.State]++
		}
	}
	return s
}

// vizSleepers is a run of n tasks, one worker each, that start over the first
// tenth of the run, sleep, and end over the second half.
func vizSleepers(n int, elapsed time.Duration) *demos.Snapshot {
	s := &demos.Snapshot{Elapsed: elapsed, Workers: n}
	for i := range n {
		start := time.Duration(i) * elapsed / time.Duration(10*n)
		end := elapsed/2 + time.Duration(i)*elapsed/time.Duration(n)
		ti := demos.TaskInfo{ID: i, Worker: i, Start: start, State: demos.Sleeping,
			Spans: []demos.Span{{At: start, State: demos.Running}, {At: start + elapsed/100, State: demos.Sleeping, On: "simulated I/O"}}}
		if end <= elapsed {
			ti.State, ti.End = demos.Done, end
			ti.Spans = append(ti.Spans, demos.Span{At: end, State: demos.Done})
		}
		s.Tasks = append(s.Tasks, ti)
		s.Count[ti.State]++
	}
	return s
}

// vizTexts returns the strings of the visible canvas.Text objects under o.
func vizTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *canvas.Text:
			out = append(out, v.Text)
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// vizRender shows o in a test window of the given size and returns the picture.
func vizRender(t testing.TB, o fyne.CanvasObject, w, h float32) image.Image {
	t.Helper()
	win := test.NewTempWindow(t, o)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	return win.Canvas().Capture()
}

// vizShot saves img as name.png under $UI_SHOTS, when that is set, for a person
// to look at.
func vizShot(t testing.TB, name string, img image.Image) {
	dir := os.Getenv("UI_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// vizApp starts a test app with the default theme (the test driver's own
// theme has odd colours) or a theme with text scaled by textScale.
func vizApp(t testing.TB, textScale float32) {
	a := test.NewTempApp(t)
	if textScale != 1 {
		a.Settings().SetTheme(&vizTheme{Theme: lightTheme{theme.DefaultTheme()}, k: textScale})
	} else {
		a.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	}
}

// lightTheme is the default theme in its light variant whatever the user
// prefers: pictures of the views must not depend on the machine's setting.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}

// vizTheme is a stand-in for projector mode: text and padding scaled.
type vizTheme struct {
	fyne.Theme
	k float32
}

func (s *vizTheme) Size(n fyne.ThemeSizeName) float32 { return s.Theme.Size(n) * s.k }

func TestTimelineRendersEmptyAndBusy(t *testing.T) {
	vizApp(t, 1)
	cases := []struct {
		name string
		snap *demos.Snapshot
	}{
		{"empty", &demos.Snapshot{}},
		{"counter", vizRun(8, 1, 2*time.Second, false, 1)},
		{"pool-ended", vizRun(6, 12, 5*time.Second, true, 2)},
		{"many-workers", vizRun(200, 2, 3*time.Second, false, 3)},
		{"sleepers-100k", vizSleepers(100_000, 3*time.Second)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tl := NewTimeline()
			vizRender(t, tl, 640, 300) // empty first, as a window shows it
			tl.Update(c.snap)
			img := vizRender(t, tl, 640, 300)
			vizShot(t, "timeline-"+c.name, img)
			if got, want := tl.Lanes(), vizWorkers(c.snap); got != want {
				t.Errorf("lanes = %d, want %d", got, want)
			}
		})
	}
}

func vizWorkers(s *demos.Snapshot) int {
	seen := map[int]bool{}
	for _, ti := range s.Tasks {
		seen[ti.Worker] = true
	}
	return len(seen)
}

func TestTimelineLanesAndAxis(t *testing.T) {
	vizApp(t, 1)
	s := vizRun(3, 2, 2*time.Second, true, 4)
	tl := NewTimeline()
	vizRender(t, tl, 640, 240)
	tl.Update(s)
	got := vizTexts(tl)
	for _, want := range []string{"w0", "w1", "w2", "0 s", "1 s", "2 s"} {
		if !slices.Contains(got, want) {
			t.Errorf("timeline texts %q lack %q", got, want)
		}
	}
	if slices.Contains(got, "w3") {
		t.Errorf("timeline texts %q have a lane w3 for 3 workers", got)
	}
	if tl.Lanes() != 3 {
		t.Errorf("lanes = %d, want 3", tl.Lanes())
	}
}

// TestTimelineLaneNames: a demo that names its lanes (the pipeline's
// stages) sees those names beside the rows; unnamed lanes keep "w" and
// the number.
func TestTimelineLaneNames(t *testing.T) {
	vizApp(t, 1)
	s := vizRun(3, 2, time.Second, true, 4)
	s.Lanes = map[int]string{0: "source0", 1: "parse0"}
	tl := NewTimeline()
	vizRender(t, tl, 640, 240)
	tl.Update(s)
	got := vizTexts(tl)
	for _, want := range []string{"source0", "parse0", "w2"} {
		if !slices.Contains(got, want) {
			t.Errorf("timeline texts %q lack %q", got, want)
		}
	}
	if slices.Contains(got, "w0") {
		t.Errorf("timeline texts %q still call a named lane w0", got)
	}
}

func TestTimelineDenseCaption(t *testing.T) {
	vizApp(t, 1)
	tl := NewTimeline()
	vizRender(t, tl, 640, 300)
	tl.Update(vizSleepers(10_000, time.Second))
	got := vizTexts(tl)
	if !slices.ContainsFunc(got, func(s string) bool { return len(s) > 15 && s[:15] == "10,000 workers:" }) {
		t.Errorf("no caption about 10000 workers in %q", got)
	}
}

func TestTimelinePaintsStates(t *testing.T) {
	vizApp(t, 1)
	// One worker: running 0-1 s, waiting 1-2 s, sleeping 2-3 s, done at 3 s,
	// seen at 4 s: the four quarters of the lane must differ.
	s := &demos.Snapshot{Elapsed: 4 * time.Second, Ended: true, Tasks: []demos.TaskInfo{{
		Worker: 0, State: demos.Done, Start: 0, End: 3 * time.Second,
		Spans: []demos.Span{{At: 0, State: demos.Running}, {At: time.Second, State: demos.Waiting},
			{At: 2 * time.Second, State: demos.Sleeping}, {At: 3 * time.Second, State: demos.Done}},
	}}}
	tl := NewTimeline()
	vizRender(t, tl, 400, 120)
	tl.Update(s)
	vizRender(t, tl, 400, 120)
	img := tl.img
	w := img.Rect.Dx()
	col := func(q int) map[pix]int { // colours in the middle of quarter q
		m := map[pix]int{}
		x0 := q*w/4 + w/16
		for x := x0; x < x0+w/8; x++ {
			for y := range int(tl.geom.lanesH) {
				i := img.PixOffset(x, y)
				m[*(*[4]uint8)(img.Pix[i : i+4])]++
			}
		}
		return m
	}
	has := func(q int, c pix) bool { return col(q)[c] > 0 }
	if !has(0, statePix[demos.Running]) || has(0, statePix[demos.Waiting]) {
		t.Error("first second is not drawn as running")
	}
	if !has(1, statePix[demos.Waiting]) || !has(1, statePix[demos.Waiting].fade(90)) {
		t.Error("second second is not drawn hatched as waiting")
	}
	if !has(2, statePix[demos.Sleeping]) {
		t.Error("third second is not drawn as sleeping")
	}
	if has(3, statePix[demos.Done]) || has(3, statePix[demos.Running]) {
		t.Error("after its task ended the lane is not empty: an idle worker looks busy or done")
	}
	end := 3 * w / 4 // 3 s of 4
	mark := 0
	for x := end - 4; x <= end+4; x++ {
		i := img.PixOffset(x, int(tl.geom.lanesH)/2)
		if *(*[4]uint8)(img.Pix[i : i+4]) == statePix[demos.Done] {
			mark++
		}
	}
	if mark == 0 || mark > 6 {
		t.Errorf("the end mark at 3 s is %d pixels wide, want a short mark", mark)
	}
}

// BenchmarkTimelineUpdate measures one frame with 10,000 tasks: the Update
// and the raster drawn at 1000×400 pixels (what the GL painter asks for),
// and once through the test driver's software painter, which also draws
// every text and the rest of the window (an upper bound).
func BenchmarkTimelineUpdate(b *testing.B) {
	vizApp(b, 1)
	for _, c := range []struct {
		name string
		snap *demos.Snapshot
	}{
		{"10k-tasks-8-workers", vizRun(8, 1250, 10*time.Second, false, 5)},
		{"10k-workers", vizRun(10_000, 1, 10*time.Second, false, 6)},
		{"10k-sleepers", vizSleepers(10_000, 10*time.Second)},
		{"100k-sleepers", vizSleepers(100_000, 10*time.Second)},
	} {
		b.Run(c.name, func(b *testing.B) {
			tl := NewTimeline()
			vizRender(b, tl, 1000, 400)
			for b.Loop() {
				tl.Update(c.snap)
				tl.draw(1000, 400)
			}
		})
	}
	b.Run("10k-tasks-8-workers-capture", func(b *testing.B) {
		s := vizRun(8, 1250, 10*time.Second, false, 5)
		tl := NewTimeline()
		win := test.NewTempWindow(b, tl)
		win.SetPadded(false)
		win.Resize(fyne.NewSize(1000, 430))
		for b.Loop() {
			tl.Update(s)
			win.Canvas().Capture()
		}
	})
}

func TestTimelineAxisGrows(t *testing.T) {
	vizApp(t, 1)
	for _, c := range []struct {
		elapsed  time.Duration
		ended    bool
		last     string // the last tick label
		notLast  string // a label that must not be there
		axisWant time.Duration
	}{
		{200 * time.Millisecond, false, "0.5 s", "1 s", minAxis},               // early in a run: at least half a second
		{3 * time.Second, false, "3 s", "4 s", 3 * time.Second},                // grows with the run
		{80 * time.Millisecond, true, "80 ms", "0.5 s", 80 * time.Millisecond}, // a short run ended: fits it
	} {
		tl := NewTimeline()
		vizRender(t, tl, 640, 200)
		tl.Update(vizRun(2, 1, c.elapsed, c.ended, 11))
		got := vizTexts(tl)
		if tl.axis != c.axisWant || !slices.Contains(got, c.last) || slices.Contains(got, c.notLast) {
			t.Errorf("elapsed %v ended %v: axis %v, labels %q; want axis %v, last label %q", c.elapsed, c.ended, tl.axis, got, c.axisWant, c.last)
		}
	}
}

// A snapshot cleared for the next run (fewer lanes) while the timeline is
// laid out at a new height: it rebuilds from the snapshot, and draws no
// label of a lane that has gone.
func TestTimelineClearedSnapshotAtNewHeight(t *testing.T) {
	vizApp(t, 1)
	tl := NewTimeline()
	s := vizRun(200, 1, 2*time.Second, false, 1) // bands of lanes, two a band at 300 px
	tl.Update(s)
	vizRender(t, tl, 640, 300)
	s.Tasks = s.Tasks[:0]      // the window's snapshot, cleared in place
	vizRender(t, tl, 640, 180) // four lanes a band: the bands are rebuilt
}
