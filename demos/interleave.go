package demos

import (
	"errors"
	"strconv"
	"sync"
	"time"
)

func init() {
	Register(&Demo{
		ID:      "interleave",
		Title:   "Two rhythms",
		Summary: "N workers each print a sequence at their own interval; the main goroutine waits to join them all.",
		Notice: "Worker 0 prints a number every interval, worker 1 a letter every 1.5 intervals: their lines " +
			"interleave in the output, in the order they happened. The main goroutine's last line comes only " +
			"after every worker has finished, because it waits for them all (WaitGroup.Wait, thread.join).",
		Question: "Numbers every {interval} and letters every 1.5 times that, {steps} of each: what are the first four lines printed, and when does the program end?",
		Modes: []Mode{
			{Name: "goroutines", Help: "one goroutine per worker; main waits for all with a WaitGroup"},
		},
		Workers: Knob{Name: "workers", Title: "Workers", Kind: Int, Default: 2, Min: 1, Max: 8},
		Prints:  true,
		Knobs: []Knob{
			{Name: "steps", Title: "Items per worker", Kind: Int, Default: 5, Min: 1, Max: 50},
			{Name: "interval", Title: "Base interval", Kind: Duration, Default: 1, Min: 0.05, Max: 5, Log: true},
		},
		Shows: Shows{Output: true},
		Sweep: Sweep{Chart: FigElapsed, Predict: FigElapsed},
		Moments: []MomentKind{
			{Name: "print", Title: "a worker prints a line"},
		},
		Spot: spotInterleave,
		Run:  runInterleave,
	})
}

// MainWorker is the worker number of lines printed by a demo's main
// goroutine rather than by one of its workers.
const MainWorker = -1

// interleaveInterval is worker w's interval: base × (1 + w/2), so 1 s and
// 1.5 s for the first two workers at the default base.
func interleaveInterval(base time.Duration, w int) time.Duration {
	return base + time.Duration(w)*base/2
}

// interleaveItem is item k (from 0) of worker w's sequence: worker 0 counts
// 1, 2, 3; worker 1 spells A, B, C; worker 2 a, b, c; worker 3 α, β, γ; the
// rest mark a card suit with a number.
func interleaveItem(w, k int) string {
	switch w {
	case 0:
		return strconv.Itoa(k + 1)
	case 1:
		return alphabetic(k, 'A', 26)
	case 2:
		return alphabetic(k, 'a', 26)
	case 3:
		return alphabetic(k, 'α', 24) // α..ω, skipping the final sigma ς
	}
	suits := [...]string{"♠", "♥", "♦", "♣"}
	return suits[(w-4)%len(suits)] + strconv.Itoa(k+1)
}

// alphabetic is k written in a spreadsheet's column style over n letters
// from first: A..Z, then AA, AB, ...
func alphabetic(k int, first rune, n int) string {
	var out []rune
	for k++; k > 0; k = (k - 1) / n {
		r := first + rune((k-1)%n)
		if first == 'α' && r >= 'ς' {
			r++ // skip the final sigma
		}
		out = append([]rune{r}, out...)
	}
	return string(out)
}

func runInterleave(r *Run) error {
	if r.Config.Mode != "goroutines" {
		return errors.New("unknown mode " + r.Config.Mode)
	}
	n, steps, base := r.Config.Workers, r.Config.Int("steps"), r.Config.Dur("interval")
	r.Tasks(n, nil)

	// Lines are logged under a lock so that their order in the output is the
	// order of their times, even when two workers print at the same instant.
	var printMu sync.Mutex
	say := func(w int, format string, args ...any) {
		printMu.Lock()
		defer printMu.Unlock()
		r.Log(w, format, args...)
	}

	say(MainWorker, "main: started %d workers; waiting to join them", n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			t := r.Task(w, w)
			t.Start()
			every := interleaveInterval(base, w)
			for k := range steps {
				if err := t.Sleep("timer", every); err != nil {
					t.Fail(err)
					return
				}
				say(w, "%s", interleaveItem(w, k))
				t.Progress(int64(k+1), int64(steps))
			}
			t.Done()
		})
	}
	wg.Wait()
	if r.Context().Err() != nil {
		say(MainWorker, "main: stopped; all workers joined")
		return r.Context().Err()
	}
	say(MainWorker, "main: all workers joined")
	return nil
}

// spotInterleave tells each printed line, in the order the lines came.
func spotInterleave() Spotter {
	return func(sc *Scan, e *Event) {
		switch {
		case e.Kind != EvLog:
		case e.Worker < 0:
			sc.Add("print", "the main goroutine printed %q", e.Text)
		default:
			sc.Add("print", "w%d printed %q", e.Worker, e.Text)
		}
	}
}
