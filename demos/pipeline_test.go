package demos

import (
	"strings"
	"testing"
)

// TestPipelineBufferAbsorbsBursts runs the same items through unbuffered and
// buffered channels: the buffered run must be faster, because its stages
// drift apart instead of waiting out each other's slow spells. The stages'
// work is sleeps, so a busy CPU stretches both runs alike (about 1.3 apart
// with load 8 on 2 cores): the unbuffered run is the baseline.
func TestPipelineBufferAbsorbsBursts(t *testing.T) {
	knobs := map[string]float64{"items": 48, "buffer": 8}
	_, un := run(t, "pipeline", "unbuffered", 2, knobs)
	_, buf := run(t, "pipeline", "buffered", 2, knobs)
	for name, s := range map[string]Snapshot{"unbuffered": un, "buffered": buf} {
		if got := s.Stats["items"]; got != 48 {
			t.Errorf("%s: %v items reached the sink, want 48", name, got)
		}
		if s.Count[Done] != len(s.Tasks) {
			t.Errorf("%s: %d of %d tasks done", name, s.Count[Done], len(s.Tasks))
		}
	}
	ratio := un.Elapsed.Seconds() / buf.Elapsed.Seconds()
	t.Logf("unbuffered %v, buffered %v, ratio %.2f", un.Elapsed, buf.Elapsed, ratio)
	if ratio < 1.1 {
		t.Errorf("unbuffered took %v, buffered %v: ratio %.2f, want at least 1.1", un.Elapsed, buf.Elapsed, ratio)
	}
}

// TestPipelineReportsChannels checks the figures a picture of the pipeline
// needs: a gauge per channel with its capacity, blocked senders and
// receivers named by channel, and the blocking totals.
func TestPipelineReportsChannels(t *testing.T) {
	for _, tc := range []struct {
		mode string
		cap  int64
	}{{"unbuffered", 0}, {"buffered", 4}} {
		t.Run(tc.mode, func(t *testing.T) {
			_, s := run(t, "pipeline", tc.mode, 2, map[string]float64{"items": 24, "buffer": 4})
			// Lanes are roles: source, 2 parsers, 2 burst workers, sink.
			if s.Lanes[0] != "source0" || s.Lanes[1] != "parse0" || s.Lanes[5] != "sink0" {
				t.Errorf("lanes named %v, want source0, parse0 … sink0", s.Lanes)
			}
			for _, ch := range []string{"ch1", "ch2", "ch3"} {
				g, ok := s.Gauges[ch]
				if !ok || g.Max != tc.cap {
					t.Errorf("gauge %s = %+v (present %v), want capacity %d", ch, g, ok, tc.cap)
				}
			}
			var send, recv int
			for _, ti := range s.Tasks {
				for _, sp := range ti.Spans {
					if sp.State != Waiting {
						continue
					}
					switch {
					case strings.HasPrefix(sp.On, "send ch"):
						send++
					case strings.HasPrefix(sp.On, "recv ch"):
						recv++
					default:
						t.Errorf("task %d waited on %q", ti.ID, sp.On)
					}
				}
			}
			if send == 0 || recv == 0 {
				t.Errorf("%d blocked sends and %d blocked receives drawn, want some of each", send, recv)
			}
			if s.Stats["blocked_send_ms"] <= 0 || s.Stats["blocked_recv_ms"] <= 0 {
				t.Errorf("blocked_send_ms %v, blocked_recv_ms %v, want both > 0", s.Stats["blocked_send_ms"], s.Stats["blocked_recv_ms"])
			}
			if s.Stats["elapsed_per_item_ms"] <= 0 {
				t.Errorf("elapsed_per_item_ms = %v", s.Stats["elapsed_per_item_ms"])
			}
		})
	}
}
