package engine

import (
	"sync/atomic"
	"time"
)

// Alarms let a run's sleepers share timers. A goroutine that sleeps on a
// timer of its own allocates it (a timer and its channel), and one that
// waits on its timer and on a stop channel shared by all (a select) takes
// that channel's lock twice and holds two waiting records: 100,000 such
// sleepers took about twice the CPU of 100,000 goroutines in time.Sleep.
// Instead, sleeps that end in the same alarmTick wait on one channel alone,
// closed when that tick has passed, or early when the run pauses or stops:
// one timer per tick, however many sleep.
const (
	alarmTick  = time.Millisecond
	alarmSlots = 1 << 14 // ticks ahead that have a slot: 16 s
	// Sleeps outside these bounds get a timer of their own: a short one
	// would be stretched by up to a tick (1% at the shortest), a long one
	// might outlive its slot.
	alarmMin = 100 * time.Millisecond
	alarmMax = 10 * time.Second
)

// alarmEpoch is the origin of alarm ticks (monotonic).
var alarmEpoch = time.Now()

// alarm is the channel closed once tick has passed, or the run paused or
// stopped.
type alarm struct {
	tick  int64
	ch    chan struct{}
	shut  atomic.Bool                // ch is closed, or being closed
	timer atomic.Pointer[time.Timer] // what rings it on time; stopped when rung early
}

func (a *alarm) close() {
	if a.shut.CompareAndSwap(false, true) {
		close(a.ch)
	}
}

// alarms is a run's ring of alarms, one slot per tick ahead.
type alarms struct {
	ring [alarmSlots]atomic.Pointer[alarm]
}

// after returns a channel closed when d has passed (at most a tick later)
// or the run pauses or stops, or nil when d is outside the alarms' bounds.
func (as *alarms) after(d time.Duration) <-chan struct{} {
	if d < alarmMin || d > alarmMax {
		return nil
	}
	due := time.Since(alarmEpoch) + d
	tick := int64((due + alarmTick - 1) / alarmTick)
	slot := &as.ring[tick&(alarmSlots-1)]
	for {
		a := slot.Load()
		if a != nil && a.tick == tick && !a.shut.Load() {
			return a.ch
		}
		if a != nil && a.tick > tick {
			return nil // a sleeper ran 16 s late; it gets a timer of its own
		}
		// empty, rung early by a pause, or an alarm of an earlier round
		na := &alarm{tick: tick, ch: make(chan struct{})}
		if slot.CompareAndSwap(a, na) {
			na.timer.Store(time.AfterFunc(time.Duration(tick)*alarmTick-time.Since(alarmEpoch), func() {
				na.close()
				slot.CompareAndSwap(na, nil)
			}))
			return na.ch
		}
	}
}

// ringAll closes every alarm not yet rung: the run paused or stopped, and
// its sleepers must look. Their timers are stopped, so a stopped run's ring
// is not kept alive by timers due seconds later.
func (as *alarms) ringAll() {
	for i := range as.ring {
		if a := as.ring[i].Load(); a != nil {
			if t := a.timer.Load(); t != nil {
				t.Stop()
			}
			a.close()
			as.ring[i].CompareAndSwap(a, nil)
		}
	}
}
