package demos

import (
	"sync/atomic"
	"time"
)

// Alarms let sleepers share timers. A goroutine that sleeps on a timer of its
// own allocates it (a timer and its channel) and gives the garbage collector
// more to do; 100,000 sleepers took markedly more memory and CPU than
// 100,000 bare goroutines in time.Sleep. Instead, sleeps that end in the same
// alarmTick wait on one channel, closed when that tick has passed: one
// timer per tick of the clock, however many sleep.
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

// alarm is the channel closed once tick has passed.
type alarm struct {
	tick int64
	ch   chan struct{}
}

var alarmRing [alarmSlots]atomic.Pointer[alarm]

// alarmAfter returns a channel closed when d has passed (at most a tick
// later), or nil when d is outside the alarms' bounds.
func alarmAfter(d time.Duration) <-chan struct{} {
	if d < alarmMin || d > alarmMax {
		return nil
	}
	due := time.Since(alarmEpoch) + d
	tick := int64((due + alarmTick - 1) / alarmTick)
	slot := &alarmRing[tick&(alarmSlots-1)]
	for {
		a := slot.Load()
		if a != nil && a.tick == tick {
			return a.ch
		}
		if a != nil && a.tick > tick {
			return nil // a sleeper ran 16 s late; it gets a timer of its own
		}
		// empty, or an alarm of an earlier round (it has fired, or will,
		// for its own sleepers)
		na := &alarm{tick: tick, ch: make(chan struct{})}
		if slot.CompareAndSwap(a, na) {
			time.AfterFunc(time.Duration(tick)*alarmTick-time.Since(alarmEpoch), func() {
				close(na.ch)
				slot.CompareAndSwap(na, nil)
			})
			return na.ch
		}
	}
}
