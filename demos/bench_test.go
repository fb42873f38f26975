package demos

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
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

// BenchmarkCPUReporting computes the same chunk of the cpu demo's work with
// reporting off (crunch with a nil step) and on (the step a worker of the
// goroutines mode uses: pause and stop checks, progress), in pairs, and
// reports how much slower reporting makes it: the median of the pairs'
// ratios. On a machine shared with other jobs, a preemption hits either
// member of a pair alike (the order alternates), so it widens the spread of
// the ratios but does not move their median. The target is at most 3%.
func BenchmarkCPUReporting(b *testing.B) {
	const units = 200 // one chunk of about 6 ms
	r, finish := benchRun(b)
	defer finish()
	c := &cpuRun{r: r, units: units}
	ratios := make([]float64, 0, b.N)
	var offTotal time.Duration
	timeOff := func(i int) (uint64, time.Duration) {
		t0 := time.Now()
		s, _ := crunch(i, units, nil)
		return s, time.Since(t0)
	}
	timeOn := func(i int) (uint64, time.Duration) {
		t0 := time.Now()
		t := r.Task(i, 0)
		t.Start()
		s, _ := crunch(i, units, c.stepper(t).step)
		t.Done()
		return s, time.Since(t0)
	}
	b.ResetTimer()
	for i := range b.N {
		var s1, s2 uint64
		var off, on time.Duration
		if i%2 == 0 {
			s1, off = timeOff(i)
			s2, on = timeOn(i)
		} else {
			s2, on = timeOn(i)
			s1, off = timeOff(i)
		}
		if s1 != s2 {
			b.Fatalf("chunk %d: %d with reporting, %d without", i, s2, s1)
		}
		ratios = append(ratios, float64(on)/float64(off))
		offTotal += off
	}
	b.StopTimer()
	slices.Sort(ratios)
	b.ReportMetric(float64(offTotal)/float64(b.N*units), "ns/unit")
	b.ReportMetric(100*(ratios[len(ratios)/2]-1), "%slower")
}

// BenchmarkSleepersMemory measures what a sleeper costs while it sleeps: the
// live heap and goroutine stacks per task of the sleepers demo (concurrent
// mode, every task asleep), beside a bare goroutine doing the same sleep
// (time.Sleep, nothing reported). Both are read after a GC, once every task
// sleeps, so garbage is not counted. The target: a sleeper within 1.3x of
// a bare goroutine.
func BenchmarkSleepersMemory(b *testing.B) {
	const n = 20_000
	const wait = 2 * time.Second
	var stack uint64
	live := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		stack = ms.StackInuse
		return ms.HeapAlloc + ms.StackInuse
	}
	b.Run("bare", func(b *testing.B) {
		var per float64
		for b.Loop() {
			before := live()
			s0 := stack
			var wg sync.WaitGroup
			var started atomic.Int64
			for range n {
				wg.Go(func() { started.Add(1); time.Sleep(wait) })
			}
			for started.Load() < n {
				time.Sleep(time.Millisecond)
			}
			per = float64(live()-before) / n
			b.ReportMetric(float64(stack-s0)/n, "stack-bytes/task")
			wg.Wait()
		}
		b.ReportMetric(per, "bytes/task")
	})
	b.Run("sleepers", func(b *testing.B) {
		d, _ := Lookup("sleepers")
		var per float64
		for b.Loop() {
			before := live()
			s0 := stack
			cfg := d.Defaults()
			cfg.Mode = "concurrent"
			cfg.Knobs["tasks"], cfg.Knobs["wait"] = n, wait.Seconds()
			r, err := Start(context.Background(), d, cfg)
			if err != nil {
				b.Fatal(err)
			}
			var s Snapshot
			for r.Snapshot(&s); s.Count[Sleeping] < n; r.Snapshot(&s) {
				if s.Finished() > 0 {
					b.Fatal("a sleeper woke before the last one slept: make the wait longer")
				}
				time.Sleep(time.Millisecond)
			}
			s = Snapshot{}
			per = float64(live()-before) / n
			b.ReportMetric(float64(stack-s0)/n, "stack-bytes/task")
			if err := r.Wait(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(per, "bytes/task")
	})
}
