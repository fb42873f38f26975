package ui

import (
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// sliderSteps is the resolution of every knob's slider: its position runs
// from 0 to sliderSteps and maps onto the knob's range, linearly or on a log
// scale, so one slider type serves knobs from 0..1 to 1..100,000.
const sliderSteps = 1000

// knobSlider is a slider for one knob of a demo: a title that names the
// knob ("Increments per worker"), and beside the slider its value with its
// unit ("10,000", "200ms", "512 KiB").
type knobSlider struct {
	knob   demos.Knob
	value  float64
	slider *widget.Slider
	title  *widget.Label
	label  *widget.Label // the value
	note   string        // said after the title, e.g. "applies to the next run"
	box    *fyne.Container
	row    *fyne.Container // slider and value

	onChange func(v float64)        // the user moved the slider to v
	format   func(v float64) string // renders the value; knobValue when nil
	grain    float64                // a linear slider's step, when set
	quiet    bool                   // set while the program moves the slider
	short    bool                   // the title without its parenthesis, in the top line
}

func newKnobSlider(k demos.Knob, v float64, onChange func(float64)) *knobSlider {
	ks := &knobSlider{knob: k, onChange: onChange}
	ks.slider = widget.NewSlider(0, sliderSteps)
	ks.slider.Step = 1
	ks.title = widget.NewLabel(k.Title)
	ks.title.Wrapping = fyne.TextWrapWord
	ks.label = widget.NewLabel("")
	ks.label.TextStyle = fyne.TextStyle{Bold: true}
	ks.slider.OnChanged = func(pos float64) {
		if ks.quiet {
			return
		}
		nv := ks.fromPos(pos)
		if nv == ks.value {
			return
		}
		ks.value = nv
		ks.showValue()
		if ks.onChange != nil {
			ks.onChange(nv)
		}
	}
	ks.row = container.NewBorder(nil, nil, nil, ks.label, ks.slider)
	ks.box = container.New(&stackedLayout{ks}, ks.title, ks.row)
	ks.set(v)
	return ks
}

// set moves the slider to v without calling onChange.
func (ks *knobSlider) set(v float64) {
	v = min(ks.knob.Max, max(ks.knob.Min, v))
	ks.value = v
	ks.quiet = true
	ks.slider.SetValue(ks.toPos(v))
	ks.quiet = false
	ks.showValue()
}

// nudge moves the value one step up (dir > 0) or down and reports it as a
// user change: the keyboard's +/- keys.
func (ks *knobSlider) nudge(dir int) {
	v, k := ks.value, ks.knob
	switch {
	case k.Log && k.Kind == demos.Int && (v < 10 && dir > 0 || v <= 10 && dir < 0):
		v += float64(dir) // 1, 2, 3 ... 10, then by a quarter
	case k.Log && dir > 0:
		v = math.Max(v*1.01, roundSig(v*1.25, 2))
	case k.Log:
		v = math.Min(v/1.01, roundSig(v/1.25, 2))
	case k.Kind == demos.Int:
		v += float64(dir)
	default:
		// a linear range in about twenty steps: 0.05 of a fraction
		step := ks.grain
		if step <= 0 {
			step = roundSig((k.Max-k.Min)/20, 1)
		}
		v = math.Round((v+float64(dir)*step)/step) * step
	}
	v = min(k.Max, max(k.Min, ks.round(v)))
	if v == ks.value {
		return
	}
	ks.set(v)
	if ks.onChange != nil {
		ks.onChange(v)
	}
}

// valueText is the knob's value as its label shows it.
func (ks *knobSlider) valueText() string { return ks.label.Text }

func (ks *knobSlider) showValue() {
	v := knobValue(ks.knob, ks.value)
	if ks.format != nil {
		v = ks.format(ks.value)
	}
	setLabel(ks.label, v)
}

// setNote sets what the title says after the knob's name; empty for
// nothing.
func (ks *knobSlider) setNote(s string) {
	ks.note = s
	t := ks.knob.Title
	if ks.short {
		t, _, _ = strings.Cut(t, " (") // "Spawners (start units in parallel)": "Spawners"
	}
	if s != "" {
		t += " · " + s
	}
	setLabel(ks.title, t)
}

// logBase shifts a range that starts at or below zero so that a log scale
// can still spread it: the scale runs over v - logBase.
func (ks *knobSlider) logBase() float64 {
	if ks.knob.Min > 0 {
		return 0
	}
	return ks.knob.Min - 1
}

func (ks *knobSlider) toPos(v float64) float64 {
	k := ks.knob
	if k.Max <= k.Min {
		return 0
	}
	var t float64
	if k.Log {
		b := ks.logBase()
		t = math.Log((v-b)/(k.Min-b)) / math.Log((k.Max-b)/(k.Min-b))
	} else {
		t = (v - k.Min) / (k.Max - k.Min)
	}
	return math.Round(min(1, max(0, t)) * sliderSteps)
}

func (ks *knobSlider) fromPos(pos float64) float64 {
	k := ks.knob
	t := pos / sliderSteps
	var v float64
	if k.Log {
		b := ks.logBase()
		v = b + (k.Min-b)*math.Pow((k.Max-b)/(k.Min-b), t)
		v = roundSig(v, 2)
	} else {
		v = k.Min + t*(k.Max-k.Min)
		if k.Kind != demos.Int {
			// about 200 distinct values across the range, at a round grain
			grain := ks.grain
			if grain <= 0 {
				grain = math.Pow(10, math.Floor(math.Log10((k.Max-k.Min)/200)))
			}
			v = math.Round(math.Round(v/grain)*grain*1e9) / 1e9
		}
	}
	return min(k.Max, max(k.Min, ks.round(v)))
}

// round makes whole-number knobs whole.
func (ks *knobSlider) round(v float64) float64 {
	if ks.knob.Kind == demos.Int {
		return math.Round(v)
	}
	return v
}

// roundSig rounds v to n significant digits: sliders on a log scale land on
// values a teacher would pick (12,000 rather than 12,347).
func roundSig(v float64, n int) float64 {
	if v == 0 {
		return 0
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// setInline puts title, slider and value on one line (projector mode) or
// the title above the slider.
func (ks *knobSlider) setInline(on bool) {
	if on {
		// on one line the title never wraps: a wrapped label measures its
		// height at its last width, and the line would change height
		ks.title.Wrapping = fyne.TextWrapOff
		ks.box.Objects = []fyne.CanvasObject{ks.title, ks.row}
		ks.box.Layout = &inlineLayout{ks}
	} else {
		ks.title.Wrapping = fyne.TextWrapWord
		ks.box.Objects = []fyne.CanvasObject{ks.title, ks.row}
		ks.box.Layout = &stackedLayout{ks}
	}
	ks.box.Refresh()
}

// stackedLayout puts the title above the slider, the title's bottom padding
// over the slider's top padding: both are blank, and a row of sliders is
// height the views need more.
type stackedLayout struct{ ks *knobSlider }

func (sl *stackedLayout) overlap() float32 { return theme.InnerPadding() }

func (sl *stackedLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	t, r := sl.ks.title.MinSize(), sl.ks.row.MinSize()
	return fyne.NewSize(max(t.Width, r.Width), t.Height+r.Height-sl.overlap())
}

func (sl *stackedLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	ks := sl.ks
	ks.title.Move(fyne.NewPos(0, 0))
	ks.title.Resize(fyne.NewSize(size.Width, ks.title.MinSize().Height))
	th := ks.title.MinSize().Height
	ks.title.Resize(fyne.NewSize(size.Width, th))
	rh := ks.row.MinSize().Height
	ks.row.Move(fyne.NewPos(0, th-sl.overlap()))
	ks.row.Resize(fyne.NewSize(size.Width, rh))
}

// inlineLayout puts the title left of the slider: the title takes the width
// its text needs, up to half the cell, and wraps beyond that.
type inlineLayout struct{ ks *knobSlider }

func (il *inlineLayout) titleWidth(total float32) float32 {
	return min(il.ks.titleNeed(), max(total*0.7, total-il.ks.row.MinSize().Width))
}

// titleNeed is the width of the title on one line.
func (ks *knobSlider) titleNeed() float32 {
	l := ks.title
	th := l.Theme()
	return fyne.MeasureText(l.Text, th.Size(theme.SizeNameText), l.TextStyle).Width +
		2*th.Size(theme.SizeNameInnerPadding) + 1
}

func (il *inlineLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	tw := il.titleWidth(size.Width)
	il.ks.title.Move(fyne.NewPos(0, 0))
	il.ks.title.Resize(fyne.NewSize(tw, size.Height))
	rh := il.ks.row.MinSize().Height
	il.ks.row.Move(fyne.NewPos(tw, (size.Height-rh)/2))
	il.ks.row.Resize(fyne.NewSize(size.Width-tw, rh))
}

func (il *inlineLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	t, r := il.ks.title.MinSize(), il.ks.row.MinSize()
	return fyne.NewSize(t.Width+r.Width, max(t.Height, r.Height))
}
