package demos_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"concurrencylab/demos"
)

// squares is a demo in miniature, the shape of every demo in this package:
// a declaration (ID, words, modes, knobs) and a Run function that reports
// through the run's tasks. A real demo lives in a file of its own and calls
// demos.Register(squares) from its init, which is all the window and the
// terminal need to offer it.
var squares = &demos.Demo{
	ID:       "squares",
	Title:    "Sum of squares",
	Summary:  "N workers each add up the squares of their share of 1..K.",
	Notice:   "Each worker has its own share and its own sum: no lock is needed until the end.",
	Question: "{workers} share the numbers 1 to {numbers}. Does the sum change with the worker count?",
	Modes:    []demos.Mode{{Name: "goroutines", Help: "a goroutine per worker"}},
	Workers:  demos.Knob{Name: "workers", Title: "Workers", Kind: demos.Int, Default: 4, Min: 1, Max: 64},
	Knobs: []demos.Knob{
		{Name: "numbers", Title: "Numbers to square", Kind: demos.Int, Default: 1000, Min: 1, Max: 1_000_000, Log: true},
	},
	Run: runSquares,
}

// runSquares runs one task per worker. It returns only once every goroutine
// it started has ended, and soon after a stop: r.Pace between steps waits
// while the run is paused, slows it in slow motion and fails once it is
// stopped.
func runSquares(r *demos.Run) error {
	n, k := r.Config.Workers, r.Config.Int("numbers") // a knob the demo does not declare panics
	r.Tasks(n, nil)                                   // every task shows, pending, from the first frame
	var total atomic.Int64
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			t := r.Task(w, w) // task w, on worker (lane) w
			t.Start()
			share := int64((k - w + n - 1) / n) // the numbers w+1, w+1+n, ...
			var sum, done int64
			for i := w + 1; i <= k; i += n {
				if err := r.Pace(time.Microsecond); err != nil {
					t.Fail(err) // shown as cancelled when the run was stopped
					return
				}
				sum += int64(i) * int64(i)
				done++
				t.Progress(done, share) // coalesced by the engine: cheap to call often
			}
			total.Add(sum)
			t.Done()
		})
	}
	wg.Wait()
	r.Stat("sum", float64(total.Load())) // a figure the front ends show and -json prints
	return r.Context().Err()
}

// Example runs a demo the way both front ends do: Start, Wait for its end,
// read a Snapshot of its Model (the window draws one every frame), and
// Summarize it (what `app run -json` prints).
func Example() {
	cfg := squares.Defaults()
	cfg.Workers = 3
	r, err := demos.Start(context.Background(), squares, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := r.Wait(); err != nil {
		fmt.Println(err)
		return
	}
	var s demos.Snapshot
	r.Snapshot(&s)
	sum := demos.Summarize(r, &s, nil)
	fmt.Printf("%d of %d tasks done; sum %.0f\n", s.Count[demos.Done], len(s.Tasks), s.Stats["sum"])
	fmt.Println(squares.Ask(cfg))
	fmt.Println(sum.Tasks[2].State, sum.Knobs["numbers"], sum.Stopped)
	// Output:
	// 3 of 3 tasks done; sum 333833500
	// 3 workers share the numbers 1 to 1,000. Does the sum change with the worker count?
	// done 1000 false
}
