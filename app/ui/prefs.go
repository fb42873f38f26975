package ui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"concurrencylab/app/compare"
	"concurrencylab/app/lesson"
	"concurrencylab/demos"
)

// Preference keys. Per-demo settings are keyed "<demo>.mode",
// "<demo>.workers" and "<demo>.knob.<name>", so each demo comes back as it
// was left.
const (
	prefDemo      = "demo"
	prefSpeed     = "speed"
	prefProjector = "projector"
	prefWidth     = "window.width"
	prefHeight    = "window.height"
)

// restore applies the last session's preferences: window size, demo and its
// settings, speed and projector mode.
func (l *Lab) restore() {
	p := l.App.Preferences()
	size, ok := storedSize(p.FloatWithFallback(prefWidth, 0), p.FloatWithFallback(prefHeight, 0))
	if !ok {
		size = firstSize
		l.firstStart = true // Show sizes the window to the screen
	}
	l.Window.Resize(size)

	l.speed = min(1, max(0.1, p.FloatWithFallback(prefSpeed, 1)))
	l.ctl.speedK.set(l.speed)
	l.info.showSlow()

	d, ok := demos.Lookup(p.StringWithFallback(prefDemo, ""))
	if !ok && len(l.all) > 0 {
		// A first launch opens on the catalogue's first demo (interleave):
		// its run lasts seconds, so pressing Space shows bars and lanes
		// moving, where the counter is over in milliseconds.
		d = l.all[0]
	}
	l.setProjector(p.BoolWithFallback(prefProjector, false))
	if d != nil {
		l.selectDemo(d)
	}
	l.lessons.restore()
}

// loadConfig is the configuration last used for demo d, checked against the
// demo's declaration; values no longer valid fall back to the defaults.
func (l *Lab) loadConfig(d *demos.Demo) demos.Config {
	p := l.App.Preferences()
	def := d.Defaults()
	c := demos.Config{Mode: p.StringWithFallback(d.ID+".mode", def.Mode),
		Workers: p.IntWithFallback(d.ID+".workers", def.Workers), Knobs: map[string]float64{}}
	if _, ok := d.Mode(c.Mode); !ok {
		c.Mode = def.Mode
	}
	if d.Workers.Check(float64(c.Workers)) != nil {
		c.Workers = def.Workers
	}
	for _, k := range d.Knobs {
		v := p.FloatWithFallback(d.ID+".knob."+k.Name, k.Default)
		if k.Check(v) != nil {
			v = k.Default
		}
		c.Knobs[k.Name] = v
	}
	return c
}

// saveConfig remembers the controls' configuration for the current demo.
func (l *Lab) saveConfig() {
	p, d := l.App.Preferences(), l.demo
	p.SetString(d.ID+".mode", l.cfg.Mode)
	p.SetInt(d.ID+".workers", l.cfg.Workers)
	for name, v := range l.cfg.Knobs {
		p.SetFloat(d.ID+".knob."+name, v)
	}
}

// savePrefs writes the sliders' settings when they changed since the last
// write. A drag changes them dozens of times a second: writing each step
// made Fyne's file watcher read a half-written file ("Preferences load
// error: EOF"), so they are written when a drag ends, a run starts, the
// demo changes and the window closes.
func (l *Lab) savePrefs() {
	if !l.prefsDirty || l.demo == nil {
		return
	}
	l.prefsDirty = false
	l.saveConfig()
	l.App.Preferences().SetFloat(prefSpeed, l.speed)
}

// saveSize remembers the window's size for the next start.
func (l *Lab) saveSize() {
	if l.Window.FullScreen() {
		return
	}
	s := l.Window.Canvas().Size()
	if s.Width >= 400 && s.Height >= 300 {
		l.App.Preferences().SetFloat(prefWidth, float64(s.Width))
		l.App.Preferences().SetFloat(prefHeight, float64(s.Height))
	}
}

// closeWait bounds how long closing the window waits for runs to end: the
// process must be gone within a second.
const closeWait = 700 * time.Millisecond

// close is the window's close: remember the size, stop every run (child
// processes die with their run's context), wait briefly, and quit.
func (l *Lab) close() {
	l.savePrefs()
	l.saveSize()
	l.loop.stopAnim()
	l.sess.shutdown(closeWait)
	l.cmp.saves.Wait() // a recording being kept
	l.Window.Close()
	l.App.Quit()
}

// Open opens a lesson or a recording in the window, as `app FILE`, a
// double-click and Ctrl+O do: the file says what it is. It is read off the
// UI goroutine; a file that cannot be read is said in a dialog, and the
// window goes on as it was.
func (l *Lab) Open(path string) {
	var ls lesson.Lesson
	var rec *demos.Recording
	var err error
	inBackground(func() { ls, rec, err = readOpened(path) }, func() {
		switch {
		case err != nil:
			dialog.ShowError(err, l.Window)
		case rec != nil:
			l.play.openRecording(rec, "Opened "+filepath.Base(path))
		default:
			l.lessons.open(ls, 0)
		}
	})
}

// readOpened reads the lesson or the recording in path.
func readOpened(path string) (lesson.Lesson, *demos.Recording, error) {
	f, err := os.Open(path)
	if err != nil {
		return lesson.Lesson{}, nil, fmt.Errorf("cannot open %s: %w", filepath.Base(path), err)
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	f.Close()
	if lesson.Looks(head[:n]) {
		ls, err := lesson.Open(path)
		return ls, nil, err
	}
	rec, err := compare.OpenRecordingFile(path)
	return lesson.Lesson{}, rec, err
}

// openDialog asks for a lesson or a recording to open (Ctrl+O), unless a
// dialog is open: one never opens over another.
func (l *Lab) openDialog() {
	if l.Window.Canvas().Overlays().Top() != nil {
		l.info.say("Close the dialog that is open (Esc) first, then open a file.")
		return
	}
	forget := func() {}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		forget()
		l.unfocus()
		if err != nil {
			dialog.ShowError(err, l.Window)
			return
		}
		if rc == nil {
			return // cancelled
		}
		rc.Close()
		l.Open(rc.URI().Path())
	}, l.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".toml", ".rec"}))
	forget = onEscape(l.Window, d.Show, d.Dismiss) // its callback then hands the keys back
}

// inBackground runs work off the UI goroutine (a file read: the window
// never waits on one), then done on it. Tests run both in turn on their own
// goroutine: Fyne's test driver runs fyne.Do on its caller, so done on
// another goroutine would race with the test.
var inBackground = func(work, done func()) {
	go func() {
		work()
		fyne.Do(done)
	}()
}
