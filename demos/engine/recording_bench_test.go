package engine_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	. "concurrencylab/demos"
	"concurrencylab/demos/engine"
)

// recordedCost runs demo id with cfg recorded and not, in pairs whose
// order alternates, and reports the median ratio of their elapsed times
// as "%slower": a preemption on a shared machine widens the spread of the
// ratios, not their median.
func recordedCost(b *testing.B, id string, cfg func(Config) Config) {
	d, _ := Lookup(id)
	c := cfg(d.Defaults())
	elapsed := func(record bool) time.Duration {
		engine.SetRecordRuns(record)
		defer engine.SetRecordRuns(true)
		r, err := Start(context.Background(), d, c)
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Wait(); err != nil {
			b.Fatal(err)
		}
		return r.Elapsed()
	}
	var ratios []float64
	for i := 0; b.Loop(); i++ {
		var on, off time.Duration
		if i%2 == 0 {
			off, on = elapsed(false), elapsed(true)
		} else {
			on, off = elapsed(true), elapsed(false)
		}
		ratios = append(ratios, float64(on)/float64(off))
	}
	slices.Sort(ratios)
	b.ReportMetric(100*(ratios[len(ratios)/2]-1), "%slower")
}

// BenchmarkRecordingCost: what recording every event costs a run, beside
// the same run unrecorded. Targets: at most 3% on the cpu demo, at most
// 10% on 100,000 sleepers.
func BenchmarkRecordingCost(b *testing.B) {
	b.Run("cpu", func(b *testing.B) {
		recordedCost(b, "cpu", func(c Config) Config {
			c.Mode, c.Workers, c.Knobs["work"] = "goroutines", 2, 300
			return c
		})
	})
	b.Run("sleepers100k", func(b *testing.B) {
		recordedCost(b, "sleepers", func(c Config) Config {
			c.Mode, c.Knobs["tasks"], c.Knobs["wait"] = "concurrent", 100_000, 1
			return c
		})
	})
}

var (
	bigOnce sync.Once
	bigRec  *Recording
)

// bigRecording is the recording of 100,000 sleepers, made once.
func bigRecording(b *testing.B) *Recording {
	bigOnce.Do(func() {
		r, _ := recorded(b, "sleepers", "concurrent", 0, map[string]float64{"tasks": 100_000, "wait": 0.5}, nil)
		bigRec = r.Recording()
	})
	return bigRec
}

// BenchmarkPlayer100k: in the recording of 100,000 sleepers (about 300,000
// events), a seek to anywhere and a step of one event, each followed by
// the snapshot a frame takes. Targets: seek p99 at most 16 ms, step at most
// 1 ms; on disk at most 64 bytes a task.
func BenchmarkPlayer100k(b *testing.B) {
	rec := bigRecording(b)
	var buf bytes.Buffer
	rec.WriteTo(&buf)
	b.Run("seek", func(b *testing.B) {
		p := NewRecordingPlayer(rec)
		var s Snapshot
		p.Seek(p.Len()) // the keyframes are made as the player first passes them
		p.Snapshot(&s)
		rng := rand.New(rand.NewPCG(1, 2))
		var times []time.Duration
		for b.Loop() {
			t0 := time.Now()
			p.Seek(rng.IntN(p.Len() + 1))
			p.Snapshot(&s)
			times = append(times, time.Since(t0))
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)*99/100])/1e6, "p99-ms")
		b.ReportMetric(float64(buf.Len())/100_000, "file-bytes/task")
	})
	b.Run("step", func(b *testing.B) {
		p := NewRecordingPlayer(rec)
		var s Snapshot
		p.Seek(p.Len())
		p.Snapshot(&s)
		rng := rand.New(rand.NewPCG(3, 4))
		var times []time.Duration
		for i := 0; b.Loop(); i++ {
			if i%16 == 0 {
				b.StopTimer()
				p.Seek(rng.IntN(p.Len() + 1))
				p.Snapshot(&s)
				b.StartTimer()
			}
			t0 := time.Now()
			if i%2 == 0 {
				p.Step(-1)
			} else {
				p.Step(+1)
			}
			p.Snapshot(&s)
			times = append(times, time.Since(t0))
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)*99/100])/1e6, "p99-ms")
	})
}
