package ui

import (
	"fmt"

	"concurrencylab/demos"
)

// playback is the part that moves the window's cursor through a run's
// recording, as a video player does: Home and End, "," and "." a step,
// "<" and ">" a moment. Every view shows the state at the cursor, folded
// by the engine's Player with the fold the live run used; stepping back
// while a run goes on freezes the view, not the run, and End follows the
// run again.
type playback struct {
	lab    *Lab
	player *demos.Player // the current run's; nil before the first run
}

// follow plays run r: its player follows the head while it runs.
func (pb *playback) follow(r *demos.Run) { pb.player = demos.NewPlayer(r) }

// held reports whether the cursor is held back from the head.
func (pb *playback) held() bool { return pb.player != nil && !pb.player.Live() }

// home shows the run's start: every task pending.
func (pb *playback) home() {
	if p := pb.player; p != nil {
		p.Seek(p.Start())
		pb.show("Start of the run.")
	}
}

// end shows the head again: the live run, or a finished run's end.
func (pb *playback) end() {
	if p := pb.player; p != nil {
		p.Follow()
		pb.show("")
	}
}

// step moves the cursor n events.
func (pb *playback) step(n int) {
	if p := pb.player; p != nil {
		p.Step(n)
		pb.show("")
	}
}

// moment jumps to the next (dir 1) or previous moment and says it.
func (pb *playback) moment(dir int) {
	p := pb.player
	if p == nil {
		return
	}
	m, ok := p.NextMoment()
	if dir < 0 {
		m, ok = p.PrevMoment()
	}
	if !ok {
		pb.show("No moment further on this side.")
		return
	}
	p.Seek(m.Index)
	pb.show(fmt.Sprintf("%s: %s", seconds(m.At), m.Text))
}

// show draws the state at the cursor in every view, and says where the
// cursor is (with what, when there is something to say).
func (pb *playback) show(what string) {
	l := pb.lab
	p := pb.player
	p.Snapshot(&l.sess.snap)
	now := l.sess.snap.Elapsed
	l.views.updateViews(now)
	where := "Live."
	if !p.Live() {
		where = fmt.Sprintf("Event %s of %s at %s; End returns to the head.",
			thousands(int64(p.Cursor())), thousands(int64(p.Len())), seconds(now))
	}
	if what != "" {
		where = what + " " + where
	}
	l.info.say(where)
}
