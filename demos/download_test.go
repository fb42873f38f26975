package demos

import (
	"context"
	"regexp"
	"testing"
	"time"
)

// withServerHook hands each download run's server to got for the test's length.
func withServerHook(t *testing.T, got func(*FileServer)) {
	t.Helper()
	testHookFileServer = got
	t.Cleanup(func() { testHookFileServer = nil })
}

// withStallAfter shortens the stall timeout for the test's length.
func withStallAfter(t *testing.T, d time.Duration) {
	t.Helper()
	old := stallAfter
	stallAfter = d
	t.Cleanup(func() { stallAfter = old })
}

// TestDownloadFailureKinds checks that each kind of failure lands on its own
// planned file with a reason that names it, and that every other file arrives whole.
func TestDownloadFailureKinds(t *testing.T) {
	withStallAfter(t, 300*time.Millisecond)
	var srv *FileServer
	withServerHook(t, func(s *FileServer) { srv = s })
	for _, mode := range []string{"sequential", "unbounded", "pool"} {
		t.Run(mode, func(t *testing.T) {
			_, s := run(t, "download", mode, 4, map[string]float64{
				"files": 8, "size": 64, "latency": 0.02, "bandwidth": 0, "fail": 0.5,
			})
			want := map[string]*regexp.Regexp{
				"":              nil,
				FailNotFound:    regexp.MustCompile(`^HTTP 404 Not Found$`),
				FailServerError: regexp.MustCompile(`^HTTP 500 Internal Server Error$`),
				FailStall:       regexp.MustCompile(`^stalled: no data for 300ms$`),
				FailReset:       regexp.MustCompile(`^connection reset after \d+ of 65536 bytes$`),
			}
			seen := map[string]bool{}
			for _, ti := range s.Tasks {
				plan := srv.Plan(ti.ID)
				seen[plan] = true
				if plan == "" {
					if ti.State != Done || ti.N != 65536 || ti.Total != 65536 {
						t.Errorf("file %d: %v %q, %d of %d bytes; want done, 65536 of 65536", ti.ID, ti.State, ti.On, ti.N, ti.Total)
					}
					continue
				}
				if ti.State != Failed || !want[plan].MatchString(ti.On) {
					t.Errorf("file %d (planned %s): %v %q; want failed matching %v", ti.ID, plan, ti.State, ti.On, want[plan])
				}
			}
			for kind := range want {
				if !seen[kind] {
					t.Errorf("no file planned as %q; the test needs every kind", kind)
				}
			}
			if s.Stats["failed"] != 4 || s.Stats["files_done"] != 4 || s.Stats["bytes"] < 4*65536 {
				t.Errorf("stats %v; want failed 4, files 4, bytes >= %d", s.Stats, 4*65536)
			}
			if len(s.Logs) != 8 {
				t.Errorf("%d log lines, want one per file (8)", len(s.Logs))
			}
		})
	}
}

// TestDownloadConcurrentBeatsSequential: with latency dominating, a
// goroutine per file has every download in flight on the server at once,
// while one after another has one; so the sequential run takes at least a
// latency per file. (How much faster the concurrent one is on this machine
// is for the figures on screen, not a test.)
func TestDownloadConcurrentBeatsSequential(t *testing.T) {
	var srv *FileServer
	withServerHook(t, func(s *FileServer) { srv = s })
	const latency = 200 * time.Millisecond
	knobs := map[string]float64{"files": 8, "size": 16, "latency": latency.Seconds(), "bandwidth": 0}
	for _, tc := range []struct {
		mode string
		peak int
	}{{"sequential", 1}, {"unbounded", 8}} {
		_, s := run(t, "download", tc.mode, 4, knobs)
		if s.Count[Done] != 8 {
			t.Fatalf("%s: %d of 8 files done", tc.mode, s.Count[Done])
		}
		if p := srv.Peak(); p != tc.peak {
			t.Errorf("%s: at most %d downloads in flight at once, want %d", tc.mode, p, tc.peak)
		}
		if least := time.Duration(8/tc.peak) * latency; s.Elapsed < least {
			t.Errorf("%s took %v, less than the %v its latencies add up to", tc.mode, s.Elapsed, least)
		}
	}
}

// TestDownloadPoolFollowsWorkers measures downloads in flight on the server
// while the worker target moves: 2, then 5, then 1.
func TestDownloadPoolFollowsWorkers(t *testing.T) {
	srvc := make(chan *FileServer, 1)
	withServerHook(t, func(s *FileServer) { srvc <- s })
	d, _ := Lookup("download")
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers = "pool", 2
	// Each file: 20 ms latency, then 48 KiB at 256 KiB/s, about 0.2 s.
	cfg.Knobs = map[string]float64{"files": 20, "size": 48, "latency": 0.02, "bandwidth": 256}
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { r.Stop(); <-r.Done() }()
	srv := <-srvc

	var s Snapshot
	finished := func(n int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for r.Snapshot(&s); s.Finished() < n; r.Snapshot(&s) {
			if time.Now().After(deadline) {
				t.Fatalf("only %d files finished, waiting for %d", s.Finished(), n)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	phase := func(name string, target, until int) {
		t.Helper()
		finished(until)
		if p := srv.Peak(); p != target {
			t.Errorf("%s: peak of %d downloads in flight, want %d", name, p, target)
		}
	}
	phase("2 workers", 2, 4)
	r.SetWorkers(5)
	srv.ResetPeak()
	phase("raised to 5", 5, 12)
	r.SetWorkers(1)
	changed := r.Elapsed()
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	r.Snapshot(&s)
	if s.Count[Done] != 20 {
		t.Errorf("%d of 20 files done", s.Count[Done])
	}
	// Lowered to 1: downloads already running finish, and none starts until
	// fewer than 1 run. Read from the tasks' timeline, in the order files
	// are taken: up to 5 may start after the change with slots taken
	// before it; every later one starts alone.
	late := 0
	for _, ti := range s.Tasks {
		if len(ti.Spans) == 0 || ti.Spans[0].At < changed {
			continue
		}
		if late++; late <= 5 {
			continue
		}
		at, n := ti.Spans[0].At, 0
		for _, o := range s.Tasks {
			if len(o.Spans) > 0 && o.Spans[0].At <= at && at < o.End {
				n++
			}
		}
		if n > 1 {
			t.Errorf("lowered to 1: file %d started with %d downloads under way (itself included)", ti.ID, n)
		}
	}
}

// TestDownloadFailfast: once a file fails, every download not done ends
// cancelled, naming the file that failed first.
func TestDownloadFailfast(t *testing.T) {
	withStallAfter(t, 300*time.Millisecond)
	var srv *FileServer
	withServerHook(t, func(s *FileServer) { srv = s })
	_, s := run(t, "download", "failfast", 3, map[string]float64{
		"files": 16, "size": 64, "latency": 0.02, "bandwidth": 512, "fail": 0.25,
	})
	reason := regexp.MustCompile(`^cancelled: file (\d+) failed first \((HTTP 404|HTTP 500|stalled|connection reset)\)$`)
	var first string
	for _, ti := range s.Tasks {
		switch ti.State {
		case Failed:
			if srv.Plan(ti.ID) == "" {
				t.Errorf("file %d failed (%q) but was not planned to", ti.ID, ti.On)
			}
		case Cancelled:
			m := reason.FindStringSubmatch(ti.On)
			if m == nil {
				t.Errorf("file %d cancelled with %q; want %v", ti.ID, ti.On, reason)
				continue
			}
			if first == "" {
				first = m[1]
			} else if m[1] != first {
				t.Errorf("file %d names file %s as first to fail, another named %s", ti.ID, m[1], first)
			}
		case Done:
		default:
			t.Errorf("file %d ended %v", ti.ID, ti.State)
		}
	}
	if s.Count[Failed] < 1 || s.Count[Cancelled] < 1 {
		t.Fatalf("%d failed, %d cancelled; want at least one of each", s.Count[Failed], s.Count[Cancelled])
	}
	var fi int
	for _, c := range first {
		fi = fi*10 + int(c-'0')
	}
	if s.Tasks[fi].State != Failed {
		t.Errorf("file %s, named as the first failure, ended %v", first, s.Tasks[fi].State)
	}
	// With 3 workers and the first planned failure among the first files,
	// most of the 16 never get to finish.
	if s.Count[Done] > 12 {
		t.Errorf("%d files done; failfast should have cancelled more", s.Count[Done])
	}
}

// TestDownloadStopMidTransfer stops a run in the middle of slow transfers:
// the run ends within a second and no download is left open.
func TestDownloadStopMidTransfer(t *testing.T) {
	for _, mode := range []string{"sequential", "unbounded", "pool", "failfast"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			d, _ := Lookup("download")
			cfg := d.Defaults()
			cfg.Mode = mode
			cfg.Knobs = map[string]float64{"files": 6, "size": 1024, "latency": 0.02, "bandwidth": 64}
			r, err := Start(context.Background(), d, cfg)
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(150 * time.Millisecond)
			r.Pause() // a paused download must not be mistaken for a stall, nor block the stop
			time.Sleep(50 * time.Millisecond)
			t0 := time.Now()
			r.Stop()
			<-r.Done()
			if el := time.Since(t0); el > 5*time.Second {
				t.Errorf("stop took %v", el)
			}
			var s Snapshot
			r.Snapshot(&s)
			if s.Count[Failed] != 0 || s.Count[Done] != 0 || s.Count[Cancelled] != 6 {
				t.Errorf("after stop: %d done, %d failed, %d cancelled; want all 6 cancelled", s.Count[Done], s.Count[Failed], s.Count[Cancelled])
			}
		})
	}
}

// TestDownloadPauseIsNotAStall pauses a run for longer than each timeout,
// once while the downloads wait for their headers and once while they
// receive: the paused downloads resume and finish instead of failing.
func TestDownloadPauseIsNotAStall(t *testing.T) {
	// Long enough that a busy machine under -race starves no transfer of
	// it (150 ms did), short next to the pauses.
	withStallAfter(t, 500*time.Millisecond)
	d, _ := Lookup("download")
	cfg := d.Defaults()
	cfg.Mode = "unbounded"
	// Headers after 50 ms of run time, within 50 ms/MinSpeed + 500 ms = 1 s.
	cfg.Knobs = map[string]float64{"files": 3, "size": 128, "latency": 0.05, "bandwidth": 256}
	r, err := Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { r.Stop(); <-r.Done() }()
	var s Snapshot
	r.Pause() // the server's latency counts run time: no headers before the resume
	time.Sleep(1500 * time.Millisecond)
	r.Resume()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		r.Snapshot(&s)
		receiving := 0
		for _, ti := range s.Tasks {
			if ti.State == Running && ti.On == "receiving" {
				receiving++
			}
		}
		if receiving == 3 {
			break
		}
		if s.Finished() > 0 || time.Now().After(deadline) {
			t.Fatalf("not all 3 files receiving at once: %d finished", s.Finished())
		}
	}
	r.Pause() // 128 KiB at 256 KiB/s take 500 ms: they are all mid-transfer
	time.Sleep(800 * time.Millisecond)
	r.Resume()
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	r.Snapshot(&s)
	if s.Count[Done] != 3 {
		for _, ti := range s.Tasks {
			t.Logf("file %d: %v %q", ti.ID, ti.State, ti.On)
		}
		t.Errorf("%d of 3 files done after two pauses", s.Count[Done])
	}
}

// TestDownloadSlowMotion: at half speed the server answers after twice the
// latency and sends at half the bandwidth, so the same downloads take at
// least twice as long as their unstretched time.
func TestDownloadSlowMotion(t *testing.T) {
	d, _ := Lookup("download")
	const latency, size, bandwidth = 0.1, 32, 256 // s, KiB, KiB/s
	ideal := time.Duration((latency + float64(size)/bandwidth) * float64(time.Second))
	for _, speed := range []float64{1, 0.5} {
		cfg := d.Defaults()
		cfg.Mode = "unbounded"
		cfg.Knobs = map[string]float64{"files": 4, "size": size, "latency": latency, "bandwidth": bandwidth}
		r, err := Start(context.Background(), d, cfg)
		if err != nil {
			t.Fatal(err)
		}
		r.SetSpeed(speed)
		if err := r.Wait(); err != nil {
			t.Fatal(err)
		}
		el, want := r.Elapsed(), time.Duration(float64(ideal)/speed*0.9)
		t.Logf("%vx: %v", speed, el)
		if el < want {
			t.Errorf("at %vx the downloads took %v, want at least %v", speed, el, want)
		}
	}
}
