package ui

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// saveCase is a save dialog open in a test window, over a folder of the
// test's own.
type saveCase struct {
	t     *testing.T
	w     fyne.Window
	dir   string
	box   *saveBox
	saved []string // what done was called with
	wrote int      // how many times write ran
	fail  error    // what write returns
}

// openSave opens the save dialog for name in a fresh window whose last
// save went to a new temporary folder.
func openSave(t *testing.T, name, ext string) *saveCase {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newNormalTheme())
	sc := &saveCase{t: t, dir: t.TempDir()}
	a.Preferences().SetString(prefSaveFolder, sc.dir)
	sc.w = test.NewWindow(widget.NewLabel("the window"))
	sc.w.Resize(fyne.NewSize(1280, 720))
	t.Cleanup(sc.w.Close)
	sc.box = showSaveDialog(sc.w, "Save "+name, name, ext, func(w io.Writer) error {
		sc.wrote++
		if sc.fail != nil {
			return sc.fail
		}
		_, err := io.WriteString(w, "the content")
		return err
	}, func(saved string, _ bool) { sc.saved = append(sc.saved, saved) })
	sc.top()
	return sc
}

// top fails the test when the save dialog is not on top of the window.
func (sc *saveCase) top() {
	sc.t.Helper()
	top := sc.w.Canvas().Overlays().Top()
	if top == nil || overlayEscapes[top] == nil || !sc.box.pop.Visible() {
		sc.t.Fatalf("no save dialog on top (overlay %v)", top)
	}
}

// key presses k in the widget that has the focus.
func (sc *saveCase) key(k fyne.KeyName) {
	sc.t.Helper()
	f := sc.w.Canvas().Focused()
	if f == nil {
		sc.t.Fatalf("%s pressed with nothing focused", k)
	}
	f.TypedKey(&fyne.KeyEvent{Name: k})
}

func TestSaveDialogEscInTheField(t *testing.T) {
	sc := openSave(t, "concurrency-lab-history.csv", ".csv")
	b := sc.box
	if sc.w.Canvas().Focused() != b.entry {
		t.Fatalf("focused %T, want the path", sc.w.Canvas().Focused())
	}
	if want := filepath.Join(sc.dir, "concurrency-lab-history.csv"); b.entry.Text != want {
		t.Errorf("the path reads %q, want %q", b.entry.Text, want)
	}
	if got := b.entry.SelectedText(); got != "concurrency-lab-history" {
		t.Errorf("selected %q, want the name without its folder and type", got)
	}
	test.Type(b.entry, "mine") // as the user starts to type the name
	top := sc.w.Canvas().Overlays().Top()
	sc.key(fyne.KeyEscape)
	if len(sc.saved) != 1 || sc.saved[0] != "" {
		t.Errorf("done called with %q, want one \"\"", sc.saved)
	}
	if now := sc.w.Canvas().Overlays().Top(); now != nil || overlayEscapes[top] != nil {
		t.Errorf("after Esc: overlay %v, still in the escapes: %v", now, overlayEscapes[top] != nil)
	}
	if sc.wrote != 0 {
		t.Errorf("Esc wrote the file %d times", sc.wrote)
	}
	if ents, _ := os.ReadDir(sc.dir); len(ents) != 0 {
		t.Errorf("Esc left %d files in the folder", len(ents))
	}
}

func TestSaveDialogEnterSaves(t *testing.T) {
	sc := openSave(t, "concurrency-lab-history.csv", ".csv")
	test.Type(sc.box.entry, "mine")
	want := filepath.Join(sc.dir, "mine.csv")
	if sc.box.entry.Text != want {
		t.Fatalf("after typing the name the path reads %q, want %q", sc.box.entry.Text, want)
	}
	sc.key(fyne.KeyReturn)
	if b, err := os.ReadFile(want); err != nil || string(b) != "the content" {
		t.Fatalf("the file holds %q, %v", b, err)
	}
	if len(sc.saved) != 1 || sc.saved[0] != want || sc.w.Canvas().Overlays().Top() != nil {
		t.Errorf("done called with %q, overlay %v: want %q and no dialog", sc.saved, sc.w.Canvas().Overlays().Top(), want)
	}
	if got := fyne.CurrentApp().Preferences().String(prefSaveFolder); got != sc.dir {
		t.Errorf("the next dialog opens in %q, want %q", got, sc.dir)
	}
}

func TestSaveDialogAddsTheType(t *testing.T) {
	sc := openSave(t, "lesson-120000.toml", ".toml")
	sc.box.entry.SetText("~" + string(filepath.Separator) + "x") // not saved: only read
	if p, why := sc.box.target(); why != "" || filepath.Base(p) != "x.toml" || strings.HasPrefix(p, "~") {
		t.Errorf("~/x reads as %q (%s), want the home folder's x.toml", p, why)
	}
	sc.box.entry.SetText("notes")
	sc.key(fyne.KeyEnter)
	if _, err := os.Stat(filepath.Join(sc.dir, "notes.toml")); err != nil {
		t.Errorf("a name with no folder and no type: %v", err)
	}
}

func TestSaveDialogMissingFolder(t *testing.T) {
	sc := openSave(t, "run.rec", ".rec")
	missing := filepath.Join(sc.dir, "no such folder")
	sc.box.entry.SetText(filepath.Join(missing, "run.rec"))
	sc.key(fyne.KeyReturn)
	if got := sc.box.msg.Text; !strings.HasPrefix(got, "There is no folder "+missing) {
		t.Errorf("the dialog says %q, want that the folder is missing", got)
	}
	sc.top()
	if sc.box.entry.Text != filepath.Join(missing, "run.rec") || len(sc.saved) != 0 || sc.wrote != 0 {
		t.Errorf("the path became %q, done %q, %d writes: want all kept, nothing done", sc.box.entry.Text, sc.saved, sc.wrote)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the missing folder was made: %v", err)
	}
	// a write that fails keeps the dialog too
	sc.fail = errors.New("the disk is full")
	sc.box.entry.SetText(filepath.Join(sc.dir, "run.rec"))
	sc.key(fyne.KeyReturn)
	if got := sc.box.msg.Text; !strings.Contains(got, "the disk is full") || len(sc.saved) != 0 {
		t.Errorf("after a failed write the dialog says %q, done %q", got, sc.saved)
	}
	if _, err := os.Stat(filepath.Join(sc.dir, "run.rec")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed write left a part of a file: %v", err)
	}
	// and over a file that was there, leaves that file as it was
	old := filepath.Join(sc.dir, "old.rec")
	if err := os.WriteFile(old, []byte("a recording kept"), 0o600); err != nil {
		t.Fatal(err)
	}
	sc.box.entry.SetText(old)
	sc.key(fyne.KeyReturn)
	if b, err := os.ReadFile(old); err != nil || string(b) != "a recording kept" {
		t.Errorf("a failed write over a file left %q (%v)", b, err)
	}
	if entries, _ := os.ReadDir(sc.dir); len(entries) != 1 {
		t.Errorf("a failed write left files behind: %v", entries)
	}
	sc.top()
	sc.key(fyne.KeyEscape)
	if len(sc.saved) != 1 || sc.saved[0] != "" {
		t.Errorf("Esc after the message: done %q", sc.saved)
	}
}

func TestSaveDialogTabOrder(t *testing.T) {
	sc := openSave(t, "concurrency-lab-history.json", ".json")
	b := sc.box
	c := sc.w.Canvas()
	for i, want := range []*dialogButton{b.folder, b.cancel, b.ok} {
		c.FocusNext()
		if c.Focused() != want {
			t.Fatalf("Tab %d focused %v, want %q", i+1, c.Focused(), want.Text)
		}
		// the focused button, and it alone, is ringed
		for _, o := range []*dialogButton{b.folder, b.cancel, b.ok} {
			ring := test.WidgetRenderer(o).(*ringRenderer).ring
			_, _, _, a := ring.StrokeColor.RGBA()
			if (a != 0) != (o == want) || ring.StrokeWidth < 2 {
				t.Errorf("Tab %d: %s's ring alpha %d, width %v", i+1, o.Text, a, ring.StrokeWidth)
			}
		}
	}
	c.FocusNext()
	if c.Focused() != b.entry {
		t.Errorf("Tab after Save focused %v, want the path again", c.Focused())
	}
	c.FocusPrevious()
	sc.key(fyne.KeyReturn) // on Save
	want := filepath.Join(sc.dir, "concurrency-lab-history.json")
	if len(sc.saved) != 1 || sc.saved[0] != want {
		t.Errorf("Enter on Save: done %q, want %q", sc.saved, want)
	}
}

func TestSaveDialogEscOnAButton(t *testing.T) {
	sc := openSave(t, "concurrency-lab-history.json", ".json")
	sc.w.Canvas().FocusNext()
	sc.w.Canvas().FocusNext() // Cancel
	sc.key(fyne.KeyEscape)
	if len(sc.saved) != 1 || sc.saved[0] != "" || sc.w.Canvas().Overlays().Top() != nil {
		t.Errorf("Esc on a button: done %q, overlay %v", sc.saved, sc.w.Canvas().Overlays().Top())
	}
}

// TestSaveDialogFolder picks the folder with Fyne's folder dialog, which
// takes the save dialog's place, and Esc there (it reaches the window, as
// nothing in it is focused) brings the save dialog back.
func TestSaveDialogFolder(t *testing.T) {
	sc := openSave(t, "concurrency-lab-history.csv", ".csv")
	c := sc.w.Canvas()
	test.Tap(sc.box.folder)
	if n := len(c.Overlays().List()); n != 1 || c.Overlays().Top() == nil || c.Focused() != nil {
		t.Fatalf("Folder…: %d overlays, focused %v; want the folder dialog alone, nothing focused", n, c.Focused())
	}
	if !escapeOverlay(c.Overlays().Top()) { // as keys.go does on Esc
		t.Fatal("Esc does not close the folder dialog")
	}
	sc.top()
	if n := len(c.Overlays().List()); n != 1 || c.Focused() != sc.box.entry || len(sc.saved) != 0 {
		t.Errorf("back from the folder dialog: %d overlays, focused %v, done %q", n, c.Focused(), sc.saved)
	}
	if want := filepath.Join(sc.dir, "concurrency-lab-history.csv"); sc.box.entry.Text != want {
		t.Errorf("the path became %q, want %q", sc.box.entry.Text, want)
	}
	// a path in a folder that is not there: the message says so, Folder…
	// opens where it can, and its Open puts that folder in the path
	sc.box.entry.SetText(filepath.Join(sc.dir, "gone", "mine.csv"))
	sc.key(fyne.KeyReturn)
	test.Tap(sc.box.folder)
	var open *widget.Button
	for _, o := range test.LaidOutObjects(c.Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Open" {
			open = b
		}
	}
	if open == nil || open.Disabled() {
		t.Fatalf("no Open button to press in the folder dialog (%v)", open)
	}
	test.Tap(open)
	sc.top()
	got := sc.box.entry.Text
	if filepath.Base(got) != "mine.csv" || filepath.Dir(got) == filepath.Join(sc.dir, "gone") || !isDir(filepath.Dir(got)) {
		t.Errorf("after Open the path reads %q, want mine.csv in the folder opened", got)
	}
	if sc.box.msg.Text != saveHint {
		t.Errorf("after Open the dialog still says %q", sc.box.msg.Text)
	}
	// Esc with nothing focused (a click on the dialog's empty part) cancels
	c.Unfocus()
	if !escapeOverlay(c.Overlays().Top()) || len(sc.saved) != 1 || sc.saved[0] != "" || c.Overlays().Top() != nil {
		t.Errorf("Esc on the dialog: done %q, overlay %v", sc.saved, c.Overlays().Top())
	}
}

// TestSaveDialogStatus saves twice through the window's saver: the status
// line says Saved to, then Replaced.
func TestSaveDialogStatus(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	fyne.CurrentApp().Preferences().SetString(prefSaveFolder, dir)
	w := test.NewWindow(widget.NewLabel("the window"))
	w.Resize(fyne.NewSize(1024, 768))
	defer w.Close()
	var told []string
	dones := 0
	fs := &fileSaver{win: w, tell: func(s string) { told = append(told, s) }, done: func() { dones++ }}
	path := filepath.Join(dir, "a.png")
	for range 2 {
		fs.save("Save a picture", "a.png", ".png", func(w io.Writer) error { _, err := io.WriteString(w, "png"); return err })
		w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}
	if want := []string{"Saved to " + path + ".", "Replaced " + path + "."}; strings.Join(told, "|") != strings.Join(want, "|") || dones != 2 {
		t.Errorf("told %q (%d done), want %q", told, dones, want)
	}
	fs.save("Save a picture", "a.png", ".png", func(io.Writer) error { return nil })
	if !fs.busy() {
		t.Error("a save with the dialog up is not held back")
	}
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
}

// TestSaveDialogInTheWindow presses Esc where the window's keys take it:
// with nothing focused, on the folder dialog (back to the save dialog),
// then on the save dialog (closed, the export not written), then on
// Ctrl+O's dialog, which does not open over the save dialog.
func TestSaveDialogInTheWindow(t *testing.T) {
	l := newLab(t)
	dir := t.TempDir()
	l.App.Preferences().SetString(prefSaveFolder, dir)
	l.cmp.view.exportCSV()
	c := l.Window.Canvas()
	top := c.Overlays().Top()
	if top == nil || overlayEscapes[top] == nil {
		t.Fatal("Ctrl+E opened no save dialog")
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*dialogButton); ok && b.Text == "Folder…" {
			test.Tap(b)
		}
	}
	if c.Overlays().Top() == top || len(c.Overlays().List()) != 1 {
		t.Fatalf("Folder…: %d overlays, the save dialog still on top", len(c.Overlays().List()))
	}
	key(l, fyne.KeyEscape)
	top = c.Overlays().Top()
	if top == nil || overlayEscapes[top] == nil {
		t.Fatal("Esc on the folder dialog did not bring the save dialog back")
	}
	l.openDialog() // Ctrl+O: not over the save dialog
	if n := len(c.Overlays().List()); n != 1 || c.Overlays().Top() != top {
		t.Fatalf("Ctrl+O over the save dialog: %d overlays", n)
	}
	c.Unfocus()
	key(l, fyne.KeyEscape)
	if c.Overlays().Top() != nil || overlayEscapes[top] != nil {
		t.Errorf("Esc on the save dialog left overlay %v", c.Overlays().Top())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("Esc left %d files", len(ents))
	}
	// Ctrl+O's dialog (nothing in it focused) closes on Esc as its Cancel does
	l.openDialog()
	top = c.Overlays().Top()
	if top == nil || overlayEscapes[top] == nil {
		t.Fatal("Ctrl+O opened no dialog that Esc closes")
	}
	key(l, fyne.KeyEscape)
	if c.Overlays().Top() != nil || overlayEscapes[top] != nil {
		t.Errorf("Esc on the open dialog left overlay %v", c.Overlays().Top())
	}
	key(l, fyne.KeyEscape) // the window's own Esc again: stop the run, no panic
}
