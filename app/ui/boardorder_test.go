package ui

import (
	"math/rand/v2"
	"testing"

	"concurrencylab/demos"
)

// TestRowOrderFollowsChanges: the board's order kept from the changes a
// snapshot lists is the order a full sort gives: groups in turn, each in
// task id order, through tasks added and tasks moving between groups.
func TestRowOrderFollowsChanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	s := &demos.Snapshot{Source: 7, Seq: 1}
	var o rowOrder
	for round := range 200 {
		s.Prev, s.Seq, s.Changed = s.Seq, s.Seq+1, s.Changed[:0]
		for range rng.IntN(5) { // new tasks
			s.Changed = append(s.Changed, int32(len(s.Tasks)))
			s.Tasks = append(s.Tasks, demos.TaskInfo{ID: len(s.Tasks), Worker: rng.IntN(50)})
		}
		for range rng.IntN(8) { // tasks that change state
			if len(s.Tasks) == 0 {
				break
			}
			i := rng.IntN(len(s.Tasks))
			s.Tasks[i].State = demos.States()[rng.IntN(len(demos.States()))]
			s.Changed = append(s.Changed, int32(i))
		}
		if round%50 == 49 {
			s.Prev = 0 // now and then a whole copy
		}
		o.update(s)
		var want []int
		for g := range 3 {
			for i := range s.Tasks {
				if rowGroup(s.Tasks[i].State) == g {
					want = append(want, i)
				}
			}
		}
		if o.len() != len(want) {
			t.Fatalf("round %d: %d rows, want %d", round, o.len(), len(want))
		}
		for r, i := range want {
			if got := o.at(r); got != i {
				t.Fatalf("round %d: row %d shows task %d, want %d", round, r, got, i)
			}
		}
		maxW := 0
		for i := range s.Tasks {
			maxW = max(maxW, s.Tasks[i].Worker)
		}
		if o.maxWorker != maxW {
			t.Fatalf("round %d: largest worker %d, want %d", round, o.maxWorker, maxW)
		}
	}
}
