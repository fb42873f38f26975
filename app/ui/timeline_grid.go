package ui

import (
	"slices"
	"time"

	"concurrencylab/demos"
)

// tlGrid is a run's history summed up as it arrives, so that drawing the
// timeline costs the same after 100,000 tasks as after 100: for each band
// of lanes and each bucket of time, how long its lanes spent running,
// waiting and sleeping, how many tasks started and how many ended each way.
// A stretch is added once, when it ends; a stretch still going is counted
// per band (open), and each frame adds the time since the last frame for
// the stretches open in every band. When the run outgrows the buckets, they
// are merged in pairs and each covers twice the time.
type tlGrid struct {
	bw      time.Duration // the time a bucket covers
	perBand int           // lanes per band
	cells   []float32     // [band][bucket][slot]: ns in a stretch kind, or a count
	// diff holds long stretches until flush adds them to cells: +n·bw
	// from the first whole bucket they cover, -n·bw after the last, so a
	// stretch of a thousand buckets costs two additions, not a thousand.
	diff      []float32
	dirty     []bool // per band: diff holds something
	open      [][tlSlots]int32
	used      []uint8       // per band: slots with something in them (bit set)
	committed time.Duration // open stretches are counted up to here
}

const (
	tlBuckets = 1024 // buckets of time: at least one per pixel column at usual widths
	tlSlots   = 8    // per bucket: slotStarts, then one per state (demos.State values)
	slotStart = 0    // tasks that started in the bucket
	minBucket = time.Microsecond
)

// stretchKind reports whether a span in state s is drawn as a stretch of
// time (the others end a task, and are drawn as a mark).
func stretchKind(s demos.State) bool {
	return s == demos.Running || s == demos.Waiting || s == demos.Sleeping
}

// reset empties the grid for bands of perBand lanes, with buckets wide
// enough for span.
func (g *tlGrid) reset(perBand int, span time.Duration) {
	g.perBand = max(1, perBand)
	g.bw = minBucket
	for g.bw*tlBuckets < span {
		g.bw *= 2
	}
	clear(g.cells)
	g.cells = g.cells[:0]
	clear(g.diff)
	g.diff = g.diff[:0]
	g.dirty = g.dirty[:0]
	g.open = g.open[:0]
	g.used = g.used[:0]
	g.committed = 0
}

// bands is how many bands hold something.
func (g *tlGrid) bands() int { return len(g.open) }

// band makes band b exist and returns it.
func (g *tlGrid) band(b int) int {
	for len(g.open) <= b {
		g.open = append(g.open, [tlSlots]int32{})
		g.used = append(g.used, 0)
		n := len(g.cells)
		g.cells = slices.Grow(g.cells, tlBuckets*tlSlots)[:n+tlBuckets*tlSlots]
		clear(g.cells[n:])
		g.diff = slices.Grow(g.diff, tlBuckets*tlSlots)[:n+tlBuckets*tlSlots]
		clear(g.diff[n:])
		g.dirty = append(g.dirty, false)
	}
	return b
}

// fit widens the buckets until they cover t.
func (g *tlGrid) fit(t time.Duration) {
	if g.bw*tlBuckets < t {
		g.flush()
	}
	for g.bw*tlBuckets < t {
		for b := range g.open {
			row := g.cells[b*tlBuckets*tlSlots : (b+1)*tlBuckets*tlSlots]
			for j := range tlBuckets / 2 {
				for k := range tlSlots {
					row[j*tlSlots+k] = row[2*j*tlSlots+k] + row[(2*j+1)*tlSlots+k]
				}
			}
			clear(row[tlBuckets/2*tlSlots:])
		}
		g.bw *= 2
	}
}

// add spreads n times the time from..to over band b's buckets of slot k;
// when to is before from, the time between is taken away instead.
func (g *tlGrid) add(b int, k demos.State, from, to time.Duration, n float32) {
	if to < from {
		from, to, n = to, from, -n
	}
	from = max(0, from)
	if to <= from || n == 0 {
		return
	}
	g.used[b] |= 1 << k
	row := g.cells[b*tlBuckets*tlSlots:]
	last := tlBuckets - 1
	j0, j1 := min(last, int(from/g.bw)), min(last, int(to/g.bw))
	if j1-j0 > 2 {
		// the partial buckets at both ends now, the whole ones between at
		// the next flush
		g.add(b, k, from, time.Duration(j0+1)*g.bw, n)
		g.add(b, k, time.Duration(j1)*g.bw, to, n)
		d := g.diff[b*tlBuckets*tlSlots:]
		d[(j0+1)*tlSlots+int(k)] += n * float32(g.bw)
		d[j1*tlSlots+int(k)] -= n * float32(g.bw)
		g.dirty[b] = true
		return
	}
	for j := j0; j <= last; j++ {
		lo, hi := time.Duration(j)*g.bw, time.Duration(j+1)*g.bw
		if j == last {
			hi = max(hi, to)
		}
		if lo >= to {
			break
		}
		row[j*tlSlots+int(k)] += n * float32(min(hi, to)-max(lo, from))
	}
}

// flush adds the long stretches held in diff to the cells.
func (g *tlGrid) flush() {
	for b, dirty := range g.dirty {
		if !dirty {
			continue
		}
		g.dirty[b] = false
		row := g.cells[b*tlBuckets*tlSlots : (b+1)*tlBuckets*tlSlots]
		d := g.diff[b*tlBuckets*tlSlots : (b+1)*tlBuckets*tlSlots]
		for _, k := range [...]int{int(demos.Running), int(demos.Waiting), int(demos.Sleeping)} {
			var run float32
			for j := range tlBuckets {
				run += d[j*tlSlots+k]
				d[j*tlSlots+k] = 0
				row[j*tlSlots+k] += run
			}
		}
	}
}

// count adds one to band b's slot k in the bucket of time at.
func (g *tlGrid) count(b int, k demos.State, at time.Duration) {
	g.used[b] |= 1 << k
	j := min(tlBuckets-1, max(0, int(at/g.bw)))
	g.cells[(b*tlBuckets+j)*tlSlots+int(k)]++
}

// advance counts the open stretches up to now.
func (g *tlGrid) advance(now time.Duration) {
	if now <= g.committed {
		return
	}
	for b := range g.open {
		for _, k := range [...]demos.State{demos.Running, demos.Waiting, demos.Sleeping} {
			if n := g.open[b][k]; n != 0 {
				g.add(b, k, g.committed, now, float32(n))
			}
		}
	}
	g.committed = now
}

// fold adds what is new in task ti's history since seen of its spans were
// folded, on band b, and returns how many are folded now.
func (g *tlGrid) fold(b int, ti *demos.TaskInfo, seen int) int {
	sp := ti.Spans
	if len(sp) <= seen {
		return seen
	}
	g.band(b)
	for j := seen; j < len(sp); j++ {
		at := sp[j].At
		if j == 0 {
			g.count(b, slotStart, at)
		} else if pk := sp[j-1].State; stretchKind(pk) {
			if j-1 < seen { // open until now, counted up to committed
				g.add(b, pk, g.committed, at, 1)
				g.open[b][pk]--
			} else {
				g.add(b, pk, sp[j-1].At, at, 1)
			}
		}
		switch k := sp[j].State; {
		case stretchKind(k) && j == len(sp)-1: // open: counted up to committed now, the rest as it goes
			g.add(b, k, at, g.committed, 1)
			g.open[b][k]++
		case k.Ended():
			g.count(b, k, at)
		}
	}
	return len(sp)
}
