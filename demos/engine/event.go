// Package engine runs Concurrency Lab's demos: runs with stop, pause, speed
// and a live worker target; the task API through which demo code reports;
// the Model that folds those reports into state; recordings, their Player
// and the moments found in them; child processes and the peers' adapter;
// and the types a demo is declared with. The demos live in package demos,
// which imports this one, so a demo reaches the engine only through what it
// exports. It never imports a GUI toolkit: the window and the terminal both
// read Model snapshots.
package engine

import (
	"runtime"
	"sync"
	"time"
)

// State is what a task is doing at a moment. Every state has a name and a
// glyph so that no front end has to tell states apart by colour alone.
type State uint8

// The states a task moves through. Pending tasks have not started yet.
const (
	Pending   State = iota // not started
	Running                // computing, or holding what it needs
	Waiting                // blocked on a lock, a channel or another task
	Sleeping               // sleeping or waiting on I/O (simulated or real)
	Done                   // finished
	Failed                 // ended with an error
	Cancelled              // stopped before it finished
	numStates
)

var stateNames = [...]string{"pending", "running", "waiting", "sleeping", "done", "failed", "cancelled"}

// String returns the state's lower-case name, as used in the JSON summary.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// Glyph returns a one-character mark for the state, so that a state reads the
// same in a terminal, a legend and a cell without relying on colour.
func (s State) Glyph() string {
	switch s {
	case Running:
		return "▶"
	case Waiting:
		return "⏸"
	case Sleeping:
		return "z"
	case Done:
		return "✓"
	case Failed:
		return "✗"
	case Cancelled:
		return "■"
	}
	return "○"
}

// Ended reports whether the state is final.
func (s State) Ended() bool { return s == Done || s == Failed || s == Cancelled }

// States lists every state in display order.
func States() []State {
	return []State{Pending, Running, Waiting, Sleeping, Done, Failed, Cancelled}
}

// Kind says what an Event reports.
type Kind uint8

// Event kinds. Lifecycle kinds (Start, Done, Failed, Cancelled) and counter,
// log, stat, sample and gauge events are never dropped; Progress may be
// coalesced by the emitter.
const (
	EvState    Kind = iota // task changed State; Text says on what it waits, if anything
	EvProgress             // task progress: N of Total
	EvWaited               // task spent D waiting (accumulated, for lock-wait figures)
	EvHold                 // task now holds resource Text
	EvRelease              // task released resource Text
	EvCounter              // shared counter: N actual of Total expected
	EvLog                  // a printed line (Text) from a worker
	EvStat                 // named figure Text = Value
	EvSample               // time series Text gets point (At, Value)
	EvGauge                // gauge Text is at N of Total (a channel's buffer fill)
	EvFlag                 // yes/no figure Text = (N != 0), e.g. "deadlocked"
	EvLane                 // lane Worker is called Text, e.g. "parse0"
	EvWaitFor              // in the wait-for graph, Worker waits for Text ("": nothing), held by worker N (-1: no one); its holds follow
	EvHeld                 // in the wait-for graph, Worker holds Text (after its EvWaitFor)
	EvMoment               // a moment the demo saw (Run.Moment): N indexes its Demo.Moments, Text tells it
	EvUnits                // a task stands for N units named Text, Total in all (Run.TaskUnits)
)

// Event is one report from a running demo. At is the time since the run began,
// taken where the event happened, so a slow reader never bends the timeline.
type Event struct {
	At     time.Duration
	Kind   Kind
	State  State
	Task   int32
	Worker int32
	N      int64
	Total  int64
	Value  float64
	Text   string
}

// queueLimit is how many events may wait to be folded before an emitter
// waits for the fold. The fold is one goroutine among all of a run's: when
// 100,000 new goroutines are runnable it may wait its turn behind all of
// them, and emitters that waited for it then would wait with it. So the
// limit is high (56 MB of events), only a guard against a runaway demo.
const queueLimit = 1 << 20

// chunkSize is how many events a chunk of the queue holds: a full chunk
// is followed by a new one rather than copied into a larger one, so an
// emit never copies the queue while it holds the lock.
const chunkSize = 1024

// yieldAt is how many waiting events make an emitter yield its core at the
// end of a chunk: on one core the emitter would otherwise run a whole time
// slice ahead of the folder.
const yieldAt = 16 * chunkSize

// eventQueue carries events from any number of emitting goroutines to the
// one that folds them, in the order they were emitted. An emit appends to a
// chunk under a mutex held for nanoseconds; the folder takes every chunk at
// once and hands them back once folded. A channel would cost a lock on each
// side per event, wake the folder per event, and park every emitter while
// it is full.
type eventQueue struct {
	mu     sync.Mutex
	chunks [][]Event // waiting to be folded; the last one fills
	free   [][]Event // folded chunks, for reuse
	n      int       // events waiting
	closed bool
	idle   bool          // the folder waits for a token
	wake   chan struct{} // the token: an event waits
	room   chan struct{} // closed when the folder takes a full queue
	// pushed and folded count the events in and through: settle waits on
	// folded for the events pushed before it
	pushed, folded int64
	settled        sync.Cond
}

func newEventQueue() *eventQueue {
	q := &eventQueue{wake: make(chan struct{}, 1), room: make(chan struct{})}
	q.settled.L = &q.mu
	return q
}

// settle waits until every event pushed before it is folded.
func (q *eventQueue) settle() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for target := q.pushed; q.folded < target; {
		q.settled.Wait()
	}
}

// push adds e; it waits only while queueLimit events wait to be folded.
// Events pushed after close are never folded.
func (q *eventQueue) push(e *Event) {
	q.mu.Lock()
	for q.n >= queueLimit && !q.closed {
		room := q.room
		q.mu.Unlock()
		<-room
		q.mu.Lock()
	}
	last := len(q.chunks) - 1
	if last < 0 || len(q.chunks[last]) == chunkSize {
		var c []Event
		if k := len(q.free); k > 0 {
			c, q.free = q.free[k-1], q.free[:k-1]
		} else {
			c = make([]Event, 0, chunkSize)
		}
		q.chunks = append(q.chunks, c)
		last++
	}
	q.chunks[last] = append(q.chunks[last], *e)
	q.n++
	if !q.closed { // folded: settle may wait for it
		q.pushed++
	}
	n, wake := q.n, q.idle
	q.idle = false
	q.mu.Unlock()
	switch {
	case wake:
		q.wake <- struct{}{} // never blocks: one token per idle spell
	case n%chunkSize == 0 && n >= yieldAt:
		// Let the folder have the core now and then, rather than
		// filling memory with events it will read from a cold cache.
		runtime.Gosched()
	}
}

// close ends the stream: take returns what is left, then reports the end.
func (q *eventQueue) close() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.room)
	}
	wake := q.idle
	q.idle = false
	q.mu.Unlock()
	if wake {
		q.wake <- struct{}{}
	}
}

// take waits for events and returns every chunk of them, in the order they
// were pushed, swapping in spare's storage for the list; ok is false once
// the queue is closed and empty. Give the chunks back with recycle.
func (q *eventQueue) take(spare [][]Event) (chunks [][]Event, ok bool) {
	for {
		q.mu.Lock()
		if q.n > 0 {
			chunks = q.chunks
			q.chunks = spare[:0]
			if q.n >= queueLimit && !q.closed {
				close(q.room) // emitters wait on it
				q.room = make(chan struct{})
			}
			q.n = 0
			q.mu.Unlock()
			return chunks, true
		}
		closed := q.closed
		q.idle = !closed
		q.mu.Unlock()
		if closed {
			return nil, false
		}
		<-q.wake
	}
}

// recycle takes folded chunks back for reuse, keeping a few, and counts
// their events folded.
func (q *eventQueue) recycle(chunks [][]Event) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, c := range chunks {
		q.folded += int64(len(c))
	}
	q.settled.Broadcast()
	for _, c := range chunks {
		if len(q.free) >= yieldAt/chunkSize+4 {
			return
		}
		clear(c) // let go of their texts
		q.free = append(q.free, c[:0])
	}
}
