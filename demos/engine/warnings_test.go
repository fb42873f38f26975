package engine

import (
	"strings"
	"testing"
	"time"
)

// TestEngineWarnings: a busy machine, a task that never yields and tasks
// blocked at the end are found in any demo's recording, as warnings.
func TestEngineWarnings(t *testing.T) {
	d := &Demo{ID: "warnings", Modes: []Mode{{Name: "m"}}, Workers: Knob{Name: "workers", Kind: Int, Min: 1, Max: 3, Default: 3}}
	rec := newRecording(d, d.Defaults(), time.Now())
	w := &rec.w
	w.declare(0, 3, nil)
	for _, e := range []Event{
		{At: 0, Kind: EvState, Task: 0, Worker: 0, State: Running},
		{At: time.Millisecond, Kind: EvState, Task: 1, Worker: 1, State: Waiting, Text: "lock A"},
		{At: 1500 * time.Millisecond, Kind: EvProgress, Task: 0, Worker: 0, N: 1, Total: 2},
		{At: 1600 * time.Millisecond, Kind: EvEnd},
	} {
		w.add(&e)
	}
	rec.publish()
	rec.finish(recEnd{Speed: 1, Load: Load{Known: true, Cores: 2, Wall: time.Second, Busy: 1500 * time.Millisecond, Process: 500 * time.Millisecond}})
	p := NewRecordingPlayer(rec)
	want := map[string]string{
		WarnBusy:    "other programs used 50% of the CPU during this run",
		WarnNoYield: "task 0 on w0 ran 1.500 s without yielding or reporting a step",
		WarnBlocked: "1 goroutine was still blocked when the run ended",
	}
	for _, m := range p.Moments() {
		if !m.Warning {
			continue
		}
		if !strings.Contains(m.Text, want[m.Kind]) {
			t.Errorf("%s: %q, want it to say %q", m.Kind, m.Text, want[m.Kind])
		}
		delete(want, m.Kind)
	}
	if len(want) > 0 {
		t.Errorf("warnings not found: %v", want)
	}
	// SeekTime lands after the last event at or before the time
	p.SeekTime(1550 * time.Millisecond)
	if p.Head() != 1600*time.Millisecond {
		t.Errorf("the head is at %v, want 1.6s", p.Head())
	}
	if p.Cursor() != 4 || p.At() != 1500*time.Millisecond {
		t.Errorf("SeekTime(1.55 s): cursor %d at %v, want 4 at 1.5s", p.Cursor(), p.At())
	}
}

// A CPU-bound demo's tasks run long without yielding by design: no warning.
func TestNoYieldIsNoWarningForCPUBound(t *testing.T) {
	d := &Demo{ID: "busy", CPUBound: true, Modes: []Mode{{Name: "m"}}, Workers: Knob{Name: "workers", Kind: Int, Min: 1, Max: 1, Default: 1}}
	rec := newRecording(d, d.Defaults(), time.Now())
	rec.w.declare(0, 1, nil)
	for _, e := range []Event{
		{At: 0, Kind: EvState, Task: 0, Worker: 0, State: Running},
		{At: 1500 * time.Millisecond, Kind: EvState, Task: 0, Worker: 0, State: Done},
		{At: 1600 * time.Millisecond, Kind: EvEnd},
	} {
		rec.w.add(&e)
	}
	rec.publish()
	rec.finish(recEnd{Speed: 1})
	for _, m := range NewRecordingPlayer(rec).Moments() {
		if m.Kind == WarnNoYield {
			t.Errorf("a CPU-bound demo's long task is warned of: %q", m.Text)
		}
	}
}
