package demos

import "testing"

func TestCounterExactModes(t *testing.T) {
	for _, mode := range []string{"mutex", "atomic", "channel"} {
		t.Run(mode, func(t *testing.T) {
			_, s := run(t, "counter", mode, 8, map[string]float64{"increments": 2000})
			if s.Counter.Expected != 16000 || s.Counter.Actual != 16000 {
				t.Errorf("counter = %d of %d, want 16000 of 16000", s.Counter.Actual, s.Counter.Expected)
			}
			if s.Count[Done] != 8 {
				t.Errorf("%d tasks done, want 8", s.Count[Done])
			}
		})
	}
}

func TestCounterUnsafeLosesUpdates(t *testing.T) {
	// Lost updates depend on scheduling; a few tries make a miss vanishingly rare.
	for try := 0; try < 5; try++ {
		_, s := run(t, "counter", "unsafe", 8, map[string]float64{"increments": 5000})
		if s.Counter.Expected != 40000 {
			t.Fatalf("expected = %d, want 40000", s.Counter.Expected)
		}
		if s.Counter.Actual > s.Counter.Expected {
			t.Fatalf("actual %d above expected %d", s.Counter.Actual, s.Counter.Expected)
		}
		if s.Counter.Lost() > 0 {
			return
		}
	}
	t.Error("unsafe mode lost no update in 5 runs")
}

func TestCounterMutexReportsWaiting(t *testing.T) {
	_, s := run(t, "counter", "mutex", 8, map[string]float64{"increments": 20000})
	if s.Waited <= 0 {
		t.Error("mutex mode with 8 workers reported no time waiting for the lock")
	}
	// A lone worker never finds the lock taken: no wait at all.
	_, s = run(t, "counter", "mutex", 1, map[string]float64{"increments": 20000})
	if s.Waited != 0 {
		t.Errorf("mutex mode with 1 worker reported %v waiting for the lock", s.Waited)
	}
}
