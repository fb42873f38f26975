package ui

import (
	"image"
	"math"
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

	now  time.Duration
	axis time.Duration

	laneOf     []int32        // worker id -> lane (-1: none), while ids are dense
	laneMap    map[int]int32  // worker id -> lane, when they are not
	laneWorker []int          // lane -> worker id, in worker order
	names      map[int]string // worker id -> lane name, for demos that name lanes ("parse0")

	// What has been folded into grid: of which run and snapshot, and how
	// many spans of each task.
	grid   tlGrid
	source uint64
	seq    uint64
	seen   []int32
	snap   *demos.Snapshot // the last one shown, to fold again after a resize
	avail  float32         // height for lanes at the last layout, in Fyne units
	drawn  time.Time       // when Update last asked for a drawing
	rows   bool            // lanes are labelled rows (else bands of perBand lanes)

	geom tlGeom // set by the renderer's layout, read by the raster generator

	// drawing scratch, reused frame after frame
	markW int // the width of a task's end mark, in pixels
	img   *image.NRGBA
	kinds []uint8      // per column: the state drawn there, or noKind
	sums  [][8]float32 // per column: the band's time per state, tasks started and ended
}

// tlGeom is the geometry of the drawing, in Fyne units.
type tlGeom struct {
	size     fyne.Size // of the raster
	lanesH   float32   // height of the lanes inside the raster (an axis strip follows)
	tickLen  float32
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

// Update shows snapshot s. It keeps what it needs of s and folds only what
// changed since the snapshot it was last given (s.Changed), so the caller
// may reuse s and a frame costs the run's changes, not its history. Call it
// on the Fyne UI goroutine.
func (t *Timeline) Update(s *demos.Snapshot) {
	t.now = s.Elapsed
	t.axis = max(s.Elapsed, minAxis)
	if s.Ended {
		t.axis = max(s.Elapsed, time.Millisecond) // fit the finished run
	}
	clear(t.names)
	for w, n := range s.Lanes {
		if t.names == nil {
			t.names = map[int]string{}
		}
		t.names[w] = n
	}
	t.snap = s
	lanes := len(t.laneWorker)
	same := s.Source != 0 && s.Source == t.source && len(s.Tasks) >= len(t.seen)
	redraw := s.Ended || time.Since(t.drawn) >= redrawEvery
	switch {
	case same && s.Seq == t.seq:
		// nothing new in the tasks; time moves on
	case same && s.Prev == t.seq && t.foldChanges(s):
	default:
		t.rebuild(s)
		redraw = true
	}
	t.grid.fit(max(t.now, t.axis))
	t.grid.advance(t.now)
	t.grid.flush()
	if redraw || lanes != len(t.laneWorker) {
		t.drawn = time.Now()
		t.Refresh()
	}
}

// redrawEvery is how often a running timeline is drawn again: its picture
// moves by a pixel in tens of milliseconds, and drawing it at 60 frames a
// second would take time from the run it shows.
const redrawEvery = 50 * time.Millisecond

// foldChanges folds the tasks that changed; it reports false when it cannot
// and the history must be folded again from the start (a lane appeared
// between others, or the lanes no longer fit the bands).
func (t *Timeline) foldChanges(s *demos.Snapshot) bool {
	for _, i := range s.Changed {
		if !t.addLane(s.Tasks[i].Worker) {
			return false
		}
	}
	if rows, per := t.plan(); rows != t.rows || per != t.grid.perBand {
		return false
	}
	t.grid.fit(max(s.Elapsed, minAxis))
	for len(t.seen) < len(s.Tasks) {
		t.seen = append(t.seen, 0)
	}
	for _, i := range s.Changed {
		ti := &s.Tasks[i]
		t.seen[i] = int32(t.grid.fold(t.lane(max(0, ti.Worker))/t.grid.perBand, ti, int(t.seen[i])))
	}
	t.seq = s.Seq
	return true
}

// rebuild folds s's whole history.
func (t *Timeline) rebuild(s *demos.Snapshot) {
	t.source, t.seq = s.Source, s.Seq
	t.assignLanes(s)
	var per int
	t.rows, per = t.plan()
	t.grid.reset(per, max(s.Elapsed, minAxis))
	t.grid.committed = s.Elapsed
	t.seen = slices.Grow(t.seen[:0], len(s.Tasks))[:len(s.Tasks)]
	for i := range s.Tasks {
		ti := &s.Tasks[i]
		t.seen[i] = int32(t.grid.fold(t.lane(max(0, ti.Worker))/per, ti, 0))
	}
}

// plan says how the lanes are drawn at the last layout's height: as
// labelled rows while they fit, else as bands of lanes, each band a pixel
// row or two. Bands hold a power of two of lanes, so that a run whose
// lanes grow in number seldom needs to be folded again.
func (t *Timeline) plan() (rows bool, perBand int) {
	lanes := len(t.laneWorker)
	if lanes > 0 && lanes <= maxRows && t.avail/float32(lanes) >= 3 {
		return true, 1
	}
	if lanes <= int(t.avail) && lanes <= maxBands {
		return false, 1 // a thin row each
	}
	maxBands := max(1, min(maxBands, int(t.avail)/2))
	per := 1
	for per*maxBands < lanes {
		per *= 2
	}
	return false, per
}

// maxBands bounds the bands of the dense drawing: each costs the drawing
// its buckets, and a band under two pixels tall hides its pattern.
const maxBands = 128

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

// assignLanes gives each distinct worker of s a lane, in worker order.
func (t *Timeline) assignLanes(s *demos.Snapshot) {
	t.laneWorker = t.laneWorker[:0]
	t.laneMap = nil
	maxW := -1
	for i := range s.Tasks {
		maxW = max(maxW, s.Tasks[i].Worker)
	}
	if maxW > 4*len(s.Tasks)+4096 { // sparse ids: sort them rather than index by them
		ids := make([]int, 0, len(s.Tasks))
		for i := range s.Tasks {
			ids = append(ids, max(0, s.Tasks[i].Worker))
		}
		slices.Sort(ids)
		t.laneWorker = slices.Compact(ids)
		t.laneOf = nil
		t.laneMap = make(map[int]int32, len(t.laneWorker))
		for l, w := range t.laneWorker {
			t.laneMap[w] = int32(l)
		}
		return
	}
	t.laneOf = slices.Grow(t.laneOf[:0], maxW+1)[:maxW+1]
	for i := range t.laneOf {
		t.laneOf[i] = -1
	}
	for i := range s.Tasks {
		t.laneOf[max(0, s.Tasks[i].Worker)] = 0
	}
	for w, l := range t.laneOf {
		if l == 0 {
			t.laneOf[w] = int32(len(t.laneWorker))
			t.laneWorker = append(t.laneWorker, w)
		}
	}
}

// addLane gives worker w a lane if it has none; it reports false when the
// lane would go between others (the lanes must then be assigned again).
func (t *Timeline) addLane(w int) bool {
	w = max(0, w)
	if t.laneMap != nil {
		if _, ok := t.laneMap[w]; ok {
			return true
		}
	} else if w < len(t.laneOf) && t.laneOf[w] >= 0 {
		return true
	}
	if n := len(t.laneWorker); n > 0 && t.laneWorker[n-1] > w {
		return false
	}
	l := int32(len(t.laneWorker))
	t.laneWorker = append(t.laneWorker, w)
	if t.laneMap != nil {
		t.laneMap[w] = l
		return true
	}
	for len(t.laneOf) <= w {
		t.laneOf = append(t.laneOf, -1)
	}
	t.laneOf[w] = l
	return true
}

// lane returns the lane of a worker.
func (t *Timeline) lane(w int) int {
	if t.laneMap != nil {
		return int(t.laneMap[w])
	}
	return int(t.laneOf[w])
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
	rows := lanes > 0 && lanes <= maxRows && avail/float32(lanes) >= 3
	if !rows {
		avail -= fyne.MeasureText("w", cs, style).Height
	}
	if avail != t.avail {
		t.avail = avail
		if r, per := t.plan(); (r != t.rows || per != t.grid.perBand) && t.snap != nil {
			t.rebuild(t.snap) // the bands changed with the height
			t.grid.fit(max(t.now, t.axis))
			t.grid.advance(t.now)
			t.grid.flush()
		}
	}
	// a rebuild reads the snapshot again, which may have fewer lanes now
	// (the board was cleared for the next run)
	lanes = len(t.laneWorker)
	caption := ""
	switch {
	case lanes == 0:
		caption = "no tasks yet"
	case !t.rows:
		headerH = fyne.MeasureText("w", cs, style).Height
		if t.grid.perBand == 1 {
			caption = digits3(lanes) + " workers, one thin row each"
		} else {
			// the longest wording that fits: a caption is never cut
			per := digits3(t.grid.perBand)
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
	case t.rows:
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
			if !t.rows {
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
// pixels from the grid of the history, in time proportional to the pixels.
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
	xOf := func(d time.Duration) int { return min(w, max(0, int(float64(d)*float64(w)/float64(t.axis)+0.5))) }
	lanes := len(t.laneWorker)

	// Zebra rows, then grid lines at the ticks, then the axis and its ticks.
	pitch := float32(0)
	if lanes > 0 {
		pitch = float32(lanesPx) / float32(lanes)
	}
	if t.rows {
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

	t.markW = max(2, u)
	if cap(t.kinds) < w {
		t.kinds = make([]uint8, w)
		t.sums = make([][8]float32, w)
	}
	t.kinds, t.sums = t.kinds[:w], t.sums[:w]
	per := t.grid.perBand
	bands := (lanes + per - 1) / per
	for b := 0; b < bands; b++ {
		la, lb := b*per, min(lanes, (b+1)*per)
		var y0, y1 int
		if t.rows {
			y0, y1 = int(float32(la)*pitch+0.5), int(float32(lb)*pitch+0.5)
			if gap := (y1 - y0) / 5; y1-y0 >= 4 {
				gap = max(1, gap)
				y0, y1 = y0+gap/2, y1-(gap-gap/2)
			}
		} else {
			y0, y1 = b*lanesPx/bands, (b+1)*lanesPx/bands
		}
		if y1 <= y0 || b >= t.grid.bands() {
			continue
		}
		t.columns(b, w)
		t.paintRuns(image.Rect(0, y0, w, y1), u)
		if t.rows && y1-y0 >= 6 {
			t.drawMarkers(image.Rect(0, y0, w, y1), u)
		}
	}
	return img
}

// resolvePriority breaks ties between kinds in a column, most telling first.
var resolvePriority = [...]demos.State{demos.Waiting, demos.Running, demos.Sleeping, demos.Failed, demos.Cancelled, demos.Done}

// columns sums band b's buckets into w pixel columns and picks the state
// each column shows: the one its lanes spent the most time in, a task's
// end counting as its lane's whole column for t.markW columns (so a worker
// that ends one task and starts the next shows the start), ties going to
// the more telling state. A column where no lane did anything stays empty:
// an idle or retired worker is not drawn as busy or done.
func (t *Timeline) columns(b, w int) {
	gr := &t.grid
	row := gr.cells[b*tlBuckets*tlSlots : (b+1)*tlBuckets*tlSlots]
	var slots [tlSlots]int
	n := 0
	for k := range tlSlots {
		if gr.used[b]&(1<<k) != 0 {
			slots[n] = k
			n++
		}
	}
	colNs := float64(t.axis) / float64(w)
	perBucket := colNs / float64(gr.bw)
	for x := range w {
		lo := min(tlBuckets-1, int(float64(x)*perBucket))
		hi := min(tlBuckets, int(float64(x+1)*perBucket))
		if hi <= lo {
			hi = lo + 1 // a column narrower than a bucket shows the bucket it is in
		}
		if x == w-1 {
			hi = tlBuckets // what ends as the axis does
		}
		sum := &t.sums[x]
		*sum = [8]float32{}
		for j := lo; j < hi; j++ {
			c := (*[tlSlots]float32)(row[j*tlSlots:])
			for _, k := range slots[:n] {
				sum[k] += c[k]
			}
		}
	}
	// end marks: a task's end counts for its lane in t.markW columns, the
	// last ones (the run's end) included
	for x := max(1, w-t.markW+1); x < w && w > t.markW; x++ {
		for _, k := range [...]demos.State{demos.Done, demos.Failed, demos.Cancelled} {
			t.sums[w-t.markW][k] += t.sums[x][k]
			t.sums[x][k] = 0
		}
	}
	var marks [8]float32
	for x := range w {
		for _, k := range [...]demos.State{demos.Done, demos.Failed, demos.Cancelled} {
			marks[k] += t.sums[x][k]
			if x >= t.markW {
				marks[k] -= t.sums[x-t.markW][k]
			}
		}
		sum := &t.sums[x]
		best, bestV := uint8(noKind), float32(colNs*1e-3) // below: rounding, nothing to draw
		for _, k := range resolvePriority {
			if gr.used[b]&(1<<k) == 0 {
				continue
			}
			v := sum[k]
			if k.Ended() {
				v = marks[k] * float32(colNs)
			}
			if v > bestV {
				best, bestV = uint8(k), v
			}
		}
		t.kinds[x] = best
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

// drawMarkers cuts a notch where a lane's task starts, so that a worker's
// tasks one after the other read as separate (while notches stay at least a
// few pixels apart), and marks where its tasks failed (an X) or were
// cancelled (a square), in the same tile as the legend's. It reads the
// columns' sums of the band just drawn.
func (t *Timeline) drawMarkers(r image.Rectangle, u int) {
	notch := max(1, u/2)
	prev := math.MinInt
	for x := 1; x < len(t.sums) && x < r.Max.X; x++ {
		if t.sums[x][slotStart] > 0.5 && x-prev >= 4*u {
			fillRect(t.img, image.Rect(x, r.Min.Y, x+notch, r.Max.Y), pix{})
			prev = x
		}
	}
	s := r.Dy()
	last := math.MinInt
	for x := range t.sums {
		for _, st := range [...]demos.State{demos.Failed, demos.Cancelled} {
			if t.sums[x][st] < 0.5 {
				continue
			}
			mx := min(max(0, x-s/2), r.Max.X-s)
			if mx < last+s && mx > last-s {
				continue // markers never pile up: one per tile's width is all the eye can read
			}
			last = mx
			paintStyle(t.img, image.Rect(mx, r.Min.Y, mx+s, r.Max.Y), barStyle(st), statePix[st], u)
		}
	}
}
