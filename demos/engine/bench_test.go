package engine

import (
	"context"
	"testing"
	"time"
)

// benchRun is a run with no demo code behind it whose events are folded as
// usual; finish closes its event stream and waits until every event is folded.
func benchRun(tb testing.TB) (r *Run, finish func()) {
	d := &Demo{ID: "bench", Modes: []Mode{{Name: "m"}}, Workers: Knob{Name: "workers", Kind: Int, Min: 1, Max: 1, Default: 1}}
	r = newRun(context.Background(), d, Config{Mode: "m", Workers: 1})
	go r.fold()
	return r, func() {
		r.events.close()
		<-r.done
	}
}

// BenchmarkEmitFold measures the engine's throughput: events emitted by one
// task and folded into the Model, end to end (the clock stops once the last
// event is folded). Run with -cpu 1 for the one-core figure; the target is at
// least 5 million events/s.
func BenchmarkEmitFold(b *testing.B) {
	b.Run("waited", func(b *testing.B) {
		// Waited events: emit and fold with no allocation in the Model.
		r, finish := benchRun(b)
		t := r.Task(0, 0)
		b.ReportAllocs()
		b.ResetTimer()
		cpu0 := cpuTime()
		for range b.N {
			t.Waited(time.Nanosecond)
		}
		finish()
		b.StopTimer()
		reportRates(b, cpuTime()-cpu0)
	})
	b.Run("state", func(b *testing.B) {
		// State changes, as a sleeper sends them: each appends a timeline
		// span. Spread over many tasks, as in a run of many sleepers.
		r, finish := benchRun(b)
		const tasks = 1 << 12
		ts := make([]*Task, tasks)
		for i := range ts {
			ts[i] = r.Task(i, i)
		}
		states := [...]State{Sleeping, Running}
		b.ReportAllocs()
		b.ResetTimer()
		cpu0 := cpuTime()
		for i := range b.N {
			t := ts[i%tasks]
			t.set(states[(i/tasks)%2], "")
		}
		finish()
		b.StopTimer()
		reportRates(b, cpuTime()-cpu0)
	})
}

// reportRates reports events per second of wall time and, when the CPU
// time is known, per second of the process's CPU time (with -cpu 1, one
// core's worth, the garbage collector's share included): the figure that
// other jobs on the machine do not bend.
func reportRates(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "events/cpu-s")
	}
}
