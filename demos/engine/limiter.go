package engine

import "sync"

// Limiter lets at most the run's live worker target hold a slot at once, like
// a semaphore whose size follows the worker slider while the run goes:
// raising the target lets queued tasks in at once; lowering it lets no new
// ones in until enough holders have left. Waiters are served first come,
// first served. errgroup.SetLimit and semaphore.Weighted cannot be resized
// while in use, hence this type.
type Limiter struct {
	r     *Run
	mu    sync.Mutex
	inUse int
	queue []*slotWaiter // FIFO from head
	head  int
	done  chan struct{}
	quit  chan struct{}
}

type slotWaiter struct {
	ch      chan struct{}
	granted bool
	gone    bool
}

// NewLimiter returns a Limiter that follows r.Workers(). Close it before the
// demo returns.
func NewLimiter(r *Run) *Limiter {
	l := &Limiter{r: r, done: make(chan struct{}), quit: make(chan struct{})}
	go l.follow()
	return l
}

// follow grants queued slots whenever the target rises.
func (l *Limiter) follow() {
	defer close(l.done)
	for {
		// Take the change channel before reading the target in grant, so a
		// change that lands in between is not missed.
		changed := l.r.WorkersChanged()
		l.mu.Lock()
		l.grant()
		l.mu.Unlock()
		select {
		case <-changed:
		case <-l.quit:
			return
		case <-l.r.ctx.Done():
			return
		}
	}
}

// Close stops following the target and waits for that to end.
func (l *Limiter) Close() {
	select {
	case <-l.quit:
	default:
		close(l.quit)
	}
	<-l.done
}

// Acquire waits for a slot; it fails only when the run is stopped.
func (l *Limiter) Acquire() error {
	if err := l.r.ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	if l.head == len(l.queue) && l.inUse < l.r.Workers() {
		l.inUse++
		l.mu.Unlock()
		return nil
	}
	w := &slotWaiter{ch: make(chan struct{})}
	l.queue = append(l.queue, w)
	l.mu.Unlock()
	select {
	case <-w.ch:
		return nil
	case <-l.r.ctx.Done():
		l.mu.Lock()
		w.gone = true
		granted := w.granted
		l.mu.Unlock()
		if granted {
			l.Release()
		}
		return l.r.ctx.Err()
	}
}

// Release gives a slot back.
func (l *Limiter) Release() {
	l.mu.Lock()
	l.inUse--
	l.grant()
	l.mu.Unlock()
}

// InUse is the number of slots held now.
func (l *Limiter) InUse() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.inUse
}

// grant hands free slots to queued waiters; l.mu is held.
func (l *Limiter) grant() {
	limit := l.r.Workers()
	for l.inUse < limit && l.head < len(l.queue) {
		w := l.queue[l.head]
		l.queue[l.head] = nil
		l.head++
		if w.gone {
			continue
		}
		w.granted = true
		l.inUse++
		close(w.ch)
	}
	if l.head == len(l.queue) {
		l.queue, l.head = l.queue[:0], 0
	}
}
