package ui

import (
	"testing"
	"time"

	"concurrencylab/demos"
)

func TestWavesFigure(t *testing.T) {
	s := &demos.Snapshot{Tasks: make([]demos.TaskInfo, 10000), Elapsed: 2050 * time.Millisecond,
		Stats: map[string]float64{"sleep_ms": 2000}, Ended: true}
	text, caption, _, ok := wavesFigure(s)
	if !ok || text != "2.05 s" || caption != "10,000 waits of 2.00 s took" {
		t.Errorf("wavesFigure = %q, %q, %v", text, caption, ok)
	}
	if text, _, _, ok := serialFigure(s); !ok || text != "5.6 h" {
		t.Errorf("serialFigure = %q, %v; want 5.6 h", text, ok)
	}
	if _, _, _, ok := wavesFigure(&demos.Snapshot{}); ok {
		t.Error("a snapshot before the run says a figure")
	}
}
