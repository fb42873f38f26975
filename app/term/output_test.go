package term

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"concurrencylab/demos"
)

// fullWriter fails every write, as stdout does when it is /dev/full or a
// closed pipe.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestResultNotWritten: a result that cannot be written to stdout is an
// error (one line on stderr, exit 1), not a silent success.
func TestResultNotWritten(t *testing.T) {
	for _, args := range [][]string{
		{"run", "counter", "-increments", "10", "-json"},
		{"run", "counter", "-increments", "10"},
		{"list"},
		{"list", "-json"},
		{"lesson", "counter", "-check"},
		{"lesson", "counter", "-json"},
		{"lesson", "counter"},
		{"version"},
		{"help"},
		{"serve", "-files", "2"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stderr strings.Builder
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			code := mainContext(ctx, args, fullWriter{}, &stderr)
			if code != exitFailed {
				t.Errorf("exit %d, want %d", code, exitFailed)
			}
			if got := stderr.String(); !strings.Contains(got, "cannot write") || !strings.Contains(got, "no space left") {
				t.Errorf("stderr %q: want one line saying the result could not be written", got)
			}
			if ctx.Err() != nil {
				t.Error("the command went on until the deadline")
			}
		})
	}
}

// TestSummaryHasNoNaN: a pool stopped before any job is done has no mean
// wait: the figure is absent, and the summary is valid JSON.
func TestSummaryHasNoNaN(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // stopped before it starts
	res := call(ctx, "run", "pool", "-json")
	if res.code != exitInterrupted {
		t.Fatalf("exit %d, want %d; stderr:\n%s", res.code, exitInterrupted, res.stderr)
	}
	s := summary(t, res.stdout)
	if !s.Stopped {
		t.Error(`"stopped" is not true`)
	}
	if _, ok := s.Stats["mean_wait_ms"]; ok {
		t.Errorf("mean_wait_ms = %v with no job done", s.Stats["mean_wait_ms"])
	}
	res = call(ctx, "run", "pool")
	if strings.Contains(res.stdout, "NaN") || strings.Contains(res.stdout, "Inf") {
		t.Errorf("the human summary shows a figure with no value:\n%s", res.stdout)
	}
}

// TestStoppedIsExitStatus: whenever a stop lands, before, during or as the
// run ends, "stopped" is true exactly when the exit status is 130.
func TestStoppedIsExitStatus(t *testing.T) {
	for i := range 40 {
		ctx, cancel := context.WithCancel(context.Background())
		// The run takes about 5-10 ms: stops from before its start to after its end.
		time.AfterFunc(time.Duration(i)*time.Millisecond/3, cancel)
		res := call(ctx, "run", "sleepers", "-tasks", "5", "-wait", "5ms", "-json")
		cancel()
		s := summary(t, res.stdout)
		if (res.code == exitInterrupted) != s.Stopped || (res.code != exitInterrupted && res.code != exitOK) {
			t.Errorf("stop after %v: exit %d with stopped=%v", time.Duration(i)*time.Millisecond/3, res.code, s.Stopped)
		}
	}
}

// TestServePublic: with -public, any address is allowed and a warning line
// says where the files can be reached from.
func TestServePublic(t *testing.T) {
	if _, ok := demos.Lookup("download"); !ok {
		t.Fatal("no download demo registered")
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- mainContext(ctx, []string{"serve", "-public", "-addr", "0.0.0.0:0", "-files", "1"}, &out, &errOut)
	}()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "\n"); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no URL within 10 s; stderr %q", errOut.String())
		}
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d", code)
	}
	if got := errOut.String(); !strings.HasPrefix(got, "warning: -public: other machines can download these files, at ") {
		t.Errorf("stderr %q: want a warning naming the addresses", got)
	}
	// the URLs name an address others can use, not the wildcard
	if u := out.String(); strings.Contains(u, "0.0.0.0") || strings.Contains(u, "[::]") {
		t.Errorf("URLs %q name the wildcard address", u)
	}
}

func TestListenAddr(t *testing.T) {
	for _, tc := range []struct {
		addr   string
		public bool
		want   string // "" for a refusal
	}{
		{"127.0.0.1:0", false, "127.0.0.1:0"},
		{"127.0.0.2:8080", false, "127.0.0.2:8080"},
		{"[::1]:0", false, "[::1]:0"},
		{"[::ffff:127.0.0.1]:0", false, "127.0.0.1:0"},
		{"0.0.0.0:0", false, ""},
		{"10.1.2.3:0", false, ""},
		{"0.0.0.0:0", true, "0.0.0.0:0"},
		{":0", true, "0.0.0.0:0"},
		{"[::]:80", true, "[::]:80"},
		{"localhost:0", true, ""},
		{"[fe80::1%eth0]:0", true, ""},
		{"127.0.0.1:-1", false, ""},
		{"127.0.0.1:http", false, ""},
	} {
		ap, err := listenAddr(tc.addr, tc.public)
		var ue *usageError
		switch {
		case tc.want == "" && (err == nil || !errors.As(err, &ue)):
			t.Errorf("listenAddr(%q, %v) = %v, %v; want a usage error", tc.addr, tc.public, ap, err)
		case tc.want != "" && (err != nil || ap.String() != tc.want):
			t.Errorf("listenAddr(%q, %v) = %v, %v; want %s", tc.addr, tc.public, ap, err, tc.want)
		}
	}
}
