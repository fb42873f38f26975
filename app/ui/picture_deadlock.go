package ui

import (
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

func init() {
	present("deadlock", presentation{picture: func() Picture { return newDeadlockPicture() }, featured: deadlockFigures})
}

var deadlockFigures = []featuredFigure{
	{caption: "deadlocked?", custom: deadlockedFigure, hides: []string{"deadlocked", "cycle_length"}},
	{caption: "froze at", custom: frozeFigure},
	{caption: "detected at", custom: detectedFigure, hides: []string{"detected_ms", "detected_after_ms"}},
}

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

// live takes the workers' states from the tasks, and who holds and waits
// for which lock from the wait-for graph the run reports as data.
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
	}
	p.readGraph(s)
	slices.Sort(p.workers)
}

// readGraph takes holds and waits from the run's wait-for graph.
func (p *deadlockPicture) readGraph(s *demos.Snapshot) {
	for _, e := range s.Graph {
		for _, h := range e.Holds {
			p.holds[e.Worker] = append(p.holds[e.Worker], h)
			p.addLock(h)
		}
		if e.WaitsFor != "" {
			p.waits[e.Worker] = e.WaitsFor
			p.addLock(e.WaitsFor)
		}
	}
}

func (p *deadlockPicture) addLock(l string) {
	if !slices.Contains(p.locks, l) {
		p.locks = append(p.locks, l)
		slices.Sort(p.locks)
	}
}

// freeze keeps the deadlock as detected: the run stops reporting its
// graph at the deadlock, so the graph is the cycle even after the detector
// released its workers; it says in words who holds and waits for what.
func (p *deadlockPicture) freeze(s *demos.Snapshot) {
	var reasons []string
	for _, e := range s.Graph {
		if e.WaitsFor == "" {
			continue
		}
		held := "nothing"
		if len(e.Holds) > 0 {
			held = strings.Join(e.Holds, " and ")
		}
		r := "w" + strconv.Itoa(e.Worker) + " holds " + held + ", waits for " + e.WaitsFor
		if e.Holder >= 0 {
			r += " (held by w" + strconv.Itoa(e.Holder) + ")"
		}
		reasons = append(reasons, r)
		p.state[e.Worker] = demos.Waiting
	}
	if len(reasons) == 0 {
		return
	}
	p.reasons, p.frozen = reasons, true
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

// cycleText spells a cycle of waits on one line: "A cycle of waits: w0 ->
// B -> w1 -> A -> w0". ASCII arrows: the projector's bold font drew "→ " as
// an arrow and a missing glyph.
func cycleText(cyc []int, waits map[int]string) string {
	var b strings.Builder
	for _, w := range cyc {
		b.WriteString("w" + strconv.Itoa(w) + " -> " + waits[w] + " -> ")
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
