package ui

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// Picture is a demo's own drawing, driven by the run's snapshots: the pool's
// queue and throughput, the pipeline's channels, the deadlock's wait-for
// graph, the cost of a worker per mode, the cpu demo's parallelism.
type Picture interface {
	fyne.CanvasObject
	// Update shows snapshot s; the caller may reuse s. Call it on the Fyne
	// UI goroutine.
	Update(s *demos.Snapshot)
}

// RunSetter is implemented by pictures that compare runs of several modes
// (spawn, cpu). The window calls SetRun with the mode and worker count of a
// run before its first snapshot; a picture that is not told guesses the mode
// from the run's figures where it can. Keep one picture per demo for the
// life of the window: it remembers the last figures of each mode.
type RunSetter interface {
	SetRun(mode string, workers int)
}

// NewPicture returns the picture of demo demoID, or nil when the demo has
// none.
func NewPicture(demoID string) Picture {
	switch demoID {
	case "pool":
		return newPoolPicture()
	case "pipeline":
		return newPipelinePicture()
	case "deadlock":
		return newDeadlockPicture()
	case "spawn":
		return newSpawnPicture()
	case "cpu":
		return newCPUPicture()
	}
	return nil
}

// --- pool: two charts ---

// poolPicture charts the pool's queue (with the worker count, in the same
// kind of unit: jobs and workers are both counts) beside its throughput.
type poolPicture struct {
	widget.BaseWidget
	queue, tput *Chart
}

func newPoolPicture() *poolPicture {
	p := &poolPicture{queue: NewChart("Queue", "queue", "workers"), tput: NewChart("Throughput", "throughput")}
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer is part of fyne.Widget.
func (p *poolPicture) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(pairLayout{}, p.queue, p.tput))
}

// pairLayout puts two charts side by side when each still gets its minimum
// width, else one above the other; it asks for no more than one chart.
type pairLayout struct{}

func (pairLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().Max(objs[1].MinSize())
}

func (pairLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	m := objs[0].MinSize().Max(objs[1].MinSize())
	if size.Width >= 2*m.Width+3*pad {
		w := (size.Width - 3*pad) / 2
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(w, size.Height))
		objs[1].Move(fyne.NewPos(w+3*pad, 0))
		objs[1].Resize(fyne.NewSize(w, size.Height))
		return
	}
	h := (size.Height - pad) / 2
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h+pad))
	objs[1].Resize(fyne.NewSize(size.Width, h))
}

// boardShare leaves the task board a third of the column: the pool's jobs
// are many and alike, its queue and throughput are the lesson.
func (p *poolPicture) boardShare() float32 { return 0.3 }

func (p *poolPicture) Update(s *demos.Snapshot) {
	p.queue.Update(s)
	p.tput.Update(s)
}

// --- sketch: a widget drawn as shapes in one raster plus reused texts ---

// sketch is the renderer of the pictures below. On every refresh it asks its
// picture to lay out: the picture places texts (drawn by reused canvas.Text
// objects) and shapes (painted into one raster), in Fyne units.
type sketch struct {
	w       fyne.Widget
	layout  func(k *sketch, size fyne.Size)
	minSize func(k *sketch) fyne.Size
	raster  *canvas.Raster
	texts   textPool
	shapes  []shape
	size    fyne.Size
	img     *image.NRGBA
	objects []fyne.CanvasObject

	// theme values, read before each layout
	ts, cs, pad float32
	fg          color.NRGBA
}

type shapeKind uint8

const (
	shapeFill shapeKind = iota // a rectangle in a style
	shapeBox                   // a rectangle's outline
	shapeLine                  // a line, maybe dashed, maybe with an arrowhead
)

type shape struct {
	kind   shapeKind
	x0, y0 float32
	x1, y1 float32
	st     style
	c      color.NRGBA
	width  float32 // of a line or an outline
	dash   bool
	arrow  bool
}

func newSketch(w fyne.Widget, layout func(*sketch, fyne.Size), minSize func(*sketch) fyne.Size) *sketch {
	k := &sketch{w: w, layout: layout, minSize: minSize}
	k.raster = canvas.NewRaster(k.draw)
	k.readTheme()
	return k
}

func (k *sketch) readTheme() {
	k.ts = theme.SizeForWidget(theme.SizeNameText, k.w)
	k.cs = theme.SizeForWidget(theme.SizeNameCaptionText, k.w)
	k.pad = theme.SizeForWidget(theme.SizeNamePadding, k.w)
	k.fg = color.NRGBAModel.Convert(theme.ColorForWidget(theme.ColorNameForeground, k.w)).(color.NRGBA)
}

func (k *sketch) Destroy() {}

func (k *sketch) Objects() []fyne.CanvasObject {
	if k.objects == nil || k.texts.grew {
		k.texts.grew = false
		k.objects = append(k.objects[:0], k.raster)
		for _, t := range k.texts.texts {
			k.objects = append(k.objects, t)
		}
	}
	return k.objects
}

func (k *sketch) MinSize() fyne.Size {
	k.readTheme()
	return k.minSize(k)
}

func (k *sketch) Layout(size fyne.Size) {
	k.readTheme()
	k.size = size
	k.shapes = k.shapes[:0]
	k.texts.begin()
	k.layout(k, size)
	k.texts.end()
	k.raster.Move(fyne.NewPos(0, 0))
	k.raster.Resize(size)
}

func (k *sketch) Refresh() {
	k.Layout(k.w.Size())
	k.raster.Refresh()
}

// text places s with its left edge (align 0), centre (0.5) or right edge (1)
// at x and its top at y, in the theme's text size times scale, and returns
// its size.
func (k *sketch) text(s string, x, y, align, scale float32, bold bool) fyne.Size {
	t := k.texts.add(s, k.ts*scale, k.fg, fyne.TextStyle{Bold: bold})
	placeText(t, x, y, align)
	return t.MinSize()
}

// measure is the size of s in the theme's text size times scale.
func (k *sketch) measure(s string, scale float32, bold bool) fyne.Size {
	return fyne.MeasureText(s, k.ts*scale, fyne.TextStyle{Bold: bold})
}

// mark places a state's mark (in the font that has them all).
func (k *sketch) mark(s demos.State, x, y float32) fyne.Size {
	t := k.texts.add(stateMark(s), k.ts*markScale, k.fg, markStyle)
	placeText(t, x, y, 0)
	return t.MinSize()
}

func (k *sketch) fill(x0, y0, x1, y1 float32, st style, c color.NRGBA) {
	k.shapes = append(k.shapes, shape{kind: shapeFill, x0: x0, y0: y0, x1: x1, y1: y1, st: st, c: c})
}

func (k *sketch) box(x0, y0, x1, y1, width float32, c color.NRGBA) {
	k.shapes = append(k.shapes, shape{kind: shapeBox, x0: x0, y0: y0, x1: x1, y1: y1, c: c, width: width})
}

func (k *sketch) line(x0, y0, x1, y1, width float32, c color.NRGBA, dash, arrow bool) {
	k.shapes = append(k.shapes, shape{kind: shapeLine, x0: x0, y0: y0, x1: x1, y1: y1, c: c, width: width, dash: dash, arrow: arrow})
}

// draw is the raster generator: the shapes at w×h pixels.
func (k *sketch) draw(w, h int) image.Image {
	k.img = reuseImage(k.img, w, h)
	if w <= 0 || h <= 0 || k.size.Width <= 0 {
		return k.img
	}
	sc := float32(w) / k.size.Width
	px := func(v float32) int { return int(v*sc + 0.5) }
	u := patternUnit(k.ts, sc)
	for _, s := range k.shapes {
		switch s.kind {
		case shapeFill:
			paintStyle(k.img, image.Rect(px(s.x0), px(s.y0), px(s.x1), px(s.y1)), s.st, toPix(s.c), u)
		case shapeBox:
			t := max(1, px(s.width))
			x0, y0, x1, y1 := px(s.x0), px(s.y0), px(s.x1), px(s.y1)
			c := toPix(s.c)
			fillRect(k.img, image.Rect(x0, y0, x1, y0+t), c)
			fillRect(k.img, image.Rect(x0, y1-t, x1, y1), c)
			fillRect(k.img, image.Rect(x0, y0, x0+t, y1), c)
			fillRect(k.img, image.Rect(x1-t, y0, x1, y1), c)
		case shapeLine:
			lw := float64(max(1, s.width*sc))
			a := fpt{float64(s.x0 * sc), float64(s.y0 * sc)}
			b := fpt{float64(s.x1 * sc), float64(s.y1 * sc)}
			st := seriesStyle{color: s.c}
			if s.dash {
				st.on, st.off = 3, 2
			}
			if s.arrow {
				// Stop the line at the arrowhead's base, then draw the head.
				l := math.Hypot(b.x-a.x, b.y-a.y)
				hl := lw * 4
				if l > hl {
					ux, uy := (b.x-a.x)/l, (b.y-a.y)/l
					base := fpt{b.x - ux*hl, b.y - uy*hl}
					drawPolyline(k.img, []fpt{a, base}, st, lw)
					hw := hl * 0.6
					fillTriangle(k.img, b, fpt{base.x - uy*hw, base.y + ux*hw}, fpt{base.x + uy*hw, base.y - ux*hw}, s.c)
					continue
				}
			}
			drawPolyline(k.img, []fpt{a, b}, st, lw)
		}
	}
	return k.img
}

// fillTriangle fills triangle abc, anti-aliased at its edges.
func fillTriangle(img *image.NRGBA, a, b, c fpt, col color.NRGBA) {
	edge := func(p, q, r fpt) float64 { // signed distance of r from line pq, positive inside
		dx, dy := q.x-p.x, q.y-p.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			return -1
		}
		return ((r.x-p.x)*dy - (r.y-p.y)*dx) / l
	}
	if edge(a, b, c) < 0 {
		b, c = c, b
	}
	x0, x1 := int(math.Floor(min(a.x, b.x, c.x)))-1, int(math.Ceil(max(a.x, b.x, c.x)))+1
	y0, y1 := int(math.Floor(min(a.y, b.y, c.y)))-1, int(math.Ceil(max(a.y, b.y, c.y)))+1
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			p := fpt{float64(x) + 0.5, float64(y) + 0.5}
			d := min(edge(a, b, p), edge(b, c, p), edge(c, a, p))
			blend(img, x, y, col, d+0.5)
		}
	}
}

// wrap cuts s into lines no wider than width at the given text scale.
func (k *sketch) wrap(s string, width, scale float32, bold bool) []string {
	return wrapWords(s, func(t string) bool { return k.measure(t, scale, bold).Width <= width })
}

// --- pipeline: one gauge per channel ---

// pipelinePicture draws each channel's buffer as a row of slots, the filled
// ones dark, with "n / capacity", and under it the goroutines blocked on it:
// senders (the channel is full, or unbuffered with no receiver ready) and
// receivers (it is empty).
type pipelinePicture struct {
	widget.BaseWidget
	chans []pipeChanView
}

type pipeChanView struct {
	name       string
	n, max     int64
	send, recv int // tasks blocked sending to it and receiving from it
}

func newPipelinePicture() *pipelinePicture {
	p := &pipelinePicture{}
	p.ExtendBaseWidget(p)
	return p
}

func (p *pipelinePicture) Update(s *demos.Snapshot) {
	p.chans = p.chans[:0]
	for name, g := range s.Gauges {
		p.chans = append(p.chans, pipeChanView{name: name, n: g.N, max: g.Max})
	}
	slices.SortFunc(p.chans, func(a, b pipeChanView) int { return strings.Compare(a.name, b.name) })
	for i := range s.Tasks {
		t := &s.Tasks[i]
		if t.State != demos.Waiting {
			continue
		}
		verb, ch, ok := strings.Cut(t.On, " ")
		if !ok {
			continue
		}
		for j := range p.chans {
			if p.chans[j].name == ch {
				switch verb {
				case "send":
					p.chans[j].send++
				case "recv":
					p.chans[j].recv++
				}
			}
		}
	}
	p.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (p *pipelinePicture) CreateRenderer() fyne.WidgetRenderer {
	return newSketch(p, p.layout, func(k *sketch) fyne.Size {
		return fyne.NewSize(k.ts*16, 3*k.measure("0", 1, false).Height*2)
	})
}

func (p *pipelinePicture) layout(k *sketch, size fyne.Size) {
	lineH := k.measure("0", 1, false).Height
	if len(p.chans) == 0 {
		k.text("channels appear when the run starts", 0, 0, 0, 1, false)
		return
	}
	nameW := float32(0)
	for _, c := range p.chans {
		nameW = max(nameW, k.measure(c.name, 1, true).Width)
	}
	countW := k.measure("1024 / 1024", 1, false).Width
	barX := nameW + 2*k.pad
	barW := max(k.ts*4, size.Width-barX-countW-3*k.pad)
	// two lines a channel, with a gap between channels where there is room
	rowH := max(lineH*2, min(lineH*2+k.pad*2, size.Height/float32(len(p.chans))))
	dark := k.fg
	dark.A = 200
	for i, c := range p.chans {
		y := float32(i) * rowH
		k.text(c.name, 0, y, 0, 1, true)
		by0, by1 := y+lineH*0.15, y+lineH*0.85
		switch {
		case c.max <= 0:
			k.text("no buffer: each send waits for a receiver", barX, y, 0, 1, false)
		case c.max <= 64:
			// One slot per place in the buffer: "3 of 8" can be counted.
			slot := barW / float32(c.max)
			gap := min(k.pad/2, slot/5)
			for j := int64(0); j < c.max; j++ {
				x0 := barX + float32(j)*slot
				if j < c.n {
					k.fill(x0, by0, x0+slot-gap, by1, styleSolid, dark)
				} else {
					k.box(x0, by0, x0+slot-gap, by1, 1, dark)
				}
			}
		default:
			k.box(barX, by0, barX+barW, by1, 1, dark)
			k.fill(barX, by0, barX+barW*float32(c.n)/float32(c.max), by1, styleSolid, dark)
		}
		k.text(strconv.FormatInt(c.n, 10)+" / "+strconv.FormatInt(c.max, 10), size.Width-k.pad, y, 1, 1, false)

		// Who is blocked on it, with the waiting state's swatch and mark.
		y2 := y + lineH
		x := barX
		say := func(n int, what string) {
			sw := k.ts * 1.6
			k.fill(x, y2+lineH*0.2, x+sw, y2+lineH*0.8, styleHatch, StateColor(demos.Waiting))
			x += sw + k.pad/2
			x += k.mark(demos.Waiting, x, y2).Width + k.pad/2
			x += k.text(strconv.Itoa(n)+" "+what, x, y2, 0, 1, false).Width + 3*k.pad
		}
		switch {
		case c.send > 0 || c.recv > 0:
			if c.send > 0 {
				full := "blocked sending"
				if c.max > 0 && c.n >= c.max {
					full += " (full)"
				}
				say(c.send, full)
			}
			if c.recv > 0 {
				empty := "blocked receiving"
				if c.max > 0 && c.n == 0 {
					empty += " (empty)"
				}
				say(c.recv, empty)
			}
		default:
			k.text("no one blocked", x, y2, 0, 1, false)
		}
	}
}

// --- deadlock: the wait-for graph ---

// deadlockPicture draws workers and locks as boxes, an arrow from a lock to
// the worker that holds it ("holds", solid) and from a worker to the lock it
// waits for ("waits for", dashed, in the waiting colour). When the run says
// it deadlocked, it keeps the frozen graph, draws the cycle thick and says
// in words who holds and waits for what.
type deadlockPicture struct {
	widget.BaseWidget
	workers  []int
	state    map[int]demos.State
	holds    map[int][]string // worker → locks held
	waits    map[int]string   // worker → lock waited for
	locks    []string
	frozen   bool     // the graph is the deadlock as detected
	reasons  []string // "w0 holds A, waits for B (held by w1)"
	deadlock bool
	lastSeq  uint64

	frozeMs, afterMs float64 // when the cycle closed, and how long until it was detected
	frozeOK          bool
}

func newDeadlockPicture() *deadlockPicture {
	p := &deadlockPicture{}
	p.ExtendBaseWidget(p)
	p.reset()
	return p
}

func (p *deadlockPicture) reset() {
	p.state, p.holds, p.waits = map[int]demos.State{}, map[int][]string{}, map[int]string{}
	p.frozen, p.reasons, p.deadlock, p.locks = false, nil, false, nil
	p.frozeOK = false
}

func (p *deadlockPicture) Update(s *demos.Snapshot) {
	if s.Seq < p.lastSeq || len(s.Tasks) == 0 {
		p.reset() // a new run
	}
	p.lastSeq = s.Seq
	p.deadlock = s.Flags["deadlocked"]
	if ms, ok := frozeAt(s); ok {
		p.frozeMs, p.afterMs, p.frozeOK = ms, s.Stats["detected_after_ms"], true
	}
	if !p.frozen {
		p.live(s)
		if p.deadlock {
			p.freeze(s)
		}
	}
	p.Refresh()
}

// live takes the graph from the tasks now running.
func (p *deadlockPicture) live(s *demos.Snapshot) {
	clear(p.holds)
	clear(p.waits)
	clear(p.state)
	p.workers = p.workers[:0]
	for i := range s.Tasks {
		t := &s.Tasks[i]
		if _, ok := p.state[t.Worker]; !ok {
			p.workers = append(p.workers, t.Worker)
			p.state[t.Worker] = t.State
		}
		if t.State == demos.Pending || t.State.Ended() {
			continue
		}
		p.state[t.Worker] = t.State
		for _, h := range t.Holds {
			p.holds[t.Worker] = append(p.holds[t.Worker], h)
			p.addLock(h)
		}
		if l, ok := strings.CutPrefix(t.On, "lock "); ok && t.State == demos.Waiting {
			p.waits[t.Worker] = l
			p.addLock(l)
		}
	}
	slices.Sort(p.workers)
}

func (p *deadlockPicture) addLock(l string) {
	if !slices.Contains(p.locks, l) {
		p.locks = append(p.locks, l)
		slices.Sort(p.locks)
	}
}

// freeze rebuilds the deadlock from the reasons the frozen workers failed
// with ("deadlocked: holds A, waits for B (held by w1)"): by the time a frame
// sees the flag, the detector has usually released them already.
func (p *deadlockPicture) freeze(s *demos.Snapshot) {
	var reasons []string
	holds, waits := map[int][]string{}, map[int]string{}
	for i := range s.Tasks {
		t := &s.Tasks[i]
		why, ok := strings.CutPrefix(t.On, "deadlocked: ")
		if t.State != demos.Failed || !ok {
			continue
		}
		reasons = append(reasons, "w"+strconv.Itoa(t.Worker)+" "+why)
		held, waited, _ := strings.Cut(why, ", waits for ")
		if h, ok := strings.CutPrefix(held, "holds "); ok && h != "nothing" {
			holds[t.Worker] = strings.Split(h, " and ")
		}
		if l, _, ok := strings.Cut(waited, " "); ok {
			waits[t.Worker] = l
		} else if waited != "" {
			waits[t.Worker] = waited
		}
	}
	if len(reasons) == 0 {
		return // not failed yet: the live graph shows the freeze; look again next frame
	}
	p.holds, p.waits, p.reasons, p.frozen = holds, waits, reasons, true
	for w := range p.state {
		if _, ok := waits[w]; ok {
			p.state[w] = demos.Waiting
		}
	}
	for _, hs := range holds {
		for _, h := range hs {
			p.addLock(h)
		}
	}
	for _, l := range waits {
		p.addLock(l)
	}
}

// holder returns the worker holding lock l, or -1.
func (p *deadlockPicture) holder(l string) int {
	for _, w := range p.workers {
		if slices.Contains(p.holds[w], l) {
			return w
		}
	}
	return -1
}

// cycle returns the workers on a cycle of waits, or nil.
func (p *deadlockPicture) cycle() []int {
	for _, start := range p.workers {
		seen := map[int]int{}
		var path []int
		for w := start; ; {
			if at, ok := seen[w]; ok {
				return path[at:]
			}
			l, ok := p.waits[w]
			if !ok {
				break
			}
			h := p.holder(l)
			if h < 0 {
				break
			}
			seen[w] = len(path)
			path = append(path, w)
			w = h
		}
	}
	return nil
}

// CreateRenderer is part of fyne.Widget.
func (p *deadlockPicture) CreateRenderer() fyne.WidgetRenderer {
	return newSketch(p, p.layout, func(k *sketch) fyne.Size {
		return fyne.NewSize(k.ts*18, k.measure("0", 1, false).Height*5)
	})
}

// words are the lines under the graph, most important first: who holds
// and waits for what on the cycle, then when it froze and was detected,
// then the other workers, and a headline when there is room.
func (p *deadlockPicture) words(cyc []int) (head string, lines []string) {
	switch {
	case p.deadlock:
		head = "Deadlock: each worker waits for a lock another one holds, so none can go on."
		var rest []string
		for _, r := range p.reasons {
			w, _ := strconv.Atoi(strings.TrimPrefix(strings.Fields(r)[0], "w"))
			if slices.Contains(cyc, w) {
				lines = append(lines, r)
			} else {
				rest = append(rest, r)
			}
		}
		if p.frozeOK {
			lines = append(lines, "Froze at "+fmtMs(p.frozeMs)+" (the cycle closed), detected "+fmtMs(p.afterMs)+" later.")
		}
		lines = append(lines, rest...)
	case cyc != nil:
		lines = append(lines, cycleText(cyc, p.waits))
	}
	return head, lines
}

// cycleText spells a cycle of waits on one line: "A cycle of waits: w0 → B
// → w1 → A → w0".
func cycleText(cyc []int, waits map[int]string) string {
	var b strings.Builder
	for _, w := range cyc {
		b.WriteString("w" + strconv.Itoa(w) + " → " + waits[w] + " → ")
	}
	return "A cycle of waits: " + b.String() + "w" + strconv.Itoa(cyc[0])
}

func (p *deadlockPicture) layout(k *sketch, size fyne.Size) {
	lineH := k.measure("0", 1, false).Height
	if len(p.workers) == 0 {
		k.text("workers and locks appear when the run starts", 0, 0, 0, 1, false)
		return
	}
	cyc := p.cycle()
	onCycle := func(w int) bool { return slices.Contains(cyc, w) }
	label := len(p.workers) <= 2 // arrows labelled; more labels would pile up, and a key says it

	// Words at the bottom, as many as leave the graph room for its boxes:
	// the cycle first, the headline only when everything else fits.
	keyH := float32(0)
	if !label {
		keyH = lineH + k.pad
	}
	graphMin := lineH * 1.5 * float32(max(2, len(p.locks))) * 1.15
	room := int((size.Height - graphMin - keyH) / lineH)
	head, items := p.words(cyc)
	var lines []string
	bold := map[int]bool{}
	cycLines := 0 // the lines of the reasons of the workers on the cycle, which come first
	for i, it := range items {
		wrapped := k.wrap(it, size.Width, 1, false)
		if i < len(cyc) {
			cycLines += len(wrapped)
		}
		lines = append(lines, wrapped...)
	}
	if p.deadlock && len(cyc) > 0 && room < cycLines {
		// no room for a line per worker on the cycle: spell it on one
		lines = append([]string{cycleText(cyc, p.waits)}, lines...)
	}
	if head != "" {
		hl := k.wrap(head, size.Width, 1, true)
		if len(hl)+len(lines) <= room {
			for i := range hl {
				bold[i] = true
			}
			lines = append(hl, lines...)
		}
	}
	lines = lines[:max(0, min(len(lines), room))]
	wordsH := float32(len(lines)) * lineH
	graphH := max(lineH*3, size.Height-wordsH-keyH-k.pad)
	for i, l := range lines {
		k.text(l, 0, graphH+keyH+k.pad+float32(i)*lineH, 0, 1, bold[i])
	}

	lw := max(1.5, k.ts/7)
	if !label {
		// The key: what the two kinds of arrow mean.
		ky := graphH + k.pad + lineH/2
		x := float32(0)
		k.line(x, ky, x+k.ts*2.5, ky, lw, k.fg, false, true)
		x += k.ts*2.5 + k.pad
		x += k.text("holds", x, ky-lineH/2, 0, 1, false).Width + 3*k.pad
		k.line(x, ky, x+k.ts*2.5, ky, lw, StateColor(demos.Waiting), true, true)
		x += k.ts*2.5 + k.pad
		k.text("waits for", x, ky-lineH/2, 0, 1, false)
	}

	// The graph: locks in the middle, even workers left, odd right (each
	// side takes the locks in its own order).
	boxH := lineH * 1.5
	var left, right []int
	for _, w := range p.workers {
		if w%2 == 0 {
			left = append(left, w)
		} else {
			right = append(right, w)
		}
	}
	type node struct{ x0, y0, x1, y1 float32 }
	centre := func(n node) (float32, float32) { return (n.x0 + n.x1) / 2, (n.y0 + n.y1) / 2 }
	place := func(label string, cx float32, i, n int, bold bool) node {
		slotH := graphH / float32(n)
		cy := slotH * (float32(i) + 0.5)
		w := k.measure(label, 1, bold).Width + 2*k.pad
		return node{cx - w/2, cy - boxH/2, cx + w/2, cy + boxH/2}
	}
	colW := size.Width / 3
	workerNode := map[int]node{}
	for i, w := range left {
		workerNode[w] = place("w"+strconv.Itoa(w)+" ‖", colW/2, i, len(left), false)
	}
	for i, w := range right {
		workerNode[w] = place("w"+strconv.Itoa(w)+" ‖", size.Width-colW/2, i, len(right), false)
	}
	lockNode := map[string]node{}
	for i, l := range p.locks {
		lockNode[l] = place("lock "+l, size.Width/2, i, len(p.locks), true)
	}

	// Arrows from box edge to box edge.
	edge := func(a, b node) (float32, float32, float32, float32) {
		ax, ay := centre(a)
		bx, by := centre(b)
		clip := func(n node, cx, cy, dx, dy float32) (float32, float32) {
			// where the ray from the centre towards (dx, dy) leaves the box
			t := float32(math.Inf(1))
			if dx != 0 {
				t = min(t, (n.x1-n.x0)/2/float32(math.Abs(float64(dx))))
			}
			if dy != 0 {
				t = min(t, (n.y1-n.y0)/2/float32(math.Abs(float64(dy))))
			}
			return cx + dx*t, cy + dy*t
		}
		x0, y0 := clip(a, ax, ay, bx-ax, by-ay)
		x1, y1 := clip(b, bx, by, ax-bx, ay-by)
		return x0, y0, x1, y1
	}
	// A label sits on the side of its arrow away from the worker's middle:
	// a worker's two arrows leave it one upwards and one downwards, so
	// their labels never meet.
	say := func(s string, wn node, x0, y0, x1, y1 float32) {
		_, wy := centre(wn)
		mx, my := (x0+x1)/2, (y0+y1)/2
		y := my + lineH*0.1
		if my < wy {
			y = my - lineH*1.1
		}
		k.text(s, mx, y, 0.5, 0.85, false)
	}
	thick := lw * 2
	for _, w := range p.workers {
		wn := workerNode[w]
		for _, l := range p.holds[w] {
			width := lw
			if p.deadlock && onCycle(w) {
				width = thick
			}
			x0, y0, x1, y1 := edge(lockNode[l], wn)
			k.line(x0, y0, x1, y1, width, k.fg, false, true)
			if label {
				say("holds", wn, x0, y0, x1, y1)
			}
		}
		if l, ok := p.waits[w]; ok {
			width := lw
			if onCycle(w) {
				width = thick
			}
			x0, y0, x1, y1 := edge(wn, lockNode[l])
			k.line(x0, y0, x1, y1, width, StateColor(demos.Waiting), true, true)
			if label {
				say("waits for", wn, x0, y0, x1, y1)
			}
		}
	}
	// Boxes over the arrows' ends: workers tinted by their state, with its
	// mark; locks outlined in bold.
	bg := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	if isDark(k.fg) {
		bg = color.NRGBA{0x20, 0x20, 0x20, 0xFF}
	}
	for _, w := range p.workers {
		n := workerNode[w]
		st := p.state[w]
		c := StateColor(st)
		k.fill(n.x0, n.y0, n.x1, n.y1, styleSolid, bg)
		c.A = 70
		k.fill(n.x0, n.y0, n.x1, n.y1, styleSolid, c)
		width := float32(1)
		if p.deadlock && onCycle(w) {
			width = 3
		}
		k.box(n.x0, n.y0, n.x1, n.y1, width, k.fg)
		label := "w" + strconv.Itoa(w)
		lwid := k.measure(label, 1, false).Width
		mw := k.measure(stateMark(st), markScale, false).Width
		x0 := (n.x0+n.x1)/2 - (lwid+k.pad/2+mw)/2
		k.text(label, x0, n.y0+(boxH-lineH)/2, 0, 1, false)
		k.mark(st, x0+lwid+k.pad/2, n.y0+(boxH-lineH)/2)
	}
	for _, l := range p.locks {
		n := lockNode[l]
		k.fill(n.x0, n.y0, n.x1, n.y1, styleSolid, bg)
		k.box(n.x0, n.y0, n.x1, n.y1, 2, k.fg)
		k.text("lock "+l, (n.x0+n.x1)/2, n.y0+(boxH-lineH)/2, 0.5, 1, true)
	}
}

// isDark reports whether the text colour is light, i.e. the theme is dark.
func isDark(fg color.NRGBA) bool { return int(fg.R)+int(fg.G)+int(fg.B) > 3*128 }

// --- spawn and cpu: the last figures of each mode, side by side ---

// modeFigures is what a comparing picture keeps of the last run of a mode.
type modeFigures struct {
	mode    string
	workers int
	units   float64
	startMs float64 // spawn: time to start all units
	bytes   float64 // spawn: memory per unit; 0 when not measured
	par     float64 // cpu: parallelism; 0 until the run ends
	procs   float64 // cpu: GOMAXPROCS
	running int     // cpu: tasks computing now (live)
	ended   bool
}

// comparePicture keeps the latest figures per mode and draws them as bars.
type comparePicture struct {
	widget.BaseWidget
	modes   []string // in the demo's order
	figs    map[string]*modeFigures
	told    string // the mode SetRun named for the current run
	workers int
	current string // the mode of the run shown now
	lastSeq uint64
	pitch   float32 // the bars' spacing in lines: 1.3, less when the picture is short
	guess   func(s *demos.Snapshot) string
	take    func(f *modeFigures, s *demos.Snapshot) bool // fills f from s; false: nothing to keep yet
	layout  func(p *comparePicture, k *sketch, size fyne.Size)
}

func (p *comparePicture) SetRun(mode string, workers int) {
	// lastSeq too: the new run's snapshots count from the start again, which
	// Update would otherwise take for a run it was not told about.
	p.told, p.workers, p.lastSeq = mode, workers, 0
}

func (p *comparePicture) Update(s *demos.Snapshot) {
	if s.Seq < p.lastSeq {
		p.told = "" // a run SetRun was not told about
	}
	p.lastSeq = s.Seq
	mode := p.told
	if mode == "" {
		mode = p.guess(s)
	}
	p.current = mode
	if mode != "" && !slices.Contains(p.modes, mode) {
		p.modes = append(p.modes, mode) // "this run", when the mode cannot be told
	}
	if mode != "" {
		f := &modeFigures{mode: mode, workers: s.Workers}
		if p.take(f, s) {
			p.figs[mode] = f
		}
	}
	p.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (p *comparePicture) CreateRenderer() fyne.WidgetRenderer {
	return newSketch(p, func(k *sketch, size fyne.Size) { p.layout(p, k, size) }, func(k *sketch) fyne.Size {
		return fyne.NewSize(k.ts*16, k.measure("0", 1, false).Height*5)
	})
}

// barScale is where comparePicture.bars draws: bars from barX, a value of
// top at barX+scaleW, the figures in a column after that.
type barScale struct {
	barX, scaleW float32
	top          float64
}

func (b barScale) x(v float64) float32 { return b.barX + b.scaleW*float32(v/b.top) }

// scale lays out bars for the given figure texts: room for the widest
// figure after the longest bar.
func (p *comparePicture) scale(k *sketch, size fyne.Size, top float64, texts []string) barScale {
	labelW, textW := float32(0), float32(0)
	for _, m := range p.modes {
		labelW = max(labelW, k.measure(m, 1, true).Width)
	}
	for _, t := range texts {
		textW = max(textW, k.measure(t, 1, false).Width)
	}
	barX := labelW + 2*k.pad
	return barScale{barX: barX, scaleW: max(k.ts*4, size.Width-barX-textW-2*k.pad), top: top}
}

// bars draws one labelled bar per mode from y on, with the figure after the
// bar scale; value gives a mode's figure (ok false: none yet). It returns
// the y below the last bar.
func (p *comparePicture) bars(k *sketch, size fyne.Size, y float32, top float64,
	value func(f *modeFigures) (float64, string, bool)) (float32, barScale) {
	lineH := k.measure("0", 1, false).Height
	texts := make([]string, len(p.modes))
	for i, m := range p.modes {
		texts[i] = "not run yet"
		if f := p.figs[m]; f != nil {
			_, texts[i], _ = value(f)
		}
	}
	bs := p.scale(k, size, top, texts)
	dark := k.fg
	dark.A = 190
	for i, m := range p.modes {
		k.text(m, bs.barX-k.pad, y, 1, 1, m == p.current)
		if f := p.figs[m]; f != nil {
			if v, _, ok := value(f); ok && top > 0 {
				k.fill(bs.barX, y+lineH*0.15, bs.barX+max(2, bs.scaleW*float32(v/top)), y+lineH*0.85, styleSolid, dark)
			}
		}
		// every figure in one column after the scale, "not run yet" too,
		// so no text lies under a marker line
		k.text(texts[i], bs.barX+bs.scaleW+k.pad, y, 0, 1, false)
		y += lineH * p.pitch
	}
	return y, bs
}

func newSpawnPicture() *comparePicture {
	p := &comparePicture{modes: []string{"goroutines", "threads", "processes"}, figs: map[string]*modeFigures{}}
	p.ExtendBaseWidget(p)
	p.guess = func(s *demos.Snapshot) string {
		for _, l := range s.Logs {
			for _, m := range p.modes {
				if strings.Contains(l.Text, " "+m+" up in ") {
					return m
				}
			}
		}
		switch {
		case hasStat(s, "starting_stack_bytes"):
			return "goroutines"
		case hasStat(s, "threads_before"):
			return "threads"
		case hasStat(s, "rss_bytes_per_unit"):
			return "processes"
		}
		return ""
	}
	p.take = func(f *modeFigures, s *demos.Snapshot) bool {
		start, ok := s.Stats["start_ms"]
		if !ok {
			return false
		}
		f.startMs, f.units, f.bytes = start, s.Stats["units"], s.Stats["bytes_per_unit"]
		return true
	}
	p.layout = spawnLayout
	return p
}

// spawnLayout draws two groups of bars, time to start and memory per unit,
// where the picture is tall enough; else one row per mode with both bars
// in it, time over memory, and a key (projector mode at 1280x720).
func spawnLayout(p *comparePicture, k *sketch, size fyne.Size) {
	lineH := k.measure("0", 1, false).Height
	var topStart, topBytes float64
	for _, f := range p.figs {
		topStart, topBytes = max(topStart, f.startMs), max(topBytes, f.bytes)
	}
	startText := func(f *modeFigures, each bool) string {
		txt := fmtMs(f.startMs) + " for " + digits3(int(f.units))
		if each && f.units > 1 {
			txt += " (" + fmtMs(f.startMs/f.units) + " each)"
		}
		return txt
	}
	p.pitch = 1.3
	if size.Height >= lineH*(2.8+6*p.pitch) {
		y := float32(0)
		k.text("Time to start them all", 0, y, 0, 1, true)
		y, _ = p.bars(k, size, y+lineH*1.2, topStart, func(f *modeFigures) (float64, string, bool) {
			return f.startMs, startText(f, true), true
		})
		k.text("Memory per unit", 0, y+lineH*0.4, 0, 1, true)
		p.bars(k, size, y+lineH*1.6, topBytes, func(f *modeFigures) (float64, string, bool) {
			if f.bytes <= 0 {
				return 0, "not measured", false
			}
			return f.bytes, fmtQuantity(f.bytes, "B"), true
		})
		return
	}

	// The key, then a row per mode.
	dark := k.fg
	dark.A = 190
	sw := k.ts * 1.6
	x := float32(0)
	k.fill(x, lineH*0.3, x+sw, lineH*0.7, styleSolid, dark)
	x += sw + k.pad
	x += k.text("time to start all", x, 0, 0, 1, false).Width + 3*k.pad
	k.fill(x, lineH*0.3, x+sw, lineH*0.7, styleHatch, dark)
	x += sw + k.pad
	k.text("memory per unit", x, 0, 0, 1, false)
	texts := make([]string, len(p.modes))
	for i, m := range p.modes {
		texts[i] = "not run yet"
		if f := p.figs[m]; f != nil {
			texts[i] = startText(f, false) + " · " + "memory not measured"
			if f.bytes > 0 {
				texts[i] = startText(f, false) + " · " + fmtQuantity(f.bytes, "B")
			}
		}
	}
	bs := p.scale(k, size, 1, texts)
	y := lineH * 1.3
	if size.Height < lineH*(1.3+3*p.pitch) {
		p.pitch = 1.12
	}
	for i, m := range p.modes {
		k.text(m, bs.barX-k.pad, y, 1, 1, m == p.current)
		tx := bs.barX + bs.scaleW + k.pad
		if f := p.figs[m]; f != nil {
			if topStart > 0 {
				k.fill(bs.barX, y+lineH*0.1, bs.barX+max(2, bs.scaleW*float32(f.startMs/topStart)), y+lineH*0.48, styleSolid, dark)
			}
			if f.bytes > 0 && topBytes > 0 {
				k.fill(bs.barX, y+lineH*0.52, bs.barX+max(2, bs.scaleW*float32(f.bytes/topBytes)), y+lineH*0.9, styleHatch, dark)
			}
		}
		k.text(texts[i], tx, y, 0, 1, false)
		y += lineH * p.pitch
	}
}

func hasStat(s *demos.Snapshot, name string) bool { _, ok := s.Stats[name]; return ok }

// fmtMs writes a duration given in milliseconds: "12.3 ms", "850 µs", "1.25 s".
func fmtMs(ms float64) string {
	switch {
	case ms >= 1000:
		return fmtSig(ms/1000) + " s"
	case ms >= 1:
		return fmtSig(ms) + " ms"
	}
	return fmtSig(ms*1000) + " µs"
}

func newCPUPicture() *comparePicture {
	p := &comparePicture{modes: []string{"goroutines", "gil", "processes"}, figs: map[string]*modeFigures{}}
	p.ExtendBaseWidget(p)
	p.guess = func(s *demos.Snapshot) string {
		if hasStat(s, "gil_switches") {
			return "gil"
		}
		for i := range s.Tasks {
			if s.Tasks[i].On == "GIL" {
				return "gil"
			}
		}
		if len(s.Tasks) > 0 {
			return "this run" // goroutines and processes look alike in figures
		}
		return ""
	}
	p.take = func(f *modeFigures, s *demos.Snapshot) bool {
		if len(s.Tasks) == 0 {
			return false
		}
		f.par, f.procs, f.ended = s.Stats["parallelism"], s.Stats["gomaxprocs"], s.Ended
		f.running = s.Count[demos.Running]
		if p.workers > 0 && p.told != "" {
			f.workers = p.workers
		}
		return true
	}
	p.layout = cpuLayout
	return p
}

// cpuLayout draws the parallelism of each mode's last run as bars, with a
// marker for its ideal and a dashed line at GOMAXPROCS. A short picture
// packs the bars closer, then drops the key, then the title.
func cpuLayout(p *comparePicture, k *sketch, size fyne.Size) {
	lineH := k.measure("0", 1, false).Height
	procs, top := 0.0, 1.0
	for _, f := range p.figs {
		procs = max(procs, f.procs)
		top = max(top, f.par, float64(f.workers), float64(f.running), f.procs)
	}
	top *= 1.05
	p.pitch = 1.3
	title, key := true, true
	need := func() float32 {
		h := float32(len(p.modes))*p.pitch + 1 // the bars and GOMAXPROCS' label
		if title {
			h += 1.2
		}
		if key {
			h += 1.2
		}
		return h * lineH
	}
	if need() > size.Height {
		p.pitch = 1.12
	}
	if need() > size.Height {
		title = false
	}
	if need() > size.Height {
		key = false
	}
	y := float32(0)
	if title {
		k.text("Parallelism = busy time ÷ wall time", 0, y, 0, 1, true)
		y += lineH * 1.2
	}
	y0 := y
	end, bs := p.bars(k, size, y, top, func(f *modeFigures) (float64, string, bool) {
		if !f.ended || f.par <= 0 {
			return float64(f.running), strconv.Itoa(f.running) + " computing now", true
		}
		return f.par, "×" + fmtSig(f.par) + " with " + strconv.Itoa(f.workers) + " workers", true
	})
	// Markers across the bars: the ideal for each run, GOMAXPROCS for all.
	xOf := bs.x
	for i, m := range p.modes {
		f := p.figs[m]
		if f == nil {
			continue
		}
		ideal := float64(f.workers)
		if f.procs > 0 {
			ideal = min(ideal, f.procs)
		}
		x := xOf(ideal)
		ry := y0 + float32(i)*lineH*p.pitch
		k.fill(x-k.ts/8, ry, x+k.ts/8, ry+lineH, styleSolid, k.fg)
	}
	if procs > 0 {
		x := xOf(procs)
		k.line(x, y0-lineH*0.1, x, end, max(1.5, k.ts/9), k.fg, true, false)
		label := "GOMAXPROCS = " + fmtSig(procs) + " (cores Go uses)"
		w := k.measure(label, 1, false).Width
		lx := min(max(x-w/2, 0), size.Width-w)
		k.text(label, lx, end, 0, 1, false)
		if !key {
			// the key in brief, at the end of the same line, where it fits
			kw := k.measure("ideal", 1, false).Width
			kx := size.Width - kw
			if kx-k.ts*0.9 > lx+w+2*k.pad {
				k.fill(kx-k.ts*0.8, end, kx-k.ts*0.55, end+lineH, styleSolid, k.fg)
				k.text("ideal", kx, end, 0, 1, false)
			}
		}
	}
	if key {
		ky := end + lineH*1.2
		k.fill(k.ts*0.6, ky, k.ts*0.85, ky+lineH, styleSolid, k.fg)
		k.text("ideal: the run's workers, at most GOMAXPROCS", k.ts*1.5+k.pad, ky, 0, 1, false)
	}
}
