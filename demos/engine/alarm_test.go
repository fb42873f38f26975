package engine

import (
	"testing"
	"time"
)

// TestAlarmsRingAll: ringing every alarm early closes its channel at once
// and stops its timer, which would otherwise keep the ring alive until due.
func TestAlarmsRingAll(t *testing.T) {
	var as alarms
	ch := as.after(5 * time.Second)
	if ch == nil {
		t.Fatal("a 5 s sleep got no alarm")
	}
	var rung *alarm
	for i := range as.ring {
		if a := as.ring[i].Load(); a != nil {
			rung = a
		}
	}
	as.ringAll()
	select {
	case <-ch:
	default:
		t.Fatal("ringAll left an alarm open")
	}
	if tm := rung.timer.Load(); tm == nil || tm.Stop() {
		t.Error("the rung alarm's timer is still pending")
	}
}
