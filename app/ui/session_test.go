package ui

import (
	"testing"
	"time"

	"go.uber.org/goleak"

	"concurrencylab/demos"
)

// TestSessionWithoutAWindow drives the runs' lifecycle with no widget: the
// frame loop's decisions draw the first frame, skip frames while nothing
// changed, end with the run, and a 1-worker run at full speed becomes the
// baseline; a retired run is stopped and waited for at shutdown.
func TestSessionWithoutAWindow(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	s := newSession()
	d, _ := demos.Lookup("sleepers")
	cfg := d.Defaults()
	cfg.Mode, cfg.Workers = "bounded", 1
	cfg.Knobs["tasks"], cfg.Knobs["wait"] = 3, 0.02
	if st := s.step(time.Now()); !st.idle {
		t.Fatalf("with no run the step is %+v, want idle", st)
	}
	if _, err := s.begin(d, cfg, 1); err != nil {
		t.Fatal(err)
	}
	// the first frame waits until the run is seen calm, yieldEvery at most
	if st := s.step(s.begun.Add(yieldEvery)); !st.draw {
		t.Errorf("the first frame of a run does not draw: %+v", st)
	}
	if st := s.step(time.Now()); st.draw && !st.done && s.run.Model().Seq() == s.seq {
		t.Errorf("a frame with nothing new drew: %+v", st)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := s.step(time.Now())
		if st.done {
			if !st.draw || !s.snap.Ended {
				t.Errorf("the last frame does not draw the ended run: %+v, ended %v", st, s.snap.Ended)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the run did not end")
		}
		time.Sleep(5 * time.Millisecond)
	}
	took, err := s.end()
	if err != nil || took <= 0 {
		t.Fatalf("end: %v after %v", err, took)
	}
	if b, ok := s.baseline(d, cfg); !ok || b != took {
		t.Errorf("a 1-worker run's baseline is %v (%v), want %v", b, ok, took)
	}
	if st := s.step(time.Now()); !st.idle {
		t.Errorf("after the end the step is %+v, want idle", st)
	}

	cfg.Knobs["tasks"], cfg.Knobs["wait"] = 50, 5
	r, err := s.begin(d, cfg, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if !s.live() || !s.slowRun {
		t.Errorf("live %v, slow %v for a run at 0.5x", s.live(), s.slowRun)
	}
	s.retire()
	// the stopped run is kept until it has ended, which it may have already
	stopped := false
	select {
	case <-r.Done():
		stopped = true
	default:
	}
	if s.run != nil || len(s.retired) > 1 || len(s.retired) == 0 && !stopped {
		t.Errorf("retire kept run %v, %d retired (the run ended: %v)", s.run, len(s.retired), stopped)
	}
	s.shutdown(5 * time.Second)
	select {
	case <-r.Done():
	default:
		t.Error("shutdown returned with a retired run still going")
	}
}
