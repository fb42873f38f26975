package demos

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"
)

func TestSpawnFigures(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the threads and processes modes measure memory in /proc")
	}
	for _, mode := range []string{"goroutines", "threads", "processes"} {
		t.Run(mode, func(t *testing.T) {
			_, s := run(t, "spawn", mode, 2, map[string]float64{"count": 20})
			t.Logf("%s: %v", mode, s.Stats)
			if s.Stats["units"] != 20 {
				t.Errorf("units = %v, want 20", s.Stats["units"])
			}
			if s.Stats["start_ms"] <= 0 {
				t.Errorf("start_ms = %v, want > 0", s.Stats["start_ms"])
			}
			// The goroutines' stacks are counted exactly; threads and
			// processes are read from the kernel's memory figures, which a
			// GC between the two readings can leave lower after than before:
			// the figure is then left out, never shown as 0 or less.
			if b, ok := s.Stats["bytes_per_unit"]; (mode == "goroutines" && !ok) || (ok && b <= 0) {
				t.Errorf("bytes_per_unit = %v (present %v); want > 0, or absent for a reading a GC spoilt", b, ok)
			}
			if s.Count[Done] != len(s.Tasks) || len(s.Tasks) != 20 {
				t.Errorf("%d of %d tasks done, want 20 of 20", s.Count[Done], len(s.Tasks))
			}
			// Each unit holds a thread of its own, so the process must have at
			// least as many; most of them are new (a few may be threads the
			// runtime had idle again by then).
			if before, after := s.Stats["threads_before"], s.Stats["threads_after"]; mode == "threads" && (after < 20 || after-before < 10) {
				t.Errorf("threads went from %v to %v for 20 units", before, after)
			}
			if len(s.Series["alive"]) == 0 {
				t.Error("no alive series")
			}
			if left := childPIDs(); len(left) > 0 {
				t.Errorf("child processes left after the run: %v", left)
			}
		})
	}
}

// TestSpawnBatches: counts past spawnBatches are drawn as batches of units.
func TestSpawnBatches(t *testing.T) {
	_, s := run(t, "spawn", "goroutines", 3, map[string]float64{"count": 2 * spawnBatches})
	if len(s.Tasks) != spawnBatches || s.Count[Done] != spawnBatches {
		t.Errorf("%d tasks, %d done; want %d batches, all done", len(s.Tasks), s.Count[Done], spawnBatches)
	}
	lanes := map[int]bool{}
	for _, ti := range s.Tasks {
		lanes[ti.Worker] = true
		if ti.N != 2 || ti.Total != 2 {
			t.Errorf("batch %d: %d of %d units up, want 2 of 2", ti.ID, ti.N, ti.Total)
		}
	}
	if len(lanes) != 3 {
		t.Errorf("batches on lanes %v, want 3 spawners", lanes)
	}
}

// TestSpawnDeclaresItsUnits: the units the run declares its tasks stand
// for are the units it started, each task's share being the units its
// batch brought up, the last batch's few included; a task a unit under
// spawnBatches.
func TestSpawnDeclaresItsUnits(t *testing.T) {
	for _, count := range []int{20, 2345} {
		_, s := run(t, "spawn", "goroutines", 3, map[string]float64{"count": float64(count)})
		per := (count + spawnBatches - 1) / spawnBatches
		if want := (Units{Per: per, Total: count, Noun: "goroutines"}); s.Units != want {
			t.Errorf("count %d: units %+v, want %+v", count, s.Units, want)
		}
		if s.Stats["units"] != float64(s.Units.Total) || len(s.Tasks) != s.Units.Tasks() {
			t.Errorf("count %d: %v units started in %d tasks; declared %d in %d", count, s.Stats["units"], len(s.Tasks), s.Units.Total, s.Units.Tasks())
		}
		up := 0
		for i, ti := range s.Tasks {
			if ti.N != int64(s.Units.Of(i)) {
				t.Errorf("count %d: task %d brought up %d units, stands for %d", count, i, ti.N, s.Units.Of(i))
			}
			up += int(ti.N)
		}
		if up != count || s.UnitsIn(Done) != count {
			t.Errorf("count %d: the tasks brought up %d units, %d in done tasks", count, up, s.UnitsIn(Done))
		}
	}
}

// TestSpawnStopReapsChildren stops the processes mode mid-spawn, at several
// moments, and checks that every child it started is gone, not even a zombie.
func TestSpawnStopReapsChildren(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("looks for children in /proc")
	}
	d, _ := Lookup("spawn")
	for _, after := range []time.Duration{5 * time.Millisecond, 40 * time.Millisecond, 150 * time.Millisecond} {
		t.Run(after.String(), func(t *testing.T) {
			cfg := d.Defaults()
			cfg.Mode, cfg.Knobs["count"] = "processes", 60
			r, err := Start(context.Background(), d, cfg)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[int]bool{}
			for stop := time.Now().Add(after); time.Now().Before(stop); time.Sleep(time.Millisecond) {
				for _, pid := range childPIDs() {
					seen[pid] = true
				}
			}
			r.Stop()
			select {
			case <-r.Done():
			case <-time.After(10 * time.Second):
				t.Fatal("run did not end within 10 s of Stop")
			}
			for pid := range seen {
				if isOurChild(pid) {
					t.Errorf("child %d still there after Stop", pid)
				}
			}
			if left := childPIDs(); len(left) > 0 {
				t.Errorf("children left after Stop: %v", left)
			}
			t.Logf("saw %d children before Stop", len(seen))
		})
	}
}

func isOurChild(pid int) bool {
	st, err := spawnProcStatus(fmt.Sprintf("/proc/%d/status", pid))
	return err == nil && st["PPid"] == int64(os.Getpid())
}

// TestSpawnSaysItsCap: a count past the mode's cap runs the cap, and the run
// says so in its log and in a figure, while its configuration keeps the
// count asked for; under the cap there is no such figure.
func TestSpawnSaysItsCap(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("the threads mode measures memory in /proc")
	}
	r, s := run(t, "spawn", "threads", 4, map[string]float64{"count": spawnMaxThreads + 1})
	if s.Stats["count_run"] != spawnMaxThreads || s.Stats["units"] != spawnMaxThreads || r.Config.Int("count") != spawnMaxThreads+1 {
		t.Errorf("count %d: stats %v, config count %d; want count_run and units %d, the count as asked", spawnMaxThreads+1, s.Stats, r.Config.Int("count"), spawnMaxThreads)
	}
	if u := s.Units; u.Total != spawnMaxThreads || u.Noun != "threads" {
		t.Errorf("count %d of threads: units %+v, want the %d that ran", spawnMaxThreads+1, u, spawnMaxThreads)
	}
	want := fmt.Sprintf("count %d is more than %d threads; running %d", spawnMaxThreads+1, spawnMaxThreads, spawnMaxThreads)
	if !slices.ContainsFunc(s.Logs, func(l LogLine) bool { return l.Text == want }) {
		t.Errorf("no log line %q", want)
	}
	_, s = run(t, "spawn", "goroutines", 1, map[string]float64{"count": spawnMaxThreads + 1})
	if _, ok := s.Stats["count_run"]; ok || s.Stats["units"] != spawnMaxThreads+1 {
		t.Errorf("goroutines, uncapped: stats %v; want no count_run, units %d", s.Stats, spawnMaxThreads+1)
	}
}
