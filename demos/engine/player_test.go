package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	. "concurrencylab/demos"
	"concurrencylab/demos/engine"
)

// recorded runs demo id with the given knobs to its end and returns the
// run and its final snapshot.
func recorded(t testing.TB, id, mode string, workers int, knobs map[string]float64, during func(r *Run)) (*Run, Snapshot) {
	t.Helper()
	d, _ := Lookup(id)
	cfg := d.Defaults()
	cfg.Mode = mode
	if workers > 0 {
		cfg.Workers = workers
	}
	for k, v := range knobs {
		cfg.Knobs[k] = v
	}
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if during != nil {
		during(r)
	}
	r.Wait()
	var s Snapshot
	r.Snapshot(&s)
	return r, s
}

// sameState says how two snapshots differ in what they show, "" when
// they do not.
func sameState(a, b *Snapshot) string {
	type view struct {
		Elapsed time.Duration
		Ended   bool
		Workers int
		Tasks   []TaskInfo
		Count   [engine.NumStates]int
		Counter Counter
		Waited  time.Duration
		Logs    []LogLine
		Stats   map[string]float64
		Series  map[string][]Point
		Gauges  map[string]Gauge
		Flags   map[string]bool
		Lanes   map[int]string
		Graph   []WaitEdge
		Units   Units
	}
	// a reused snapshot keeps empty slices where a fresh one has none
	a, b = emptyNil(a), emptyNil(b)
	va := view{a.Elapsed, a.Ended, a.Workers, a.Tasks, a.Count, a.Counter, a.Waited, a.Logs, a.Stats, a.Series, a.Gauges, a.Flags, a.Lanes, a.Graph, a.Units}
	vb := view{b.Elapsed, b.Ended, b.Workers, b.Tasks, b.Count, b.Counter, b.Waited, b.Logs, b.Stats, b.Series, b.Gauges, b.Flags, b.Lanes, b.Graph, b.Units}
	if reflect.DeepEqual(va, vb) {
		return ""
	}
	rv, rw := reflect.ValueOf(va), reflect.ValueOf(vb)
	for i := range rv.NumField() {
		if !reflect.DeepEqual(rv.Field(i).Interface(), rw.Field(i).Interface()) {
			if rv.Type().Field(i).Name == "Tasks" && len(a.Tasks) == len(b.Tasks) {
				for j := range a.Tasks {
					if !reflect.DeepEqual(a.Tasks[j], b.Tasks[j]) {
						return fmt.Sprintf("task %d: %+v, want %+v", j, a.Tasks[j], b.Tasks[j])
					}
				}
			}
			return fmt.Sprintf("%s: %v, want %v", rv.Type().Field(i).Name, rv.Field(i).Interface(), rw.Field(i).Interface())
		}
	}
	return "?"
}

// TestPlayerShowsWhatTheFoldShows: at any cursor, reached in any order
// (forward, back, far, near, through keyframes), the player's snapshot is
// the state of a Model that folded exactly that many events; at the end it
// is the live run's final state; incremental snapshots agree with full ones.
func TestPlayerShowsWhatTheFoldShows(t *testing.T) {
	cases := []struct {
		id, mode string
		workers  int
		knobs    map[string]float64
		during   func(r *Run)
	}{
		{"sleepers", "concurrent", 0, map[string]float64{"tasks": 3000, "wait": 0.01}, nil},
		{"deadlock", "deadlock", 4, nil, nil},
		{"pipeline", "buffered", 2, nil, nil},
		{"pool", "live", 2, map[string]float64{"jobs": 40, "rate": 400, "cost": 0.005}, func(r *Run) {
			time.Sleep(30 * time.Millisecond)
			r.SetWorkers(6)
			time.Sleep(20 * time.Millisecond)
			r.SetWorkers(1)
		}},
		{"counter", "unsafe", 4, map[string]float64{"increments": 3000}, nil},
		{"spawn", "goroutines", 2, map[string]float64{"count": 2345}, nil},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			d, _ := Lookup(c.id)
			if _, ok := d.Mode(c.mode); !ok {
				t.Fatalf("no mode %s", c.mode)
			}
			r, final := recorded(t, c.id, c.mode, c.workers, c.knobs, c.during)
			rec := r.Recording()
			p := NewPlayer(r)
			n := p.Len()
			var s, inc Snapshot
			p.Seek(n)
			p.Snapshot(&s)
			if diff := sameState(&s, &final); diff != "" {
				t.Fatalf("at the end (%d events): %s", n, diff)
			}
			rng := rand.New(rand.NewPCG(3, uint64(n)))
			for k := range 60 {
				i := rng.IntN(n + 1)
				switch k % 4 {
				case 1:
					i = p.Cursor() + 1 // a step forward
				case 2:
					i = p.Cursor() - 1 // a step back
				}
				p.Seek(i)
				i = p.Cursor()
				p.Snapshot(&s)
				p.Snapshot(&inc) // over its own last one: only changes copied
				ref := engine.Reference(rec, i)
				if diff := sameState(&s, &ref); diff != "" {
					t.Fatalf("seek %d to event %d of %d: %s", k, i, n, diff)
				}
				if diff := sameState(&inc, &ref); diff != "" {
					t.Fatalf("incremental snapshot at event %d of %d: %s", i, n, diff)
				}
			}
			var buf bytes.Buffer
			if _, err := rec.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			back, err := ReadRecording(buf.Bytes())
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			q := NewRecordingPlayer(back)
			q.Seek(q.Len())
			q.Snapshot(&s)
			if diff := sameState(&s, &final); diff != "" {
				t.Fatalf("the file read back, at its end: %s", diff)
			}
			if q.Start() == 0 || q.Start() > 3 {
				t.Errorf("the start is at event %d: want it after the first declarations", q.Start())
			}
		})
	}
}

// TestPlayerFollowsALiveRun: following, the player's cursor is the head
// and its snapshot the live Model's; stepping back while the run goes on
// freezes the view, not the run.
func TestPlayerFollowsALiveRun(t *testing.T) {
	d, _ := Lookup("sleepers")
	cfg := d.Defaults()
	cfg.Mode, cfg.Knobs["tasks"], cfg.Knobs["wait"] = "sequential", 20, 0.01
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	p := NewPlayer(r)
	for p.Len() < 10 {
		time.Sleep(time.Millisecond)
	}
	p.Step(-3)
	if p.Live() {
		t.Fatal("a step back left the player live")
	}
	c := p.Cursor()
	var s Snapshot
	p.Snapshot(&s)
	at := s.Elapsed
	r.Wait()
	p.Snapshot(&s)
	if p.Cursor() != c || s.Elapsed != at || s.Ended {
		t.Errorf("the frozen view moved: cursor %d→%d, elapsed %v→%v, ended %v", c, p.Cursor(), at, s.Elapsed, s.Ended)
	}
	p.Follow()
	p.Snapshot(&s)
	if !p.Live() || p.Cursor() != p.Len() || !s.Ended || s.Count[Done] != 20 {
		t.Errorf("back to live: cursor %d of %d, ended %v, %d done", p.Cursor(), p.Len(), s.Ended, s.Count[Done])
	}
}

func emptyNil(s *Snapshot) *Snapshot {
	c := *s
	if len(c.Graph) == 0 {
		c.Graph = nil
	}
	if len(c.Logs) == 0 {
		c.Logs = nil
	}
	return &c
}

// TestPlayerWhileTheRunGoes: a reader seeks, steps and snapshots while the
// fold appends (the race detector watches), and every state it sees is
// one the fold passed through.
func TestPlayerWhileTheRunGoes(t *testing.T) {
	d, _ := Lookup("sleepers")
	cfg := d.Defaults()
	cfg.Mode, cfg.Knobs["tasks"], cfg.Knobs["wait"] = "concurrent", 5000, 0.02
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := NewPlayer(r)
	var s Snapshot
	rng := rand.New(rand.NewPCG(5, 6))
	type seen struct {
		at    int
		count [engine.NumStates]int
	}
	var views []seen
	for done := false; !done; {
		select {
		case <-r.Done():
			done = true
		default:
		}
		if n := p.Len(); n > 0 {
			p.Seek(rng.IntN(n + 1))
			p.Step(-1)
			p.Snapshot(&s)
			views = append(views, seen{p.Cursor(), s.Count})
			p.Moments()
		}
	}
	for _, v := range views {
		ref := engine.Reference(r.Recording(), v.at)
		if ref.Count != v.count {
			t.Fatalf("at event %d the player counted %v, the fold %v", v.at, v.count, ref.Count)
		}
	}
	if len(views) < 2 {
		t.Errorf("only %d looks while the run went", len(views))
	}
}

// TestRecordingIsCompact: a sleeper's events take a few bytes on disk, far
// under the 64 a task allowed.
func TestRecordingIsCompact(t *testing.T) {
	r, _ := recorded(t, "sleepers", "concurrent", 0, map[string]float64{"tasks": 10_000, "wait": 0.05}, nil)
	var buf bytes.Buffer
	r.Recording().WriteTo(&buf)
	if per := buf.Len() / 10_000; per > 32 {
		t.Errorf("%d bytes a sleeper on disk; want at most 32 (the budget is 64)", per)
	}
}
