package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"concurrencylab/assets"
	"concurrencylab/demos"
)

// TestSnippetTags reads every tag of every snippet and peer program: each
// word is known, each mode named is the demo's, and in no mode do two
// lines count the same tasks (a task is on one line at a time).
func TestSnippetTags(t *testing.T) {
	tagged := 0
	for _, d := range demos.All() {
		srcs := map[string]string{}
		for _, f := range assets.Files(d.ID) {
			src, _ := assets.File(d.ID, f)
			srcs[f] = src
		}
		for _, m := range d.Modes {
			if _, src, ok := assets.Peer(d.ID, m.Name); ok {
				srcs[m.Name] = src
			}
		}
		for name, src := range srcs {
			var tags []codeTag
			for i, line := range strings.Split(src, "\n") {
				code, words := splitTag(line)
				if words == nil {
					continue
				}
				tagged++
				tag, err := parseTag(words)
				if err != nil {
					t.Errorf("%s/%s line %d: %v", d.ID, name, i+1, err)
					continue
				}
				if code == "" || len(words) == 0 {
					t.Errorf("%s/%s line %d: a tag with no code or no words", d.ID, name, i+1)
				}
				for _, m := range tag.modes {
					if !slices.ContainsFunc(d.Modes, func(dm demos.Mode) bool { return dm.Name == m }) {
						t.Errorf("%s/%s line %d: mode %q is not one of the demo's", d.ID, name, i+1, m)
					}
				}
				if tag.state != demos.Pending {
					tags = append(tags, tag)
				}
			}
			for _, m := range d.Modes {
				seen := map[string]bool{}
				for _, tag := range tags {
					if !tag.inMode(m.Name) {
						continue
					}
					k := fmt.Sprint(tag.state, tag.workers, tag.holds, tag.op, tag.res)
					if seen[k] {
						t.Errorf("%s/%s in mode %s: two lines count the same tasks (%s)", d.ID, name, m.Name, k)
					}
					seen[k] = true
				}
			}
		}
	}
	if tagged == 0 {
		t.Fatal("no snippet has a tag")
	}
	if _, err := parseTag([]string{"runing"}); err == nil {
		t.Error("a misspelt state was read as a tag")
	}
}

// TestCodeMarksCountTasks: the Code view counts the tasks on each tagged
// line, from their state and what they wait on, shows the count only while
// it is not zero, hides the tags themselves, and marks the mode's lines.
func TestCodeMarksCountTasks(t *testing.T) {
	vizApp(t, 1)
	src := "func main() {\n" +
		"\ta.Lock() //@ waiting holds=0\n" +
		"\twork() //@ running\n" +
		"\tb.Lock() //@ waiting holds=1\n" +
		"\tch <- 1 // hand it on //@ waiting op=send res=ch mode=fast\n" +
		"}\n"
	c := newCodeText(src)
	for _, l := range c.lines {
		if strings.Contains(l, "@") {
			t.Fatalf("a tag is shown: %q", l)
		}
	}
	if c.lines[4] != "    ch <- 1 // hand it on" {
		t.Errorf("line 5 reads %q", c.lines[4])
	}
	c.setMode("slow")
	s := &demos.Snapshot{Tasks: []demos.TaskInfo{
		{State: demos.Waiting, On: "lock a"},
		{State: demos.Waiting, On: "lock b", Holds: []string{"a"}},
		{State: demos.Waiting, On: "lock a"},
		{State: demos.Running},
		{State: demos.Waiting, Op: demos.WaitSend, Res: "ch"},
	}}
	s.Count[demos.Running], s.Count[demos.Waiting] = 1, 4
	c.setLive(s)
	vizRender(t, c, 800, 300)
	if got := shownMarks(c); !slices.Equal(got, []string{"2: ‖ 2", "3: ▶ 1", "4: ‖ 1"}) {
		t.Errorf("in mode slow the marks read %q", got)
	}
	if c.bars[4].Visible() {
		t.Error("a line of mode fast is marked in mode slow")
	}
	c.setMode("fast")
	c.setLive(s)
	vizRender(t, c, 800, 300)
	if got := shownMarks(c); !slices.Equal(got, []string{"2: ‖ 2", "3: ▶ 1", "4: ‖ 1", "5: ‖ 1"}) {
		t.Errorf("in mode fast the marks read %q", got)
	}
	if !c.bars[4].Visible() {
		t.Error("the mode's line is not marked")
	}
	c.setLive(&demos.Snapshot{})
	vizRender(t, c, 800, 300)
	if got := shownMarks(c); len(got) != 0 {
		t.Errorf("with no task the marks read %q", got)
	}
}

// shownMarks lists the visible marks as "line: text", lines from 1.
func shownMarks(c *codeText) []string {
	var out []string
	for _, m := range c.marks {
		if m.text.Visible() {
			out = append(out, fmt.Sprintf("%d: %s", m.line+1, m.text.Text))
		}
	}
	return out
}

// TestCodeMarksFollowTheRun: in the window, the deadlock demo's snippet
// counts the run's tasks on its lines; held at the moment the cycle
// closed, both workers wait at the second Lock, each holding its first;
// at the run's end (all failed or cancelled) no line counts a task.
func TestCodeMarksFollowTheRun(t *testing.T) {
	l := newLab(t)
	pick(t, l, "deadlock", "deadlock")
	slide(t, l, "workers", 2)
	l.views.showView(viewCode)
	ct := l.views.code.live
	if ct == nil || ct != l.views.code.items[0].Content {
		t.Fatal("the Go snippet does not count the run's tasks")
	}
	test.Tap(l.ctl.runBtn)
	waitEnd(t, l, 20*time.Second)
	if got := shownMarks(ct); len(got) != 0 {
		t.Errorf("at the run's end the marks read %q", got)
	}
	if !l.play.seekMoment("cycle-closed") {
		t.Fatal("the run has no moment where the cycle closed")
	}
	if got := shownMarks(ct); !slices.Contains(got, "21: ‖ 2") {
		t.Errorf("where the cycle closed the marks read %q; want both workers at line 21, the second Lock", got)
	}
}

// TestWrapCode: a line longer than the width wraps at a space onto rows
// marked as its continuation, indented under it; every character but the
// spaces it breaks at is kept, and no row is wider than the width.
func TestWrapCode(t *testing.T) {
	line := `        fmt.Printf("%2d goroutines: %d primes in %.2f s\n", workers, primes, time.Since(start).Seconds())`
	for _, cols := range []int{20, 40, 64, 80} {
		rows := wrapCode(line, cols)
		if len(rows) < 2 {
			t.Fatalf("cols %d: %d row", cols, len(rows))
		}
		kept := ""
		for i, r := range rows {
			if n := len([]rune(r)); n > cols {
				t.Errorf("cols %d: row %d is %d wide: %q", cols, i, n, r)
			}
			if i > 0 && !strings.HasPrefix(strings.TrimLeft(r, " "), contMark) {
				t.Errorf("cols %d: row %d does not say it continues the line: %q", cols, i, r)
			}
			kept += strings.Join(strings.Fields(strings.Replace(r, contMark, "", 1)), "")
		}
		if kept != strings.Join(strings.Fields(line), "") {
			t.Errorf("cols %d: the rows lose or change text:\n%q", cols, rows)
		}
	}
	if rows := wrapCode("short", 20); len(rows) != 1 || rows[0] != "short" {
		t.Errorf("a short line wraps: %q", rows)
	}
	long := strings.Repeat("x", 50) // no space to break at
	if rows := wrapCode(long, 20); strings.Join(rows, "") == "" || len([]rune(rows[0])) != 20 {
		t.Errorf("a line with no space: %q", rows)
	}
}

// TestCodeFitsTheWidth: at any width, in the projector's theme, the large
// code cuts no row at the right edge: long lines wrap. Every snippet, its
// rows measured as drawn.
func TestCodeFitsTheWidth(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newProjectorTheme())
	for _, d := range demos.All() {
		for _, f := range assets.Files(d.ID) {
			src, _ := assets.File(d.ID, f)
			c := newCodeText(src)
			c.setLarge(true)
			for _, w := range []float32{1008, 1272, 600} {
				c.Resize(fyne.NewSize(w, 2000))
				c.Refresh()
				for _, tx := range c.texts { // into the padding, but not past the edge
					if tx.Visible() && tx.Position().X+tx.MinSize().Width > w {
						t.Errorf("%s/%s at width %v: %q runs to %.0f", d.ID, f, w, tx.Text, tx.Position().X+tx.MinSize().Width)
					}
				}
			}
		}
	}
}

// TestCodeMarksCountUnits: where a task stands for a batch of units (the
// spawn demo's goroutines), a line counts the units, as the board does.
func TestCodeMarksCountUnits(t *testing.T) {
	vizApp(t, 1)
	c := newCodeText("for range n {\n\twg.Go(func() { <-release }) //@ waiting\n}\n")
	c.setMode("goroutines")
	s := &demos.Snapshot{Units: demos.Units{Per: 10, Total: 25, Noun: "goroutines"}, Tasks: []demos.TaskInfo{
		{ID: 0, State: demos.Waiting}, {ID: 1, State: demos.Running}, {ID: 2, State: demos.Waiting},
	}}
	c.setLive(s)
	vizRender(t, c, 800, 200)
	if got := shownMarks(c); !slices.Equal(got, []string{"2: ‖ 15"}) {
		t.Errorf("marks %q, want the 10 and 5 goroutines of the two waiting batches", got)
	}
}

// TestCodeOpensAtItsDefinition: a layout at a hidden view's tiny size
// does not decide where the code opens; at its real size the cpu demo's
// code opens at its first definition, with the line that computes in view.
func TestCodeOpensAtItsDefinition(t *testing.T) {
	vizApp(t, 1.6)
	src, _ := assets.File("cpu", "main.go")
	c := newCodeText(src)
	c.setLarge(true)
	c.setMode("goroutines")
	c.Resize(fyne.NewSize(40, 20)) // hidden: a row or two
	c.Refresh()
	c.Resize(fyne.NewSize(1272, 560))
	c.Refresh()
	if got := c.rows[c.top].line; got != c.focus {
		t.Errorf("the code opens at line %d, want its first definition's comment, line %d", got+1, c.focus+1)
	}
	lo, hi := c.modeLines()
	if c.rowOf(lo) < c.top || c.rowOf(hi+1)-1 >= c.top+c.shown {
		t.Errorf("the line that computes (%d) is out of view: rows %d to %d", lo+1, c.top, c.top+c.shown)
	}
}

// TestCodeCountCoversNoCode: a line's live count sits right of its code,
// the line wrapping sooner to leave it room.
func TestCodeCountCoversNoCode(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newProjectorTheme())
	var srcs []string // the Go snippets and the programs the peer modes run
	for _, d := range demos.All() {
		src, _ := assets.File(d.ID, "main.go")
		srcs = append(srcs, src)
		for _, m := range d.Modes {
			if _, p, ok := assets.Peer(d.ID, m.Name); ok {
				srcs = append(srcs, p)
			}
		}
	}
	for _, src := range srcs {
		c := newCodeText(src)
		c.setLarge(true)
		for _, m := range c.marks {
			m.n = 10_000
		}
		for _, w := range []float32{1008, 1272} {
			c.Resize(fyne.NewSize(w, 2000))
			c.Refresh()
			for _, m := range c.marks {
				if !m.text.Visible() {
					continue
				}
				for _, tx := range c.texts {
					if tx.Visible() && tx.Position().Y == m.text.Position().Y && tx.Position().X+tx.MinSize().Width > m.back.Position().X {
						t.Errorf("at width %v: the count %q covers %q", w, m.text.Text, tx.Text)
					}
				}
			}
		}
	}
}
