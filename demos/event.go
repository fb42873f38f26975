// Package demos is the engine and the catalogue of Concurrency Lab: runs with
// stop, pause, speed and a live worker target; the task API through which demo
// code reports; the Model that folds those reports into state; and the demos
// themselves, one file each. It never imports a GUI toolkit: the window and the
// terminal both read Model snapshots.
package demos

import "time"

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
