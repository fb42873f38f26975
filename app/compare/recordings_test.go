package compare

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"concurrencylab/demos"
)

func recordedRun(t *testing.T) *demos.Recording {
	t.Helper()
	d, _ := demos.Lookup("counter")
	cfg := d.Defaults()
	cfg.Workers, cfg.Knobs["increments"] = 2, 300
	r, err := demos.Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.Wait()
	return r.Recording()
}

// TestRecordingsKeepTheNewestWithinBudget: recordings are kept by their
// run's time and read back; past the budget the oldest go, the newest stays.
func TestRecordingsKeepTheNewestWithinBudget(t *testing.T) {
	rec := recordedRun(t)
	dir := filepath.Join(t.TempDir(), "recordings")
	probe := filepath.Join(t.TempDir(), "one.rec")
	if err := SaveRecordingFile(probe, rec); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(probe)
	s := OpenRecordings(dir, 3*info.Size()) // room for three
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	var ats []time.Time
	for i := range 5 {
		at := t0.Add(time.Duration(i) * time.Minute)
		ats = append(ats, at)
		if err := s.Save(at, rec); err != nil {
			t.Fatal(err)
		}
	}
	for i, at := range ats {
		if want := i >= 2; s.Has(at) != want {
			t.Errorf("run %d kept: %v, want %v", i, s.Has(at), want)
		}
	}
	if s.Size() > 3*info.Size() {
		t.Errorf("%d bytes kept, over the budget of %d", s.Size(), 3*info.Size())
	}
	back, err := s.Open(ats[4])
	if err != nil || back.Len() != rec.Len() || back.Demo.ID != "counter" {
		t.Fatalf("the newest read back: %v, %d events of %d", err, back.Len(), rec.Len())
	}
	if _, err := s.Open(ats[0]); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a recording let go: %v, want not exist", err)
	}
	// a budget smaller than one recording still keeps the newest
	tiny := OpenRecordings(dir, 1)
	if err := tiny.Save(t0.Add(time.Hour), rec); err != nil || !tiny.Has(t0.Add(time.Hour)) || tiny.Has(ats[4]) {
		t.Errorf("a tiny budget: %v; newest kept %v, older kept %v", err, tiny.Has(t0.Add(time.Hour)), tiny.Has(ats[4]))
	}
}
