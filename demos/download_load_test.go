package demos

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// spinEveryCore keeps every core of the Go runtime busy until the test ends,
// as a class's other programs would.
func spinEveryCore(t *testing.T) {
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for !stop.Load() {
			}
		})
	}
	t.Cleanup(func() { stop.Store(true); wg.Wait() })
}

// TestDownloadUnderLoadFailsOnlyPlannedFiles: 500 unpaced files at once,
// every core busy besides, and a stall timeout short enough that the wait
// for a turn on a core would pass it many times over: only the files the
// server planned to fail fail, each in its planned way, so a class sees the
// faults it asked for and no others.
func TestDownloadUnderLoadFailsOnlyPlannedFiles(t *testing.T) {
	withStallAfter(t, 300*time.Millisecond)
	var srv *FileServer
	withServerHook(t, func(s *FileServer) { srv = s })
	spinEveryCore(t)
	_, s := run(t, "download", "unbounded", 4, map[string]float64{
		"files": 500, "size": 1024, "latency": 0, "bandwidth": 0, "fail": 0.008,
	})
	planned := map[string]string{FailNotFound: "HTTP 404", FailServerError: "HTTP 500", FailStall: "stalled", FailReset: "connection reset"}
	nPlanned := 0
	for _, ti := range s.Tasks {
		plan := srv.Plan(ti.ID)
		switch {
		case plan == "" && ti.State != Done:
			t.Errorf("file %d, not planned to fail: %v %q", ti.ID, ti.State, ti.On)
		case plan != "":
			nPlanned++
			if ti.State != Failed || !strings.HasPrefix(ti.On, planned[plan]) {
				t.Errorf("file %d, planned %s: %v %q; want failed with %q", ti.ID, plan, ti.State, ti.On, planned[plan])
			}
		}
	}
	if nPlanned != 4 || s.Stats["failed"] != 4 || s.Stats["files_done"] != 496 {
		t.Errorf("%d files planned to fail, stats %v; want 4 failed, 496 done", nPlanned, s.Stats)
	}
}

// TestDownloadPatienceFollowsFilesInFlight pins how the timeouts grow: not
// at all up to freePerCore downloads a core, then by turnPerDownload a core
// for each more, and the reason is said.
func TestDownloadPatienceFollowsFilesInFlight(t *testing.T) {
	cores := runtime.GOMAXPROCS(0)
	d := &downloader{}
	d.inFlight.Store(int64(freePerCore * cores))
	if got, why := d.patience(2 * time.Second); got != 2*time.Second || why != "" {
		t.Errorf("%d in flight: patience %v %q; want 2s and no reason", freePerCore*cores, got, why)
	}
	d.inFlight.Store(int64(freePerCore*cores + 10*cores))
	want := 2*time.Second + 10*turnPerDownload
	if got, why := d.patience(2 * time.Second); got != want || !strings.Contains(why, "downloads in flight on") {
		t.Errorf("%d in flight: patience %v %q; want %v and the reason", d.inFlight.Load(), got, why, want)
	}
	// the Python and Rust downloaders get the timeout of the most files
	// they will have in flight at once
	if got := lengthened(2*time.Second, int64(freePerCore*cores+10*cores), int64(cores)); got != want {
		t.Errorf("a peer with %d in flight: timeout %v, want %v", freePerCore*cores+10*cores, got, want)
	}
	if got := lengthened(2*time.Second, freePerCore+10, 1); got != 2*time.Second+10*turnPerDownload {
		t.Errorf("a one-core peer with %d in flight: timeout %v", freePerCore+10, got)
	}
}
