package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/assets"
	"concurrencylab/demos"
)

// TestCodeShowsPeerProgram: a peer mode's language tab holds the exact
// program the mode runs, and is selected; a Go mode brings the snippets back.
func TestCodeShowsPeerProgram(t *testing.T) {
	test.NewTempApp(t)
	c := newCodePane()
	d, _ := demos.Lookup("cpu")
	for _, mode := range []string{"python-threads", "rust-threads", "python-freethreaded"} {
		c.setMode(d, mode)
		sel := c.tabs.Selected()
		lang, src, ok := assets.Peer("cpu", mode)
		if !ok {
			t.Fatalf("no peer program for cpu %s", mode)
		}
		want := map[string]string{"python": "Python", "rust": "Rust"}[lang] + ": the program " + mode + " runs"
		if sel == nil || sel.Text != want {
			t.Fatalf("%s: selected tab %v, want %q", mode, sel, want)
		}
		rt := sel.Content.(*container.Scroll).Content.(*widget.RichText)
		if rt.String() != strings.TrimRight(src, "\n") {
			t.Errorf("%s: the tab does not show the program the mode runs", mode)
		}
		if len(c.tabs.Items) != 3 {
			t.Errorf("%s: %d tabs, want the program, Go and the other language", mode, len(c.tabs.Items))
		}
	}
	c.setMode(d, "goroutines")
	for _, it := range c.tabs.Items {
		if strings.Contains(it.Text, "program") {
			t.Errorf("a Go mode still shows %q", it.Text)
		}
	}
}
