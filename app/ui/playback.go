package ui

import (
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// playback is the part that moves the window's cursor through a run's
// recording, as a video player does: Home and End, "," and "." a step,
// "<" and ">" a moment, Space to play a finished run from the cursor at
// the speed control's pace, and a scrub bar with the moments marked on it.
// Every view shows the state at the cursor, folded by the engine's Player
// with the fold the live run used; stepping back while a run goes on
// freezes the view, not the run, and End follows the run again.
type playback struct {
	lab     *Lab
	player  *demos.Player // the current run's or recording's; nil before the first
	playing bool          // a finished run plays from the cursor
	anim    *fyne.Animation
	last    time.Time // the play loop's last tick
	bar     *scrubBar
	said    *widget.Label // the moment at or before the cursor, in words
	box     *fyne.Container
}

func newPlayback(l *Lab) *playback {
	pb := &playback{lab: l}
	pb.bar = newScrubBar(pb.scrub)
	pb.said = widget.NewLabel("")
	pb.said.TextStyle = fyne.TextStyle{Bold: true}
	pb.said.Truncation = fyne.TextTruncateEllipsis
	pb.box = container.NewVBox(pb.bar, pb.said)
	pb.anim = &fyne.Animation{Duration: time.Second, RepeatCount: fyne.AnimationRepeatForever,
		Curve: fyne.AnimationLinear, Tick: func(float32) { pb.tick() }}
	return pb
}

// follow plays run r: its player follows the head while it runs.
func (pb *playback) follow(r *demos.Run) { pb.load(demos.NewPlayer(r)) }

// load makes p the window's player, shown at its head.
func (pb *playback) load(p *demos.Player) {
	pb.pause()
	fresh := pb.player == nil
	pb.player = p
	if fresh {
		pb.lab.views.arrangeRun()
	}
	pb.refresh()
}

// drop lets go of the run shown: the board is cleared for another run
// (Reset, another demo, a lesson's next step), and Space must start that
// run, not play the last one again.
func (pb *playback) drop() {
	pb.pause()
	if pb.player != nil {
		pb.player = nil
		pb.lab.views.arrangeRun()
	}
}

// held reports whether the cursor is held back from the head.
func (pb *playback) held() bool { return pb.player != nil && !pb.player.Live() }

// canPlay reports whether Space plays the recording rather than starting a
// run: no run goes on and the cursor rests before the head.
func (pb *playback) canPlay() bool { return pb.held() && !pb.lab.sess.live() || pb.playing }

// home shows the run's start: every task pending.
func (pb *playback) home() {
	if p := pb.player; p != nil {
		pb.pause()
		p.Seek(p.Start())
		pb.show("Start of the run.")
	}
}

// end shows the head again: the live run, or a finished run's end.
func (pb *playback) end() {
	if p := pb.player; p != nil {
		pb.pause()
		p.Follow()
		pb.show("")
	}
}

// step moves the cursor n events.
func (pb *playback) step(n int) {
	if p := pb.player; p != nil {
		pb.pause()
		p.Step(n)
		pb.show("")
	}
}

// scrub moves the cursor to frac of the run's length: the scrub bar.
func (pb *playback) scrub(frac float32) {
	if p := pb.player; p != nil {
		pb.pause()
		p.SeekTime(time.Duration(float64(frac) * float64(p.Head())))
		pb.show("")
	}
}

// moment jumps to the next (dir 1) or previous moment and says it.
func (pb *playback) moment(dir int) {
	p := pb.player
	if p == nil {
		return
	}
	pb.pause()
	m, ok := p.NextMoment()
	if dir < 0 {
		m, ok = p.PrevMoment()
	}
	if !ok {
		pb.show("No moment further on this side.")
		return
	}
	p.Seek(m.Index)
	pb.show(m.Text + ".")
}

// seekMoment jumps to the first moment of kind, if the run has one yet:
// a lesson's step stops there.
func (pb *playback) seekMoment(kind string) bool {
	if p := pb.player; p != nil {
		for _, m := range p.Moments() {
			if m.Kind == kind {
				p.Seek(m.Index)
				pb.show("")
				return true
			}
		}
	}
	return false
}

// togglePlay is Space on a finished run held before its head: play from
// the cursor, or pause.
func (pb *playback) togglePlay() {
	if pb.playing {
		pb.pause()
		pb.show("Paused.")
		return
	}
	pb.playing, pb.last = true, time.Now()
	pb.anim.Start()
	pb.show("")
}

func (pb *playback) pause() {
	if pb.playing {
		pb.playing = false
		pb.anim.Stop()
	}
}

// tick moves a playing cursor on by the time since the last frame, at the
// speed control's pace (slow motion plays slower), and stops at the head.
func (pb *playback) tick() {
	p, now := pb.player, time.Now()
	if p == nil || !pb.playing {
		return
	}
	dt := time.Duration(float64(now.Sub(pb.last)) * pb.lab.speed)
	pb.last = now
	p.SeekTime(p.At() + dt)
	if p.At() >= p.Head() {
		pb.pause()
		p.Follow()
	}
	pb.show("")
}

// show draws the state at the cursor in every view, and says where the
// cursor is, with what first when there is something to say.
func (pb *playback) show(what string) {
	l := pb.lab
	p := pb.player
	p.Snapshot(&l.sess.snap)
	now := l.sess.snap.Elapsed
	l.views.updateViews(now)
	where := "Live."
	switch {
	case pb.playing:
		where = fmt.Sprintf("Playing at %s, %s.", speedText(l.speed), seconds(now))
	case !p.Live():
		where = fmt.Sprintf("Event %s of %s at %s; End returns to the head.",
			thousands(int64(p.Cursor())), thousands(int64(p.Len())), seconds(now))
	case !l.sess.live():
		where = "End of the run."
	}
	if ms := p.MomentAt(); len(ms) > 0 && !p.Live() && !strings.Contains(what, ms[len(ms)-1].Text) {
		// the cursor rests on a moment: say it, as the lesson lives there
		where = ms[len(ms)-1].Text + ". " + where
	}
	if what != "" {
		where = what + " " + where
	}
	l.info.say(where)
	pb.refresh()
}

// refresh moves the scrub bar's cursor and marks and says the moment at
// or before the cursor; the frame loop calls it while a run is followed.
func (pb *playback) refresh() {
	p := pb.player
	if p == nil {
		return
	}
	head := p.Head()
	frac := float32(1)
	if !p.Live() && head > 0 {
		frac = float32(float64(p.At()) / float64(head))
	}
	ms := p.Moments()
	marks, warn := make([]float32, len(ms)), make([]bool, len(ms))
	cur := -1
	for i, m := range ms {
		if head > 0 {
			marks[i] = float32(float64(m.At) / float64(head))
		}
		warn[i] = m.Warning
		if m.Index <= p.Cursor() {
			cur = i
		}
	}
	pb.bar.set(frac, marks, warn)
	text := fmt.Sprintf("%s · no moment yet", seconds(p.At()))
	if cur >= 0 {
		m := ms[cur]
		mark := "◆"
		if m.Warning {
			mark = "⚠"
		}
		text = fmt.Sprintf("%s moment %d of %d · %s", mark, cur+1, len(ms), m.Text)
	}
	if pb.said.Text != text {
		pb.said.SetText(text)
	}
}

// openRecording shows rec in the window: its demo and settings in the
// controls, its run at its end in every view. Home and Space play it.
func (pb *playback) openRecording(rec *demos.Recording, from string) {
	l := pb.lab
	l.loop.letGo()
	if l.demo != rec.Demo {
		l.selectDemo(rec.Demo)
	}
	l.ctl.applyConfig(rec.Config)
	pb.load(demos.NewRecordingPlayer(rec))
	pb.show(fmt.Sprintf("%s: %s, mode %s, recorded %s. Home, then Space, plays it.",
		from, rec.Demo.Title, rec.Config.Mode, rec.Started.Local().Format("2 Jan 15:04")))
}

// save asks where to save the recording shown (Ctrl+S).
func (pb *playback) save() {
	l := pb.lab
	if pb.player == nil {
		l.info.say("No run to save yet: press Space to run one.")
		return
	}
	rec := pb.player.Recording()
	name := fmt.Sprintf("%s-%s-%s.rec", rec.Demo.ID, rec.Config.Mode, rec.Started.Local().Format("150405"))
	if l.cmp.view.files.busy() {
		return
	}
	l.cmp.view.files.save("Save the run's recording", name, ".rec", func(w io.Writer) error {
		_, err := rec.WriteTo(w)
		return err
	})
}

// warnings says the app's own warnings about the run shown (the machine was
// busy, a task never yielded, goroutines left blocked), the first of each
// kind with a count of the rest, so a figure that came out against the
// lesson says why in a line or two.
func (pb *playback) warnings() string {
	if pb.player == nil {
		return ""
	}
	var kinds []string
	first, more := map[string]string{}, map[string]int{}
	for _, m := range pb.player.Moments() {
		switch {
		case !m.Warning:
		case first[m.Kind] == "":
			kinds = append(kinds, m.Kind)
			first[m.Kind] = withoutTime(m.Text)
		default:
			more[m.Kind]++
		}
	}
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = "⚠ " + first[k] + "."
		if n := more[k]; n > 0 {
			out[i] += fmt.Sprintf(" (%d more like it.)", n)
		}
	}
	return strings.Join(out, " ")
}

// withoutTime drops a moment's "At 1.692 s, " for a line that says it at
// the run's end, where the time adds nothing.
func withoutTime(text string) string {
	if rest, ok := strings.CutPrefix(text, "At "); ok {
		if _, after, ok := strings.Cut(rest, ", "); ok && after != "" {
			return strings.ToUpper(after[:1]) + after[1:]
		}
	}
	return text
}
