package term

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"concurrencylab/app/lesson"
	"concurrencylab/demos"
)

// lessonOptions is a parsed `app lesson` command line.
type lessonOptions struct {
	file  string
	check bool
	json  bool
}

// parseLesson reads `FILE [-check|-json]`; the flags may come first.
func parseLesson(args []string, help io.Writer) (lessonOptions, error) {
	var o lessonOptions
	f := newFlagSet("lesson", "app lesson")
	f.fs.BoolVar(&o.check, "check", false, " check the lesson and list its steps; run nothing")
	f.fs.BoolVar(&o.json, "json", false, " run every step and print its summary as one JSON object")
	var rest []string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		o.file, rest = args[0], args[1:]
	} else {
		rest = args
	}
	err := f.fs.Parse(rest)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(help, "Usage: app lesson FILE [-check|-json]\n"+
			"Plays a lesson headless: each step runs to its end (the window pauses at its stop_at),\n"+
			"with its caption, question, summary and reveal. FILE is a lesson file or the name of\n"+
			"a built-in lesson: %s.\n", strings.Join(lesson.BuiltIn(), ", "))
		f.printDefaults(help)
		return o, errHelp
	case err != nil:
		return o, f.translate(err)
	}
	if more := f.fs.Args(); o.file == "" && len(more) > 0 {
		o.file, more = more[0], more[1:]
		if len(more) > 0 {
			return o, usageErrorf("app lesson takes one lesson file (got %s after %s)", demos.Quote(more[0]), demos.Quote(o.file))
		}
	} else if len(more) > 0 {
		return o, usageErrorf("unexpected argument %s after the flags of app lesson; its flags are: %s", demos.Quote(more[0]), f.names())
	}
	switch {
	case o.file == "":
		return o, usageErrorf("name a lesson: app lesson FILE [-check|-json]; FILE is a lesson file or a built-in lesson: %s", strings.Join(lesson.BuiltIn(), ", "))
	case o.check && o.json:
		return o, usageErrorf("-check and -json do not go together: -check runs nothing, -json runs every step")
	}
	return o, nil
}

// openLesson reads the lesson o names: a file, or else a built-in lesson
// by its name.
func openLesson(name string) (lesson.Lesson, error) {
	l, err := lesson.Open(name)
	if err == nil {
		return l, nil
	}
	var le *lesson.Error
	if errors.As(err, &le) {
		return l, usageErrorf("%s: %s", name, err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		if l, berr := lesson.OpenBuiltIn(name); berr == nil {
			return l, nil
		}
		return l, usageErrorf("%s: no such file, nor a built-in lesson; the built-in lessons are: %s", name, strings.Join(lesson.BuiltIn(), ", "))
	}
	return l, usageErrorf("%s: %s", name, oneLine(err.Error()))
}

// lessonCmd is `app lesson`: -check validates a lesson and lists its steps;
// -json runs every step headless and prints one summary a step; with
// neither, it plays the lesson in words, a step after another.
func lessonCmd(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	o, err := parseLesson(args, stdout)
	if err != nil {
		return exitUsage, err
	}
	l, err := openLesson(o.file)
	if err != nil {
		return exitUsage, err
	}
	if o.check {
		fmt.Fprintln(stdout, oneLine(l.Title))
		for i, s := range l.Steps {
			fmt.Fprintf(stdout, "%d. %s\n", i+1, oneLine(s.Headline()))
		}
		for i, s := range l.Steps {
			if why := s.Unavailable(); why != "" {
				fmt.Fprintf(stderr, "step %d (line %d): mode %s cannot run on this machine (%s); -json skips it\n", i+1, s.Line, s.Config.Mode, why)
			}
		}
		return exitOK, nil
	}
	return playLesson(ctx, l, o.json, stdout, stderr)
}

// stepSummary is a step's summary in `app lesson -json`: the fields of
// `app run -json`, after the step's number.
type stepSummary struct {
	Step int `json:"step"`
	demos.Summary
}

// playLesson runs every step to its end, one after another, and prints its
// summary: as JSON, or in words between the step's caption and reveal. A
// step whose mode cannot run here is skipped with a note on stderr; an
// interruption ends the lesson with the step it stopped.
func playLesson(ctx context.Context, l lesson.Lesson, asJSON bool, stdout, stderr io.Writer) (int, error) {
	code := exitOK
	for i, s := range l.Steps {
		head := fmt.Sprintf("step %d of %d", i+1, len(l.Steps))
		if why := s.Unavailable(); why != "" {
			fmt.Fprintf(stderr, "%s skipped: mode %s cannot run on this machine (%s)\n", head, s.Config.Mode, why)
			continue
		}
		d, _ := demos.Lookup(s.Demo)
		fmt.Fprintf(stderr, "%s: %s\n", head, oneLine(s.Headline()))
		if !asJSON {
			out := new(bytes.Buffer)
			if i > 0 {
				out.WriteString("\n")
			}
			fmt.Fprintf(out, "%s: %s\n", strings.ToUpper(head[:1])+head[1:], oneLine(strings.Join(strings.Fields(s.Caption), " ")))
			if s.Question != "" {
				fmt.Fprintf(out, "  question  %s\n", oneLine(s.Question))
			}
			if _, err := stdout.Write(out.Bytes()); err != nil {
				return exitFailed, fmt.Errorf("cannot write the lesson to stdout: %w", err)
			}
		}
		sum, _, runErr, err := runDemo(ctx, d, s.Config, stderr)
		if err != nil {
			// Parse checked the step against the same declarations
			return exitFailed, fmt.Errorf("%s (line %d) cannot run: %s", head, s.Line, err)
		}
		var werr error
		if asJSON {
			head := stepSummary{Step: i + 1, Summary: sum}
			head.Tasks = []demos.TaskSummary{}
			werr = streamJSON(stdout, head, sum.Tasks)
		} else {
			out := new(bytes.Buffer)
			writeSummary(out, &sum)
			if s.Reveal != "" {
				fmt.Fprintf(out, "  reveal    %s\n", oneLine(strings.Join(strings.Fields(s.Reveal), " ")))
			}
			_, werr = stdout.Write(out.Bytes())
		}
		if werr != nil {
			return exitFailed, fmt.Errorf("cannot write the summary to stdout: %w", werr)
		}
		switch st := runStatus(d, &sum, runErr, stderr); st {
		case exitInterrupted:
			if i+1 < len(l.Steps) {
				fmt.Fprintf(stderr, "interrupted: steps %d to %d not run\n", i+2, len(l.Steps))
			}
			return st, nil
		case exitFailed:
			code = st // the other steps still run
		}
	}
	return code, nil
}
