package engine

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testRun is a run with no demo behind it, for testing engine parts alone.
func testRun(t *testing.T, workers int) *Run {
	t.Helper()
	d := &Demo{ID: "test", Modes: []Mode{{Name: "m"}}, Workers: Knob{Name: "workers", Kind: Int, Min: 1, Max: 100, Default: 1}}
	r := newRun(context.Background(), d, Config{Mode: "m", Workers: workers})
	t.Cleanup(r.cancel)
	return r
}

func TestLimiterFollowsTarget(t *testing.T) {
	r := testRun(t, 2)
	l := NewLimiter(r)
	defer l.Close()
	var peak, cur atomic.Int64
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Acquire(); err != nil {
				return
			}
			n := cur.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			<-release
			cur.Add(-1)
			l.Release()
		}()
	}
	waitFor(t, func() bool { return l.InUse() == 2 })
	time.Sleep(20 * time.Millisecond)
	if got := l.InUse(); got != 2 {
		t.Fatalf("in use = %d with a target of 2", got)
	}
	r.SetWorkers(7)
	waitFor(t, func() bool { return l.InUse() == 7 })
	close(release)
	wg.Wait()
	if p := peak.Load(); p != 7 {
		t.Errorf("peak = %d, want 7", p)
	}
}

func TestLimiterStopReleasesWaiters(t *testing.T) {
	r := testRun(t, 1)
	l := NewLimiter(r)
	defer l.Close()
	if err := l.Acquire(); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 10)
	for range 10 {
		go func() { errs <- l.Acquire() }()
	}
	time.Sleep(10 * time.Millisecond)
	r.cancel()
	for range 10 {
		if err := <-errs; err == nil {
			t.Error("a waiter got a slot after stop")
			l.Release()
		}
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}
