package term

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"concurrencylab/demos"
)

// knobValue is a flag backed by a demo's knob: Knob.Parse checks the kind
// and the range, so the terminal never keeps its own copy of either.
type knobValue struct {
	knob demos.Knob
	v    *float64
	set  *bool
	errp *error // where Set leaves its one-line error for flagSet.parse
}

func (k knobValue) String() string {
	if k.v == nil {
		return ""
	}
	return k.knob.Format(*k.v)
}

func (k knobValue) Set(s string) error {
	v, err := k.knob.Parse(s)
	if err != nil {
		*k.errp = err
		return err
	}
	*k.v, *k.set = v, true
	return nil
}

// modeValue is the -mode flag of one demo.
type modeValue struct {
	demo *demos.Demo
	v    *string
	errp *error
}

func (m modeValue) String() string {
	if m.v == nil {
		return ""
	}
	return *m.v
}

func (m modeValue) Set(s string) error {
	if _, ok := m.demo.Mode(s); !ok {
		*m.errp = fmt.Errorf("unknown mode %s for %s; the modes are: %s", demos.Quote(s), m.demo.ID, strings.Join(m.demo.ModeNames(), ", "))
		return *m.errp
	}
	*m.v = s
	return nil
}

// flagSet wraps flag.FlagSet so that every parse error becomes one line
// naming the accepted values, and nothing else is printed.
type flagSet struct {
	fs     *flag.FlagSet
	what   string // "counter", "serve": says whose flags these are
	valErr error  // the last error a Value's Set gave
	knobs  map[string]demos.Knob
	// choices names the values of flags that take a word, not a number
	// ("-mode": "unsafe, mutex, ..."), for the error of a flag given none.
	choices map[string]string
}

func newFlagSet(name, what string) *flagSet {
	f := &flagSet{fs: flag.NewFlagSet(name, flag.ContinueOnError), what: what, knobs: map[string]demos.Knob{}, choices: map[string]string{}}
	f.fs.SetOutput(io.Discard)
	f.fs.Usage = func() {}
	return f
}

// knob adds a flag for k and returns where its value lands (k's default
// until the flag is given) and whether it was given.
func (f *flagSet) knob(k demos.Knob) (*float64, *bool) {
	v, set := new(float64), new(bool)
	*v = k.Default
	f.fs.Var(knobValue{knob: k, v: v, set: set, errp: &f.valErr}, k.Name, kindHint(k)+" "+k.Title)
	f.knobs[k.Name] = k
	return v, set
}

// names lists the flags, as the one-line error for an unknown flag shows them.
func (f *flagSet) names() string {
	var out []string
	f.fs.VisitAll(func(fl *flag.Flag) { out = append(out, "-"+fl.Name) })
	return strings.Join(out, ", ")
}

// parse parses args and turns the flag package's errors into usage errors.
// It returns errHelp when -h is given: the caller prints the help.
func (f *flagSet) parse(args []string) error {
	err := f.fs.Parse(args)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		return errHelp
	case f.valErr != nil:
		return &usageError{msg: f.valErr.Error()}
	default:
		return f.translate(err)
	}
	if rest := f.fs.Args(); len(rest) > 0 {
		return usageErrorf("unexpected argument %s after the flags of %s; its flags are: %s", demos.Quote(rest[0]), f.what, f.names())
	}
	return nil
}

// translate rewrites the flag package's own messages ("flag provided but not
// defined: -x") as one line that names what is accepted. What the user typed
// is echoed through demos.Quote: quoted, cut, escape sequences written out.
func (f *flagSet) translate(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return usageErrorf("unknown flag %s for %s; its flags are: %s", demos.Quote("-"+name), f.what, f.names())
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		if k, ok := f.knobs[name]; ok {
			return usageErrorf("-%s needs a value; use a value from %s to %s", name, k.Format(k.Min), k.Format(k.Max))
		}
		if c, ok := f.choices[name]; ok {
			return usageErrorf("-%s needs a value: one of %s", name, c)
		}
		return usageErrorf("-%s needs a value", name)
	}
	if strings.HasPrefix(msg, "invalid boolean value") || strings.HasPrefix(msg, "invalid boolean flag") {
		return usageErrorf("invalid boolean value: a switch such as -json takes no value (or -json=true/false)")
	}
	if arg, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return usageErrorf("bad flag syntax %s; the flags of %s are: %s", demos.Quote(arg), f.what, f.names())
	}
	return usageErrorf("%s; the flags of %s are: %s", oneLine(msg), f.what, f.names())
}

// printDefaults writes one aligned line per flag.
func (f *flagSet) printDefaults(w io.Writer) {
	tw := newTable(w)
	f.fs.VisitAll(func(fl *flag.Flag) {
		hint, usage, _ := strings.Cut(fl.Usage, " ")
		def := ""
		if k, ok := f.knobs[fl.Name]; ok {
			def = "default " + withUnit(k, k.Default) + "\t" + rangeOf(k)
		} else if fl.DefValue != "" && fl.DefValue != "false" {
			def = "default " + fl.DefValue + "\t"
		} else {
			def = "\t"
		}
		fmt.Fprintf(tw, "  -%s %s\t%s\t%s\n", fl.Name, hint, def, usage)
	})
	tw.Flush()
}

// kindHint is the placeholder shown after a flag: N, X or D.
func kindHint(k demos.Knob) string {
	switch k.Kind {
	case demos.Int:
		return "N"
	case demos.Duration:
		return "D"
	}
	return "X"
}

// withUnit renders v with the knob's unit: "64 KiB", "200ms", "8".
func withUnit(k demos.Knob, v float64) string {
	if k.Unit == "" {
		return k.Format(v)
	}
	return k.Format(v) + " " + k.Unit
}

// rangeOf renders the knob's range: "1 to 64".
func rangeOf(k demos.Knob) string {
	s := k.Format(k.Min) + " to " + k.Format(k.Max)
	if k.Unit != "" {
		s += " " + k.Unit
	}
	return s
}
