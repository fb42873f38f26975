package ui

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// prefSaveFolder is the folder the last save went to: the next save
// dialog opens there, in this session and the next.
const prefSaveFolder = "save.folder"

// saveHint is what the dialog says under the path while nothing is wrong.
const saveHint = "Enter saves.  Esc cancels.  Tab moves to the buttons."

// saveFile is the file a save writes, put on the disk when it closes.
type saveFile struct{ *os.File }

// Close puts the file on the disk before it closes it: a file replaced is
// replaced by a whole one, even if the machine stops just after.
func (f *saveFile) Close() error {
	err := f.File.Sync()
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	return err
}

// saveBox is the save dialog: one path to edit (the folder and the name),
// a Folder… button that picks the folder with Fyne's folder dialog, Cancel
// and Save. Fyne's own save dialog focuses its name field, which keeps
// Esc to itself; here Esc cancels from the field and from every button,
// and Tab walks field, Folder…, Cancel, Save.
type saveBox struct {
	win   fyne.Window
	ext   string
	write func(io.Writer) error
	done  func(saved string, replaced bool)
	dir   string // the folder a name typed without one goes to

	entry              *guessEntry
	msg                *widget.Label
	folder, cancel, ok *dialogButton
	pop                *widget.PopUp
	forget             func() // unregisters the overlay shown from Esc
	finished           bool
}

// showSaveDialog asks, under title, where to save name (of type ext),
// writes it there with write, and calls done with the path ("" when
// cancelled) and whether a file was there before.
func showSaveDialog(win fyne.Window, title, name, ext string, write func(io.Writer) error, done func(saved string, replaced bool)) *saveBox {
	b := &saveBox{win: win, ext: ext, write: write, done: done, dir: saveFolder(), forget: func() {}}
	b.entry = newGuessEntry()
	b.entry.SetText(filepath.Join(b.dir, name))
	b.entry.OnSubmitted = func(string) { b.save() }
	b.entry.onEscape = b.cancelled
	b.msg = widget.NewLabel(saveHint)
	b.msg.Wrapping = fyne.TextWrapWord
	b.folder = newDialogButton("Folder…", theme.FolderOpenIcon(), b.pickFolder, b.cancelled)
	b.cancel = newDialogButton("Cancel", theme.CancelIcon(), b.cancelled, b.cancelled)
	b.ok = newDialogButton("Save", theme.DocumentSaveIcon(), b.save, b.cancelled)
	b.ok.Importance = widget.HighImportance
	// The order of the objects is the order Tab walks.
	content := container.NewVBox(
		widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewBorder(nil, nil, nil, b.folder, b.entry),
		b.msg,
		container.NewHBox(layout.NewSpacer(), b.cancel, b.ok))
	b.pop = widget.NewModalPopUp(content, win.Canvas())
	b.show()
	return b
}

// show puts the dialog up with the path focused and the file's name
// selected, so typing replaces the name and keeps the folder and the type.
func (b *saveBox) show() {
	b.forget = onEscape(b.win, b.pop.Show, b.cancelled)
	b.fit()
	b.win.Canvas().Focus(b.entry)
	selectStem(b.entry)
}

// fit sizes the dialog to most of the window's width (nearly all of a
// projector's 1024), so that a long path reads whole, and to the height its
// text needs at that width.
func (b *saveBox) fit() {
	w := b.win.Canvas().Size().Width
	width := max(b.pop.Content.MinSize().Width, min(w-8*theme.Padding(), max(0.8*w, 960)))
	// twice: the message wraps to the width it is given, and only then
	// knows its height
	for range 2 {
		b.pop.Resize(fyne.NewSize(width, b.pop.Content.MinSize().Height))
	}
}

// hide takes the dialog down.
func (b *saveBox) hide() {
	b.forget()
	b.pop.Hide()
}

// finish takes the dialog down for good and says where the file went, and
// whether it took an older one's place.
func (b *saveBox) finish(saved string, replaced bool) {
	if b.finished {
		return
	}
	b.finished = true
	b.hide()
	b.done(saved, replaced)
}

func (b *saveBox) cancelled() { b.finish("", false) }

// say shows why the file was not saved, under the path; the dialog stays.
func (b *saveBox) say(sentence string) {
	b.msg.SetText(sentence)
	b.msg.Importance = widget.DangerImportance
	b.msg.Refresh()
	b.fit()
}

// target is the path typed, with the dialog's folder when it names none
// and the file's type when it has none; why is a sentence when it names
// no file.
func (b *saveBox) target() (path, why string) {
	p := strings.TrimSpace(b.entry.Text)
	if p == "" {
		return "", "Type a name for the file."
	}
	if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[1:])
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(b.dir, p)
	}
	if strings.HasSuffix(b.entry.Text, "/") || strings.HasSuffix(b.entry.Text, string(filepath.Separator)) {
		return "", filepath.Clean(p) + " is a folder: type a name for the file after it."
	}
	p = filepath.Clean(p)
	if filepath.Ext(p) == "" {
		p += b.ext
	}
	return p, ""
}

// save writes the file where the path says, or says in the dialog why it
// cannot; nothing is left but the file itself.
func (b *saveBox) save() {
	path, why := b.target()
	if why != "" {
		b.say(why)
		return
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		b.say("There is no folder " + dir + ": pick one with Folder…, or type another path.")
		return
	}
	fi, err := os.Stat(path)
	if err == nil && fi.IsDir() {
		b.say(path + " is a folder: type a name for the file after it.")
		return
	}
	replaced := err == nil
	if replaced && fi.Mode().Perm()&0o200 == 0 {
		b.say(path + " is read-only: type another name.")
		return
	}
	if why := b.writeFile(path, fi, replaced); why != "" {
		b.say(why)
		return
	}
	fyne.CurrentApp().Preferences().SetString(prefSaveFolder, dir)
	b.finish(path, replaced)
}

// writeFile writes the file at path. A new file is made there, with the
// permissions the account gives new files, and removed if the write fails;
// a file replaced is written beside it and moved into its place (through a
// symbolic link, to the file it names), so a save that fails leaves it as
// it was. It says why it could not, in a sentence for the dialog, or "".
func (b *saveBox) writeFile(path string, fi os.FileInfo, replaced bool) (why string) {
	if !replaced {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err != nil {
			return cannotWrite(path, err)
		}
		if err := saveTo(&saveFile{File: f}, b.write); err != nil {
			os.Remove(path) // a part of a file is no file: leave none
			return fmt.Sprintf("Could not save %s: %v.", path, err)
		}
		return ""
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return cannotWrite(path, err)
	}
	err = saveTo(&saveFile{File: f}, b.write)
	if err == nil {
		err = os.Chmod(f.Name(), fi.Mode().Perm())
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Sprintf("Could not save %s: %v.", path, err)
	}
	return ""
}

// cannotWrite says in one sentence why path could not be opened for
// writing.
func cannotWrite(path string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrPermission) {
		return "This account cannot write in " + filepath.Dir(path) + ": pick another folder with Folder…."
	}
	return fmt.Sprintf("Cannot write %s: %v.", path, err)
}

// pickFolder swaps the dialog for Fyne's folder dialog (never two dialogs
// at once), then brings it back with the folder picked in the path.
func (b *saveBox) pickFolder() {
	path, _ := b.target()
	name := filepath.Base(path)
	if path == "" {
		name = ""
	}
	start := b.dir
	if path != "" {
		start = filepath.Dir(path)
	}
	b.hide()
	back := false
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if back {
			return
		}
		back = true
		b.forget()
		b.show()
		switch {
		case err != nil:
			b.say("Cannot open that folder: " + err.Error() + ".")
		case u != nil:
			b.dir = u.Path()
			b.entry.SetText(filepath.Join(b.dir, name))
			selectStem(b.entry)
			b.msg.Importance = widget.MediumImportance
			b.msg.SetText(saveHint) // what was wrong was the folder
			b.fit()
		}
	}, b.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
		d.SetLocation(l)
	}
	b.forget = onEscape(b.win, d.Show, d.Dismiss)
}

// saveFolder is where a save dialog opens: the folder of the last save,
// else the Documents folder, else the home folder.
func saveFolder() string {
	if d := fyne.CurrentApp().Preferences().String(prefSaveFolder); isDir(d) {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		if wd, err := os.Getwd(); err == nil {
			return wd
		}
		return string(filepath.Separator)
	}
	if d := filepath.Join(home, "Documents"); isDir(d) {
		return d
	}
	return home
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return path != "" && err == nil && fi.IsDir()
}

// selectStem selects the name of the file in e's path, without its folder
// and its type, as shift and the arrow keys would.
func selectStem(e *guessEntry) {
	text := e.Text
	base := filepath.Base(text)
	if text == "" || strings.HasSuffix(text, string(filepath.Separator)) {
		return
	}
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if stem == "" {
		stem = base
	}
	e.CursorRow = 0
	e.CursorColumn = utf8.RuneCountInString(strings.TrimSuffix(text, base)) + utf8.RuneCountInString(stem)
	e.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	for range utf8.RuneCountInString(stem) {
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	}
	e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
}

// dialogButton is a button of a dialog: Enter presses it, as Space does,
// and Esc closes the dialog (a plain Button, once Tab has focused it, keeps
// Esc to itself). While it has the focus it is ringed in the text's colour:
// Fyne marks a focused button only by a tint of its background, which a
// room does not see.
type dialogButton struct {
	widget.Button
	onEscape func()
	focused  bool
}

func newDialogButton(label string, icon fyne.Resource, tapped, onEscape func()) *dialogButton {
	b := &dialogButton{onEscape: onEscape}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey is part of fyne.Focusable.
func (b *dialogButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		if b.onEscape != nil {
			b.onEscape()
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
		return
	}
	b.Button.TypedKey(k)
}

// FocusGained is part of fyne.Focusable.
func (b *dialogButton) FocusGained() {
	b.focused = true
	b.Button.FocusGained()
}

// FocusLost is part of fyne.Focusable.
func (b *dialogButton) FocusLost() {
	b.focused = false
	b.Button.FocusLost()
}

// CreateRenderer is part of fyne.Widget: the button's own, with the ring
// over it.
func (b *dialogButton) CreateRenderer() fyne.WidgetRenderer {
	return &ringRenderer{WidgetRenderer: b.Button.CreateRenderer(), b: b, ring: canvas.NewRectangle(color.Transparent)}
}

type ringRenderer struct {
	fyne.WidgetRenderer
	b    *dialogButton
	ring *canvas.Rectangle
}

func (r *ringRenderer) Layout(s fyne.Size) {
	r.WidgetRenderer.Layout(s)
	r.ring.Move(fyne.NewPos(0, 0))
	r.ring.Resize(s)
}

func (r *ringRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.ring)
}

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	th := r.b.Theme()
	r.ring.FillColor = color.Transparent
	r.ring.StrokeColor = color.Transparent
	if r.b.focused {
		r.ring.StrokeColor = th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	}
	r.ring.StrokeWidth = 3 * th.Size(theme.SizeNameInputBorder)
	r.ring.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.ring.Refresh()
}

// overlayEscapes closes an overlay the way its Cancel does, for the
// overlays that must say they closed (the save dialog, the folder dialog
// in its place): keys.go asks here when Esc reaches the window, rather than
// remove the overlay and leave the save waiting for an answer.
var overlayEscapes = map[fyne.CanvasObject]func(){}

// onEscape shows an overlay with show and has Esc close it with esc; the
// function returned forgets it, once it is down.
func onEscape(win fyne.Window, show, esc func()) (forget func()) {
	show()
	top := win.Canvas().Overlays().Top()
	if top == nil {
		return func() {} // a dialog of the system's, outside the window
	}
	overlayEscapes[top] = esc
	return func() { delete(overlayEscapes, top) }
}

// escapeOverlay closes top as its Cancel does, when it is one that must
// say so; false when it is not.
func escapeOverlay(top fyne.CanvasObject) bool {
	esc := overlayEscapes[top]
	if esc == nil {
		return false
	}
	esc()
	return true
}
