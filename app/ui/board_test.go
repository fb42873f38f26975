package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"concurrencylab/demos"
)

// TestBoardCountsSpawnUnits: after 10,000 goroutines in projector mode,
// the board's header counts the goroutines and says how its rows hold
// them, its states count the rows, and the spawn picture's count is the
// same as the header's; at 1024x768 the header is no wider than "Tasks: 1,000 (8
// workers)" and fits the board, and it takes at most a line more than
// the header of tasks.
func TestBoardCountsSpawnUnits(t *testing.T) {
	l := newLab(t)
	l.setProjector(true)
	pick(t, l, "spawn", "goroutines")
	slide(t, l, "count", 10000)
	l.loop.start()
	waitEnd(t, l, 30*time.Second)
	b := l.views.board
	widest := fyne.MeasureText("Tasks: 1,000 (8 workers)", b.counts.words[0].TextSize, fyne.TextStyle{Bold: true}).Width
	for _, sz := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1280, Height: 720}} {
		l.Window.Resize(sz)
		l.Window.Content().Refresh()
		l.loop.frame()
		var pieces []string
		for i := range b.counts.n {
			pieces = append(pieces, b.counts.marks[i].Text+b.counts.words[i].Text)
		}
		for _, want := range []string{"10,000 goroutines", "in 1,000 rows of 10", "(1 worker)", "✓ 1,000 done"} {
			if !slices.Contains(pieces, want) {
				t.Errorf("%v: the header %q lacks %q", sz, pieces, want)
			}
		}
		if w, max := b.counts.MinSize().Width, b.obj.Size().Width; w > max {
			t.Errorf("%v: the header needs %v, the board is %v wide", sz, w, max)
		}
		for i := range b.counts.n {
			if w := fyne.MeasureText(b.counts.words[i].Text, b.counts.words[i].TextSize, b.counts.words[i].TextStyle).Width; w > widest {
				t.Errorf("%v: the header's %q is %v wide, over the %v of \"Tasks: 1,000 (8 workers)\"", sz, b.counts.words[i].Text, w, widest)
			}
		}
		t.Logf("%v: the header, %v high on a board %v wide: %q", sz, b.counts.Size().Height, b.obj.Size().Width, pieces)
		// against the same snapshot without its units, under the header
		// of tasks: at most a line more
		rows, h := len(fullRows(l)), b.counts.Size().Height
		units := l.sess.snap.Units
		l.sess.snap.Units = demos.Units{}
		b.update(l.sess.snap.Elapsed)
		l.Window.Content().Refresh()
		line := fyne.MeasureText("Ag", b.counts.words[0].TextSize, fyne.TextStyle{Bold: true}).Height
		if plain := b.counts.Size().Height; h > plain+line+1 {
			t.Errorf("%v: the header of units is %v high, of tasks %v: more than a line more", sz, h, plain)
		}
		t.Logf("%v: %d whole rows under the header of units, %d under the header of tasks", sz, rows, len(fullRows(l)))
		l.sess.snap.Units = units
		b.update(l.sess.snap.Elapsed)
	}
	pic := l.views.pictures["spawn"]
	if !slices.ContainsFunc(vizTexts(pic), func(s string) bool { return strings.Contains(s, " for 10,000") }) {
		t.Errorf("the spawn picture does not count the board's 10,000: %q", vizTexts(pic))
	}
}

// TestCountsUnitsWording: the header's pieces for units that do not fill
// the last row, for a task a unit, and for a run that declares none.
func TestCountsUnitsWording(t *testing.T) {
	snap := func(u demos.Units, tasks int, st demos.State) *demos.Snapshot {
		s := &demos.Snapshot{Tasks: make([]demos.TaskInfo, tasks), Units: u, Workers: 8}
		for i := range s.Tasks {
			s.Tasks[i].State = st
		}
		s.Count[st] = tasks
		return s
	}
	cases := []struct {
		s    *demos.Snapshot
		want [][2]string
	}{
		{snap(demos.Units{Per: 10, Total: 9999, Noun: "goroutines"}, 1000, demos.Waiting), [][2]string{
			{"", "9,999 goroutines"}, {"", "(8 workers)"}, {"", "in 999 rows of 10"}, {"", "and 1 of 9"}, {stateMark(demos.Waiting), " 1,000 waiting"}}},
		{snap(demos.Units{Per: 2, Total: 1, Noun: "threads"}, 1, demos.Done), [][2]string{
			{"", "Tasks: 1 (8 workers)"}, {stateMark(demos.Done), " 1 done"}}},
		{snap(demos.Units{Per: 10, Total: 5, Noun: "threads"}, 1, demos.Done), [][2]string{
			{"", "5 threads"}, {"", "(8 workers)"}, {"", "in 1 row of 5"}, {stateMark(demos.Done), " 1 done"}}},
		{snap(demos.Units{Per: 1, Total: 200, Noun: "goroutines"}, 200, demos.Done), [][2]string{
			{"", "Tasks: 200 (8 workers)"}, {stateMark(demos.Done), " 200 done"}}},
		{snap(demos.Units{}, 3, demos.Running), [][2]string{
			{"", "Tasks: 3 (8 workers)"}, {stateMark(demos.Running), " 3 running"}}},
	}
	for _, c := range cases {
		if got := countsUnits(c.s, ""); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.s.Units, got, c.want)
		}
	}
}
