package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

func TestFormat(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{thousands(0), "0"},
		{thousands(999), "999"},
		{thousands(1000), "1,000"},
		{thousands(-64000000), "-64,000,000"},
		{seconds(820 * time.Millisecond), "0.82 s"},
		{seconds(12340 * time.Millisecond), "12.3 s"},
		{seconds(7300 * time.Microsecond), "7.30 ms"},
		{seconds(73 * time.Millisecond), "73.0 ms"},
		{clock(1502 * time.Millisecond), "1.502 s"},
		{bytesText(512), "512 B"},
		{bytesText(1536), "1.50 KiB"},
		{bytesText(3 << 20), "3.00 MiB"},
		{bytesOf(410<<10, 512<<10), "410/512 KiB"},
		{bytesOf(0, 512<<10), "0.0/512 KiB"},
		{number(1234567), "1,234,567"},
		{number(1.936), "1.94"},
		{speedText(0.3), "0.3×"},
		{stateWords(demos.Waiting, "lock B"), "waiting: lock B"},
		{stateWords(demos.Done, ""), "done"},
		{stateWords(demos.Cancelled, "cancelled: file 3 failed first (HTTP 500)"), "cancelled: file 3 failed first (HTTP 500)"},
		{stateWords(demos.Failed, "HTTP 404 Not Found"), "failed: HTTP 404 Not Found"},
		{logText(demos.LogLine{At: 1502 * time.Millisecond, Worker: 1, Text: "B"}), "  1.502 s  w1    B"},
		{logText(demos.LogLine{At: time.Second, Worker: -1, Text: "joined"}), "  1.000 s  main  joined"},
		{statText(declared("pool", "mean_wait_ms"), 4.86), "mean wait: 4.86 ms"},
		{statText(declared("cpu", "units_per_s"), 30190), "work units done: 30,190 /s"},
		{statText(declared("spawn", "bytes_per_unit"), 8192), "memory per unit: 8.00 KiB"},
		{statText(declared("spawn", "start_us_per_unit"), 3575), "start time per unit: 3.58 ms"},
		{statText(declared("spawn", "starting_stack_bytes"), 2048), "starting stack size: 2.00 KiB"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestKnobSliderScales(t *testing.T) {
	for _, k := range []demos.Knob{
		{Name: "increments", Kind: demos.Int, Min: 1, Max: 1_000_000, Log: true},
		{Name: "bandwidth", Kind: demos.Int, Min: 0, Max: 1_000_000},
		{Name: "wait", Kind: demos.Duration, Min: 0.001, Max: 10, Log: true},
		{Name: "fail", Kind: demos.Float, Min: 0, Max: 1},
		{Name: "latency", Kind: demos.Duration, Min: 0, Max: 5},
		{Name: "workers", Kind: demos.Int, Min: 1, Max: 64},
	} {
		ks := newKnobSlider(k, k.Min, nil)
		for _, pos := range []float64{0, 1, 250, 500, 999, sliderSteps} {
			v := ks.fromPos(pos)
			if v < k.Min || v > k.Max {
				t.Errorf("%s: position %v gives %v, outside %v..%v", k.Name, pos, v, k.Min, k.Max)
			}
			if k.Kind == demos.Int && v != float64(int64(v)) {
				t.Errorf("%s: position %v gives %v, not whole", k.Name, pos, v)
			}
			// a value the slider produced maps back to about the same place
			if back := ks.fromPos(ks.toPos(v)); back != v {
				t.Errorf("%s: %v -> position %v -> %v", k.Name, v, ks.toPos(v), back)
			}
		}
		if ks.fromPos(0) != k.Min || ks.fromPos(sliderSteps) != k.Max {
			t.Errorf("%s: ends map to %v..%v, want %v..%v", k.Name, ks.fromPos(0), ks.fromPos(sliderSteps), k.Min, k.Max)
		}
	}
}

func TestNudge(t *testing.T) {
	k := demos.Knob{Name: "workers", Kind: demos.Int, Min: 1, Max: 10_000, Log: true}
	var got []float64
	ks := newKnobSlider(k, 8, func(v float64) { got = append(got, v) })
	for range 4 {
		ks.nudge(1)
	}
	for range 2 {
		ks.nudge(-1)
	}
	want := []float64{9, 10, 13, 16, 13, 10}
	if len(got) != len(want) {
		t.Fatalf("nudges gave %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("nudges gave %v, want %v", got, want)
		}
	}
	ks.set(1)
	ks.nudge(-1)
	if ks.value != 1 {
		t.Errorf("nudge below the minimum gave %v", ks.value)
	}
}

// TestOthersKeepNameWithValue: the "name: value" line wraps between
// entries, never inside one ("units:" on one line, "24,371 /s" on the next).
func TestOthersKeepNameWithValue(t *testing.T) {
	vizApp(t, 1)
	f := newFigures()
	parts := []string{"busy time, all workers: 2.91 ms", "GIL hand-overs: 12", "cores Go runs on: 2",
		"work units done: 24,371 /s", "starting stack size: 2.00 KiB", "start time per unit: 3.58 ms"}
	f.setOthers(parts)
	for _, w := range []float32{260, 420, 900} {
		vizRender(t, f.box, w, 400)
		vizRender(t, f.box, w, 400) // the flow's height follows the width it was laid out at
		n, rows := 0, map[float32]bool{}
		for _, o := range f.others.Objects {
			l := o.(*widget.Label)
			if !l.Visible() {
				continue
			}
			n++
			if l.Size().Width < l.MinSize().Width {
				t.Errorf("width %v: %q is squeezed to %v of %v", w, l.Text, l.Size().Width, l.MinSize().Width)
			}
			if l.Position().X+l.Size().Width > w+1 && l.Position().X > 0 {
				t.Errorf("width %v: %q runs past the edge", w, l.Text)
			}
			rows[l.Position().Y] = true
			if got := vizTexts(l); len(got) != 1 || got[0] != l.Text {
				t.Errorf("width %v: %q is drawn as %q: broken over lines", w, l.Text, got)
			}
		}
		if n != len(parts) {
			t.Errorf("width %v: %d entries shown, want %d", w, n, len(parts))
		}
		if w == 260 && len(rows) < 3 {
			t.Errorf("width 260: the entries take %d lines; they do not wrap", len(rows))
		}
		if f.others.MinSize().Height < float32(len(rows))*f.others.Objects[0].MinSize().Height {
			t.Errorf("width %v: the line asks for %v, less than its %d rows", w, f.others.MinSize().Height, len(rows))
		}
	}
}

// TestRecentRate: the rate follows the last second, not the run's mean,
// and a new run starts it over.
func TestRecentRate(t *testing.T) {
	var r recentRate
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	if _, ok := r.add(0, 0); ok {
		t.Error("a rate from one sample")
	}
	// 100 tasks a second for 3 s, then 10 a second for 2 s
	n := 0
	for at := 100; at <= 5000; at += 100 {
		if at <= 3000 {
			n += 10
		} else {
			n++
		}
		r.add(ms(at), n)
	}
	if v, _ := r.add(ms(5000), n); v < 9 || v > 11 {
		t.Errorf("rate %.1f /s after the slow-down, want about 10 (the mean is %.1f)", v, float64(n)/5)
	}
	if _, ok := r.add(ms(50), 3); ok {
		t.Error("a new run kept the old run's samples")
	}
}

// declared is demo id's declaration of figure name.
func declared(id, name string) demos.Figure {
	d, _ := demos.Lookup(id)
	return figureOf(d, name)
}
