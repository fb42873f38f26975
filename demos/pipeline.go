package demos

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"concurrencylab/demos/engine"
)

func init() {
	Register(&Demo{
		ID:      "pipeline",
		Title:   "Channels",
		Summary: "Stages joined by channels: a source, a fan-out of parsers, a bursty stage and a fan-in sink.",
		Notice: "With unbuffered channels every hand-over is a meeting: while the bursty stage is slow, everything " +
			"upstream stands still, and while it is fast it starves. A buffer lets the stages drift apart " +
			"and absorbs the bursts, so the same work finishes sooner. Stage work is a sleep: simulated.",
		Question: "The same items pass the same stages. Will buffered channels make the run faster, slower, or no different?",
		Modes: []Mode{
			{Name: "unbuffered", Help: "make(chan T): a send waits until a receiver takes the item"},
			{Name: "buffered", Help: "make(chan T, buffer): a send waits only when the buffer is full"},
		},
		Workers: Knob{Name: "workers", Title: "Workers per stage", Kind: Int, Default: 2, Min: 1, Max: 16},
		Prints:  true,
		Knobs: []Knob{
			{Name: "buffer", Title: "Channel capacity (buffered mode)", Kind: Int, Default: 8, Min: 1, Max: 1024, Log: true},
			{Name: "items", Title: "Items", Kind: Int, Default: 150, Min: 1, Max: 10000, Log: true},
		},
		Figures: []Figure{
			{Name: "blocked_send_ms", Title: "senders blocked", Unit: "ms"},
			{Name: "blocked_recv_ms", Title: "receivers blocked", Unit: "ms"},
			{Name: "elapsed_per_item_ms", Title: "time per item", Unit: "ms"},
			{Name: "items", Title: "items through"},
			{Name: "ch1", Title: "items waiting in ch1", Unit: "items"},
			{Name: "ch2", Title: "items waiting in ch2", Unit: "items"},
			{Name: "ch3", Title: "items waiting in ch3", Unit: "items"},
		},
		Shows: Shows{Chart: "Items waiting in each channel"},
		Sweep: Sweep{Chart: FigElapsed, Predict: FigElapsed},
		Moments: []MomentKind{
			{Name: "channel-full", Title: "a channel was full: the stage before it had to wait"},
			{Name: "channel-empty", Title: "a channel was empty: the stage after it had to wait"},
		},
		Spot: spotPipeline,
		Run:  runPipeline,
	})
}

// The stages' simulated work per item. The source and the bursty stage have
// the same mean pace (the bursty stage has `workers` goroutines), so with
// room to drift apart they keep each other busy; locked together by
// unbuffered channels, each waits out the other's slow spells.
const (
	pipeSourceCost = 10 * time.Millisecond // one item read
	pipeParseCost  = 12 * time.Millisecond // one item parsed, per parse worker
	pipeFastCost   = 1 * time.Millisecond  // a light item in the bursty stage
	pipeSlowCost   = 40 * time.Millisecond // a heavy item in the bursty stage
	pipeSinkCost   = 2 * time.Millisecond  // one item written
	pipeBurst      = 8                     // light and heavy items come in runs of this many
)

// pipeGaugeEvery is how often the channels' fill is sampled.
const pipeGaugeEvery = 20 * time.Millisecond

// pipeChan is one channel of the pipeline and its blocking figures.
type pipeChan struct {
	name        string
	ch          chan int
	sendBlocked atomic.Int64 // nanoseconds
	recvBlocked atomic.Int64
}

// send puts v on c. It first tries without blocking, so the task is marked
// waiting only when the send really has to wait: the channel is full, or
// unbuffered with no receiver ready.
func (c *pipeChan) send(ctx context.Context, t *Task, v int) error {
	select {
	case c.ch <- v:
		return nil
	default:
	}
	t.WaitingTo(engine.WaitSend, c.name)
	sw := t.Run().Stopwatch() // a neighbour paused in its sleep is not a block
	defer func() {
		d := sw.Elapsed()
		c.sendBlocked.Add(int64(d))
		t.Waited(d)
	}()
	select {
	case c.ch <- v:
		t.Running()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// recv takes the next item from c; ok is false once c is closed and empty.
// Like send, it marks the task waiting only when it really waits.
func (c *pipeChan) recv(ctx context.Context, t *Task) (v int, ok bool, err error) {
	select {
	case v, ok = <-c.ch:
		return v, ok, nil
	default:
	}
	t.WaitingTo(engine.WaitRecv, c.name)
	sw := t.Run().Stopwatch() // a neighbour paused in its sleep is not a block
	defer func() {
		d := sw.Elapsed()
		c.recvBlocked.Add(int64(d))
		t.Waited(d)
	}()
	select {
	case v, ok = <-c.ch:
		t.Running()
		return v, ok, nil
	case <-ctx.Done():
		return 0, false, ctx.Err()
	}
}

// pipeStage is one stage: its goroutines, what each does to an item and
// the channels it reads and writes (nil for the source's input and the
// sink's output).
type pipeStage struct {
	name    string
	workers int
	work    string // what its sleep stands for
	cost    func(item int) time.Duration
	in, out *pipeChan
}

// runPipeline: source → ch1 → parse ×W → ch2 → burst ×W → ch3 → sink. One
// task per stage goroutine, each on its own lane, with progress = items it
// handled out of all items, so the board reads as the pipeline's lanes. The
// last goroutine of a stage to finish closes the stage's output channel.
func runPipeline(r *Run) error {
	items, w := r.Config.Int("items"), r.Config.Workers
	capacity := 0
	if r.Config.Mode == "buffered" {
		capacity = r.Config.Int("buffer")
	}
	chans := []*pipeChan{
		{name: "ch1", ch: make(chan int, capacity)},
		{name: "ch2", ch: make(chan int, capacity)},
		{name: "ch3", ch: make(chan int, capacity)},
	}
	fixed := func(d time.Duration) func(int) time.Duration { return func(int) time.Duration { return d } }
	stages := []pipeStage{
		{name: "source", workers: 1, work: "simulated read", cost: fixed(pipeSourceCost), out: chans[0]},
		{name: "parse", workers: w, work: "simulated parse", cost: fixed(pipeParseCost), in: chans[0], out: chans[1]},
		{name: "burst", workers: w, work: "simulated bursty work", cost: burstCost, in: chans[1], out: chans[2]},
		{name: "sink", workers: 1, work: "simulated write", cost: fixed(pipeSinkCost), in: chans[2]},
	}

	var lanes []string
	for _, s := range stages {
		for i := range s.workers {
			lanes = append(lanes, fmt.Sprintf("%s%d", s.name, i))
		}
	}
	r.Tasks(len(lanes), nil)
	for i, name := range lanes {
		r.NameLane(i, name)
	}
	r.Log(0, "source → ch1 → parse ×%d → ch2 → burst ×%d → ch3 → sink, channels of capacity %d", w, w, capacity)
	for _, c := range chans {
		r.Gauge(c.name, 0, capacity)
	}

	stopGauges := r.Every(pipeGaugeEvery, pipeGauges(r, chans))

	sw := r.Stopwatch()
	var sunk atomic.Int64
	var wg sync.WaitGroup
	id := 0
	for _, s := range stages {
		left := &atomic.Int32{}
		left.Store(int32(s.workers))
		for range s.workers {
			wg.Add(1)
			go func(t *Task) {
				defer wg.Done()
				err := pipeWork(r, t, s, items, &sunk)
				if left.Add(-1) == 0 && s.out != nil {
					close(s.out.ch) // the last of the stage closes its output: fan-in done
				}
				t.End(err)
			}(r.Task(id, id))
			id++
		}
	}
	wg.Wait()
	elapsed := sw.Elapsed() // paused time left out
	stopGauges()

	var sendB, recvB time.Duration
	for _, c := range chans {
		sendB += time.Duration(c.sendBlocked.Load())
		recvB += time.Duration(c.recvBlocked.Load())
	}
	n := sunk.Load()
	r.Stat("items", float64(n))
	if n > 0 {
		r.Stat("elapsed_per_item_ms", elapsed.Seconds()*1e3/float64(n))
	}
	r.Stat("blocked_send_ms", sendB.Seconds()*1e3)
	r.Stat("blocked_recv_ms", recvB.Seconds()*1e3)
	return r.Context().Err()
}

// burstCost makes items heavy and light in runs of pipeBurst, heavy first,
// so the bursty stage is the one that sets the pace from the start.
func burstCost(item int) time.Duration {
	if (item/pipeBurst)%2 == 0 {
		return pipeSlowCost
	}
	return pipeFastCost
}

// pipeWork is the loop of one stage goroutine.
func pipeWork(r *Run, t *Task, s pipeStage, items int, sunk *atomic.Int64) error {
	ctx := r.Context()
	t.Start()
	handled := int64(0)
	for i := 0; ; i++ {
		item := i
		if s.in == nil { // the source makes the items
			if i == items {
				return nil
			}
		} else {
			v, ok, err := s.in.recv(ctx, t)
			if err != nil {
				return err
			}
			if !ok {
				// Closed upstream: the items are all through, unless the
				// upstream stage was stopped, and then so is this one.
				return ctx.Err()
			}
			item = v
		}
		if err := t.Sleep(s.work, s.cost(item)); err != nil {
			return err
		}
		if s.out != nil {
			if err := s.out.send(ctx, t, item); err != nil {
				return err
			}
		} else {
			sunk.Add(1)
		}
		handled++
		t.Progress(handled, int64(items))
	}
}

// pipeGauges returns a sampler that reports each channel's fill whenever it
// changed since the last look (and once more at the end), and the time
// spent blocked so far.
func pipeGauges(r *Run, chans []*pipeChan) func(final bool) {
	last := make([]int, len(chans))
	var lastSend, lastRecv time.Duration
	return func(final bool) {
		var sendB, recvB time.Duration
		for i, c := range chans {
			if n := len(c.ch); n != last[i] || final {
				last[i] = n
				r.Gauge(c.name, n, cap(c.ch))
				r.Sample(c.name, float64(n))
			}
			sendB += time.Duration(c.sendBlocked.Load())
			recvB += time.Duration(c.recvBlocked.Load())
		}
		// the blocked totals so far (of blocks that ended), so they grow
		// on screen while the run goes; the run's end sets the last ones
		if sendB != lastSend || recvB != lastRecv {
			lastSend, lastRecv = sendB, recvB
			r.Stat("blocked_send_ms", sendB.Seconds()*1e3)
			r.Stat("blocked_recv_ms", recvB.Seconds()*1e3)
		}
	}
}

// spotPipeline tells each time a stage had to wait on a channel: to send
// on a full one, or to receive from an empty one.
func spotPipeline() Spotter {
	names := map[int]string{}
	return func(sc *Scan, e *Event) {
		switch e.Kind {
		case EvLane:
			names[int(e.Worker)] = e.Text
		case EvState:
			if e.State != Waiting {
				return
			}
			switch engine.WaitOp(e.N) {
			case engine.WaitSend:
				sc.Add("channel-full", "%s was full: %s had to wait to send", e.Text, engine.LaneName(names, e.Worker))
			case engine.WaitRecv:
				sc.Add("channel-empty", "%s was empty: %s had to wait to receive", e.Text, engine.LaneName(names, e.Worker))
			}
		}
	}
}
