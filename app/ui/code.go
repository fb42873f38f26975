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

// codeView is a snippet in monospace, scrollable both ways.
func codeView(src string) fyne.CanvasObject {
	rt := widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyleCodeBlock, Text: strings.TrimRight(src, "\n")})
	return container.NewScroll(rt)
}

// outputPane shows the lines the workers printed, like a terminal: time,
// worker and text, scrolled to the newest line.
type outputPane struct {
	snap  *demos.Snapshot
	list  *widget.List
	shown int // lines shown at the last update
	empty *widget.Label
	box   *fyne.Container
}

func newOutputPane(snap *demos.Snapshot, unfocus func()) *outputPane {
	o := &outputPane{snap: snap}
	o.list = widget.NewList(
		func() int { return len(o.snap.Logs) },
		func() fyne.CanvasObject {
			// bare text, no label padding: a terminal's lines sit close
			t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
			t.TextStyle = fyne.TextStyle{Monospace: true}
			return t
		},
		func(id widget.ListItemID, obj fyne.CanvasObject) {
			if id < len(o.snap.Logs) {
				t := obj.(*canvas.Text)
				th := fyne.CurrentApp().Settings().Theme()
				t.TextSize = th.Size(theme.SizeNameText)
				t.Color = th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
				t.Text = logText(o.snap.Logs[id])
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
	o.box = container.NewStack(o.list, o.empty)
	return o
}

// logText is one printed line: "  1.502 s  w1    B"; lines from outside
// the workers (a negative worker) are the main goroutine's.
func logText(l demos.LogLine) string {
	who := fmt.Sprintf("w%d", l.Worker)
	if l.Worker < 0 {
		who = "main"
	}
	return fmt.Sprintf("%7.3f s  %-4s  %s", l.At.Seconds(), who, l.Text)
}

func (o *outputPane) update() {
	n := len(o.snap.Logs)
	if n == o.shown {
		return
	}
	o.shown = n
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

func (n *noticePane) setDemo(d *demos.Demo) {
	n.question.SetText("Predict: " + d.Question)
	n.notice.SetText("What to notice: " + d.Notice)
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
