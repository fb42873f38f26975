// Package lesson reads and writes lessons: a class prepared in a file, a
// sequence of steps that each set a demo's controls, ask a question, run,
// stop at a moment, reveal and set one run beside another.
//
// A lesson is a TOML file a teacher writes in any editor (see "Lessons" in
// the README); Parse checks it against the demos' own declarations, so an
// unknown demo, mode or knob, a value out of range or a moment the demo does
// not have is refused with one sentence naming the line. Write writes one
// back, and FromRecords makes one from runs of the history. The package
// knows no toolkit: the window and the terminal both play its lessons.
package lesson

import (
	"fmt"
	"strings"

	"concurrencylab/demos"
)

// Version is the format version this package reads and writes. A file of a
// newer version is refused rather than half read.
const Version = 1

// Lesson is a sequence of steps with a title and an author line.
type Lesson struct {
	Version int // the format version the file declared
	Title   string
	Author  string // "" when the file names none
	Steps   []Step
	// Path is the file the lesson was read from by Open, "" otherwise.
	// Recordings are found relative to it.
	Path string
	// BuiltIn is the name of the built-in lesson it is (see BuiltIn), ""
	// for a file.
	BuiltIn string
}

// Step is one step of a lesson: a run of one demo, with what is said
// before, during and after it.
type Step struct {
	Demo string // the demo's ID
	// Config is the run the step sets up: the mode, the worker count and
	// every knob of the demo (the file's value, or else the demo's
	// default; durations in seconds), and Speed, the slow-motion factor
	// (1 unless the file sets it).
	Config   demos.Config
	Caption  string // a few sentences, shown large while the step is on
	Question string // asked before the step runs; "" asks nothing
	Reveal   string // shown after the step's run
	// StopAt names a moment the demo declares (Demo.Moments): the window
	// pauses the run there. "" runs to the end.
	StopAt string
	// Compare is the number (from 1) of another step whose run is set
	// beside this one's when it ends; 0 sets none.
	Compare int
	// Recording is the path of a recorded run, as the file wrote it:
	// relative to the lesson file unless absolute. "" when there is none.
	Recording string
	// Line is the line of the step's [[step]] header in the file it was
	// read from; 0 for a step built in code.
	Line int
}

// Unavailable returns why the step's mode cannot run on this machine (a peer
// mode whose interpreter is missing), or "" when it can. A lesson that uses
// such a mode is still valid: another machine may run it.
func (s Step) Unavailable() string {
	d, ok := demos.Lookup(s.Demo)
	if !ok {
		return "the demo " + demos.Quote(s.Demo) + " is not in this app"
	}
	m, ok := d.Mode(s.Config.Mode)
	if !ok {
		return "the demo has no mode " + demos.Quote(s.Config.Mode)
	}
	return m.Why()
}

// Headline is the step's line in a list: the first sentence of its
// caption, or, for a step without one, what it runs ("counter, mode mutex,
// 8 workers").
func (s Step) Headline() string {
	if c := FirstSentence(s.Caption); c != "" {
		return c
	}
	return s.Describe()
}

// Describe says what the step runs: the demo, the mode and the worker count
// (or what the mode runs on instead, when it does not use one).
func (s Step) Describe() string {
	workers := demos.Plural(s.Config.Workers, "worker", "workers")
	if d, ok := demos.Lookup(s.Demo); ok {
		if m, ok := d.Mode(s.Config.Mode); ok && m.Fixed != "" {
			workers = m.Fixed
		}
	}
	return fmt.Sprintf("%s, mode %s, %s", s.Demo, s.Config.Mode, workers)
}

// FirstSentence returns the first sentence of text, its lines joined and
// its spaces collapsed: up to the first '.', '?' or '!' that a space or
// the end follows (a closing bracket or quote after it is kept).
func FirstSentence(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	for i := 0; i < len(text); i++ {
		if c := text[i]; c != '.' && c != '?' && c != '!' {
			continue
		}
		j := i + 1
		for j < len(text) && strings.IndexByte(`)"'`, text[j]) >= 0 {
			j++
		}
		if j == len(text) || text[j] == ' ' {
			return text[:j]
		}
	}
	return text
}

// Error is a lesson that cannot be read: one sentence, naming the line of
// the file it is about and what is accepted there.
type Error struct {
	Line int    // from 1
	Msg  string // the sentence, without the line
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func errorf(line int, format string, args ...any) *Error {
	return &Error{Line: max(line, 1), Msg: fmt.Sprintf(format, args...)}
}
