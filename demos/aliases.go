// Package demos is the catalogue of Concurrency Lab: the demos themselves,
// one file each, registered from init. The engine that runs them is package
// demos/engine, so that the compiler holds its boundary: a demo file reaches
// only what the engine exports. The front ends import this package alone and
// read the engine's API here under the same names (aliases and thin
// wrappers), so a front end names no engine package. It never imports a GUI
// toolkit: the window and the terminal both read Model snapshots.
package demos

import (
	"context"
	"time"

	"concurrencylab/demos/engine"
)

// Config is one configuration of a demo: the mode, the worker count at
// start and every knob's value (durations in seconds).
type Config = engine.Config

// Counter is the demo's shared counter: what it should read and what it
// reads.
type Counter = engine.Counter

// CounterJSON is the shared counter in a Summary.
type CounterJSON = engine.CounterJSON

// Demo declares one demo: what the front ends show about it and the code
// that runs it.
type Demo = engine.Demo

// Event is one report from a running demo.
type Event = engine.Event

// Figure declares one of a demo's measured figures: a stat, a series or a
// flag, by the name the demo records it under.
type Figure = engine.Figure

// Gauge is a level against a capacity, such as a channel's buffer fill.
type Gauge = engine.Gauge

// Kind says what an Event reports.
type Kind = engine.Kind

// Knob is one setting a demo takes besides its mode: a slider in the
// window, a flag in the terminal.
type Knob = engine.Knob

// KnobKind says how a knob's value is read, shown and parsed.
type KnobKind = engine.KnobKind

// Limiter lets at most the run's live worker target hold a slot at once,
// like a semaphore whose size follows the worker slider while the run goes:
// raising the target lets queued tasks in at once; lowering it lets no new
// ones in until enough holders have left.
type Limiter = engine.Limiter

// Load is what the machine's CPUs did during a run, where the OS tells: all
// the time its cores were busy, and this process's share of it.
type Load = engine.Load

// LogLine is one line a worker printed.
type LogLine = engine.LogLine

// Mode is one variant of a demo that a user switches to compare.
type Mode = engine.Mode

// Model is the one place that turns a run's events into state: per-task
// state and history, counters, figures and printed lines.
type Model = engine.Model

// Moment is a place in a run that carries its lesson, or a warning the
// engine found about the run, told in one plain sentence.
type Moment = engine.Moment

// MomentKind declares one kind of moment a demo finds in its runs.
type MomentKind = engine.MomentKind

// Player is a recording and a cursor in it: the state of the run after the
// cursor's first events, rebuilt by the Model's own fold from the nearest
// keyframe, so a replayed moment reads exactly as it did live.
type Player = engine.Player

// Point is one sample of a time series.
type Point = engine.Point

// Recording is every event a run folded, in the order its Model folded
// them, kept compact: a few bytes an event (time, task and worker as varint
// deltas, texts as indices into a table), against the 56 bytes of an Event.
type Recording = engine.Recording

// Run is one execution of one demo with one configuration.
type Run = engine.Run

// Scan is what a Spotter sees besides the event: the run's configuration,
// every task's state before the event, and where the event lies.
type Scan = engine.Scan

// Shows declares which shared figures and panes a front end gives a demo.
type Shows = engine.Shows

// Snapshot is a copy of a run's state that a reader may keep and read at
// leisure.
type Snapshot = engine.Snapshot

// Span is one stretch of a task's history: from At, the task was in State
// (waiting or sleeping on On).
type Span = engine.Span

// Spotter sees a run's events in the order they were folded and adds the
// moments it finds with Scan.Add.
type Spotter = engine.Spotter

// State is what a task is doing at a moment.
type State = engine.State

// Stopwatch measures a stretch of the run's time, which leaves pauses out.
type Stopwatch = engine.Stopwatch

// Summary is the machine-readable account of a run: what `app run -json`
// prints and what the window exports.
type Summary = engine.Summary

// Sweep declares how a demo is compared across runs.
type Sweep = engine.Sweep

// Task is the handle through which one task reports.
type Task = engine.Task

// TaskInfo is the state of one task as folded from its events.
type TaskInfo = engine.TaskInfo

// WaitOp says what a waiting task waits to do with its resource.
type WaitOp = engine.WaitOp

// The operations a task can wait to do (see engine.WaitOp).
const (
	WaitNone = engine.WaitNone
	WaitSend = engine.WaitSend
	WaitRecv = engine.WaitRecv
)

// TaskSummary is one task in a Summary.
type TaskSummary = engine.TaskSummary

// Units says what each of a run's tasks stands for, when a task is not the
// thing a class counts (spawn's goroutines, ten to a task).
type Units = engine.Units

// WaitEdge is one worker's place in a wait-for graph: the resources it
// holds, and the one it waits for ("" for none) with the worker holding it
// (-1 for no one).
type WaitEdge = engine.WaitEdge

// All returns every registered demo in the catalogue's order.
func All() []*Demo { return engine.All() }

// Bytes renders a byte count with a binary unit and three significant
// digits: "512 B", "1.50 KiB", "42.0 MiB", "640 MiB".
func Bytes(n float64) string { return engine.Bytes(n) }

// ChildMain does a worker child's job when this process was started as one
// by a processes mode, and reports ok; otherwise it returns at once with ok
// false.
func ChildMain() (code int, ok bool) { return engine.ChildMain() }

// IDs returns the IDs of every demo, in order.
func IDs() []string { return engine.IDs() }

// IsChild reports whether this process was started by a processes mode as a
// worker child (ChildMain then does its job).
func IsChild() bool { return engine.IsChild() }

// IsPeer reports whether mode runs a peer program in another language
// rather than Go code.
func IsPeer(mode string) bool { return engine.IsPeer(mode) }

// KillChildren kills every child process the demos started and have not
// reaped, each with its process group.
func KillChildren() { engine.KillChildren() }

// Lookup returns the demo with the given ID.
func Lookup(id string) (*Demo, bool) { return engine.Lookup(id) }

// NewLimiter returns a Limiter that follows r.Workers().
func NewLimiter(r *Run) *Limiter { return engine.NewLimiter(r) }

// NewPlayer returns a player of run r's recording, following the run.
func NewPlayer(r *Run) *Player { return engine.NewPlayer(r) }

// NewRecordingPlayer returns a player of a finished recording (read from a
// file), its cursor at the end.
func NewRecordingPlayer(rec *Recording) *Player { return engine.NewRecordingPlayer(rec) }

// Plural writes n with the singular or the plural noun: "1 task", "3
// tasks", "10,000 tasks".
func Plural(n int, one, many string) string { return engine.Plural(n, one, many) }

// Quote renders text a user typed for a one-line message: quoted, with any
// control character or escape sequence written out rather than sent to the
// terminal, and cut to InputLimit characters.
func Quote(s string) string { return engine.Quote(s) }

// ReadRecording reads a recording file's bytes.
func ReadRecording(b []byte) (*Recording, error) { return engine.ReadRecording(b) }

// Register adds a demo to the catalogue; each demo's file calls it from
// init.
func Register(d *Demo) { engine.Register(d) }

// SayTime writes a run's time for a sentence: "52.1 ms", "1.204 s".
func SayTime(d time.Duration) string { return engine.SayTime(d) }

// Start checks cfg against the demo and starts a run of it.
func Start(ctx context.Context, d *Demo, cfg Config) (*Run, error) { return engine.Start(ctx, d, cfg) }

// StartProbes begins, in the background, the checks of which peer modes
// this machine can run (whether rustc runs, whether a free-threaded CPython
// is here), so that a window asking about a mode later does not wait for
// them.
func StartProbes() { engine.StartProbes() }

// States lists every state in display order.
func States() []State { return engine.States() }

// Summarize builds the Summary of a run from its snapshot.
func Summarize(r *Run, s *Snapshot, err error) Summary { return engine.Summarize(r, s, err) }

// SummarizeRecording builds the Summary of a recorded run from the snapshot
// at the end of its recording (Player.Seek(Len)): the same one its run
// printed.
func SummarizeRecording(rec *Recording, s *Snapshot) Summary {
	return engine.SummarizeRecording(rec, s)
}

// Thousands writes n with commas between groups of three digits: 10000 ->
// "10,000".
func Thousands(n int64) string { return engine.Thousands(n) }

// Warnings the engine adds to a run's moments.
const (
	WarnBusy    = engine.WarnBusy
	WarnNoYield = engine.WarnNoYield
	WarnBlocked = engine.WarnBlocked
)

// A recording file's first bytes and the format version it carries.
const (
	RecordingMagic   = engine.RecordingMagic
	RecordingVersion = engine.RecordingVersion
)

// InputLimit is how many characters of a user's text a message echoes.
const InputLimit = engine.InputLimit

// MinSpeed is the slowest slow-motion factor.
const MinSpeed = engine.MinSpeed

// The kinds of Event.
const (
	EvState    = engine.EvState
	EvProgress = engine.EvProgress
	EvWaited   = engine.EvWaited
	EvHold     = engine.EvHold
	EvRelease  = engine.EvRelease
	EvCounter  = engine.EvCounter
	EvLog      = engine.EvLog
	EvStat     = engine.EvStat
	EvSample   = engine.EvSample
	EvGauge    = engine.EvGauge
	EvFlag     = engine.EvFlag
	EvLane     = engine.EvLane
	EvWaitFor  = engine.EvWaitFor
	EvHeld     = engine.EvHeld
	EvMoment   = engine.EvMoment
	EvUnits    = engine.EvUnits
)

// The kinds of Knob.
const (
	Int      = engine.Int
	Float    = engine.Float
	Duration = engine.Duration
	Fraction = engine.Fraction
)

// The states of a task.
const (
	Pending   = engine.Pending
	Running   = engine.Running
	Waiting   = engine.Waiting
	Sleeping  = engine.Sleeping
	Done      = engine.Done
	Failed    = engine.Failed
	Cancelled = engine.Cancelled
)

// The figures every sweep and prediction can name besides a demo's own.
var (
	FigSpeedup = engine.FigSpeedup
	FigElapsed = engine.FigElapsed
	FigCounter = engine.FigCounter
)

// ErrStopped is what Run.Wait returns when the run was stopped before it finished.
var ErrStopped = engine.ErrStopped
