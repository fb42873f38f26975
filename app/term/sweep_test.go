package term

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"concurrencylab/demos"
)

// sweepOut is `app sweep -json` decoded strictly: runs are the terminal's
// summaries, field for field.
type sweepOut struct {
	Demo   string          `json:"demo"`
	Axis   string          `json:"axis"`
	Cores  int             `json:"cores"`
	Runs   []demos.Summary `json:"runs"`
	Points []struct {
		Mode      string   `json:"mode"`
		Workers   int      `json:"workers"`
		Axis      string   `json:"axis"`
		X         float64  `json:"x"`
		ElapsedMS float64  `json:"elapsed_ms"`
		Speedup   *float64 `json:"speedup"`
		Ideal     *float64 `json:"ideal"`
		Figure    string   `json:"figure"`
		Value     *float64 `json:"value"`
		Runs      int      `json:"runs"`
	} `json:"points"`
	Fits []struct {
		Mode           string   `json:"mode"`
		SerialFraction *float64 `json:"serial_fraction"`
		Cores          int      `json:"cores"`
	} `json:"fits"`
}

func decodeSweep(t *testing.T, stdout string) sweepOut {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	var s sweepOut
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("stdout is not a sweep object: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value:\n%s", stdout)
	}
	return s
}

func TestSweepJSON(t *testing.T) {
	res := call(context.Background(), "sweep", "counter", "-mode", "mutex,atomic", "-workers", "1,2", "-increments", "1000", "-repeat", "2", "-json")
	if res.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", res.code, res.stderr)
	}
	s := decodeSweep(t, res.stdout)
	if s.Demo != "counter" || s.Axis != "workers" || len(s.Runs) != 8 || len(s.Points) != 4 || len(s.Fits) != 2 {
		t.Fatalf("sweep: demo %q axis %q, %d runs, %d points, %d fits", s.Demo, s.Axis, len(s.Runs), len(s.Points), len(s.Fits))
	}
	for _, r := range s.Runs {
		if r.Knobs["increments"] != float64(1000) || r.Counter == nil || r.Counter.Expected != int64(1000*r.Workers) || r.Counter.Lost != 0 {
			t.Errorf("run %s %d workers: knobs %v counter %+v", r.Mode, r.Workers, r.Knobs, r.Counter)
		}
	}
	for i, p := range s.Points {
		want := []string{"mutex", "mutex", "atomic", "atomic"}[i]
		if p.Mode != want || p.Workers != 1+i%2 || p.Runs != 2 || p.Speedup == nil || p.Ideal == nil || *p.Ideal != min(float64(p.Workers), float64(s.Cores)) {
			t.Errorf("point %d: %+v", i, p)
		}
	}
	for _, f := range s.Fits {
		if f.SerialFraction == nil || *f.SerialFraction < 0 || *f.SerialFraction > 1 {
			t.Errorf("fit %+v", f)
		}
	}
	// one line per run on stderr (no terminal here, so no bar)
	if n := strings.Count(res.stderr, "\n"); n != 8 || strings.Contains(res.stderr, "\r") {
		t.Errorf("stderr, want a line per run:\n%s", res.stderr)
	}
}

func TestSweepCSVAndTable(t *testing.T) {
	res := call(context.Background(), "sweep", "counter", "-mode", "mutex", "-workers", "1,2", "-increments", "1000", "-csv")
	if res.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", res.code, res.stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][1] != "workers" || rows[1][0] != "mutex" || rows[2][1] != "2" {
		t.Fatalf("CSV %v (%v):\n%s", rows, err, res.stdout)
	}

	res = call(context.Background(), "sweep", "sleepers", "-mode", "concurrent", "-tasks", "10,100", "-wait", "20ms")
	if res.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", res.code, res.stderr)
	}
	out := lines(res.stdout)
	if len(out) != 4 || !strings.Contains(out[0], "over tasks") || !strings.Contains(out[1], "tasks") || strings.Contains(out[1], "speedup") ||
		!strings.HasPrefix(out[2], "concurrent") || !strings.Contains(out[3], "100") {
		t.Errorf("table:\n%s", res.stdout)
	}

	res = call(context.Background(), "sweep", "pool", "-workers", "2,4", "-jobs", "20", "-rate", "200", "-cost", "5ms")
	if res.code != 0 || !strings.Contains(res.stdout, "mean wait in the queue") || !strings.Contains(res.stdout, " ms") {
		t.Errorf("pool's table names its own figure: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

func TestSweepBadUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep"}, "name a demo"},
		{[]string{"sweep", "nosuch"}, "unknown demo"},
		{[]string{"sweep", "cpu", "-workers", "1,x"}, "whole number"},
		{[]string{"sweep", "cpu", "-workers", "1,,2"}, "comma-separated"},
		{[]string{"sweep", "cpu", "-workers", "0,2"}, "out of range"},
		{[]string{"sweep", "cpu", "-mode", "goroutines,nope"}, "goroutines, gil"},
		{[]string{"sweep", "cpu", "-workers", "1,2", "-chunks", "4,8"}, "one knob"},
		{[]string{"sweep", "cpu", "-repeat", "0"}, "-repeat"},
		{[]string{"sweep", "cpu", "-repeat", "21"}, "-repeat 21 is out of range; use a value from 1 to 20"},
		// every list is capped like -repeat, whatever knob it varies
		{[]string{"sweep", "cpu", "-workers", strings.TrimSuffix(strings.Repeat("1,", 30000), ",")}, "-workers lists 30,000 values; a sweep takes at most 20"},
		{[]string{"sweep", "sleepers", "-tasks", strings.TrimSuffix(strings.Repeat("5,", 21), ",")}, "-tasks lists 21 values; a sweep takes at most 20"},
		{[]string{"sweep", "cpu", "-json", "-csv"}, "not both"},
		{[]string{"sweep", "cpu", "-nope"}, "unknown flag"},
	} {
		res := call(context.Background(), tc.args...)
		if res.code != exitUsage || len(lines(res.stderr)) != 1 || !strings.Contains(res.stderr, tc.want) || res.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and one line naming %q", tc.args, res.code, res.stdout, res.stderr, tc.want)
		}
	}
}

func TestSweepInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// the first run ends at once, the second is stopped in its wait
	time.AfterFunc(500*time.Millisecond, cancel)
	t0 := time.Now()
	res := call(ctx, "sweep", "sleepers", "-mode", "sequential", "-tasks", "1,3,5", "-wait", "200ms", "-json")
	if res.code != exitInterrupted {
		t.Fatalf("exit %d, want %d; stderr:\n%s", res.code, exitInterrupted, res.stderr)
	}
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("the sweep took %v to stop", d)
	}
	s := decodeSweep(t, res.stdout)
	if len(s.Runs) != 2 || s.Runs[0].Stopped || !s.Runs[1].Stopped || len(s.Points) != 1 || s.Points[0].X != 1 {
		t.Errorf("after Ctrl-C: %d runs, points %+v", len(s.Runs), s.Points)
	}
	if !strings.Contains(res.stderr, "interrupted: the sweep stopped after 1 of 3 runs") {
		t.Errorf("stderr:\n%s", res.stderr)
	}
}
