package term

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"concurrencylab/demos"
)

// Limits on what `app run` prints on stderr, so that a run of 100,000 tasks
// prints a screenful, not 100,000 lines.
const (
	taskLineLimit = 100  // a line per ended task while the run has at most this many tasks
	failLineLimit = 30   // then only failures, at most this many
	logLineLimit  = 1000 // printed lines of the demo itself
	barWidth      = 24
	barThrottle   = 80 * time.Millisecond

	// A demo that prints a line of its own when a task ends (the downloader:
	// "file 3: FAILED: HTTP 500") has said it already: a line of the same
	// worker within echoWindow after the task's end stands for the task's line.
	// Task ends wait settle before they are printed, so that such a line,
	// sent just after the end, has been folded by then.
	echoWindow = 2 * time.Millisecond
	settle     = 50 * time.Millisecond
)

// line is one line printed above the bar, at a time of the run.
type line struct {
	at   time.Duration
	text string
}

// progress shows a run on stderr: one overall bar (tasks ended of all tasks,
// with the demo's own figure in its description) and, above it, a line per
// ended task and per line the demo printed. progressbar/v3 draws one bar at
// a time, so lines go through progressbar.Bprintln, which clears the bar,
// prints them and draws the bar again at its next (throttled) redraw. When
// stderr is not a terminal there is no bar at all, only the lines, so a log
// file gets no carriage returns.
type progress struct {
	w     io.Writer
	r     *demos.Run
	tty   bool
	width int // terminal columns
	bar   *progressbar.ProgressBar
	total int // the bar's max

	ended      []bool                  // ended task i has been accounted for
	logs       int                     // demo lines printed (or left out)
	indexed    int                     // demo lines entered in logTimes
	logTimes   map[int][]time.Duration // when each worker printed, for echoWindow
	taskLines  int                     // ended-task lines printed
	failLines  int                     // failure lines printed after the per-task limit
	suppressed bool                    // some lines were left out: print a tally at the end
	final      bool                    // finish is drawing the bar complete, under the last lines
	pending    []line                  // lines of this update, sorted before printing
	notes      []line                  // the front end's own lines, waiting to settle
	rate       []sample                // the downloader's bytes over the last second
}

// sample is a count at a time of the run.
type sample struct {
	at time.Duration
	n  int64
}

func newProgress(w io.Writer, r *demos.Run) *progress {
	p := &progress{w: w, r: r, width: 80, logTimes: map[int][]time.Duration{}}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb" {
		p.tty = true
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			p.width = cols
		}
	}
	return p
}

// update prints what happened since the last update and redraws the bar.
// It is called ~10 times a second from one goroutine.
func (p *progress) update(s *demos.Snapshot) {
	p.collect(s)
	p.flush()
	if !p.tty || len(s.Tasks) == 0 || (p.bar != nil && p.bar.IsFinished()) {
		return // a finished bar redraws itself on a new line if touched
	}
	n, done := p.count(s)
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(int64(n),
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetWidth(barWidth),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionThrottle(barThrottle),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }),
		)
		p.total = n
	} else if n != p.total {
		p.bar.ChangeMax64(int64(n))
		p.total = n
	}
	if !p.final {
		// A demo may add tasks as it goes; a bar at its max is finished for
		// good, so it stays one short of the max until finish has printed
		// the run's last lines above it (an update that sees the run ended
		// comes before them).
		done = min(done, n-1)
	}
	// Both calls redraw, throttled: the second is mostly skipped, so the
	// count (beside the lines just printed) goes first and the description
	// shows at the next update.
	desc := p.describe(s)
	if p.final {
		p.bar.Describe(desc) // the last drawing has the last figures
		p.bar.Set64(int64(done))
		return
	}
	p.bar.Set64(int64(done))
	p.bar.Describe(desc)
}

// count is what the bar counts: the run's tasks and those ended, or where
// a task stands for several units (spawn's goroutines, ten to a task) the
// units and those of the tasks ended, so the bar counts what the summary
// and the window count.
func (p *progress) count(s *demos.Snapshot) (all, ended int) {
	if s.Units.Per <= 1 {
		return len(s.Tasks), s.Finished()
	}
	return s.Units.Total, s.UnitsIn(demos.Done) + s.UnitsIn(demos.Failed) + s.UnitsIn(demos.Cancelled)
}

// finish prints the last lines (with, if lines were left out, a tally of
// how the tasks ended) and completes the bar under them.
func (p *progress) finish(s *demos.Snapshot) {
	p.collect(s) // marks every ended task, so the tally below is complete
	var never int
	for i := range s.Tasks {
		if t := &s.Tasks[i]; t.State == demos.Cancelled && len(t.Spans) <= 1 {
			never++
		}
	}
	at := s.Elapsed
	if never > 0 {
		p.pending = append(p.pending, line{at, prefix(at, "") + fmt.Sprintf("%s %s never started",
			demos.Cancelled.Glyph(), demos.Plural(never, "task", "tasks"))})
	}
	if p.suppressed {
		p.pending = append(p.pending, line{at, prefix(at, "") + fmt.Sprintf("%d tasks: %d done, %d failed, %d cancelled (too many for a line each: -json lists them all)",
			len(s.Tasks), s.Count[demos.Done], s.Count[demos.Failed], s.Count[demos.Cancelled])})
	}
	p.final = true
	p.update(s)
	if p.bar != nil && !p.bar.IsFinished() {
		p.bar.Finish()
	}
}

// note prints a message of the front end itself, e.g. that it is stopping,
// at the next update, in its place among the lines that are settling.
func (p *progress) note(msg string) {
	at := p.r.Elapsed()
	p.notes = append(p.notes, line{at, prefix(at, "") + msg})
}

// collect gathers the lines of this update: new demo lines and newly ended
// tasks, within the limits.
func (p *progress) collect(s *demos.Snapshot) {
	for _, l := range s.Logs[p.indexed:] {
		p.logTimes[l.Worker] = append(p.logTimes[l.Worker], l.At)
		p.indexed++
	}
	// Lines wait settle too, so that they and the task ends come out in
	// the order they happened.
	cutoff := s.Elapsed - settle
	for len(p.notes) > 0 && (s.Ended || p.notes[0].at <= cutoff) {
		p.pending = append(p.pending, p.notes[0])
		p.notes = p.notes[1:]
	}
	for _, l := range s.Logs[p.logs:] {
		if !s.Ended && l.At > cutoff {
			break
		}
		if p.logs < logLineLimit {
			p.pending = append(p.pending, line{l.At, prefix(l.At, workerLabel(s, l.Worker)) + l.Text})
		} else if p.logs == logLineLimit {
			p.pending = append(p.pending, line{l.At, prefix(l.At, "") + fmt.Sprintf("(more than %d lines printed: the rest are left out)", logLineLimit)})
		}
		p.logs++
	}
	for len(p.ended) < len(s.Tasks) {
		p.ended = append(p.ended, false)
	}
	detailed := len(s.Tasks) <= taskLineLimit
	for i := range s.Tasks {
		t := &s.Tasks[i]
		if p.ended[i] || !t.State.Ended() || (!s.Ended && t.End > cutoff) {
			continue
		}
		p.ended[i] = true
		if t.State == demos.Cancelled && len(t.Spans) <= 1 {
			continue // never started: counted in one line at the end
		}
		if p.echoed(t) {
			continue
		}
		switch {
		case detailed && p.taskLines < taskLineLimit:
			p.taskLines++
		case t.State == demos.Failed && p.failLines < failLineLimit:
			p.failLines++
			p.suppressed = true
		case t.State == demos.Failed && p.failLines == failLineLimit:
			p.failLines++
			p.suppressed = true
			p.pending = append(p.pending, line{t.End, prefix(t.End, "") + fmt.Sprintf("(more than %d failures: the rest are left out)", failLineLimit)})
			continue
		default:
			p.suppressed = true
			continue
		}
		p.pending = append(p.pending, line{t.End, prefix(t.End, workerLabel(s, t.Worker)) + taskLine(t)})
	}
}

// echoed reports whether the task's worker printed a line just after the
// task ended: the demo's own report of that end.
func (p *progress) echoed(t *demos.TaskInfo) bool {
	times := p.logTimes[t.Worker]
	for i := len(times) - 1; i >= 0; i-- {
		d := times[i] - t.End
		if d >= 0 && d <= echoWindow {
			return true
		}
		if d < 0 {
			return false
		}
	}
	return false
}

// flush prints the pending lines in the order they happened.
func (p *progress) flush() {
	slices.SortStableFunc(p.pending, func(a, b line) int { return int(a.at - b.at) })
	for _, l := range p.pending {
		p.write(l.text)
	}
	p.pending = p.pending[:0]
}

// write prints one line above the bar, or plainly when there is none.
func (p *progress) write(text string) {
	if p.bar != nil && !p.bar.IsFinished() {
		progressbar.Bprintln(p.bar, text)
		return
	}
	fmt.Fprintln(p.w, text)
}

// describe is the text beside the bar: time, the demo's own figure and how
// many tasks (or units) are in each live state, cut to fit the terminal.
func (p *progress) describe(s *demos.Snapshot) string {
	parts := []string{fmt.Sprintf("%.1fs", s.Elapsed.Seconds())}
	if sp := p.r.Speed(); sp < 1 {
		parts = append(parts, fmt.Sprintf("speed %.2gx", sp))
	}
	if s.Counter.Set {
		parts = append(parts, fmt.Sprintf("counter %d/%d", s.Counter.Actual, s.Counter.Expected))
	}
	if fig := p.figure(s); fig != "" {
		parts = append(parts, fig)
	}
	for _, st := range []demos.State{demos.Running, demos.Waiting, demos.Sleeping, demos.Failed} {
		if n := s.UnitsIn(st); n > 0 { // as many as the bar counts
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.Flags)) {
		if s.Flags[name] {
			parts = append(parts, strings.ToUpper(name))
		}
	}
	d := strings.Join(parts, "  ")
	// The bar, its percentage and its count take about 45 columns; a line
	// wider than the terminal would wrap and the bar could not redraw itself.
	if room := p.width - 45 - len(fmt.Sprint(p.total))*2; len([]rune(d)) > room {
		d = string([]rune(d)[:max(0, room-1)]) + "…"
	}
	return d
}

// figure is a demo's own live figure beside the bar; for a demo whose
// progress is counted in bytes, those received and the rate over the last second.
func (p *progress) figure(s *demos.Snapshot) string {
	if !p.r.Demo.Shows.Bytes { // progress counted in bytes
		return ""
	}
	var n int64
	for i := range s.Tasks {
		n += s.Tasks[i].N
	}
	p.rate = append(p.rate, sample{s.Elapsed, n})
	for len(p.rate) > 2 && s.Elapsed-p.rate[1].at >= time.Second {
		p.rate = p.rate[1:]
	}
	old := p.rate[0]
	out := demos.Bytes(float64(n))
	if dt := s.Elapsed - old.at; dt > 0 {
		out += fmt.Sprintf(", %s/s", demos.Bytes(float64(n-old.n)/dt.Seconds()))
	}
	return out
}

// taskLine says how one task ended.
func taskLine(t *demos.TaskInfo) string {
	took := fmtDur(t.End - t.Start)
	switch t.State {
	case demos.Done:
		return fmt.Sprintf("%s task %d done in %s", t.State.Glyph(), t.ID, took)
	case demos.Failed:
		return fmt.Sprintf("%s task %d failed after %s: %s", t.State.Glyph(), t.ID, took, t.On)
	}
	return fmt.Sprintf("%s task %d cancelled after %s: %s", t.State.Glyph(), t.ID, took, t.On)
}

// workerLabel names worker w in a line: the lane's name when the demo gave
// it one ("parse0"), else "w3"; the demo's main goroutine (a negative
// worker) goes unnamed, as its lines name it themselves.
func workerLabel(s *demos.Snapshot, w int) string {
	if w < 0 {
		return ""
	}
	if name, ok := s.Lanes[w]; ok {
		return name
	}
	return fmt.Sprintf("w%d", w)
}

// prefix is the time and worker at the start of every printed line:
// "  1.502s  w1  ".
func prefix(at time.Duration, who string) string {
	return fmt.Sprintf("%9s  %-3s ", fmtSeconds(at), who)
}

func fmtSeconds(d time.Duration) string {
	return fmt.Sprintf("%.3fs", d.Seconds())
}

// fmtDur renders a duration to about three digits: "420µs", "3.25ms", "1.502s".
func fmtDur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%.3gms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.3fs", d.Seconds())
}
