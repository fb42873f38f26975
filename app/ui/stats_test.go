package ui

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestStatsLines: with the switch on, a second of frames gives one
// "frames:" line counting the frames that drew (not those that drew
// nothing), and a run's end one "run:" line; with it off, nothing.
func TestStatsLines(t *testing.T) {
	var out bytes.Buffer
	s := newFrameStats(true, &out)
	t0 := time.Now()
	s.end(s.begin(), true) // starts the second
	drawn := 1
	for time.Since(t0) < time.Second+50*time.Millisecond {
		s.end(s.begin(), drawn%3 != 0)
		drawn++
		time.Sleep(10 * time.Millisecond)
	}
	s.ran("sleepers", "concurrent", 1912400*time.Microsecond)
	re := regexp.MustCompile(`(?m)^frames: ([0-9.]+) fps, frame work p50 [0-9.]+ ms p99 [0-9.]+ ms, heap [0-9]+ MB$`)
	m := re.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no frames line in %q", out.String())
	}
	// about two frames in three drew: at most that many a second, and
	// fewer than every frame
	fps, _ := strconv.ParseFloat(m[1], 64)
	if ticks := float64(drawn) / time.Since(t0).Seconds(); fps > ticks*0.7+1 || fps <= 0 {
		t.Errorf("%.1f fps counted out of %.1f frames a second, two in three of them drawn", fps, ticks)
	}
	if !regexp.MustCompile(`(?m)^run: sleepers concurrent elapsed_ms=1912\.4$`).MatchString(out.String()) {
		t.Errorf("no run line in %q", out.String())
	}
	off := newFrameStats(false, &out)
	out.Reset()
	off.end(off.begin(), true)
	off.ran("a", "b", time.Second)
	if out.Len() != 0 {
		t.Errorf("switched off, it printed %q", out.String())
	}
}
