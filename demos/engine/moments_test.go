package engine_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	. "concurrencylab/demos"
)

// TestMomentsTellTheLesson: each demo's run yields the moments it declares,
// each a sentence with the time, the workers and the values; a player
// jumps to them.
func TestMomentsTellTheLesson(t *testing.T) {
	cases := []struct {
		id, mode string
		workers  int
		knobs    map[string]float64
		kind     string
		want     string // a regexp the first moment of kind matches
	}{
		{"counter", "unsafe", 4, map[string]float64{"increments": 2000}, "lost-update", `^At [0-9.]+ [µm]?s, w\d+ read \d+(, w\d+ read \d+, w\d+ wrote \d+, w\d+ wrote \d+ over it: one update lost|; meanwhile .* updates lost)$`},
		{"deadlock", "deadlock", 2, nil, "cycle-closed", `^At [0-9.]+ ms, the cycle closed: w0 holds [AB] and waits for [AB], held by w1; w1 holds [AB] and waits for [AB], held by w0: no one can go on$`},
		{"deadlock", "deadlock", 2, nil, "lock-taken", `^At [0-9.]+ [µm]?s, w[01] took lock [AB]$`},
		{"deadlock", "deadlock", 2, nil, "wait", `^At [0-9.]+ ms, w[01] began to wait for lock [AB], held by w[01]$`},
		{"cpu", "gil", 2, map[string]float64{"chunks": 4, "work": 200}, "handover", `^At [0-9.]+ m?s, w[01] handed the GIL to w[01], which had waited [0-9.]+ [µm]?s for it$`},
		{"sleepers", "concurrent", 0, map[string]float64{"tasks": 500, "wait": 0.05}, "most-asleep", `^At [0-9.]+ m?s, \d+ tasks were asleep at once, the most in this run$`},
		{"interleave", "", 0, nil, "print", `^At [0-9.]+ [µm]?s, (w\d+|the main goroutine) printed ".+"$`},
		{"pipeline", "unbuffered", 2, nil, "channel-empty", `^At [0-9.]+ [µm]?s, ch\d was empty: \w+ had to wait to receive$`},
		{"download", "unbounded", 0, map[string]float64{"files": 8, "size": 16, "latency": 0, "bandwidth": 0, "fail": 0.5}, "failure", `^At [0-9.]+ [µm]?s, file \d+ failed on w\d+: .+$`},
		{"download", "unbounded", 0, map[string]float64{"files": 4, "size": 16, "latency": 0, "bandwidth": 0}, "last-byte", `^At [0-9.]+ [µm]?s, the last byte came: file \d+ was the last to finish$`},
		{"spawn", "goroutines", 1, map[string]float64{"count": 1000}, "first-started", `^At [0-9.]+ [µm]?s, the first unit was up \(batch \d+, started by w0\)$`},
		{"spawn", "goroutines", 1, map[string]float64{"count": 1000}, "last-started", `^At [0-9.]+ [µm]?s, the last unit was up \(batch \d+ was the last full one\)$`},
		{"pipeline", "buffered", 2, map[string]float64{"buffer": 1}, "channel-full", `^At [0-9.]+ [µm]?s, ch\d was full: \w+ had to wait to send$`},
		{"semaphore", "semaphore", 2, map[string]float64{"tasks": 6, "hold": 0.02}, "slots-full", `^At [0-9.]+ [µm]?s, all 2 slots were taken: w\d+ had to wait$`},
		{"semaphore", "mutex", 1, map[string]float64{"tasks": 4, "hold": 0.02}, "slot-handed-on", `^At [0-9.]+ [µm]?s, w\d+ took the slot a leaver freed, after waiting [0-9.]+ [µm]?s$`},
		{"pool", "fixed", 1, map[string]float64{"jobs": 20, "rate": 500, "cost": 0.01}, "queue-peak", `^At [0-9.]+ m?s, the queue was at its longest, \d+ jobs: they arrived faster than 1 worker finished them$`},
	}
	for _, c := range cases {
		t.Run(c.id+"/"+c.kind, func(t *testing.T) {
			d, _ := Lookup(c.id)
			mode := c.mode
			if mode == "" {
				mode = d.Modes[0].Name
			}
			if _, ok := d.MomentKind(c.kind); !ok {
				t.Fatalf("%s declares no moment %s", c.id, c.kind)
			}
			// a run's timing is the machine's: a busy one can run the
			// counter's workers one after another (nothing lost) or let a
			// worker take both locks first; a few runs show the moment
			var p *Player
			for range 3 {
				r, _ := recorded(t, c.id, mode, c.workers, c.knobs, nil)
				if p = NewPlayer(r); slices.ContainsFunc(p.Moments(), func(m Moment) bool { return m.Kind == c.kind }) {
					break
				}
			}
			var got []Moment
			for _, m := range p.Moments() {
				if m.Kind == c.kind {
					got = append(got, m)
				}
				if m.Index < p.Start() || m.Index > p.Len() {
					t.Errorf("moment %q at cursor %d, outside %d..%d", m.Text, m.Index, p.Start(), p.Len())
				}
			}
			if len(got) == 0 {
				t.Fatalf("no %s moment among %v", c.kind, p.Moments())
			}
			if !regexp.MustCompile(c.want).MatchString(got[0].Text) {
				t.Errorf("%s: %q does not match %s", c.kind, got[0].Text, c.want)
			}
			// the player lands on it, and says it there
			p.Seek(got[0].Index - 1)
			m, ok := p.NextMoment()
			if !ok || m.Index != got[0].Index || p.Cursor() != got[0].Index {
				t.Errorf("NextMoment from just before it: %v %v, cursor %d", m, ok, p.Cursor())
			}
			found := false
			for _, m := range p.MomentAt() {
				found = found || m.Text == got[0].Text
			}
			if !found {
				t.Errorf("MomentAt the moment's cursor does not hold it: %v", p.MomentAt())
			}
		})
	}
}

// TestDeadlockEndsOnTheCycle: from the end of a deadlock run, the previous
// moment is the cycle closing, as the window's < shows it.
func TestDeadlockEndsOnTheCycle(t *testing.T) {
	// a machine busy enough can let one worker take both locks before the
	// other starts, round after round: the run then ends with no cycle,
	// which the demo does not promise against. A few runs close one.
	var p *Player
	for range 5 {
		r, _ := recorded(t, "deadlock", "deadlock", 2, nil, nil)
		if p = NewPlayer(r); slices.ContainsFunc(p.Moments(), func(m Moment) bool { return m.Kind == "cycle-closed" }) {
			break
		}
	}
	p.Seek(p.Len())
	m, ok := p.PrevMoment()
	if !ok || m.Kind != "cycle-closed" {
		t.Fatalf("< from the end: %+v %v; want the cycle closing", m, ok)
	}
	var s Snapshot
	p.Snapshot(&s)
	waiting := 0
	for _, e := range s.Graph {
		if e.WaitsFor != "" {
			waiting++
		}
	}
	if waiting != 2 || !strings.Contains(m.Text, "no one can go on") {
		t.Errorf("at the cycle: %d workers wait in the graph, %q", waiting, m.Text)
	}
}

// TestPoolResized: dragging the worker count of a live pool is a moment.
func TestPoolResized(t *testing.T) {
	r, _ := recorded(t, "pool", "live", 1, map[string]float64{"jobs": 30, "rate": 300, "cost": 0.01}, func(r *Run) {
		time.Sleep(30 * time.Millisecond)
		r.SetWorkers(4)
	})
	p := NewPlayer(r)
	for _, m := range p.Moments() {
		if m.Kind == "resized" {
			if !regexp.MustCompile(`^At [0-9.]+ m?s, the pool grew from 1 to \d workers$`).MatchString(m.Text) {
				t.Errorf("resized: %q", m.Text)
			}
			return
		}
	}
	t.Errorf("no resized moment among %v", p.Moments())
}
