package term

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"concurrencylab/demos"
)

// buildApp builds the real app (the window's GL driver included, so it needs
// cgo) once for the end-to-end tests and returns the binary's path.
func buildApp(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the app: skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "app")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", bin, "./app")
	cmd.Dir = filepath.Join("..", "..") // the module root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./app: %v\n%s", err, out)
	}
	return bin
}

// appCommand prepares a run of the built app under LANG=C.UTF-8, the locale
// of most servers and containers, in which Fyne's init would log a locale
// error on stderr unless app/locale runs first: the one-line usage errors
// checked here prove it does.
// A minute's deadline keeps a hung app from hanging the whole suite.
func appCommand(t *testing.T, bin string, args ...string) *exec.Cmd {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, bin, args...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LANG=") && !strings.HasPrefix(kv, "LC_ALL=") && !strings.HasPrefix(kv, "LANGUAGE=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "LANG=C.UTF-8")
	return cmd
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	t.Fatalf("running the app: %v", err)
	return -1
}

func TestEndToEnd(t *testing.T) {
	bin := buildApp(t)

	t.Run("run counter unsafe -json", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		cmd := appCommand(t, bin, "run", "counter", "-mode", "unsafe", "-workers", "8", "-json")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if code := exitCode(t, cmd.Run()); code != 0 {
			t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
		}
		s := summary(t, stdout.String())
		if c := s.Counter; c == nil || c.Expected != 80000 || c.Actual > c.Expected {
			t.Errorf("counter %+v", c)
		}
		if strings.Contains(stderr.String(), "\r") {
			t.Errorf("stderr is a pipe, yet a bar was drawn: %q", stderr.String())
		}
	})

	t.Run("run no-such-demo", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		cmd := appCommand(t, bin, "run", "no-such-demo")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if code := exitCode(t, cmd.Run()); code != exitUsage {
			t.Errorf("exit %d, want %d", code, exitUsage)
		}
		if got := stderr.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, `unknown demo "no-such-demo"; the demos are: `) {
			t.Errorf("stderr %q", got)
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout %q", stdout.String())
		}
	})

	t.Run("SIGINT stops a run", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		cmd := appCommand(t, bin, "run", "sleepers", "-mode", "sequential", "-tasks", "100", "-wait", "1s", "-json")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(700 * time.Millisecond) // the app has started its run
		cmd.Process.Signal(os.Interrupt)
		if code := exitCode(t, cmd.Wait()); code != exitInterrupted {
			t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitInterrupted, stderr.String())
		}
		if !summary(t, stdout.String()).Stopped {
			t.Error(`summary lacks "stopped": true`)
		}
	})

	t.Run("serve into a reader that reads to the end", func(t *testing.T) {
		if _, ok := demos.Lookup("download"); !ok {
			t.Skip("no download demo in this build")
		}
		cmd := appCommand(t, bin, "serve", "-files", "3", "-size", "8", "-latency", "0s")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		// Reading to the end works while the server goes on: `app serve |
		// python3 main.py` gets its URLs and the end of its input.
		done := make(chan []string, 1)
		go func() {
			var urls []string
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				urls = append(urls, sc.Text())
			}
			done <- urls
		}()
		var urls []string
		select {
		case urls = <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("stdout did not end after the URLs")
		}
		if len(urls) != 3 {
			t.Fatalf("URLs %v", urls)
		}
		client := &http.Client{Timeout: 5 * time.Second}
		defer client.CloseIdleConnections()
		resp, err := client.Get(urls[2])
		if err != nil {
			t.Fatalf("GET %s: %v", urls[2], err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || n != 8*1024 {
			t.Errorf("GET: %d, %d bytes", resp.StatusCode, n)
		}
		client.CloseIdleConnections()
		cmd.Process.Signal(syscall.SIGTERM)
		if code := exitCode(t, cmd.Wait()); code != 0 {
			t.Errorf("serve: exit %d after SIGTERM, want 0; stderr:\n%s", code, stderr.String())
		}
	})

	t.Run("list", func(t *testing.T) {
		cmd := appCommand(t, bin, "list")
		out, err := cmd.Output()
		if code := exitCode(t, err); code != 0 {
			t.Fatalf("exit %d", code)
		}
		for _, d := range demos.All() {
			if strings.HasPrefix(d.ID, "zz-") {
				continue // this test binary's own demos
			}
			if !bytes.Contains(out, []byte("\n"+d.ID+": ")) && !bytes.HasPrefix(out, []byte(d.ID+": ")) {
				t.Errorf("list lacks %s", d.ID)
			}
		}
	})
}
