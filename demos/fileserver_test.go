package demos

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// newTestServer starts a FileServer that the test closes at its end, and a
// client of its own whose connections are closed then too.
func newTestServer(t *testing.T, cfg FileServerConfig) (*FileServer, *http.Client) {
	t.Helper()
	s, err := NewFileServer("", cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s, &http.Client{Transport: tr}
}

func TestPlanFailures(t *testing.T) {
	for _, tc := range []struct {
		n    int
		fail float64
		want int // failing files
	}{
		{12, 0, 0}, {12, 0.25, 3}, {8, 0.5, 4}, {10, 1, 10}, {1, 0.4, 0}, {1, 0.6, 1}, {500, 0.1, 50},
	} {
		plan := PlanFailures(tc.n, tc.fail, FileServerSeed)
		if !slices.Equal(plan, PlanFailures(tc.n, tc.fail, FileServerSeed)) {
			t.Errorf("n=%d fail=%v: two plans with one seed differ", tc.n, tc.fail)
		}
		var kinds []string
		for _, k := range plan {
			if k != "" {
				kinds = append(kinds, k)
			}
		}
		if len(kinds) != tc.want {
			t.Errorf("n=%d fail=%v: %d files fail, want %d", tc.n, tc.fail, len(kinds), tc.want)
		}
		for j, k := range kinds {
			if k != failKinds[j%4] {
				t.Errorf("n=%d fail=%v: failure %d is %q, want %q (rotation)", tc.n, tc.fail, j, k, failKinds[j%4])
			}
		}
	}
	if slices.Equal(PlanFailures(40, 0.25, 1), PlanFailures(40, 0.25, 2)) {
		t.Error("seeds 1 and 2 planned the same failures")
	}
}

func TestFileServerServes(t *testing.T) {
	s, cl := newTestServer(t, FileServerConfig{Files: 8, Size: 100, Fail: 0.5, Seed: 7})
	for i := range 8 {
		resp, err := cl.Get(s.URL(i))
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		var body []byte
		if s.Plan(i) != FailStall {
			body, err = io.ReadAll(resp.Body)
		}
		resp.Body.Close()
		switch s.Plan(i) {
		case "":
			want := make([]byte, 100*1024)
			fillFile(want, filePattern(7, i), 0)
			if resp.StatusCode != 200 || err != nil || !bytes.Equal(body, want) {
				t.Errorf("file %d: status %d, %d bytes, err %v; want 200 and its %d bytes", i, resp.StatusCode, len(body), err, len(want))
			}
		case FailNotFound, FailServerError:
			if got := resp.Status[:3]; got != s.Plan(i) {
				t.Errorf("file %d: status %s, want %s", i, resp.Status, s.Plan(i))
			}
		case FailReset:
			if !errors.Is(err, syscall.ECONNRESET) || len(body) > 50*1024 {
				t.Errorf("file %d: %d bytes, err %v; want at most half the file, then a reset", i, len(body), err)
			}
		}
	}
	for _, bad := range []string{"/files/8.bin", "/files/-1.bin", "/files/x.bin", "/files/01.bin", "/other"} {
		resp, err := cl.Get("http://" + s.Addr() + bad)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", bad, resp.StatusCode)
		}
	}
	resp, err := cl.Get("http://" + s.Addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	index, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got := strings.Fields(string(index)); !slices.Equal(got, s.URLs()) {
		t.Errorf("index lists %q, want %q", got, s.URLs())
	}
}

func TestFileServerLatencyAndBandwidth(t *testing.T) {
	for _, tc := range []struct {
		name      string
		latency   time.Duration
		bandwidth int // KiB/s
		size      int // KiB
		want      time.Duration
	}{
		{"latency", 150 * time.Millisecond, 0, 16, 150 * time.Millisecond},
		{"bandwidth", 0, 256, 96, 375 * time.Millisecond},
		{"both", 100 * time.Millisecond, 512, 128, 350 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, cl := newTestServer(t, FileServerConfig{Files: 1, Size: tc.size, Latency: tc.latency, Bandwidth: tc.bandwidth})
			t0 := time.Now()
			resp, err := cl.Get(s.URL(0))
			if err != nil {
				t.Fatal(err)
			}
			if first := time.Since(t0); first < tc.latency {
				t.Errorf("headers after %v, before the latency %v", first, tc.latency)
			}
			n, err := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			el := time.Since(t0)
			if err != nil || n != int64(tc.size)*1024 {
				t.Fatalf("got %d bytes, err %v", n, err)
			}
			// At least the time asked for; the upper bound only catches a
			// pacing that sleeps several times too long, far beyond what
			// load adds to a transfer that is mostly sleeping.
			if ratio := float64(el) / float64(tc.want); ratio < 0.9 || ratio > 5 {
				t.Errorf("took %v, want about %v (ratio %.2f)", el, tc.want, ratio)
			}
		})
	}
}

// TestFileServerCloseWithStalls closes a server while clients wait on stalled
// bodies and on a long latency: Close must return at once and leave no
// goroutine behind.
func TestFileServerCloseWithStalls(t *testing.T) {
	defer goleak.VerifyNone(t)
	s, err := NewFileServer("", FileServerConfig{Files: 4, Size: 64, Fail: 1, Seed: FileServerSeed})
	if err != nil {
		t.Fatal(err)
	}
	slow, err := NewFileServer("", FileServerConfig{Files: 1, Size: 64, Latency: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	stall := slices.Index(s.plan, FailStall)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	cl := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 3 {
		resp, err := cl.Get(s.URL(stall))
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			defer resp.Body.Close()
			_, err := io.Copy(io.Discard, resp.Body)
			errs <- err
		})
	}
	wg.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", slow.URL(0), nil)
		_, err := cl.Do(req)
		errs <- err
	})
	for slow.InFlight() < 1 || s.InFlight() < 3 {
		time.Sleep(time.Millisecond)
	}
	t0 := time.Now()
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if err := slow.Close(); err != nil {
		t.Error(err)
	}
	// The stalls and the latency last an hour: seconds mean Close did not wait.
	if el := time.Since(t0); el > 5*time.Second {
		t.Errorf("Close took %v with stalled handlers", el)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err == nil {
			t.Error("a client read a whole stalled body or got a response after Close")
		}
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestNewFileServerRejects(t *testing.T) {
	for _, cfg := range []FileServerConfig{
		{Files: 0, Size: 1}, {Files: 1, Size: 0}, {Files: 1, Size: 1, Fail: 1.5},
		{Files: 1, Size: 1, Latency: -time.Second}, {Files: 1, Size: 1, Bandwidth: -1},
	} {
		if s, err := NewFileServer("", cfg); err == nil {
			s.Close()
			t.Errorf("NewFileServer accepted %+v", cfg)
		}
	}
}
