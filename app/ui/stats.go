package ui

import (
	"fmt"
	"io"
	"runtime/metrics"
	"slices"
	"time"
)

// statsEnv switches the diagnostics on: with CONCURRENCYLAB_STATS=1 in its
// environment the window prints on stderr, once a second while a run is
// shown, how many frames it drew and what they cost, and at each run's end
// how long the run took, so that a script can hold the window's figures
// against the terminal's (`app run -json`) and against a bare program.
const statsEnv = "CONCURRENCYLAB_STATS"

// frameStats counts the frames that drew something and the time the frame
// loop spent on them (the snapshot and every view's update: the app's own
// work, not Fyne's painting) and prints one line a second. A frame that
// changed nothing on screen (the loop waits for news, or yields the cores
// to the run) is not a frame the window drew, and is not counted.
type frameStats struct {
	out    io.Writer
	second time.Time       // when the current second of counting began
	frames int             // frames drawn in it
	work   []time.Duration // the work of each of them
	sample []metrics.Sample
}

func newFrameStats(on bool, out io.Writer) *frameStats {
	if !on {
		return nil
	}
	return &frameStats{out: out, sample: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
}

// begin is called as a frame starts; its result goes to end.
func (s *frameStats) begin() time.Time {
	if s == nil {
		return time.Time{}
	}
	return time.Now()
}

// end counts the frame that began at t0, if it drew, and prints the line
// of the second that just passed, if one did.
func (s *frameStats) end(t0 time.Time, drew bool) {
	if s == nil {
		return
	}
	now := time.Now()
	if s.second.IsZero() || now.Sub(s.second) > 3*time.Second {
		// the first frame of a run (or after the loop was stopped): a
		// second starts now, so an idle spell is not averaged in
		s.second, s.frames, s.work = now, 0, s.work[:0]
	}
	if drew {
		s.frames++
		s.work = append(s.work, now.Sub(t0))
	}
	if d := now.Sub(s.second); d >= time.Second {
		s.print(d)
		s.second, s.frames, s.work = now, 0, s.work[:0]
	}
}

func (s *frameStats) print(d time.Duration) {
	slices.Sort(s.work)
	q := func(p float64) float64 {
		if len(s.work) == 0 {
			return 0
		}
		i := min(len(s.work)-1, int(p*float64(len(s.work))))
		return float64(s.work[i].Microseconds()) / 1000
	}
	metrics.Read(s.sample)
	heap := float64(s.sample[0].Value.Uint64()) / (1 << 20)
	fmt.Fprintf(s.out, "frames: %.1f fps, frame work p50 %.2f ms p99 %.2f ms, heap %.0f MB\n",
		float64(s.frames)/d.Seconds(), q(0.5), q(0.99), heap)
}

// ran prints a finished run's length, as `app run -json` reports it.
func (s *frameStats) ran(demo, mode string, elapsed time.Duration) {
	if s == nil {
		return
	}
	fmt.Fprintf(s.out, "run: %s %s elapsed_ms=%.1f\n", demo, mode, float64(elapsed.Microseconds())/1000)
	s.second = time.Time{}
}
