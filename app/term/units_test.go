package term

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"concurrencylab/demos"
)

// TestSpawnCountsUnits: where a task stands for several goroutines, the
// bar, the summary and the JSON count the goroutines the run started,
// exactly, the last task's few included.
func TestSpawnCountsUnits(t *testing.T) {
	res := call(context.Background(), "run", "spawn", "-count", "2345", "-workers", "2", "-json")
	if res.code != 0 {
		t.Fatalf("exit %d:\n%s", res.code, res.stderr)
	}
	var sum demos.Summary
	if err := json.Unmarshal([]byte(res.stdout), &sum); err != nil {
		t.Fatal(err)
	}
	want := demos.Units{Per: 3, Total: 2345, Noun: "goroutines"}
	if sum.Units == nil || *sum.Units != want || sum.Stats["units"] != 2345.0 || len(sum.Tasks) != 782 {
		t.Errorf("units %+v, units started %v, %d tasks; want %+v, 2345 and 782", sum.Units, sum.Stats["units"], len(sum.Tasks), want)
	}

	res = call(context.Background(), "run", "spawn", "-count", "2345", "-workers", "2")
	if line := "  units     goroutines, 2345 in all, 3 a task (the last 2)\n"; !strings.Contains(res.stdout, line) {
		t.Errorf("the summary lacks %q:\n%s", line, res.stdout)
	}

	d, _ := demos.Lookup("spawn")
	cfg := d.Defaults()
	cfg.Knobs["count"] = 2345
	r, err := demos.Start(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	p := newProgress(&out, r)
	p.tty, p.width = true, 100
	var s demos.Snapshot
	for done := false; !done; {
		select {
		case <-r.Done():
			done = true
		case <-time.After(5 * time.Millisecond):
			r.Snapshot(&s)
			p.update(&s)
		}
	}
	r.Snapshot(&s)
	p.finish(&s)
	rows := screen(out.String())
	if last := rows[len(rows)-1]; !strings.Contains(last, "(2345/2345)") {
		t.Errorf("the finished bar %q does not count the 2345 goroutines", last)
	}
}

// TestUnitStates: the bar counts units where a task stands for several,
// tasks where it stands for one.
func TestUnitStates(t *testing.T) {
	s := &demos.Snapshot{Tasks: make([]demos.TaskInfo, 4), Units: demos.Units{Per: 10, Total: 35}}
	for i, st := range []demos.State{demos.Running, demos.Waiting, demos.Done, demos.Done} {
		s.Tasks[i].State = st
		s.Count[st]++
	}
	p := &progress{}
	if all, ended := p.count(s); all != 35 || ended != 15 {
		t.Errorf("%d of %d units ended, want 15 of 35", ended, all)
	}
	s.Units = demos.Units{Per: 1, Total: 4, Noun: "threads"}
	if all, ended := p.count(s); all != 4 || ended != 2 {
		t.Errorf("a task a unit: %d of %d ended, want 2 of 4", ended, all)
	}
}
