package ui

import (
	"math/bits"

	"concurrencylab/demos"
)

// rowOrder is the order of a board that follows the run (see rowGroup):
// the groups one after the other, each in task id order. It is kept as a
// Fenwick tree of task ids per group, so that finding the task of a row
// costs a few steps and a task changing group costs a few more: the list
// asks only for the rows it shows, and a frame of a run of 100,000 tasks
// costs its changes, not a sort of 100,000 rows.
type rowOrder struct {
	group       []uint8    // per task, its group
	tree        [3][]int32 // per group, 1-based Fenwick tree over task ids
	count       [3]int     // tasks per group
	source, seq uint64     // the snapshot folded last
	maxWorker   int        // the largest worker id of any task
	progress    bool       // a task has reported progress
}

// len is the number of rows: every task.
func (o *rowOrder) len() int { return len(o.group) }

// update follows snapshot s, folding only the tasks it lists as changed
// when it was taken over the one folded last.
func (o *rowOrder) update(s *demos.Snapshot) {
	switch {
	case s.Source != 0 && s.Source == o.source && s.Seq == o.seq && len(s.Tasks) == len(o.group):
		return
	case s.Source != 0 && s.Source == o.source && s.Prev == o.seq && len(s.Tasks) >= len(o.group):
		for len(o.group) < len(s.Tasks) {
			o.push(s.Tasks[len(o.group)].State)
		}
		for _, i := range s.Changed {
			t := &s.Tasks[i]
			o.maxWorker = max(o.maxWorker, t.Worker)
			o.progress = o.progress || t.Total > 0
			if g := uint8(rowGroup(t.State)); g != o.group[i] {
				o.add(int(o.group[i]), int(i), -1)
				o.add(int(g), int(i), 1)
				o.group[i] = g
			}
		}
	default:
		o.reset()
		n := len(s.Tasks)
		for g := range o.tree {
			o.tree[g] = append(o.tree[g], make([]int32, n)...)
		}
		for i := range s.Tasks {
			t := &s.Tasks[i]
			o.maxWorker = max(o.maxWorker, t.Worker)
			o.progress = o.progress || t.Total > 0
			g := rowGroup(t.State)
			o.group = append(o.group, uint8(g))
			o.tree[g][i] = 1
			o.count[g]++
		}
		// each node adds itself into its parent: the trees in linear time
		for g := range o.tree {
			t := o.tree[g]
			for i := 1; i <= n; i++ {
				if j := i + i&-i; j <= n {
					t[j-1] += t[i-1]
				}
			}
		}
	}
	o.source, o.seq = s.Source, s.Seq
}

func (o *rowOrder) reset() {
	o.group = o.group[:0]
	for g := range o.tree {
		o.tree[g] = o.tree[g][:0]
	}
	o.count = [3]int{}
	o.maxWorker, o.progress = 0, false
}

// push adds the next task, in state st.
func (o *rowOrder) push(st demos.State) {
	g := rowGroup(st)
	o.group = append(o.group, uint8(g))
	i := len(o.group) // 1-based
	low := i & -i
	for k := range o.tree {
		// node i sums ids (i-low, i]: the ones before it from the tree,
		// and itself
		v := o.prefix(k, i-1) - o.prefix(k, i-low)
		if k == g {
			v++
		}
		o.tree[k] = append(o.tree[k], int32(v))
	}
	o.count[g]++
}

// prefix is how many of the first n task ids are in group g.
func (o *rowOrder) prefix(g, n int) int {
	s := 0
	for ; n > 0; n &= n - 1 {
		s += int(o.tree[g][n-1])
	}
	return s
}

// add counts task i into (d = 1) or out of (d = -1) group g.
func (o *rowOrder) add(g, i, d int) {
	o.count[g] += d
	t := o.tree[g]
	for j := i + 1; j <= len(t); j += j & -j {
		t[j-1] += int32(d)
	}
}

// at is the task shown on row r.
func (o *rowOrder) at(r int) int {
	for g := range o.tree {
		if r < o.count[g] {
			return o.kth(g, r)
		}
		r -= o.count[g]
	}
	return -1
}

// kth is the task id of the k-th task (from 0) of group g, in id order.
func (o *rowOrder) kth(g, k int) int {
	t := o.tree[g]
	pos := 0
	for step := 1 << (bits.Len(uint(len(t))) - 1); step > 0; step >>= 1 {
		if next := pos + step; next <= len(t) && int(t[next-1]) <= k {
			pos = next
			k -= int(t[next-1])
		}
	}
	return pos
}
