package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"concurrencylab/assets"
	"concurrencylab/demos"
)

// TestCodeShowsPeerProgram: a peer mode's language snippet gives way to the
// exact program the mode runs, which is shown; a Go mode brings the
// snippets back.
func TestCodeShowsPeerProgram(t *testing.T) {
	test.NewTempApp(t)
	c := newCodePane()
	d, _ := demos.Lookup("cpu")
	for _, mode := range []string{"python-threads", "rust-threads", "python-freethreaded"} {
		c.setMode(d, mode)
		sel := c.items[c.sel]
		lang, src, ok := assets.Peer("cpu", mode)
		if !ok {
			t.Fatalf("no peer program for cpu %s", mode)
		}
		want := map[string]string{"python": "Python", "rust": "Rust"}[lang] + " (" + mode + ")"
		if sel.Text != want {
			t.Fatalf("%s: shown snippet %q, want %q", mode, sel.Text, want)
		}
		ct := sel.Content.(*codeText)
		var shown []string // the program as run, less its line tags
		for _, line := range strings.Split(strings.TrimRight(src, "\n"), "\n") {
			code, _ := splitTag(line)
			shown = append(shown, strings.ReplaceAll(code, "\t", strings.Repeat(" ", codeTab)))
		}
		if !slices.Equal(ct.lines, shown) {
			t.Errorf("%s: the snippet does not show the program the mode runs", mode)
		}
		if len(c.items) != 3 {
			t.Errorf("%s: %d snippets, want the program, Go and the other language", mode, len(c.items))
		}
	}
	c.setMode(d, "goroutines")
	for _, it := range c.items {
		if strings.Contains(it.Text, "(") {
			t.Errorf("a Go mode still shows %q", it.Text)
		}
	}
}
