package term

import (
	"context"
	"strings"
	"testing"
	"time"

	"concurrencylab/demos"
)

// screen is what a terminal shows after printing out: a carriage return goes
// back to the start of the line, and what follows overwrites it.
func screen(out string) []string {
	var rows []string
	var cur []rune
	col := 0
	for _, c := range out {
		switch c {
		case '\r':
			col = 0
		case '\n':
			rows = append(rows, strings.TrimRight(string(cur), " "))
			cur, col = cur[:0], 0
		default:
			if col < len(cur) {
				cur[col] = c
			} else {
				cur = append(cur, c)
			}
			col++
		}
	}
	if s := strings.TrimRight(string(cur), " "); s != "" {
		rows = append(rows, s)
	}
	return rows
}

// watch runs demo id with the progress display, as runCmd does, polling
// every few milliseconds so that the bar redraws many times.
func watch(t *testing.T, id string, tty bool) string {
	t.Helper()
	d, _ := demos.Lookup(id)
	r, err := demos.Start(context.Background(), d, d.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	p := newProgress(&out, r)
	p.tty, p.width = tty, 100
	var s demos.Snapshot
	for {
		select {
		case <-r.Done():
			r.Snapshot(&s)
			p.finish(&s)
			return out.String()
		case <-time.After(7 * time.Millisecond):
			r.Snapshot(&s)
			p.update(&s)
		}
	}
}

func TestProgressBarAndLines(t *testing.T) {
	out := watch(t, slowID, true)
	if !strings.Contains(out, "\r") {
		t.Fatalf("no bar was drawn:\n%q", out)
	}
	rows := screen(out)
	// Every line printed above the bar stands whole on its own row, in the
	// order things happened, and the finished bar is the last row.
	want := []string{
		"w0  worker 0 woke up", "w0  ✓ task 0 done in",
		"w1  worker 1 woke up", "w1  ✓ task 1 done in",
		"w2  worker 2 woke up", "w2  ✓ task 2 done in",
		"w3  worker 3 woke up", "w3  ✗ task 3 failed after", "three is unlucky",
		"w4  worker 4 woke up", "w4  ✓ task 4 done in",
		"w5  worker 5 woke up", "w5  ✓ task 5 done in",
	}
	text := strings.Join(rows, "\n")
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			t.Fatalf("screen lacks %q after byte %d:\n%s", w, at, text)
		}
		at += i + len(w)
	}
	for _, row := range rows[:len(rows)-1] {
		if strings.Contains(row, "%") {
			t.Errorf("a bar is left among the lines: %q\n%s", row, text)
		}
	}
	if last := rows[len(rows)-1]; !strings.Contains(last, "100%") || !strings.Contains(last, "(6/6)") {
		t.Errorf("last row %q is not the finished bar", last)
	}
}

func TestProgressWithoutTerminal(t *testing.T) {
	// Without a terminal there is no bar, so no carriage return, only lines.
	out := watch(t, slowID, false)
	if strings.Contains(out, "\r") || strings.Contains(out, "%") {
		t.Errorf("output for a file or pipe holds a bar:\n%q", out)
	}
	if n := len(lines(out)); n != 12 {
		t.Errorf("%d lines, want 12 (a printed line and an end per task):\n%s", n, out)
	}
}

func TestEchoedEndsAreNotRepeated(t *testing.T) {
	// The downloader prints a line of its own when a file ends: the task's
	// line would say it twice.
	if _, ok := demos.Lookup("download"); !ok {
		t.Fatal("no download demo registered")
	}
	res := call(context.Background(), "run", "download", "-files", "4", "-size", "16", "-latency", "0s", "-bandwidth", "0")
	if res.code != 0 {
		t.Fatalf("exit %d:\n%s", res.code, res.stderr)
	}
	if strings.Contains(res.stderr, "task") || len(lines(res.stderr)) != 4 {
		t.Errorf("want the demo's 4 lines only:\n%s", res.stderr)
	}
}
