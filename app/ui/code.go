package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/assets"
	"concurrencylab/demos"
)

// codePane shows the demo's snippets, one tab per file: Go, Python, Rust,
// and extra variants where a demo has them (download's asyncio).
type codePane struct {
	tabs    *container.AppTabs
	lastTab string // the tab title to keep selected across demos
}

// fileTitles names a snippet file's tab.
var fileTitles = map[string]string{
	"main.go": "Go", "main.py": "Python", "main.rs": "Rust",
	"main_asyncio.py": "Python asyncio",
}

// tabOrder puts the three languages first, in the catalogue's order.
var tabOrder = []string{"main.go", "main.py", "main_asyncio.py", "main.rs"}

func newCodePane() *codePane {
	c := &codePane{lastTab: "Go"}
	c.tabs = container.NewAppTabs()
	c.tabs.OnSelected = func(t *container.TabItem) { c.lastTab = t.Text }
	return c
}

func (c *codePane) setDemo(d *demos.Demo) {
	var items []*container.TabItem
	files := assets.Files(d.ID)
	names := append([]string(nil), tabOrder...)
	for _, f := range files {
		if _, ok := fileTitles[f]; !ok && (strings.HasSuffix(f, ".go") || strings.HasSuffix(f, ".py") || strings.HasSuffix(f, ".rs")) {
			names = append(names, f)
		}
	}
	for _, name := range names {
		src, ok := assets.File(d.ID, name)
		if !ok {
			continue
		}
		title := fileTitles[name]
		if title == "" {
			title = name
		}
		items = append(items, container.NewTabItem(title, codeView(src)))
	}
	if len(items) == 0 {
		items = append(items, container.NewTabItem("Code", widget.NewLabel("No snippet for this demo yet.")))
	}
	keep := c.lastTab
	c.tabs.SetItems(items)
	for _, it := range items {
		if it.Text == keep {
			c.tabs.Select(it)
		}
	}
	c.lastTab = keep
}

// setMode shows the demo's snippets for mode: for a peer mode (python-*,
// rust-*) its language's tab holds the exact program the mode runs, named
// in the tab's title, and is selected; a Go mode gets the snippets back.
func (c *codePane) setMode(d *demos.Demo, mode string) {
	c.setDemo(d)
	lang, src, ok := assets.Peer(d.ID, mode)
	if !ok {
		return
	}
	title := map[string]string{"python": "Python", "rust": "Rust"}[lang]
	item := container.NewTabItem(title+": the program "+mode+" runs", codeView(src))
	keep := c.lastTab
	items := []*container.TabItem{item}
	for _, it := range c.tabs.Items {
		if it.Text != title {
			items = append(items, it)
		}
	}
	c.tabs.SetItems(items)
	c.tabs.Select(item)
	c.lastTab = keep // a Go mode next shows the tab shown before
}

// codeView is a snippet in monospace, scrollable both ways.
func codeView(src string) fyne.CanvasObject {
	rt := widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyleCodeBlock, Text: strings.TrimRight(src, "\n")})
	return container.NewScroll(rt)
}

// outputPane shows the lines the workers printed, like a terminal: time,
// worker and text, scrolled to the newest line. A line longer than the
// pane wraps onto rows of its own, indented under the text, so nothing is
// cut at the right edge.
type outputPane struct {
	snap    *demos.Snapshot
	list    *widget.List
	rows    []string // the visual rows of the lines wrapped so far
	wrapped int      // how many of snap.Logs are in rows
	cols    int      // characters per row the rows were wrapped at; 0: not wrapped
	width   float32  // the pane's width they were wrapped for
	empty   *widget.Label
	box     *fyne.Container
}

func newOutputPane(snap *demos.Snapshot, unfocus func()) *outputPane {
	o := &outputPane{snap: snap}
	o.list = widget.NewList(
		func() int { return len(o.rows) },
		func() fyne.CanvasObject {
			// bare text, no label padding: a terminal's lines sit close
			t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
			t.TextStyle = fyne.TextStyle{Monospace: true}
			return t
		},
		func(id widget.ListItemID, obj fyne.CanvasObject) {
			if id < len(o.rows) {
				t := obj.(*canvas.Text)
				th := fyne.CurrentApp().Settings().Theme()
				t.TextSize = th.Size(theme.SizeNameText)
				t.Color = th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
				t.Text = o.rows[id]
				t.Refresh()
			}
		})
	o.list.HideSeparators = true
	o.list.OnSelected = func(id widget.ListItemID) {
		o.list.Unselect(id)
		unfocus()
	}
	o.empty = widget.NewLabel("No printed lines yet.")
	o.empty.Importance = widget.LowImportance
	o.box = container.New(&outputLayout{o}, o.list, o.empty)
	return o
}

// logPrefix is the time and worker columns of a printed line:
// "  1.502 s  w1    "; lines from outside the workers (a negative worker)
// are the main goroutine's.
func logPrefix(l demos.LogLine) string {
	who := fmt.Sprintf("w%d", l.Worker)
	if l.Worker < 0 {
		who = "main"
	}
	return fmt.Sprintf("%7.3f s  %-4s  ", l.At.Seconds(), who)
}

// logText is one printed line on one row: "  1.502 s  w1    B".
func logText(l demos.LogLine) string { return logPrefix(l) + l.Text }

// logRows is line l wrapped at cols characters: the first row with the
// time and worker, the others indented under the text. cols 0 does not
// wrap.
func logRows(l demos.LogLine, cols int) []string {
	prefix := logPrefix(l)
	width := cols - len([]rune(prefix))
	if cols <= 0 || len([]rune(l.Text)) <= width {
		return []string{prefix + l.Text}
	}
	width = max(width, 8)
	indent := strings.Repeat(" ", len([]rune(prefix)))
	var rows []string
	line := ""
	flush := func() {
		if len(rows) == 0 {
			rows = append(rows, prefix+line)
		} else {
			rows = append(rows, indent+line)
		}
		line = ""
	}
	for _, word := range strings.Fields(l.Text) {
		for len([]rune(word)) > width { // longer than a row: break it
			if line != "" {
				flush()
			}
			rs := []rune(word)
			line = string(rs[:width])
			flush()
			word = string(rs[width:])
		}
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= width:
			line += " " + word
		default:
			flush()
			line = word
		}
	}
	if line != "" || len(rows) == 0 {
		flush()
	}
	return rows
}

// reset forgets the rows of the last run.
func (o *outputPane) reset() {
	o.rows, o.wrapped = o.rows[:0], 0
}

// rewrap wraps the lines again for the pane's width and text size now.
func (o *outputPane) rewrap(width float32) {
	th := fyne.CurrentApp().Settings().Theme()
	cw := fyne.MeasureText("M", th.Size(theme.SizeNameText), fyne.TextStyle{Monospace: true}).Width
	cols := 0
	if width > 0 && cw > 0 {
		cols = int((width - th.Size(theme.SizeNamePadding)*3) / cw) // room for the scroll bar
	}
	o.width = width
	if cols == o.cols {
		return
	}
	o.cols = cols
	o.reset()
	o.update()
	o.list.Refresh()
}

func (o *outputPane) update() {
	logs := o.snap.Logs
	if len(logs) < o.wrapped {
		o.reset() // a new run's lines
	}
	n := len(logs)
	if n == o.wrapped {
		if n == 0 && !o.empty.Visible() {
			o.empty.Show()
			o.list.Refresh()
		}
		return
	}
	for _, l := range logs[o.wrapped:] {
		o.rows = append(o.rows, logRows(l, o.cols)...)
	}
	o.wrapped = n
	if n == 0 {
		o.empty.Show()
	} else {
		o.empty.Hide()
	}
	o.list.Refresh()
	if n > 0 {
		o.list.ScrollToBottom()
	}
}

// outputLayout stacks the list and its empty note, and wraps the lines
// again when the pane's width changes (a divider dragged, projector mode).
type outputLayout struct{ o *outputPane }

func (ol *outputLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().Max(objs[1].MinSize())
}

func (ol *outputLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	if size.Width != ol.o.width {
		ol.o.rewrap(size.Width)
	}
}

// noticePane asks the demo's prediction question before a run and says what
// to notice.
type noticePane struct {
	question *widget.Label
	notice   *widget.Label
	box      *fyne.Container
}

func newNoticePane() *noticePane {
	n := &noticePane{question: widget.NewLabel(""), notice: widget.NewLabel("")}
	n.question.Wrapping = fyne.TextWrapWord
	n.question.TextStyle = fyne.TextStyle{Bold: true}
	n.notice.Wrapping = fyne.TextWrapWord
	n.box = container.NewVBox(n.question, n.notice)
	return n
}

func (n *noticePane) setDemo(d *demos.Demo, c demos.Config) {
	n.ask(d, c)
	n.notice.SetText("What to notice: " + d.Notice)
}

// ask shows d's question for the run configured by c, so its numbers are
// the ones the sliders show.
func (n *noticePane) ask(d *demos.Demo, c demos.Config) {
	if q := "Predict: " + d.Ask(c); q != n.question.Text {
		n.question.SetText(q)
	}
}

// setRunning dims the question once a run is going: it was asked before.
func (n *noticePane) setRunning(started bool) {
	imp := widget.HighImportance
	if started {
		imp = widget.MediumImportance
	}
	if n.question.Importance != imp {
		n.question.Importance = imp
		n.question.Refresh()
	}
}
