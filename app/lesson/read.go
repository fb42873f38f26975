package lesson

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"concurrencylab/demos"
)

// The keys of a lesson, and those of a step besides the demo's knobs.
var (
	lessonKeys = []string{"version", "title", "author", "step"}
	stepKeys   = []string{"demo", "mode", "workers", "speed", "caption", "question", "reveal", "stop_at", "compare", "recording"}
)

// speedKnob checks a step's speed as the terminal's -speed flag does.
var speedKnob = demos.Knob{Name: "speed", Kind: demos.Float, Default: 1, Min: demos.MinSpeed, Max: 1}

// MaxSize is the largest lesson file read: a lesson is words and settings,
// and a file much larger than any class needs is not one.
const MaxSize = 1 << 20

// Open reads the lesson file at path and checks it, and checks that every
// recording it names exists. Its error is one sentence; for a lesson that
// cannot be read it names the line (an *Error).
func Open(path string) (Lesson, error) {
	st, err := os.Stat(path)
	if err == nil && st.Size() > MaxSize {
		return Lesson{}, fmt.Errorf("%s is %s, too large for a lesson (at most %s)", path, demos.Bytes(float64(st.Size())), demos.Bytes(MaxSize))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Lesson{}, fmt.Errorf("cannot read the lesson: %w", err)
	}
	l, err := Parse(data)
	if err != nil {
		return Lesson{}, err
	}
	l.Path = path
	ls := scanLines(string(data))
	for i, s := range l.Steps {
		if s.Recording == "" {
			continue
		}
		if _, err := os.Stat(l.RecordingPath(s)); err != nil {
			return Lesson{}, errorf(ls.stepKey(i, "recording"), "recording %s is not a file next to the lesson (%s); give a path relative to the lesson file",
				demos.Quote(s.Recording), oneLine(err))
		}
	}
	return l, nil
}

// RecordingPath returns where step s's recording is: its path taken
// relative to the lesson file's folder (or as it is, when absolute).
func (l Lesson) RecordingPath(s Step) string {
	if s.Recording == "" || filepath.IsAbs(s.Recording) || l.Path == "" {
		return s.Recording
	}
	return filepath.Join(filepath.Dir(l.Path), filepath.FromSlash(s.Recording))
}

// stepHeader finds a [[step]] header at the start of a line.
var stepHeader = regexp.MustCompile(`(?m)^[ \t]*\[\[[ \t]*step[ \t]*\]\]`)

// Looks reports whether data looks like a lesson rather than another kind of
// file (a recording): it has a [[step]] table. It does not check the
// lesson; Parse does, with an error for a lesson with mistakes.
func Looks(data []byte) bool { return stepHeader.Match(data) }

// Parse reads a lesson and checks every step against the demos' own
// declarations: the demo, its mode, the worker count and each knob in
// range, the moment to stop at, the step to compare with. A mode that this
// machine cannot run (a peer mode without its interpreter) is accepted:
// see Step.Unavailable. Its error is an *Error naming the line.
func Parse(data []byte) (Lesson, error) {
	if len(data) > MaxSize {
		return Lesson{}, errorf(1, "the file is %s, too large for a lesson (at most %s)", demos.Bytes(float64(len(data))), demos.Bytes(MaxSize))
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Lesson{}, errorf(pe.Position.Line, "this is not valid TOML (%s); a lesson is TOML: key = value lines under [[step]] headers", oneLine(errors.New(pe.Message)))
		}
		return Lesson{}, errorf(1, "this is not valid TOML (%s)", oneLine(err))
	}
	ls := scanLines(string(data))
	var l Lesson

	v, ok := raw["version"]
	if !ok {
		return Lesson{}, errorf(1, "the lesson has no version; start it with the line: version = %d", Version)
	}
	n, isInt := v.(int64)
	switch {
	case isInt && n > Version:
		return Lesson{}, errorf(ls.topKey("version"), "this lesson is format version %d, newer than this app reads (version %d); open it with a newer Concurrency Lab", n, Version)
	case !isInt || n < 1:
		return Lesson{}, errorf(ls.topKey("version"), "version = %s is not a format version; write version = %d", tomlText(v), Version)
	}
	l.Version = int(n)

	for _, k := range sortedByLine(raw, ls.topKey) {
		if !slices.Contains(lessonKeys, k) {
			return Lesson{}, errorf(ls.topKey(k), "%s is not a key of a lesson; a lesson has: %s, and a [[step]] table a step", demos.Quote(k), strings.Join(lessonKeys[:3], ", "))
		}
	}
	var err error
	if l.Title, err = text(raw, "title", ls.topKey("title")); err != nil {
		return Lesson{}, err
	}
	if strings.TrimSpace(l.Title) == "" {
		return Lesson{}, errorf(ls.topKey("title"), "the lesson has no title; add a line such as: title = \"Lost updates\"")
	}
	if l.Author, err = text(raw, "author", ls.topKey("author")); err != nil {
		return Lesson{}, err
	}

	steps, err := stepTables(raw["step"], ls)
	if err != nil {
		return Lesson{}, err
	}
	for i, t := range steps {
		s, err := readStep(t, i, ls)
		if err != nil {
			return Lesson{}, err
		}
		l.Steps = append(l.Steps, s)
	}
	for i, s := range l.Steps {
		switch {
		case s.Compare == 0:
		case s.Compare == i+1:
			return Lesson{}, errorf(ls.stepKey(i, "compare"), "compare = %d is this step itself; name another step, from 1 to %d", s.Compare, len(l.Steps))
		case s.Compare < 1 || s.Compare > len(l.Steps):
			return Lesson{}, errorf(ls.stepKey(i, "compare"), "compare = %d names no step; the steps are numbered 1 to %d", s.Compare, len(l.Steps))
		}
	}
	return l, nil
}

// stepTables returns the [[step]] tables of the lesson.
func stepTables(v any, ls *lines) ([]map[string]any, error) {
	need := func(line int) error {
		return errorf(line, "the lesson has no steps; add a [[step]] table a step, each with its demo = \"ID\"; the demos are: %s", strings.Join(demos.IDs(), ", "))
	}
	switch v := v.(type) {
	case nil:
		return nil, need(1)
	case []map[string]any:
		if len(v) == 0 {
			return nil, need(ls.topKey("step"))
		}
		return v, nil
	case []any:
		out := make([]map[string]any, 0, len(v))
		for _, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, errorf(ls.topKey("step"), "step must be [[step]] tables, one a step, not %s", tomlText(v))
			}
			out = append(out, m)
		}
		if len(out) == 0 {
			return nil, need(ls.topKey("step"))
		}
		return out, nil
	}
	return nil, errorf(ls.topKey("step"), "step must be [[step]] tables, one a step (write [[step]], with two brackets, above each)")
}

// readStep checks step i and turns it into a Step.
func readStep(t map[string]any, i int, ls *lines) (Step, error) {
	s := Step{Line: ls.step(i)}
	line := func(k string) int { return ls.stepKey(i, k) }
	ids := strings.Join(demos.IDs(), ", ")
	dv, ok := t["demo"]
	if !ok {
		return s, errorf(s.Line, "step %d has no demo; add a line such as demo = \"counter\"; the demos are: %s", i+1, ids)
	}
	id, ok := dv.(string)
	if !ok {
		return s, errorf(line("demo"), "demo = %s is not a demo's name; write it in quotes; the demos are: %s", tomlText(dv), ids)
	}
	d, ok := demos.Lookup(id)
	if !ok {
		return s, errorf(line("demo"), "demo %s is not a demo; the demos are: %s", demos.Quote(id), ids)
	}
	s.Demo = d.ID
	s.Config = d.Defaults()
	s.Config.Speed = 1

	for _, k := range sortedByLine(t, line) {
		if slices.Contains(stepKeys, k) {
			continue
		}
		if _, ok := d.Knob(k); !ok {
			return s, errorf(line(k), "%s is not a setting of a %s step; a step takes: %s", demos.Quote(k), d.ID, strings.Join(keysOf(d), ", "))
		}
	}
	for _, k := range sortedByLine(t, line) {
		v := t[k]
		var err error
		switch k {
		case "demo":
		case "mode":
			err = readMode(d, v, &s.Config.Mode)
		case "workers":
			var f float64
			if f, err = number(d.Workers, v); err == nil {
				s.Config.Workers = int(f)
			}
		case "speed":
			s.Config.Speed, err = number(speedKnob, v)
		case "caption":
			s.Caption, err = str(k, v)
		case "question":
			s.Question, err = str(k, v)
		case "reveal":
			s.Reveal, err = str(k, v)
		case "recording":
			s.Recording, err = str(k, v)
			if err == nil && strings.TrimSpace(s.Recording) == "" {
				err = errors.New("recording is empty; give the path of a recorded run, relative to the lesson file, or leave the line out")
			}
		case "stop_at":
			if s.StopAt, err = str(k, v); err == nil {
				err = checkMoment(d, s.StopAt)
			}
		case "compare":
			n, ok := v.(int64)
			if !ok {
				err = fmt.Errorf("compare = %s is not a step number; write the number of another step, such as compare = 1", tomlText(v))
			} else {
				s.Compare = int(min(max(n, -1), math.MaxInt32))
			}
		default:
			kn, _ := d.Knob(k)
			s.Config.Knobs[k], err = number(kn, v)
		}
		if err != nil {
			return s, errorf(line(k), "%s", err)
		}
	}
	return s, nil
}

// keysOf lists what a step of d takes: the step's keys with the demo's
// knobs after the worker count.
func keysOf(d *demos.Demo) []string {
	out := append([]string(nil), stepKeys[:3]...)
	for _, k := range d.Knobs {
		out = append(out, k.Name)
	}
	return append(out, stepKeys[3:]...)
}

func readMode(d *demos.Demo, v any, mode *string) error {
	name, ok := v.(string)
	if _, known := d.Mode(name); !ok || !known {
		return fmt.Errorf("mode %s is not a mode of %s; its modes are: %s", quoteAny(v), d.ID, strings.Join(d.ModeNames(), ", "))
	}
	*mode = name
	return nil
}

func checkMoment(d *demos.Demo, name string) error {
	if _, ok := d.MomentKind(name); ok {
		return nil
	}
	if len(d.Moments) == 0 {
		return fmt.Errorf("stop_at %s: %s declares no moments to stop at; leave stop_at out", demos.Quote(name), d.ID)
	}
	names := make([]string, len(d.Moments))
	for i, m := range d.Moments {
		names[i] = m.Name
	}
	return fmt.Errorf("stop_at %s is not a moment of %s; its moments are: %s", demos.Quote(name), d.ID, strings.Join(names, ", "))
}

// number reads a knob's value as the file writes it: a duration as a
// string ("200ms"), any other knob as a number; both checked against the
// knob's kind and range.
func number(k demos.Knob, v any) (float64, error) {
	var f float64
	switch v := v.(type) {
	case string:
		if k.Kind != demos.Duration {
			return 0, fmt.Errorf("%s = %s: write the number without quotes, from %s to %s", k.Name, demos.Quote(v), k.Format(k.Min), k.Format(k.Max))
		}
		x, err := k.Parse(v)
		return x, flagless(err)
	case int64:
		f = float64(v)
	case float64:
		f = v
	default:
		return 0, fmt.Errorf("%s = %s is not a number; use a value from %s to %s", k.Name, tomlText(v), k.Format(k.Min), k.Format(k.Max))
	}
	switch {
	case k.Kind == demos.Duration:
		return 0, fmt.Errorf("%s is a duration: write it in quotes with its unit, such as %s = %q", k.Name, k.Name, k.Format(k.Default))
	case k.Kind == demos.Int && f != math.Trunc(f):
		return 0, fmt.Errorf("%s = %s is not a whole number; use a value from %s to %s", k.Name, tomlText(v), k.Format(k.Min), k.Format(k.Max))
	}
	return f, flagless(k.CheckTyped(f, tomlText(v)))
}

// flagless rewrites a knob's error, written for a flag ("-workers 100 is
// out of range"), for a file ("workers 100 is out of range").
func flagless(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(strings.TrimPrefix(err.Error(), "-"))
}

func str(key string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s = %s is not text; write it in quotes", key, tomlText(v))
	}
	return s, nil
}

// text returns the string at key of a table, "" when absent.
func text(t map[string]any, key string, line int) (string, error) {
	v, ok := t[key]
	if !ok {
		return "", nil
	}
	s, err := str(key, v)
	if err != nil {
		return "", errorf(line, "%s", err)
	}
	return s, nil
}

// sortedByLine returns the keys of t in the order of their lines.
func sortedByLine(t map[string]any, line func(string) int) []string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if la, lb := line(a), line(b); la != lb {
			return la - lb
		}
		return strings.Compare(a, b)
	})
	return keys
}

// tomlText renders a value the file gave, for a message.
func tomlText(v any) string {
	switch v := v.(type) {
	case string:
		return demos.Quote(v)
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "a list"
	}
	s := fmt.Sprint(v)
	if r := []rune(s); len(r) > demos.InputLimit {
		s = string(r[:demos.InputLimit]) + "…"
	}
	return s
}

func quoteAny(v any) string {
	if s, ok := v.(string); ok {
		return demos.Quote(s)
	}
	return tomlText(v)
}

// oneLine keeps a message on one line of plain text.
func oneLine(err error) string {
	s := err.Error()
	if strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		q := fmt.Sprintf("%q", s)
		return q[1 : len(q)-1]
	}
	return s
}
