package engine

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// KnobKind says how a knob's value is read, shown and parsed.
type KnobKind uint8

// Knob kinds. Duration values are held in seconds. A Fraction is a Float
// from 0 to 1, typed as 0.25 and said as "25%".
const (
	Int KnobKind = iota
	Float
	Duration
	Fraction
)

// Knob is one setting a demo takes besides its mode: a slider in the window, a
// flag in the terminal. Values are float64; durations are in seconds.
type Knob struct {
	Name    string // flag name, e.g. "increments"
	Title   string // label, e.g. "Increments per worker"
	Unit    string // shown after the value, e.g. "KiB"
	Kind    KnobKind
	Default float64
	Min     float64
	Max     float64
	Log     bool // a slider moves on a log scale (ranges over decades)
}

// Format renders v the way a user types it: "8", "0.2", "200ms".
func (k Knob) Format(v float64) string {
	switch k.Kind {
	case Int:
		return strconv.FormatInt(int64(math.Round(v)), 10)
	case Duration:
		return (time.Duration(v * float64(time.Second))).Round(time.Microsecond).String()
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// Parse reads a value typed by a user and checks it against the knob's range.
// Its error is one plain sentence naming the accepted values.
//
// The text is echoed quoted and cut (see Quote); a number too large to read
// at all is out of range, like one just past the maximum.
func (k Knob) Parse(s string) (float64, error) {
	var v float64
	var err error
	t := strings.TrimSpace(s)
	switch k.Kind {
	case Int:
		var n int64
		n, err = strconv.ParseInt(t, 10, 64)
		v = float64(n)
	case Duration:
		var d time.Duration
		d, err = time.ParseDuration(t)
		v = d.Seconds()
		if err != nil && durationTooLong(t) {
			err = strconv.ErrRange
		}
	default:
		v, err = strconv.ParseFloat(t, 64)
	}
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("-%s %s is out of range; use a value from %s to %s", k.Name, Quote(s), k.Format(k.Min), k.Format(k.Max))
	}
	if err != nil || math.IsNaN(v) {
		return 0, fmt.Errorf("-%s %s is not %s; use a value from %s to %s", k.Name, Quote(s), k.kindName(), k.Format(k.Min), k.Format(k.Max))
	}
	if err := k.CheckTyped(v, typed(t)); err != nil {
		return 0, err
	}
	return v, nil
}

// typed renders text that parsed as a knob's value for a message as the user
// typed it, "1.0000001" or "1ns", not rounded as Format would write the
// value; quoted and cut like Quote when it is too long to echo plainly.
func typed(t string) string {
	if len(t) > InputLimit {
		return Quote(t)
	}
	return t
}

// durationTooLong reports whether s is a well-formed duration too long for
// time.Duration (about 290 years), such as "999999999h".
func durationTooLong(s string) bool {
	num := strings.TrimRight(s, "nsuµmh")
	unit := s[len(num):]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f <= 0 || strings.ContainsAny(num, "eExXpP_") {
		return false
	}
	switch unit {
	case "ns", "us", "µs", "ms", "s", "m", "h":
		_, err := time.ParseDuration("1" + unit)
		return err == nil
	}
	return false
}

// InputLimit is how much of a user's text a message echoes.
const InputLimit = 40

// Quote renders text a user typed for a one-line message: quoted, with any
// control character or escape sequence written out rather than sent to the
// terminal, and cut to InputLimit characters.
func Quote(s string) string {
	if r := []rune(s); len(r) > InputLimit {
		s = string(r[:InputLimit]) + "…"
	}
	return strconv.Quote(s)
}

// Check reports whether v lies in the knob's range. Its error shows v as
// Format writes it; for a value a user typed, CheckTyped shows their text.
func (k Knob) Check(v float64) error { return k.CheckTyped(v, k.Format(v)) }

// CheckTyped is Check for a value read from text a user typed: its error
// names the value as typed, so that 1.0000001, refused for a range up to 1,
// is not shown as "1", nor 1ns as "0s". typed must be safe to print (see
// Quote).
func (k Knob) CheckTyped(v float64, typed string) error {
	if !(v >= k.Min && v <= k.Max) { // NaN too
		return fmt.Errorf("-%s %s is out of range; use a value from %s to %s", k.Name, typed, k.Format(k.Min), k.Format(k.Max))
	}
	return nil
}

func (k Knob) kindName() string {
	switch k.Kind {
	case Int:
		return "a whole number"
	case Duration:
		return "a duration such as 200ms or 1.5s"
	}
	return "a number"
}

// Mode is one variant of a demo that a user switches to compare.
type Mode struct {
	Name string // flag value, e.g. "mutex"
	Help string // one line: what this variant does
	Live bool   // follows the worker count while running
	// Fixed, when set, says the mode does not use the worker count and
	// what it runs on instead, e.g. "one goroutine".
	Fixed string
	// Unavailable, when set, says why the mode cannot run on this machine
	// now ("python3 not found on PATH"), or "" when it can. Peer modes set
	// it; it is asked at every Check. python3 is looked for on PATH each
	// time; rustc and a free-threaded CPython, which are started to be
	// checked, once per PATH, so one installed while the app runs is seen
	// at its next start.
	Unavailable func() string
	// probe, when set, is the check behind Unavailable that starts a
	// program: Why does not wait for it, Await does.
	probe *probe
}

// Why returns why the mode cannot run on this machine, or "" when it can.
// It never waits: while a check that starts a program (rustc --version) is
// still running, it says so ("checking rustc…"), so a window may ask on its
// UI goroutine and ask again later for the answer.
func (m Mode) Why() string {
	if m.Unavailable == nil {
		return ""
	}
	return m.Unavailable()
}

// Await is Why once its checks are in: it waits for them, at most their
// deadline (seconds), as a terminal command can.
func (m Mode) Await() string {
	if m.probe != nil {
		m.probe.answer()
	}
	return m.Why()
}

// Checking reports whether Why is still waiting for a check.
func (m Mode) Checking() bool { return m.probe != nil && m.probe.pending() }

// Demo declares one demo: what the front ends show about it and the code that
// runs it. Both front ends take modes, knobs, defaults and ranges from here.
type Demo struct {
	ID      string
	Title   string
	Summary string // one sentence: what it shows
	Notice  string // two or three sentences: what to notice
	// Question is a prediction question asked before the run. {name}
	// stands for the value of knob name ("workers" included) with its unit,
	// so the question always describes the run about to start (see Ask).
	Question string
	Modes    []Mode // the first is the default
	Workers  Knob   // the worker count's default and range
	Knobs    []Knob // the demo's other knobs
	Counter  bool   // the demo has a shared counter (expected/actual/lost)
	Prints   bool   // the demo writes output lines (Run.Log) for a front end to show
	// Figures declares the demo's measured figures, its stats (Run.Stat),
	// series (Run.Sample) and flags (Run.Flag), with the words and unit the
	// window and the terminal summary show them in.
	Figures []Figure
	// CPUBound says the demo measures work that needs every core: a front
	// end should draw its progress less often while it runs, so that the
	// drawing does not take the cores the measurement is about.
	CPUBound bool
	// Shows declares which of the front ends' shared figures the demo has,
	// beyond elapsed time and tasks done.
	Shows Shows
	// Sweep declares how the demo is compared across runs: what a sweep
	// varies and charts, and what a prediction guesses.
	Sweep Sweep
	// Moments declares the kinds of moment that carry the demo's lesson,
	// found in its events: a lost update, a lock handed over, the cycle
	// closing. A lesson's step names one to stop at.
	Moments []MomentKind
	// Spot, when set, returns what finds the demo's moments in the events
	// of one of its runs (moments reported with Run.Moment need none).
	Spot func() Spotter

	// Run executes the demo. It must not return before every goroutine and
	// child process it started has ended, and it should return soon after
	// r.Context() is cancelled.
	Run func(r *Run) error
}

// Shows declares which shared figures and panes a front end gives a demo.
type Shows struct {
	Speedup bool // parallelism, and the speedup over a 1-worker run
	// Bytes: task progress is counted in bytes; a front end shows the
	// download rate, ETA and bytes, and each task's bytes and ETA
	Bytes     bool
	PerSecond bool   // tasks finished per second
	Chart     string // the title of the chart of the demo's series; "" for a plain one
	// Output: the lesson is read in the printed lines, so a front end
	// keeps them even where room is short (projector mode)
	Output bool
}

// Sweep declares how a demo is compared across runs. The zero Sweep
// varies the worker count, charts the speedup and predicts the elapsed
// time.
type Sweep struct {
	Axis    string   // the knob a sweep varies; "" or "workers" for the worker count
	Chart   Figure   // what a sweep charts against Axis: FigSpeedup, FigElapsed, or one of the demo's figures
	Predict Figure   // the figure the prediction question names
	Modes   []string // the modes a sweep compares by default; nil: the current one
	// MoreWork says each worker brings its own work (the counter's
	// increments): a run with more workers does more, so no speedup
	// against 1 worker is taken.
	MoreWork bool
	Step     float64 // the default axis values grow by this factor; 0 for 2
	// UpTo is the largest useful axis value for configuration c; nil: 8,
	// within the knob's range.
	UpTo func(c Config) float64 `json:"-"`
}

// The figures every sweep and prediction can name besides a demo's own.
var (
	FigSpeedup = Figure{Name: "speedup", Title: "speedup against 1 worker", Unit: "×"}
	FigElapsed = Figure{Name: "elapsed", Title: "elapsed time", Unit: "s"}
	FigCounter = Figure{Name: "counter", Title: "the counter's final value"}
)

// MomentKind declares one kind of moment a demo finds in its runs.
type MomentKind struct {
	Name  string // as a lesson names it: "cycle-closed"
	Title string // what it is, for a list: "the wait-for cycle closed"
}

// MomentKind returns the declaration of the moment named name.
func (d *Demo) MomentKind(name string) (MomentKind, bool) {
	for _, m := range d.Moments {
		if m.Name == name {
			return m, true
		}
	}
	return MomentKind{}, false
}

// Figure declares one of a demo's measured figures: a stat, a series or a
// flag, by the name the demo records it under.
type Figure struct {
	Name  string // e.g. "mean_wait_ms"
	Title string // the words for it, e.g. "mean wait"
	// Unit is how its value reads: "ms", "µs", "B", "B/s", "/s" (a rate),
	// "×" (a ratio), or a word ("jobs", "jobs/s"); "" for a plain count
	// or a flag.
	Unit   string
	Hidden bool // kept for the JSON alone (the cpu demo's checksum)
	// Work says the figure is the size of a unit of work: two runs that
	// differ in it did different work, and their times do not compare
	// (a Python unit of the cpu demo is a hundredth of a Go unit).
	Work bool
}

// commonFigures are the figures the engine adds to every demo's summary,
// and those of every peer mode.
var commonFigures = []Figure{
	{Name: "wait_ms", Title: "time waiting, all tasks", Unit: "ms"},
	// a peer's (a Python or Rust program's), kept out of its elapsed time
	{Name: "startup_ms", Title: "start-up, not in elapsed", Unit: "ms"},
	{Name: "compile_ms", Title: "rustc compile, not in elapsed", Unit: "ms"},
}

// Figure returns the declaration of the figure named name: the demo's, or
// one the engine adds to every summary.
func (d *Demo) Figure(name string) (Figure, bool) {
	for _, fs := range [][]Figure{d.Figures, commonFigures} {
		for _, f := range fs {
			if f.Name == name {
				return f, true
			}
		}
	}
	return Figure{}, false
}

// Mode returns the mode named name.
func (d *Demo) Mode(name string) (Mode, bool) {
	for _, m := range d.Modes {
		if m.Name == name {
			return m, true
		}
	}
	return Mode{}, false
}

// Knob returns the knob named name; "workers" names the worker count.
func (d *Demo) Knob(name string) (Knob, bool) {
	if name == "workers" {
		return d.Workers, true
	}
	for _, k := range d.Knobs {
		if k.Name == name {
			return k, true
		}
	}
	return Knob{}, false
}

// ModeNames returns the names of the demo's modes, in order.
func (d *Demo) ModeNames() []string {
	out := make([]string, len(d.Modes))
	for i, m := range d.Modes {
		out[i] = m.Name
	}
	return out
}

// Defaults returns a configuration with the default mode, worker count and knobs.
func (d *Demo) Defaults() Config {
	c := Config{Mode: d.Modes[0].Name, Workers: int(d.Workers.Default), Knobs: map[string]float64{}}
	for _, k := range d.Knobs {
		c.Knobs[k.Name] = k.Default
	}
	return c
}

// Ask returns the prediction question for the run configured by c: each
// {name} becomes that knob's value in c (its default when c lacks it) as a
// reader says it, "10,000", "200 ms", "512 KiB", and {workers} "8 workers".
func (d *Demo) Ask(c Config) string {
	q := d.Question
	for _, k := range append([]Knob{d.Workers}, d.Knobs...) {
		ph := "{" + k.Name + "}"
		if !strings.Contains(q, ph) {
			continue
		}
		v, ok := c.Knobs[k.Name]
		if k.Name == "workers" {
			v, ok = float64(c.Workers), c.Workers > 0
		}
		if !ok {
			v = k.Default
		}
		say := k.Say(v)
		if k.Name == "workers" { // "1 worker", "8 workers"
			say += map[bool]string{true: " worker", false: " workers"}[v == 1]
		}
		q = strings.ReplaceAll(q, ph, say)
	}
	return q
}

// Say renders v for a sentence: digits grouped by thousands, a space
// before a duration's unit, the knob's unit after the value.
func (k Knob) Say(v float64) string {
	var s string
	switch k.Kind {
	case Int:
		s = Thousands(int64(math.Round(v)))
	case Duration:
		s = k.Format(v)
		if i := strings.IndexFunc(s, func(r rune) bool { return r != '.' && (r < '0' || r > '9') }); i > 0 && !strings.ContainsAny(s[i:], "0123456789") {
			s = s[:i] + " " + s[i:] // "200ms" → "200 ms"; "1m30s" stays
		}
	case Fraction:
		s = strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + "%"
	default:
		s = strconv.FormatFloat(v, 'g', 4, 64)
	}
	if k.Unit != "" {
		s += " " + k.Unit
	}
	return s
}

// Thousands writes n with commas between groups of three digits:
// 10000 -> "10,000".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Bytes renders a byte count with a binary unit and three significant
// digits: "512 B", "1.50 KiB", "42.0 MiB", "640 MiB". Every front end and
// every demo's printed line uses it, so one quantity reads the same
// everywhere.
func Bytes(n float64) string {
	const unit = 1024
	if math.Abs(n) < unit {
		return fmt.Sprintf("%.0f B", n)
	}
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	i := 0
	n /= unit
	for math.Abs(n) >= unit && i < len(units)-1 {
		n /= unit
		i++
	}
	switch a := math.Abs(n); {
	case a < 10:
		return fmt.Sprintf("%.2f %s", n, units[i])
	case a < 100:
		return fmt.Sprintf("%.1f %s", n, units[i])
	}
	return fmt.Sprintf("%.0f %s", n, units[i])
}

// Plural writes n with the singular or the plural noun: "1 task",
// "3 tasks", "10,000 tasks".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(int64(n)) + " " + many
}

// Check validates a configuration against the demo's declaration and fills
// in missing knobs with defaults. Its error is one plain sentence.
func (d *Demo) Check(c Config) (Config, error) {
	m, ok := d.Mode(c.Mode)
	if !ok {
		return c, fmt.Errorf("%s has no mode %q; use one of: %s", d.ID, c.Mode, strings.Join(d.ModeNames(), ", "))
	}
	// A mode whose check is still running is let through: Check must not
	// wait (a window calls it on its UI goroutine), and the run itself
	// waits for the answer and fails with it.
	if !m.Checking() {
		if why := m.Why(); why != "" {
			return c, fmt.Errorf("%s -mode %s is unavailable: %s", d.ID, c.Mode, why)
		}
	}
	if err := d.Workers.Check(float64(c.Workers)); err != nil {
		return c, err
	}
	knobs := make(map[string]float64, len(d.Knobs))
	for _, k := range d.Knobs {
		v, ok := c.Knobs[k.Name]
		if !ok {
			v = k.Default
		}
		if err := k.Check(v); err != nil {
			return c, err
		}
		knobs[k.Name] = v
	}
	for name := range c.Knobs {
		if _, ok := d.Knob(name); !ok {
			return c, fmt.Errorf("%s has no knob %q", d.ID, name)
		}
	}
	c.Knobs = knobs
	return c, nil
}

// Config is one configuration of a demo: the mode, the worker count at start
// and every knob's value (durations in seconds).
type Config struct {
	Mode    string
	Workers int
	Knobs   map[string]float64
	Speed   float64 // slow-motion factor at start, MinSpeed to 1; 0 means 1
}

// MinSpeed is the slowest slow-motion factor: ten times slower than real time.
const MinSpeed = 0.1

// Int returns knob name as a whole number. Like Float and Dur, it panics
// when the demo does not declare the knob: a misspelt name is a programming
// error, which a silent 0 would hide (TestEveryDemoReadsOnlyItsKnobs runs
// every demo to catch it).
func (c Config) Int(name string) int { return int(math.Round(c.knob(name))) }

// Float returns knob name.
func (c Config) Float(name string) float64 { return c.knob(name) }

// Dur returns knob name as a duration.
func (c Config) Dur(name string) time.Duration {
	return time.Duration(c.knob(name) * float64(time.Second))
}

// knob returns knob name's value; a checked Config holds every knob its
// demo declares and no other.
func (c Config) knob(name string) float64 {
	v, ok := c.Knobs[name]
	if !ok {
		panic(fmt.Sprintf("demos: Config has no knob %q: the demo does not declare it", name))
	}
	return v
}

var (
	regMu    sync.Mutex
	registry []*Demo
)

// Register adds a demo to the catalogue; each demo's file calls it from init.
func Register(d *Demo) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, o := range registry {
		if o.ID == d.ID {
			panic("demos: duplicate demo " + d.ID)
		}
	}
	registry = append(registry, d)
}

// order is the catalogue's teaching order; demos not named here follow it.
var order = []string{"interleave", "counter", "cpu", "sleepers", "download", "pool", "pipeline", "deadlock", "spawn"}

// All returns every registered demo in the catalogue's order.
func All() []*Demo {
	regMu.Lock()
	defer regMu.Unlock()
	out := append([]*Demo(nil), registry...)
	rank := func(id string) int {
		for i, o := range order {
			if o == id {
				return i
			}
		}
		return len(order)
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].ID) < rank(out[j].ID) })
	return out
}

// Lookup returns the demo with the given ID.
func Lookup(id string) (*Demo, bool) {
	for _, d := range All() {
		if d.ID == id {
			return d, true
		}
	}
	return nil, false
}

// IDs returns the IDs of every demo, in order.
func IDs() []string {
	var ids []string
	for _, d := range All() {
		ids = append(ids, d.ID)
	}
	return ids
}
