package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"concurrencylab/app/meta"
)

var screenshot = flag.String("screenshot", "", "also save the mid-run screenshot of the real-window test to this PNG (the README's picture: ../assets/screenshot.png)")

// wmClose asks a window to close the way a window manager's close button
// does: a WM_DELETE_WINDOW client message. xdotool has no such verb.
const wmClose = `
import sys
from Xlib import X, display, protocol
d = display.Display()
w = d.create_resource_object('window', int(sys.argv[1]))
proto, delete = d.intern_atom('WM_PROTOCOLS'), d.intern_atom('WM_DELETE_WINDOW')
w.send_event(protocol.event.ClientMessage(window=w, client_type=proto, data=(32, [delete, X.CurrentTime, 0, 0, 0])), event_mask=X.NoEventMask)
d.sync()
`

// wmIcon prints the size of the first image in a window's _NET_WM_ICON, the
// icon taskbars and window switchers show ("none" when it has none).
const wmIcon = `
import sys
from Xlib import X, display
d = display.Display()
w = d.create_resource_object('window', int(sys.argv[1]))
p = w.get_full_property(d.intern_atom('_NET_WM_ICON'), X.AnyPropertyType)
print("%dx%d" % (p.value[0], p.value[1]) if p is not None and len(p.value) > 2 else "none")
`

// TestRealWindow starts the built app in a private X server (Xvfb), waits for
// its window (left by earlier preferences on the downloader), runs it with Space,
// checks the window carries the app's icon, takes a screenshot of the window
// mid-run, then closes the window as a user would. The
// process must exit by itself within seconds, and Fyne's thread checker must
// not have complained. It is skipped where Xvfb and its helpers are missing
// (.ci/run installs them).
func TestRealWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real app")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	// Debian's python3-xlib belongs to the system Python, which may not be
	// the first python3 on PATH.
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import Xlib").Run(); err != nil {
		t.Skip("python3-xlib is not installed")
	}

	dir := t.TempDir()
	bin := filepath.Join(dir, "app")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	disp := startXvfb(t)
	// Preferences as a teacher might have left them: the downloader's pool,
	// with a quarter of the files failing, so the picture shows every state.
	env, x := appEnv(t, dir, disp, `{"demo": "download", "download.mode": "pool", "download.knob.files": 16, "download.knob.fail": 0.25}`)

	var log syncBuffer
	app := exec.Command(bin)
	app.Env, app.Stdout, app.Stderr = env, &log, &log
	start := time.Now()
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	waited := make(chan struct{})
	go func() { exited <- app.Wait(); close(waited) }()
	defer func() {
		app.Process.Kill() // harmless once it has exited
		<-waited
	}()

	win := waitWindow(t, x, exited, &log)
	t.Logf("window up after %v", time.Since(start).Round(time.Millisecond))
	iconCmd := exec.Command(python, "-c", wmIcon, win)
	iconCmd.Env = env
	if out, err := iconCmd.CombinedOutput(); err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "512x512") {
		t.Errorf("the window's icon (_NET_WM_ICON) is %q, want the app's 512x512 icon (err %v)", strings.TrimSpace(string(out)), err)
	}
	time.Sleep(1500 * time.Millisecond) // let the first frames settle
	x("xdotool", "windowfocus", win)
	idle := filepath.Join(dir, "idle.png")
	x("import", "-window", win, idle)

	x("xdotool", "key", "--window", win, "space")
	time.Sleep(1200 * time.Millisecond)
	mid := filepath.Join(dir, "mid.png")
	x("import", "-window", win, mid)

	if d := pixelsDiffer(t, idle, mid); d == 0 {
		t.Error("nothing on screen changed between idle and mid-run")
	}
	// The views: 2 shows the code in place of the board, 1 brings the board
	// back, and the run goes on throughout.
	x("xdotool", "key", "--window", win, "2")
	time.Sleep(500 * time.Millisecond)
	code := filepath.Join(dir, "code.png")
	x("import", "-window", win, code)
	if d := pixelsDiffer(t, mid, code); d < 10000 {
		t.Errorf("key 2 changed %d pixels: the Code view did not replace the Run view", d)
	}
	x("xdotool", "key", "--window", win, "1")
	time.Sleep(500 * time.Millisecond)
	back := filepath.Join(dir, "back.png")
	x("import", "-window", win, back)
	if d := pixelsDiffer(t, code, back); d < 10000 {
		t.Errorf("key 1 changed %d pixels: the Run view did not come back", d)
	}
	if *screenshot != "" {
		data, err := os.ReadFile(mid)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*screenshot, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	closeCmd := exec.Command(python, "-c", wmClose, win)
	closeCmd.Env = env
	if out, err := closeCmd.CombinedOutput(); err != nil {
		t.Fatalf("sending the close message: %v\n%s", err, out)
	}
	closed := time.Now()
	select {
	case err := <-exited:
		t.Logf("exited %v after the close message (%v)", time.Since(closed).Round(time.Millisecond), err)
		if err != nil {
			t.Errorf("the app exited with %v", err)
		}
		if d := time.Since(closed); d > 2*time.Second {
			t.Errorf("the app took %v to exit after its window closed mid-run", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the app did not exit within 10 s of closing its window\n%s", log.String())
	}
	if s := log.String(); strings.Contains(s, "should have been called in fyne.Do") {
		t.Errorf("Fyne's thread checker complained:\n%s", s)
	}
}

// startXvfb starts a private X server and returns its DISPLAY.
func startXvfb(t *testing.T) string {
	for n := 90; n < 140; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		disp := fmt.Sprintf(":%d", n)
		x := exec.Command("Xvfb", disp, "-screen", "0", "1280x720x24", "-nolisten", "tcp")
		if err := x.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { x.Process.Kill(); x.Wait() })
		for range 100 {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				return disp
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal("Xvfb did not start")
	}
	t.Fatal("no free X display")
	return ""
}

// pixelsDiffer counts the pixels that differ between two PNG files.
func pixelsDiffer(t *testing.T, a, b string) int {
	load := func(p string) image.Image {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return img
	}
	ia, ib := load(a), load(b)
	n := 0
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				n++
			}
		}
	}
	return n
}

// syncBuffer is a bytes.Buffer that the app's stdout and stderr copiers may
// write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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

// appEnv makes a home in dir whose stored preferences are prefs, and
// returns the app's environment on display disp and a runner of commands
// (xdotool, import) in it that returns what they print.
func appEnv(t *testing.T, dir, disp, prefs string) (env []string, x func(args ...string) string) {
	t.Helper()
	config := filepath.Join(dir, "config")
	pf := filepath.Join(config, "fyne", meta.ID, "preferences.json")
	if err := os.MkdirAll(filepath.Dir(pf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pf, []byte(prefs), 0o644); err != nil {
		t.Fatal(err)
	}
	env = append(os.Environ(), "DISPLAY="+disp, "LANG=C.UTF-8", "HOME="+dir, "XDG_CONFIG_HOME="+config)
	return env, func(args ...string) string {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = env
		out, _ := cmd.Output()
		return strings.TrimSpace(string(out))
	}
}

// waitWindow waits for the app's window to show, and returns its X id. It
// fails when the app exits first. Its only other limit is the test's own
// deadline: a cold start on a machine whose cores are busy may take long,
// and how long is not what these tests measure; an app that never shows
// a window still fails, when the test's time is nearly out.
func waitWindow(t *testing.T, x func(args ...string) string, exited <-chan error, log *syncBuffer) string {
	t.Helper()
	deadline := lastMoment(t)
	for {
		select {
		case err := <-exited:
			t.Fatalf("the app exited before its window appeared: %v\n%s", err, log.String())
		case <-time.After(100 * time.Millisecond):
		}
		if win, _, _ := strings.Cut(x("xdotool", "search", "--onlyvisible", "--name", "Concurrency Lab"), "\n"); win != "" {
			return win
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window by the test's deadline\n%s", log.String())
		}
	}
}

// lastMoment is when a wait for the app gives up: near the test's own
// deadline, leaving time to report and clean up.
func lastMoment(t *testing.T) time.Time {
	if d, ok := t.Deadline(); ok {
		return d.Add(-30 * time.Second)
	}
	return time.Now().Add(10 * time.Minute)
}
