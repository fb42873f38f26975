package engine

import (
	"time"
)

// ProgressEvery is the shortest gap between two progress events of one task:
// a bar cannot show more, and it keeps reporting off the hot path.
const ProgressEvery = 4 * time.Millisecond

// Task is the handle through which one task reports. Its methods are meant to
// be called from the goroutine running the task.
type Task struct {
	r        *Run
	id       int32
	worker   int32
	lastProg time.Duration // when the last progress event was sent
	sentProg bool          // one was sent
	pending  bool          // a coalesced value waits in pendN, pendTotal
	pendN    int64
	pendTot  int64
	state    State
	on       string
}

// ID is the task's number.
func (t *Task) ID() int { return int(t.id) }

// Worker is the worker (lane) running the task.
func (t *Task) Worker() int { return int(t.worker) }

// Run is the run the task belongs to.
func (t *Task) Run() *Run { return t.r }

func (t *Task) set(s State, on string) {
	if t.state == s && t.on == on {
		return
	}
	t.state, t.on = s, on
	t.flushProgress() // the bar shows where the task was when its state changed
	t.r.emit(Event{Kind: EvState, Task: t.id, Worker: t.worker, State: s, Text: on})
}

// WaitOp says what a waiting task waits to do with the resource it names,
// as data a picture reads without parsing the words a board shows.
type WaitOp uint8

// The operations a task can wait to do.
const (
	WaitNone WaitOp = iota // no operation named: Waiting(on) says it in words
	WaitSend               // to send on a channel
	WaitRecv               // to receive from a channel
)

// String is the operation's word, as the board says it: "send", "recv".
func (op WaitOp) String() string {
	switch op {
	case WaitSend:
		return "send"
	case WaitRecv:
		return "recv"
	}
	return ""
}

// WaitingTo marks the task waiting to op on res: the board says "send ch1",
// and TaskInfo's Op and Res carry the two apart.
func (t *Task) WaitingTo(op WaitOp, res string) {
	if t.state == Waiting && t.on == op.String()+" "+res {
		return
	}
	t.state, t.on = Waiting, op.String()+" "+res
	t.flushProgress()
	t.r.emit(Event{Kind: EvState, Task: t.id, Worker: t.worker, State: Waiting, Text: res, N: int64(op)})
}

// Start marks the task running.
func (t *Task) Start() { t.set(Running, "") }

// Running marks the task running again after a wait or a sleep.
func (t *Task) Running() { t.set(Running, "") }

// Waiting marks the task blocked on something it names, e.g. "lock A".
func (t *Task) Waiting(on string) { t.set(Waiting, on) }

// Sleeping marks the task asleep or waiting on I/O; on says on what.
func (t *Task) Sleeping(on string) { t.set(Sleeping, on) }

// Hold records that the task now holds resource name (a lock).
func (t *Task) Hold(name string) {
	t.r.emit(Event{Kind: EvHold, Task: t.id, Worker: t.worker, Text: name})
}

// Release records that the task released resource name.
func (t *Task) Release(name string) {
	t.r.emit(Event{Kind: EvRelease, Task: t.id, Worker: t.worker, Text: name})
}

// Progress reports n of total units done. Calls closer together than a few
// milliseconds are coalesced: the latest value is kept and sent with the
// next call that is due or the task's next change of state, and the final
// one (n == total) is always sent.
func (t *Task) Progress(n, total int64) {
	now := t.r.now()
	if n < total && t.sentProg && now-t.lastProg < ProgressEvery {
		t.pending, t.pendN, t.pendTot = true, n, total
		return
	}
	t.sendProgress(now, n, total)
}

func (t *Task) sendProgress(now time.Duration, n, total int64) {
	t.lastProg, t.sentProg, t.pending = now, true, false
	t.r.emit(Event{At: now, Kind: EvProgress, Task: t.id, Worker: t.worker, N: n, Total: total})
}

// flushProgress sends a coalesced progress value that is still waiting.
func (t *Task) flushProgress() {
	if t.pending {
		t.sendProgress(t.r.now(), t.pendN, t.pendTot)
	}
}

// Waited adds d to the task's time spent waiting (for lock-wait figures that
// are too fine-grained to draw as timeline segments).
func (t *Task) Waited(d time.Duration) {
	t.r.emit(Event{Kind: EvWaited, Task: t.id, Worker: t.worker, N: int64(d)})
}

// Sleep marks the task sleeping on what it names for d (stretched in slow
// motion), then running again. It returns early with an error on Stop.
func (t *Task) Sleep(on string, d time.Duration) error {
	t.Sleeping(on)
	err := t.r.Sleep(d)
	if err == nil {
		t.Running()
	}
	return err
}

// Work marks the task running on what it names for d (stretched in slow
// motion) and returns early with an error on Stop: simulated work (a
// sleep in the code), which a class must see as work, not as a sleep.
func (t *Task) Work(on string, d time.Duration) error {
	t.RunningOn(on)
	return t.r.Sleep(d)
}

// Done marks the task finished.
func (t *Task) Done() { t.set(Done, "") }

// Fail marks the task failed; err says why in a plain sentence. A task failed
// by the run's own stop is marked cancelled instead.
func (t *Task) Fail(err error) {
	if t.r.ctx.Err() != nil {
		t.set(Cancelled, ErrStopped.Error())
		return
	}
	t.set(Failed, err.Error())
}

// Cancel marks the task cancelled; why says by what.
func (t *Task) Cancel(why string) { t.set(Cancelled, why) }

// End marks the task done when err is nil and failed (or cancelled) otherwise.
func (t *Task) End(err error) {
	if err != nil {
		t.Fail(err)
		return
	}
	t.Done()
}

// RunningOn marks the task running, saying at what ("receiving"), as
// Waiting and Sleeping say on what.
func (t *Task) RunningOn(on string) { t.set(Running, on) }
