package ui

import (
	"image"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

const (
	// minAxis is the shortest time axis while a run goes, so that its first
	// moments are not stretched across the whole width.
	minAxis = 500 * time.Millisecond
	// maxRows is how many lanes at most are drawn as labelled rows with gaps;
	// more lanes are drawn as thin rows, and past one per pixel row as bands.
	maxRows = 64
)

// Timeline draws a run as one lane per worker, the lane made of segments in
// the colour and pattern of the task's state (running solid, waiting hatched,
// sleeping dotted and thinner; where a task ends, a short mark in the done
// colour, an X after a failure, a square after a cancellation; between
// tasks the lane is empty: the worker is idle), under a time axis in seconds. The axis
// spans the run so far, at least half a second, so the picture grows while
// the run goes and fits the whole run when it ends. With more lanes than fit
// as rows, each pixel row sums up a band of workers by their most common
// state, and a caption says so.
type Timeline struct {
	widget.BaseWidget

	tasks []tlTask
	now   time.Duration
	axis  time.Duration

	laneOf     []int32        // worker id -> lane
	laneWorker []int          // lane -> worker id
	names      map[int]string // worker id -> lane name, for demos that name lanes ("parse0")

	geom tlGeom // set by the renderer's layout, read by the raster generator

	// drawing scratch, reused frame after frame
	markW     int // the width of a task's end mark, in pixels
	img       *image.NRGBA
	order     []int32  // task indices grouped by lane, in id order within a lane
	laneStart []int32  // lane l's tasks are order[laneStart[l]:laneStart[l+1]]
	next      []int32  // where groupByLane puts each lane's next task
	diff      []int32  // per kind, per column: +1 where a stretch starts, -1 after it ends
	kinds     []uint8  // per column: the state drawn there, or noKind
	touched   []uint64 // bit set of the columns where diff is not zero
}

// tlTask is what the timeline keeps of a task; the spans slice is shared with
// the Model, which only ever appends to it.
type tlTask struct {
	worker     int
	state      demos.State
	start, end time.Duration
	spans      []demos.Span
}

// tlGeom is the geometry of the drawing, in Fyne units.
type tlGeom struct {
	size     fyne.Size // of the raster
	lanesH   float32   // height of the lanes inside the raster (an axis strip follows)
	tickLen  float32
	rows     bool // lanes are labelled rows with gaps between them
	bands    int  // in dense mode: rows of the drawing, each a band of lanes
	ticks    []float64
	textSize float32
	fg       pix
}

const noKind = 255

// NewTimeline returns an empty timeline; feed it with Update.
func NewTimeline() *Timeline {
	t := &Timeline{axis: minAxis}
	t.ExtendBaseWidget(t)
	return t
}

// Update shows snapshot s. It keeps what it needs of s (the span slices,
// which the Model never rewrites), so the caller may reuse s. Call it on the
// Fyne UI goroutine.
func (t *Timeline) Update(s *demos.Snapshot) {
	t.tasks = t.tasks[:0]
	maxW := -1
	for i := range s.Tasks {
		ti := &s.Tasks[i]
		w := max(0, ti.Worker)
		maxW = max(maxW, w)
		t.tasks = append(t.tasks, tlTask{worker: w, state: ti.State, start: ti.Start, end: ti.End, spans: ti.Spans})
	}
	t.now = s.Elapsed
	t.axis = max(s.Elapsed, minAxis)
	if s.Ended {
		t.axis = max(s.Elapsed, time.Millisecond) // fit the finished run
	}
	t.assignLanes(maxW)
	clear(t.names)
	for w, n := range s.Lanes {
		if t.names == nil {
			t.names = map[int]string{}
		}
		t.names[w] = n
	}
	t.Refresh()
}

// laneLabel is what lane l is called beside its row.
func (t *Timeline) laneLabel(l int) string { return laneName(t.names, t.laneWorker[l]) }

// laneName is what worker w's lane is called: the demo's name for it
// ("parse0"), else "w" and the number.
func laneName(names map[int]string, w int) string {
	if n, ok := names[w]; ok {
		return n
	}
	return "w" + strconv.Itoa(w)
}

// assignLanes gives each distinct worker a lane, in worker order.
func (t *Timeline) assignLanes(maxW int) {
	t.laneWorker = t.laneWorker[:0]
	if maxW > 4*len(t.tasks)+4096 { // sparse ids: sort them rather than index by them
		ids := make([]int, 0, len(t.tasks))
		for i := range t.tasks {
			ids = append(ids, t.tasks[i].worker)
		}
		slices.Sort(ids)
		t.laneWorker = slices.Compact(ids)
		t.laneOf = nil
		return
	}
	if cap(t.laneOf) < maxW+1 {
		t.laneOf = make([]int32, maxW+1)
	}
	t.laneOf = t.laneOf[:maxW+1]
	for i := range t.laneOf {
		t.laneOf[i] = -1
	}
	for i := range t.tasks {
		t.laneOf[t.tasks[i].worker] = 0
	}
	for w, l := range t.laneOf {
		if l == 0 {
			t.laneOf[w] = int32(len(t.laneWorker))
			t.laneWorker = append(t.laneWorker, w)
		}
	}
}

// lane returns the lane of a worker.
func (t *Timeline) lane(w int) int {
	if t.laneOf != nil {
		return int(t.laneOf[w])
	}
	l, _ := slices.BinarySearch(t.laneWorker, w)
	return l
}

// Lanes is the number of lanes: the distinct workers of the last snapshot.
func (t *Timeline) Lanes() int { return len(t.laneWorker) }

// CreateRenderer is part of fyne.Widget.
func (t *Timeline) CreateRenderer() fyne.WidgetRenderer {
	r := &timelineRenderer{t: t, header: canvas.NewText("", nil)}
	r.raster = canvas.NewRaster(t.draw)
	r.Refresh()
	return r
}

type timelineRenderer struct {
	t       *Timeline
	raster  *canvas.Raster
	header  *canvas.Text
	labels  textPool // lane labels
	ticks   textPool // tick labels
	objects []fyne.CanvasObject
}

func (r *timelineRenderer) Destroy() {}

func (r *timelineRenderer) Objects() []fyne.CanvasObject {
	if r.objects == nil || r.labels.grew || r.ticks.grew {
		r.labels.grew, r.ticks.grew = false, false
		r.objects = r.objects[:0]
		r.objects = append(r.objects, r.raster, r.header)
		for _, l := range r.labels.texts {
			r.objects = append(r.objects, l)
		}
		for _, l := range r.ticks.texts {
			r.objects = append(r.objects, l)
		}
	}
	return r.objects
}

func (r *timelineRenderer) MinSize() fyne.Size {
	ts := theme.SizeForWidget(theme.SizeNameText, r.t)
	h := fyne.MeasureText("w0", ts, fyne.TextStyle{}).Height
	return fyne.NewSize(ts*14, h*4+ts*0.4)
}

func (r *timelineRenderer) Refresh() {
	r.Layout(r.t.Size())
	r.raster.Refresh()
}

func (r *timelineRenderer) Layout(size fyne.Size) {
	t := r.t
	ts := theme.SizeForWidget(theme.SizeNameText, t)
	cs := theme.SizeForWidget(theme.SizeNameCaptionText, t)
	pad := theme.SizeForWidget(theme.SizeNamePadding, t)
	fgc := theme.ColorForWidget(theme.ColorNameForeground, t)
	style := fyne.TextStyle{}
	textH := fyne.MeasureText("w0", ts, style).Height
	lanes := len(t.laneWorker)

	labelW := pad
	if lanes > 0 {
		widest := t.laneLabel(lanes - 1) // numbered lanes: the last is the widest
		if len(t.names) > 0 {
			for l := range lanes {
				if n := t.laneLabel(l); len(n) > len(widest) {
					widest = n
				}
			}
		}
		labelW = fyne.MeasureText(widest, ts, style).Width + 2*pad
	}
	tickLen := ts * 0.4
	axisH := tickLen + textH
	rightPad := fyne.MeasureText("10.5 s", ts, style).Width / 2

	g := &t.geom
	g.textSize, g.fg, g.tickLen = ts, toPix(fgc), tickLen

	// Rows with gaps and a label each while they fit; else thin rows or bands
	// of lanes, with a caption saying so.
	headerH := float32(0)
	avail := size.Height - axisH
	g.rows = lanes > 0 && lanes <= maxRows && avail/float32(lanes) >= 3
	caption := ""
	switch {
	case lanes == 0:
		caption = "no tasks yet"
	case !g.rows:
		headerH = fyne.MeasureText("w", cs, style).Height
		avail -= headerH
		g.bands = max(1, min(lanes, int(avail)))
		if g.bands < lanes {
			g.bands = max(1, g.bands/2) // bands of lanes two units tall, so patterns show
		}
		if g.bands == lanes {
			caption = digits3(lanes) + " workers, one thin row each"
		} else {
			// the longest wording that fits: a caption is never cut
			per := digits3((lanes + g.bands - 1) / g.bands)
			for _, c := range []string{
				digits3(lanes) + " workers: each row sums up about " + per + " of them (most common state)",
				digits3(lanes) + " workers: a row sums up about " + per + " (most common state)",
				digits3(lanes) + " workers, about " + per + " a row",
			} {
				caption = c
				if fyne.MeasureText(c, cs, style).Width <= size.Width-labelW {
					break
				}
			}
		}
	}
	pitch := float32(0)
	switch {
	case g.rows:
		pitch = min(ts*2.6, avail/float32(lanes))
		g.lanesH = pitch * float32(lanes)
	case lanes > 0:
		g.lanesH = max(1, avail)
		pitch = g.lanesH / float32(lanes)
	default:
		g.lanesH = max(1, min(avail, ts*2))
	}
	r.header.Text, r.header.TextSize, r.header.Color = caption, cs, fgc
	r.header.Move(fyne.NewPos(labelW, 0))
	r.header.Resize(r.header.MinSize())
	r.header.Refresh()

	plotW := max(1, size.Width-labelW-rightPad)
	g.size = fyne.NewSize(plotW, g.lanesH+tickLen)
	r.raster.Move(fyne.NewPos(labelW, headerH))
	r.raster.Resize(g.size)

	// Lane labels: every lane when rows are tall enough, else every k-th.
	r.labels.begin()
	if lanes > 0 {
		k := 1
		if need := textH * 1.2; pitch < need {
			k = int(math.Ceil(float64(need / pitch)))
		}
		last := float32(math.Inf(-1))
		for l := 0; l < lanes; l += k {
			y := headerH + (float32(l)+0.5)*pitch - textH/2
			if !g.rows {
				y = headerH + float32(l)*pitch // a band label sits at the band's top
			}
			y = min(y, headerH+g.lanesH-textH)
			if y < last+textH {
				break // the last label would overlap the one before it
			}
			last = y
			placeText(r.labels.add(t.laneLabel(l), ts, fgc, style), labelW-pad, y, 1)
		}
	}
	r.labels.end()

	// Time axis: round steps, as many as fit without overlapping labels.
	axis := t.axis.Seconds()
	r.ticks.begin()
	g.ticks = g.ticks[:0]
	// A label's width of space between labels keeps them legible from afar.
	n := int(plotW / (2 * fyne.MeasureText("88.8 s", ts, style).Width))
	step := niceStep(axis, max(2, n)) // at least one tick past 0 s
	for i := 0; ; i++ {
		v := float64(i) * step
		if v > axis*(1+1e-9) {
			break
		}
		g.ticks = append(g.ticks, v)
		lb := r.ticks.add(fmtSeconds(v, step), ts, fgc, style)
		align := float32(0.5)
		if i == 0 {
			align = 0
		}
		placeText(lb, labelW+float32(v/axis)*plotW, headerH+g.lanesH+tickLen, align)
	}
	r.ticks.end()
}

// draw is the raster generator: it paints lanes, grid and axis strip at w×h
// pixels from what Update kept.
func (t *Timeline) draw(w, h int) image.Image {
	t.img = reuseImage(t.img, w, h)
	g := &t.geom
	if w <= 0 || h <= 0 || g.size.Width <= 0 {
		return t.img
	}
	img := t.img
	scale := float32(w) / g.size.Width
	lanesPx := min(h, int(g.lanesH*scale+0.5))
	u := patternUnit(g.textSize, scale)
	line := max(1, int(scale+0.5))
	xm := xmap{perNs: float64(w) / float64(t.axis), w: w}
	xOf := xm.x
	lanes := len(t.laneWorker)

	// Zebra rows, then grid lines at the ticks, then the axis and its ticks.
	pitch := float32(0)
	if lanes > 0 {
		pitch = float32(lanesPx) / float32(lanes)
	}
	if g.rows {
		for l := 1; l < lanes; l += 2 {
			fillRect(img, image.Rect(0, int(float32(l)*pitch), w, int(float32(l+1)*pitch)), g.fg.fade(16))
		}
	}
	for _, v := range g.ticks {
		x := min(w-line, xOf(time.Duration(v*float64(time.Second))))
		fillRect(img, image.Rect(x, 0, x+1, lanesPx), g.fg.fade(60))
		fillRect(img, image.Rect(x, lanesPx, x+line, h), g.fg)
	}
	fillRect(img, image.Rect(0, lanesPx, w, lanesPx+line), g.fg)
	if lanes == 0 {
		return img
	}

	t.groupByLane(lanes)
	t.markW = max(2, u)
	stride := w + 1
	if need := int(demos.Cancelled+1) * stride; cap(t.diff) < need {
		t.diff = make([]int32, need)
	} else {
		t.diff = t.diff[:need]
	}
	t.touched = slices.Grow(t.touched[:0], w/64+1)[:w/64+1]
	clear(t.touched)
	if cap(t.kinds) < w {
		t.kinds = make([]uint8, w)
	}
	t.kinds = t.kinds[:w]

	bands := lanes
	if !g.rows {
		bands = min(lanes, max(1, g.bands), lanesPx)
	}
	for b := 0; b < bands; b++ {
		la, lb := b*lanes/bands, (b+1)*lanes/bands
		var y0, y1 int
		if g.rows {
			y0, y1 = int(float32(la)*pitch+0.5), int(float32(lb)*pitch+0.5)
			if gap := (y1 - y0) / 5; y1-y0 >= 4 {
				gap = max(1, gap)
				y0, y1 = y0+gap/2, y1-(gap-gap/2)
			}
		} else {
			y0, y1 = b*lanesPx/bands, (b+1)*lanesPx/bands
		}
		if y1 <= y0 {
			continue
		}
		var used uint8
		for l := la; l < lb; l++ {
			used |= t.accumulate(l, xm, stride)
		}
		t.resolve(used, stride)
		t.paintRuns(image.Rect(0, y0, w, y1), u)
		if g.rows && y1-y0 >= 6 {
			t.drawMarkers(la, image.Rect(0, y0, w, y1), xOf, u)
		}
	}
	return img
}

// xmap maps run time to a pixel column.
type xmap struct {
	perNs float64 // pixels per nanosecond
	w     int
}

func (m xmap) x(d time.Duration) int { return min(m.w, max(0, int(float64(d)*m.perNs+0.5))) }

// groupByLane sorts task indices by lane (a counting sort, stable: tasks stay
// in id order within a lane).
func (t *Timeline) groupByLane(lanes int) {
	t.laneStart = slices.Grow(t.laneStart[:0], lanes+1)[:lanes+1]
	clear(t.laneStart)
	for i := range t.tasks {
		t.laneStart[t.lane(t.tasks[i].worker)+1]++
	}
	for l := 1; l <= lanes; l++ {
		t.laneStart[l] += t.laneStart[l-1]
	}
	t.order = slices.Grow(t.order[:0], len(t.tasks))[:len(t.tasks)]
	t.next = append(t.next[:0], t.laneStart[:lanes]...)
	for i := range t.tasks {
		l := t.lane(t.tasks[i].worker)
		t.order[t.next[l]] = int32(i)
		t.next[l]++
	}
}

// accumulate adds lane l's stretches to the per-column counts and returns
// the kinds it used as a bit set. A span lasts until the next span, or the
// task's end, or now; where a task ends, its final state makes a mark
// t.markW columns wide, and the lane is empty until its next task starts:
// an idle or retired worker is not drawn as busy or done.
func (t *Timeline) accumulate(l int, xm xmap, stride int) (used uint8) {
	w := stride - 1
	add := func(k demos.State, x0, x1 int) {
		if x1 <= x0 {
			return
		}
		d := t.diff[int(k)*stride:]
		d[x0]++
		d[x1]--
		t.touched[x0/64] |= 1 << (x0 % 64)
		t.touched[x1/64] |= 1 << (x1 % 64)
		used |= 1 << k
	}
	nextStart := t.now
	ids := t.order[t.laneStart[l]:t.laneStart[l+1]]
	for j := len(ids) - 1; j >= 0; j-- {
		tk := &t.tasks[ids[j]]
		if tk.state == demos.Pending {
			continue
		}
		for i, sp := range tk.spans {
			if sp.State != demos.Running && sp.State != demos.Waiting && sp.State != demos.Sleeping {
				continue
			}
			end := t.now
			if i+1 < len(tk.spans) {
				end = tk.spans[i+1].At
			} else if tk.state.Ended() {
				end = tk.end
			}
			x0, x1 := xm.x(sp.At), xm.x(end)
			if x1 <= x0 && x0 < w {
				x1 = x0 + 1 // a stretch shorter than a pixel still shows
			}
			add(sp.State, x0, x1)
		}
		if tk.state.Ended() {
			// a short mark where the task ended; the lane stays empty (the
			// worker idle, or gone) until its next task starts
			x := min(xm.x(tk.end), w-t.markW)
			add(tk.state, max(0, x), min(w, max(0, x)+t.markW, max(xm.x(nextStart), x+1)))
		}
		nextStart = tk.start
	}
	return used
}

// resolvePriority breaks ties between kinds in a column, most telling first.
var resolvePriority = [...]demos.State{demos.Waiting, demos.Running, demos.Sleeping, demos.Failed, demos.Cancelled, demos.Done}

// resolve turns the counts into the kind drawn in each column (the most
// common one, ties going to the more telling kind) and clears the counts for
// the next band. It visits only the columns where a count changes, found in
// the bit set of touched columns, so a band costs its number of changes
// rather than its width times the kinds.
func (t *Timeline) resolve(used uint8, stride int) {
	var ks [len(resolvePriority)]demos.State
	n := 0
	for _, k := range resolvePriority {
		if used&(1<<k) != 0 {
			ks[n] = k
			n++
		}
	}
	w := len(t.kinds)
	var cnt [8]int32
	best, prev := uint8(noKind), 0
	for i, word := range t.touched {
		for word != 0 {
			x := i*64 + bits.TrailingZeros64(word)
			word &= word - 1
			fillKinds(t.kinds[prev:min(x, w)], best)
			prev = min(x, w)
			best = noKind
			bestC := int32(0)
			for _, k := range ks[:n] {
				j := int(k)*stride + x
				cnt[k] += t.diff[j]
				t.diff[j] = 0
				if cnt[k] > bestC {
					best, bestC = uint8(k), cnt[k]
				}
			}
		}
		t.touched[i] = 0
	}
	fillKinds(t.kinds[prev:], best)
}

func fillKinds(ks []uint8, k uint8) {
	for i := range ks {
		ks[i] = k
	}
}

// paintRuns paints each run of equal columns of r in its kind's style.
func (t *Timeline) paintRuns(r image.Rectangle, u int) {
	for x0 := 0; x0 < len(t.kinds); {
		k := t.kinds[x0]
		x1 := x0 + 1
		for x1 < len(t.kinds) && t.kinds[x1] == k {
			x1++
		}
		if k != noKind {
			s := demos.State(k)
			st := barStyle(s)
			if s.Ended() {
				st = styleSolid // an end mark (failures and cancels get their tile on top)
			}
			paintStyle(t.img, image.Rect(x0, r.Min.Y, x1, r.Max.Y), st, statePix[s], u)
		}
		x0 = x1
	}
}

// drawMarkers cuts a notch where each of lane l's tasks starts, so that a
// worker's tasks one after the other read as separate (while notches stay at
// least a few pixels apart), and marks where its tasks failed (an X) or were
// cancelled (a square), in the same tile as the legend's.
func (t *Timeline) drawMarkers(l int, r image.Rectangle, xOf func(time.Duration) int, u int) {
	ids := t.order[t.laneStart[l]:t.laneStart[l+1]]
	notch := max(1, u/2)
	prev := math.MinInt
	for _, i := range ids {
		tk := &t.tasks[i]
		if tk.state == demos.Pending || len(tk.spans) == 0 {
			continue
		}
		x := xOf(tk.start)
		if x > 0 && x-prev >= 4*u && x < r.Max.X {
			fillRect(t.img, image.Rect(x, r.Min.Y, x+notch, r.Max.Y), pix{})
			prev = x
		}
	}
	s := r.Dy()
	last := math.MinInt
	for _, i := range ids {
		tk := &t.tasks[i]
		if tk.state != demos.Failed && tk.state != demos.Cancelled {
			continue
		}
		x := min(max(0, xOf(tk.end)-s/2), r.Max.X-s)
		if x < last+s && x > last-s {
			continue // markers never pile up: one per tile's width is all the eye can read
		}
		last = x
		paintStyle(t.img, image.Rect(x, r.Min.Y, x+s, r.Max.Y), barStyle(tk.state), statePix[tk.state], u)
	}
}
