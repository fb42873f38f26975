package term

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"concurrencylab/demos"
)

func TestMain(m *testing.M) {
	// A test binary started as a child worker (the processes modes) does the
	// worker's job instead of running the tests.
	if code, ok := demos.ChildMain(); ok {
		os.Exit(code)
	}
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	if code == 0 {
		// what goleak.VerifyTestMain does, after the clean-up above
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: errors on successful test run: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// Two demos that exist only in this test binary: one whose Run fails, and
// one with more tasks than get a line each, some of which fail.
const (
	brokenID = "zz-broken"
	manyID   = "zz-many"
	slowID   = "zz-slow"
)

func init() {
	demos.Register(&demos.Demo{
		ID: brokenID, Title: "Broken (test)", Summary: "Its Run fails at once.",
		Modes:   []demos.Mode{{Name: "only"}},
		Workers: demos.Knob{Name: "workers", Kind: demos.Int, Default: 1, Min: 1, Max: 4},
		Run:     func(r *demos.Run) error { return errors.New("cannot start: no port left") },
	})
	demos.Register(&demos.Demo{
		ID: manyID, Title: "Many tasks (test)", Summary: "N tasks; every 100th fails.",
		Modes:   []demos.Mode{{Name: "only"}},
		Workers: demos.Knob{Name: "workers", Kind: demos.Int, Default: 4, Min: 1, Max: 64},
		Knobs: []demos.Knob{{Name: "tasks", Title: "Tasks", Kind: demos.Int, Default: 5000, Min: 1, Max: 100_000},
			{Name: "every", Title: "One in this many fails (0: none)", Kind: demos.Int, Default: 100, Min: 0, Max: 100_000}},
		Run: func(r *demos.Run) error {
			n, every := r.Config.Int("tasks"), r.Config.Int("every")
			r.Tasks(n, func(i int) int { return i % r.Config.Workers })
			for i := range n {
				t := r.Task(i, i%r.Config.Workers)
				t.Start()
				if every > 0 && i%every == every-1 {
					t.Fail(fmt.Errorf("task %d gave up", i))
				} else {
					t.Done()
				}
			}
			return nil
		},
	})
}

func init() {
	demos.Register(&demos.Demo{
		ID: slowID, Title: "Slow tasks (test)", Summary: "Task i sleeps (i+1) steps, prints a line, and ends; task 3 fails.",
		Modes:   []demos.Mode{{Name: "only"}},
		Workers: demos.Knob{Name: "workers", Kind: demos.Int, Default: 6, Min: 1, Max: 20},
		Knobs:   []demos.Knob{{Name: "step", Title: "Step", Kind: demos.Duration, Default: 0.03, Min: 0.001, Max: 1}},
		Run: func(r *demos.Run) error {
			n, step := r.Config.Workers, r.Config.Dur("step")
			r.Tasks(n, nil)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					t := r.Task(i, i)
					t.Start()
					if err := t.Sleep("a timer", time.Duration(i+1)*step); err != nil {
						t.Fail(err)
						return
					}
					r.Log(i, "worker %d woke up", i)
					if i == 3 {
						t.Fail(errors.New("three is unlucky"))
						return
					}
					t.Done()
				})
			}
			wg.Wait()
			return r.Context().Err()
		},
	})
}

// result is what one call of the front end gave.
type result struct {
	code           int
	stdout, stderr string
}

// call runs the front end with args, interrupted when ctx ends.
func call(ctx context.Context, args ...string) result {
	var out, errOut bytes.Buffer
	code := mainContext(ctx, args, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// lines splits text into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
