package term

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"concurrencylab/demos"
)

// syncBuffer is a strings.Builder safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServe(t *testing.T) {
	if _, ok := demos.Lookup("download"); !ok {
		t.Fatal("no download demo registered")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		defer pw.Close()
		c, err := serveCmd(ctx, []string{"-files", "5", "-size", "4", "-latency", "0s", "-fail", "0.4"}, pw, &stderr)
		if err != nil {
			t.Errorf("serve: %v", err)
		}
		code <- c
	}()

	// The URLs come first on stdout, one a line.
	var urls []string
	sc := bufio.NewScanner(pr)
	for len(urls) < 5 && sc.Scan() {
		urls = append(urls, sc.Text())
	}
	if len(urls) != 5 {
		t.Fatalf("got %d URLs: %v", len(urls), urls)
	}
	// The same files as the download demo's server with these knobs: 2 of 5
	// fail, as planned with the demo's seed.
	plan := demos.PlanFailures(5, 0.4, demos.FileServerSeed)
	client := &http.Client{Timeout: 5 * time.Second}
	for i, u := range urls {
		if !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.HasSuffix(u, ".bin") {
			t.Errorf("URL %q", u)
		}
		if plan[i] != "" {
			continue // a stall would wait for the client's timeout
		}
		resp, err := client.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || n != 4*1024 {
			t.Errorf("GET %s: %d, %d bytes; want 200, 4096 bytes", u, resp.StatusCode, n)
		}
	}
	if !strings.Contains(stderr.String(), "serving 5 files of 4.00 KiB") || !strings.Contains(stderr.String(), "failing: 2 (") {
		t.Errorf("hint on stderr: %q", stderr.String())
	}

	// Ctrl-C (here, the context) stops the server: exit 0, port closed.
	cancel()
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit %d, want 0", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop within 5 s")
	}
	if _, err := client.Get(urls[0]); err == nil {
		t.Error("the server still answers after the stop")
	}
	client.CloseIdleConnections()
}

func TestServeDefaultsComeFromTheDemo(t *testing.T) {
	d, ok := demos.Lookup("download")
	if !ok {
		t.Fatal("no download demo registered")
	}
	res := call(context.Background(), "serve", "-h")
	for _, name := range serveKnobs {
		k, ok := d.Knob(name)
		if !ok {
			t.Fatalf("the download demo has no %q knob", name)
		}
		if want := "default " + withUnit(k, k.Default); !strings.Contains(res.stdout, want) {
			t.Errorf("serve -h lacks %q for -%s:\n%s", want, name, res.stdout)
		}
	}
}
