package ui

import (
	"testing"

	"concurrencylab/app/compare"
	"concurrencylab/demos"
)

// A Python unit of cpu work is a hundredth of a Go unit: the pair says the
// two runs did not the same work, where their times stand side by side.
func TestPairSaysDifferentWork(t *testing.T) {
	goRun := compare.Record{Summary: demos.Summary{Demo: "cpu", Mode: "goroutines", ElapsedMS: 781, Stats: map[string]any{"rounds_per_unit": 40000.0}}}
	pyRun := compare.Record{Summary: demos.Summary{Demo: "cpu", Mode: "python-threads", ElapsedMS: 2140, Stats: map[string]any{"rounds_per_unit": 400.0}}}
	rows := pairRows(&goRun, &pyRun, nil)
	if rows[0].name != "elapsed" || rows[0].diff != "not the same work" {
		t.Errorf("elapsed row %+v, want it to say the work differs", rows[0])
	}
	if len(rows) < 2 || rows[1].name != "⚠ mixing rounds per unit" || rows[1].a != "40,000" || rows[1].b != "400" {
		t.Errorf("second row %+v, want the rounds per unit of each", rows[1])
	}
	same := pyRun
	same.Mode = "python-processes"
	if rows := pairRows(&pyRun, &same, nil); rows[0].diff == "not the same work" {
		t.Errorf("two Python runs: %+v", rows[0])
	}
}
