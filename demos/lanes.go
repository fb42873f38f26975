package demos

import (
	"container/heap"
	"sync"
)

// laneSet hands out the lowest free lane (timeline row) to each task that
// starts, and takes it back when the task ends, so that a demo whose tasks
// are not tied to a worker goroutine still draws one row per slot in use.
type laneSet struct {
	mu   sync.Mutex
	free intHeap
	next int
}

// get takes the lowest free lane.
func (s *laneSet) get() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.free) > 0 {
		return heap.Pop(&s.free).(int)
	}
	s.next++
	return s.next - 1
}

// put gives lane back.
func (s *laneSet) put(lane int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	heap.Push(&s.free, lane)
}

type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
