package demos

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// raceDetector reports whether this test binary was built with -race: timing
// figures taken under the race detector are too noisy to hold to a bound.
// (Read from the build settings, so no build-tagged file is needed.)
func raceDetector() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// TestCPUResultsAgree checks that every mode, at any worker count, really
// does the same work: the checksum of the chunks' results is the one crunch
// gives when run here directly.
func TestCPUResultsAgree(t *testing.T) {
	const chunks, work = 6, 20
	var want uint64
	for i := range chunks {
		s, _ := crunch(i, work, nil)
		want += s
	}
	want &= 1<<52 - 1
	for _, mode := range []string{"goroutines", "gil", "processes"} {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprint(mode, "/", workers), func(t *testing.T) {
				_, s := run(t, "cpu", mode, workers, map[string]float64{"chunks": chunks, "work": work})
				if s.Count[Done] != chunks {
					t.Fatalf("%d chunks done, want %d", s.Count[Done], chunks)
				}
				got, ok := s.Stats["checksum"]
				if !ok || uint64(got) != want {
					t.Errorf("checksum = %v (present %v), want %d", got, ok, want)
				}
				for i, ti := range s.Tasks {
					if ti.Worker < 0 || ti.Worker >= workers {
						t.Errorf("chunk %d ran on worker %d of %d", i, ti.Worker, workers)
					}
					if ti.N != work || ti.Total != work {
						t.Errorf("chunk %d progress %d of %d, want %d of %d", i, ti.N, ti.Total, work, work)
					}
				}
				for _, k := range []string{"parallelism", "busy_ms", "gomaxprocs"} {
					if v, ok := s.Stats[k]; !ok || v <= 0 {
						t.Errorf("stat %s = %v, %v; want a positive figure", k, v, ok)
					}
				}
			})
		}
	}
}

// runningOverlap returns the most tasks the Model shows computing (Running)
// at once. Each state change is stamped as it is sent, and a GIL hand-over
// marks the giver waiting before the taker running, so under the GIL this is
// exactly 1, whatever the machine's load.
func runningOverlap(s *Snapshot) int {
	type edge struct {
		at time.Duration
		d  int
	}
	var edges []edge
	for _, ti := range s.Tasks {
		for j, sp := range ti.Spans {
			if sp.State != Running {
				continue
			}
			end := ti.End
			if j+1 < len(ti.Spans) {
				end = ti.Spans[j+1].At
			}
			if sp.At < end {
				edges = append(edges, edge{sp.At, +1}, edge{end, -1})
			}
		}
	}
	slices.SortFunc(edges, func(x, y edge) int {
		if x.at != y.at {
			return cmp.Compare(x.at, y.at)
		}
		return x.d - y.d // an end before a start at the same instant
	})
	cur, peak := 0, 0
	for _, e := range edges {
		cur += e.d
		peak = max(peak, cur)
	}
	return peak
}

// TestCPUParallelModes holds goroutines and the GIL model to what they
// guarantee, read from the Model's timeline: two goroutine workers compute
// at the same time, two workers under the GIL never do. How much faster two
// cores make it depends on what else the machine runs: BenchmarkCPUSpeedup
// measures that.
func TestCPUParallelModes(t *testing.T) {
	knobs := map[string]float64{"chunks": 8, "work": 200}
	for _, tc := range []struct {
		mode string
		want int
	}{{"goroutines", 2}, {"gil", 1}} {
		t.Run(tc.mode, func(t *testing.T) {
			_, s := run(t, "cpu", tc.mode, 2, knobs)
			if got := runningOverlap(&s); got != tc.want {
				t.Errorf("%s: %d workers computing at once at most, want %d", tc.mode, got, tc.want)
			}
		})
	}
}

// BenchmarkCPUSpeedup reports how much faster two workers are than one, in
// each mode that computes in this process, next to what two bare goroutines
// (no engine) reach in the same run: the demo's lesson is goroutines near
// the bare figure (about 2 on two free cores) and the GIL near 1.
func BenchmarkCPUSpeedup(b *testing.B) {
	const chunks, work = 16, 400 // about 0.2 s of work at 1 worker
	knobs := map[string]float64{"chunks": chunks, "work": work}
	for _, mode := range []string{"goroutines", "gil"} {
		b.Run(mode, func(b *testing.B) {
			var demo, bare float64
			for range b.N {
				_, one := run(b, "cpu", mode, 1, knobs)
				_, two := run(b, "cpu", mode, 2, knobs)
				demo += one.Elapsed.Seconds() / two.Elapsed.Seconds()
				bare += rawSpeedup(chunks * work)
			}
			b.ReportMetric(demo/float64(b.N), "speedup")
			b.ReportMetric(bare/float64(b.N), "bare-speedup")
		})
	}
}

// rawSpeedup is the speedup of two bare goroutines over one on units units
// of crunch, with no engine involved.
func rawSpeedup(units int) float64 {
	timeIt := func(workers int) time.Duration {
		t0 := time.Now()
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() { crunch(w, units/workers, nil) })
		}
		wg.Wait()
		return time.Since(t0)
	}
	return timeIt(1).Seconds() / timeIt(2).Seconds()
}

// TestCPUGILTakesTurns checks the model's mechanics: with two workers the
// token changes hands, waits are reported, and busy time stays about wall
// time (parallelism near 1), while goroutines exceed it.
func TestCPUGILTakesTurns(t *testing.T) {
	knobs := map[string]float64{"chunks": 4, "work": 200}
	_, s := run(t, "cpu", "gil", 2, knobs)
	if s.Stats["gil_switches"] < 2 {
		t.Errorf("gil_switches = %v, want the token to change hands", s.Stats["gil_switches"])
	}
	if s.Waited <= 0 {
		t.Error("no time waiting for the GIL was reported")
	}
	if p := s.Stats["parallelism"]; p > 1.1 {
		t.Errorf("parallelism under the GIL = %.2f, want at most about 1", p)
	}
}

// TestCPUGILHasOneHolder: under the GIL, exactly one task computes at any
// moment the front ends look, switches included (a picture reading "0
// computing now" in between contradicts the lesson). The hand-over changes
// both tasks' states back to back; a snapshot may rarely fall between two
// batches, hence the small allowance. Before the giver marked the taker
// running, 2-6% of samples saw no holder. (runningOverlap in
// TestCPUParallelModes checks the timeline itself, exactly.) The run is long
// enough that a starved sampler on a busy machine still takes 50 samples.
func TestCPUGILHasOneHolder(t *testing.T) {
	d, _ := Lookup("cpu")
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers, cfg.Knobs["chunks"] = "gil", 2, 16
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var s Snapshot
	samples, off := 0, 0
	for {
		select {
		case <-r.Done():
			if samples < 50 {
				t.Fatalf("only %d samples during the run", samples)
			}
			if off > 1+samples/100 {
				t.Errorf("%d of %d samples did not have exactly one task computing", off, samples)
			}
			return
		default:
		}
		r.Snapshot(&s)
		// the first chunks start and the last ones end unevenly: look at the middle
		if !s.Ended && s.Count[Done] >= 1 && s.Count[Done] <= 13 {
			samples++
			if s.Count[Running] != 1 {
				off++
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// TestCPUParallelismIsCPU: more workers than cores cannot look like more
// cores, because busy time is CPU time.
func TestCPUParallelismIsCPU(t *testing.T) {
	if _, ok := threadCPU(); !ok {
		t.Skip("no thread CPU time on this system")
	}
	cores := float64(runtime.GOMAXPROCS(0))
	for _, mode := range []string{"goroutines", "processes"} {
		t.Run(mode, func(t *testing.T) {
			_, s := run(t, "cpu", mode, 2*runtime.GOMAXPROCS(0)+2, map[string]float64{"chunks": 12, "work": 100})
			if p := s.Stats["parallelism"]; p > cores+0.25 {
				t.Errorf("parallelism %.2f with %d cores", p, int(cores))
			}
		})
	}
}

// TestCPUParallelismCountsOnlyWorkers: other work in the same process (the
// window drawing, here a spinning goroutine) is not the demo's parallelism.
func TestCPUParallelismCountsOnlyWorkers(t *testing.T) {
	if _, ok := threadCPU(); !ok {
		t.Skip("no thread CPU time on this system")
	}
	stop := make(chan struct{})
	spun := make(chan struct{})
	go func() {
		defer close(spun)
		for {
			select {
			case <-stop:
				return
			default:
			}
			crunch(0, 1, nil)
		}
	}()
	_, s := run(t, "cpu", "goroutines", 1, map[string]float64{"chunks": 6, "work": 200})
	close(stop)
	<-spun
	if p := s.Stats["parallelism"]; p > 1.1 {
		t.Errorf("parallelism %.2f with 1 worker and a busy neighbour, want at most about 1", p)
	}
}

// TestCPUProcessesLeaveNoChild stops a processes run while children compute
// and checks that every child it started is gone: killed and reaped.
func TestCPUProcessesLeaveNoChild(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc")
	}
	var mu sync.Mutex
	var pids []int
	cpuChildStarted = func(pid int) {
		mu.Lock()
		pids = append(pids, pid)
		mu.Unlock()
	}
	t.Cleanup(func() { cpuChildStarted = nil })

	d, _ := Lookup("cpu")
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers = "processes", 2
	cfg.Knobs["work"] = 100_000 // about 3 s per chunk: the stop finds them computing
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(pids)
		mu.Unlock()
		if n >= 2 && len(childPIDs()) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			r.Stop()
			<-r.Done()
			t.Fatalf("only %d children started in 10 s", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // let them get into their work
	r.Stop()
	select {
	case <-r.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("run did not end within 5 s of Stop")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, pid := range pids {
		if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err == nil {
			t.Errorf("child %d still exists after Stop (running or not reaped)", pid)
		}
	}
	if left := childPIDs(); len(left) > 0 {
		t.Errorf("children left after Stop: %v", left)
	}
}

// TestCPUPause: a paused run computes nothing until it is resumed, in the
// modes that compute in this process (each worker checks between units).
func TestCPUPause(t *testing.T) {
	for _, mode := range []string{"goroutines", "gil"} {
		t.Run(mode, func(t *testing.T) {
			d, _ := Lookup("cpu")
			cfg := d.Defaults()
			cfg.Mode, cfg.Workers = mode, 2
			cfg.Knobs["chunks"], cfg.Knobs["work"] = 4, 2000 // about 60 ms a chunk
			r, err := Start(context.Background(), d, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { r.Stop(); <-r.Done() }()
			progress := func() (n int64) {
				var s Snapshot
				r.Snapshot(&s)
				for _, ti := range s.Tasks {
					n += ti.N
				}
				return n
			}
			time.Sleep(30 * time.Millisecond)
			r.Pause()
			// A worker finishes the few units it had under way before it
			// reaches the gate; on a busy machine that can take a while.
			// Once progress has stood still for 100 ms, it must stay still.
			before := progress()
			for still, deadline := 0, time.Now().Add(5*time.Second); still < 10; still++ {
				time.Sleep(10 * time.Millisecond)
				if now := progress(); now != before {
					before, still = now, -1
				}
				if time.Now().After(deadline) {
					t.Fatalf("progress still moving 5 s after the pause (%d units)", before)
				}
			}
			time.Sleep(200 * time.Millisecond)
			if after := progress(); after != before {
				t.Errorf("progress moved from %d to %d units while paused", before, after)
			}
			r.Resume()
			if err := r.Wait(); err != nil {
				t.Fatal(err)
			}
			var s Snapshot
			r.Snapshot(&s)
			if s.Count[Done] != 4 {
				t.Errorf("%d chunks done after resume, want 4", s.Count[Done])
			}
		})
	}
}

// idleRun is a run whose demo code only waits, so that a benchmark can
// report through its tasks from outside; finish ends it and waits until
// every event is folded.
func idleRun(tb testing.TB) (r *Run, finish func()) {
	tb.Helper()
	release := make(chan struct{})
	d := &Demo{ID: "bench", Modes: []Mode{{Name: "m"}}, Workers: Knob{Name: "workers", Kind: Int, Min: 1, Max: 1, Default: 1},
		Run: func(*Run) error { <-release; return nil }}
	r, err := Start(context.Background(), d, Config{Mode: "m", Workers: 1})
	if err != nil {
		tb.Fatal(err)
	}
	return r, func() {
		close(release)
		if err := r.Wait(); err != nil {
			tb.Fatal(err)
		}
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
	r, finish := idleRun(b)
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
