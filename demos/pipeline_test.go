package demos

import (
	"strings"
	"testing"
)

// TestPipelineBufferAbsorbsBursts runs the same items through unbuffered and
// buffered channels: both deliver every item, and only the buffered
// channels ever hold one (a gauge above 0). That the buffered run is faster
// depends on the machine's load too: BenchmarkPipelineBuffer measures it.
func TestPipelineBufferAbsorbsBursts(t *testing.T) {
	knobs := map[string]float64{"items": 48, "buffer": 8}
	for _, mode := range []string{"unbuffered", "buffered"} {
		_, s := run(t, "pipeline", mode, 2, knobs)
		if got := s.Stats["items"]; got != 48 {
			t.Errorf("%s: %v items reached the sink, want 48", mode, got)
		}
		if s.Count[Done] != len(s.Tasks) {
			t.Errorf("%s: %d of %d tasks done", mode, s.Count[Done], len(s.Tasks))
		}
		for name, g := range s.Gauges {
			if g.N > g.Max {
				t.Errorf("%s: channel %s holds %d items, above its capacity %d", mode, name, g.N, g.Max)
			}
		}
	}
}

// BenchmarkPipelineBuffer reports how much longer the unbuffered pipeline
// takes than the buffered one on the same items (about 1.3 on 2 cores).
func BenchmarkPipelineBuffer(b *testing.B) {
	knobs := map[string]float64{"items": 48, "buffer": 8}
	var ratio float64
	for range b.N {
		_, un := run(b, "pipeline", "unbuffered", 2, knobs)
		_, buf := run(b, "pipeline", "buffered", 2, knobs)
		ratio += un.Elapsed.Seconds() / buf.Elapsed.Seconds()
	}
	b.ReportMetric(ratio/float64(b.N), "unbuffered/buffered")
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
			// An unbuffered send always waits for its receiver, and the sink
			// for its items. A buffered send waits only when its buffer is
			// full, which a busy machine that slows the source may never let
			// happen: there, blocking must show, of some kind.
			if (tc.cap == 0 && (send == 0 || recv == 0)) || send+recv == 0 {
				t.Errorf("%d blocked sends and %d blocked receives drawn", send, recv)
			}
			bs, okS := s.Stats["blocked_send_ms"]
			br, okR := s.Stats["blocked_recv_ms"]
			if !okS || !okR || bs < 0 || br <= 0 || (tc.cap == 0 && bs <= 0) {
				t.Errorf("blocked_send_ms %v, blocked_recv_ms %v: want both, receives > 0 (and sends > 0 unbuffered)", bs, br)
			}
			if s.Stats["elapsed_per_item_ms"] <= 0 {
				t.Errorf("elapsed_per_item_ms = %v", s.Stats["elapsed_per_item_ms"])
			}
		})
	}
}
