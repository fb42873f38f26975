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
	frames, drawn := 1, 1
	for time.Since(t0) < time.Second+50*time.Millisecond {
		d := frames%3 != 0
		s.end(s.begin(), d)
		frames++
		if d {
			drawn++
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.ran("sleepers", "concurrent", 1912400*time.Microsecond)
	re := regexp.MustCompile(`(?m)^frames: ([0-9.]+) fps, frame work p50 [0-9.]+ ms p99 [0-9.]+ ms, heap [0-9]+ MB$`)
	m := re.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no frames line in %q", out.String())
	}
	// Two frames in three drew. The line covers a second or more of them,
	// so it can count at most every drawn frame of the whole loop as one
	// second's; counting the frames that drew nothing too would give about
	// half as many again, whatever the machine's speed.
	fps, _ := strconv.ParseFloat(m[1], 64)
	if fps > float64(drawn) || fps <= 0 {
		t.Errorf("%.1f fps counted; %d frames drew (of %d) in the whole %v", fps, drawn, frames, time.Since(t0).Round(time.Millisecond))
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
