package demos

import (
	"concurrencylab/demos/engine"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The tests here run the real peers: they skip where python3 or rustc is
// not on PATH.

func needTool(t testing.TB, name string) {
	t.Helper()
	if name == "rustc" {
		if why := engine.PeerMode("rust-threads", "").Await(); why != "" {
			t.Skip(why)
		}
		return
	}
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not found on PATH", name)
	}
}

// checksumOf is the cpu demo's checksum of chunks chunks of units units of
// rounds rounds: what a peer doing the same work must report.
func checksumOf(chunks, units, rounds int) float64 {
	var total uint64
	for c := range chunks {
		x := uint64(c+1) * 0x9E3779B97F4A7C15
		for range units * rounds {
			x += 0x9E3779B97F4A7C15
			z := x
			z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
			z = (z ^ z>>27) * 0x94D049BB133111EB
			total += z ^ z>>31
		}
	}
	return float64(total & (1<<52 - 1))
}

func allDone(t *testing.T, s Snapshot) {
	t.Helper()
	if s.Count[Done] != len(s.Tasks) || len(s.Tasks) == 0 {
		t.Errorf("%d of %d tasks done", s.Count[Done], len(s.Tasks))
	}
}

func TestPeerPythonCPU(t *testing.T) {
	needTool(t, "python3")
	want := checksumOf(3, 4, pyCPURounds)
	for _, mode := range []string{"python-threads", "python-processes"} {
		t.Run(mode, func(t *testing.T) {
			_, s := run(t, "cpu", mode, 2, map[string]float64{"chunks": 3, "work": 4})
			allDone(t, s)
			if s.Stats["checksum"] != want {
				t.Errorf("checksum %v, want %v (the Go loop with %d rounds a unit)", s.Stats["checksum"], want, pyCPURounds)
			}
			if s.Stats["startup_ms"] <= 0 || s.Stats["parallelism"] <= 0 {
				t.Errorf("stats %v", s.Stats)
			}
			workers := map[int]bool{}
			for _, ti := range s.Tasks {
				workers[ti.Worker] = true
				if ti.N != 4 || ti.Total != 4 {
					t.Errorf("task %d progress %d of %d", ti.ID, ti.N, ti.Total)
				}
			}
			for w := range workers {
				if w < 0 || w > 1 {
					t.Errorf("a task on worker %d of 2", w)
				}
			}
		})
	}
}

func TestPeerRustCPU(t *testing.T) {
	needTool(t, "rustc")
	_, g := run(t, "cpu", "goroutines", 2, map[string]float64{"chunks": 3, "work": 2})
	_, s := run(t, "cpu", "rust-threads", 2, map[string]float64{"chunks": 3, "work": 2})
	allDone(t, s)
	if s.Stats["checksum"] != g.Stats["checksum"] || s.Stats["checksum"] != checksumOf(3, 2, cpuRounds) {
		t.Errorf("rust checksum %v, Go %v", s.Stats["checksum"], g.Stats["checksum"])
	}
}

func TestPeerCounters(t *testing.T) {
	for _, mode := range []string{"python-threads", "python-lock", "rust-mutex", "rust-atomic"} {
		t.Run(mode, func(t *testing.T) {
			needTool(t, map[bool]string{true: "rustc", false: "python3"}[strings.HasPrefix(mode, "rust")])
			_, s := run(t, "counter", mode, 4, map[string]float64{"increments": 5000})
			allDone(t, s)
			c := s.Counter
			if c.Expected != 20000 || c.Actual > c.Expected || c.Actual <= 0 || s.Stats["lost"] != float64(c.Lost()) {
				t.Errorf("counter %+v, lost %v", c, s.Stats["lost"])
			}
			if mode != "python-threads" && c.Actual != c.Expected {
				t.Errorf("%s lost %d updates", mode, c.Lost())
			}
		})
	}
}

func TestPeerPythonSleepers(t *testing.T) {
	needTool(t, "python3")
	_, s := run(t, "sleepers", "python-asyncio", 1, map[string]float64{"tasks": 50, "wait": 0.1})
	allDone(t, s)
	if s.Stats["peak_sleeping"] != 50 {
		t.Errorf("asyncio: peak %v sleeping at once, want all 50", s.Stats["peak_sleeping"])
	}
	// (All 50 asleep at once, above, is what makes it about one wait,
	// however slow the machine: no bound on the elapsed time is needed.)
	for _, ti := range s.Tasks {
		if len(ti.Spans) == 0 || ti.Spans[0].State != Sleeping || ti.Spans[0].On != sleepOn {
			t.Errorf("task %d history %+v", ti.ID, ti.Spans)
			break
		}
	}
	_, s = run(t, "sleepers", "python-threads", 3, map[string]float64{"tasks": 9, "wait": 0.05})
	allDone(t, s)
	if p := s.Stats["peak_sleeping"]; p < 1 || p > 3 {
		t.Errorf("threads: peak %v sleeping at once on 3 workers", p)
	}
}

func TestPeerDownload(t *testing.T) {
	defer func(d time.Duration) { stallAfter = d }(stallAfter)
	// Long enough that a peer slowed by a busy machine is not taken for a
	// stall (0.5 s was, with load 14 on 2 cores), short enough for the stall.
	stallAfter = 2 * time.Second
	for _, mode := range []string{"python-threads", "python-asyncio", "rust-threads"} {
		t.Run(mode, func(t *testing.T) {
			needTool(t, map[bool]string{true: "rustc", false: "python3"}[strings.HasPrefix(mode, "rust")])
			var srv *FileServer
			testHookFileServer = func(s *FileServer) { srv = s }
			defer func() { testHookFileServer = nil }()
			_, s := run(t, "download", mode, 4, map[string]float64{"files": 8, "size": 64, "latency": 0.01, "fail": 0.5, "bandwidth": 0})
			failed := 0
			for _, ti := range s.Tasks {
				plan := srv.Plan(ti.ID)
				switch {
				case plan == "" && ti.State != Done:
					t.Errorf("file %d (no fault) %v: %s", ti.ID, ti.State, ti.On)
				case plan != "" && ti.State != Failed:
					t.Errorf("file %d (fault %s) %v", ti.ID, plan, ti.State)
				case plan != "":
					failed++
					want := map[string]string{FailNotFound: "HTTP 404", FailServerError: "HTTP 500", FailStall: "stalled",
						FailReset: "after"}[plan]
					if !strings.Contains(ti.On, want) {
						t.Errorf("file %d (fault %s) failed with %q, want %q in it", ti.ID, plan, ti.On, want)
					}
				}
			}
			if failed == 0 || s.Stats["failed"] != float64(failed) || s.Stats["files_done"] != float64(8-failed) {
				t.Errorf("%d failed; stats %v", failed, s.Stats)
			}
			if want := float64((8 - failed) * 64 << 10); s.Stats["bytes"] < want {
				t.Errorf("bytes %v, want at least the %v of the whole files", s.Stats["bytes"], want)
			}
			if len(s.Logs) < 8 {
				t.Errorf("%d printed lines for 8 files", len(s.Logs))
			}
		})
	}
}

func TestPeerSpawn(t *testing.T) {
	for _, mode := range []string{"python-threads", "python-processes", "rust-threads"} {
		t.Run(mode, func(t *testing.T) {
			needTool(t, map[bool]string{true: "rustc", false: "python3"}[strings.HasPrefix(mode, "rust")])
			_, s := run(t, "spawn", mode, 1, map[string]float64{"count": 10})
			allDone(t, s)
			if s.Stats["units"] != 10 || s.Stats["start_ms"] <= 0 || s.Stats["bytes_per_unit"] < 0 {
				t.Errorf("stats %v", s.Stats)
			}
			if want := (Units{Per: 1, Total: 10, Noun: strings.TrimPrefix(strings.TrimPrefix(mode, "python-"), "rust-")}); s.Units != want {
				t.Errorf("units %+v, want %+v", s.Units, want)
			}
		})
	}
}

// BenchmarkPeerReporting measures what a peer's reporting costs: the cpu
// work of python-threads (and rust-threads), one worker, with its progress
// lines and without (report=0). The metric report-cost-% is the difference
// in the peer's CPU time for the work (start-up left out), the least of
// b.N runs each way: other processes on the machine only ever add to a
// run's time, so the least is the closest to the cost itself. The target
// is at most 5.
func BenchmarkPeerReporting(b *testing.B) {
	for _, mode := range []string{"python-threads", "rust-threads"} {
		b.Run(mode, func(b *testing.B) {
			needTool(b, map[bool]string{true: "rustc", false: "python3"}[strings.HasPrefix(mode, "rust")])
			rounds := cpuRounds
			if strings.HasPrefix(mode, "python") {
				rounds = pyCPURounds
			}
			work := func(report string) (cpu, wall time.Duration) {
				d := &Demo{ID: "cpu", Modes: []Mode{{Name: mode}}, Workers: Knob{Name: "workers", Kind: Int, Default: 1, Min: 1, Max: 1},
					Run: func(r *Run) error {
						res, err := engine.RunPeer(r, engine.PeerJob{Demo: "cpu", Mode: mode, Tasks: 4, Lanes: 1,
							Args: []string{"workers=1", "chunks=4", "units=250", kv("rounds", rounds), "report=" + report}})
						cpu, wall = res.CPU, res.Work
						return err
					}}
				r, err := Start(context.Background(), d, d.Defaults())
				if err != nil {
					b.Fatal(err)
				}
				if err := r.Wait(); err != nil {
					b.Fatal(err)
				}
				return cpu, wall
			}
			least := func(a, b time.Duration) time.Duration {
				if a == 0 || b < a {
					return b
				}
				return a
			}
			var onCPU, offCPU, onWall, offWall time.Duration
			for i := range b.N {
				// alternated, and in turn first, so that neither a change of
				// the machine's load nor going first favours one
				for _, report := range [2][]string{{"0", "1"}, {"1", "0"}}[i%2] {
					c, w := work(report)
					if report == "0" {
						offCPU, offWall = least(offCPU, c), least(offWall, w)
					} else {
						onCPU, onWall = least(onCPU, c), least(onWall, w)
					}
				}
			}
			b.ReportMetric((onCPU.Seconds()/offCPU.Seconds()-1)*100, "report-cost-%")
			b.ReportMetric((onWall.Seconds()/offWall.Seconds()-1)*100, "wall-diff-%")
		})
	}
}

// TestPeerFreeThreadedDetection: python-freethreaded is unavailable, with
// why, until a CPython that says its GIL is off is on PATH; then it runs the
// threads program on that interpreter with PYTHON_GIL=0. The stand-in here
// is a script that answers the probe as a 3.13t build would and runs the
// real python3 otherwise.
func TestPeerFreeThreadedDetection(t *testing.T) {
	needTool(t, "python3")
	d, _ := Lookup("cpu")
	m, _ := d.Mode("python-freethreaded")
	if why := m.Await(); why == "" {
		t.Log("a free-threaded CPython is here")
	} else if !strings.Contains(why, "free-threaded") {
		t.Errorf("the mode is unavailable because %q, which does not name a free-threaded CPython", why)
	}
	dir := t.TempDir()
	script := "#!/bin/sh\n" +
		`if [ "$1" = "-c" ]; then echo False; exit 0; fi` + "\n" +
		`[ "$PYTHON_GIL" = 0 ] || { echo "PYTHON_GIL is not 0" >&2; exit 9; }` + "\n" +
		`exec python3 "$@"` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "python3.13t"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	if why := m.Await(); why != "" {
		t.Fatalf("with python3.13t on PATH the mode is unavailable: %s", why)
	}
	_, s := run(t, "cpu", "python-freethreaded", 2, map[string]float64{"chunks": 2, "work": 2})
	allDone(t, s)
	if s.Stats["checksum"] != checksumOf(2, 2, pyCPURounds) {
		t.Errorf("checksum %v", s.Stats["checksum"])
	}
}

// TestPeerDownloadPauseIsNotAStall: a download peer paused (SIGSTOP) for
// longer than its stall timeout, mid-transfer, finishes every file once
// resumed: the pause is not counted as time without data.
func TestPeerDownloadPauseIsNotAStall(t *testing.T) {
	defer func(d time.Duration) { stallAfter = d }(stallAfter)
	stallAfter = 2 * time.Second // the default; the pause is longer
	for _, mode := range []string{"python-threads", "python-asyncio", "rust-threads"} {
		t.Run(mode, func(t *testing.T) {
			needTool(t, map[bool]string{true: "rustc", false: "python3"}[strings.HasPrefix(mode, "rust")])
			d, _ := Lookup("download")
			cfg := d.Defaults()
			cfg.Mode, cfg.Workers = mode, 2
			for k, v := range map[string]float64{"files": 4, "size": 256, "latency": 0.3, "bandwidth": 128, "fail": 0} {
				cfg.Knobs[k] = v
			}
			r, err := Start(context.Background(), d, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { r.Stop(); r.Wait() }()
			var s Snapshot
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				r.Snapshot(&s)
				if len(s.Tasks) == 4 && (s.Tasks[0].N > 0 || s.Tasks[1].N > 0) {
					break
				}
				if s.Ended || time.Now().After(deadline) {
					t.Fatalf("no byte arrived (ended %v)", s.Ended)
				}
			}
			r.Pause()
			time.Sleep(3 * time.Second)
			r.Resume()
			select {
			case <-r.Done():
			case <-time.After(60 * time.Second):
				t.Fatal("the run did not end within 60 s of the resume")
			}
			if err := r.Wait(); err != nil {
				t.Fatal(err)
			}
			r.Snapshot(&s)
			for _, ti := range s.Tasks {
				if ti.State != Done {
					t.Errorf("file %d %v: %s", ti.ID, ti.State, ti.On)
				}
			}
		})
	}
}
