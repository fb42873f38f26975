package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"concurrencylab/demos"
)

// sliderSteps is the resolution of every knob's slider: its position runs
// from 0 to sliderSteps and maps onto the knob's range, linearly or on a log
// scale, so one slider type serves knobs from 0..1 to 1..100,000.
const sliderSteps = 1000

// knobSlider is a slider for one knob of a demo, with a label that names the
// knob and shows its value and unit ("Increments per worker: 10,000").
type knobSlider struct {
	knob   demos.Knob
	value  float64
	slider *widget.Slider
	label  *widget.Label
	note   string // said after the value, e.g. "applies to the next run"
	box    *fyne.Container

	onChange func(v float64)        // the user moved the slider to v
	format   func(v float64) string // renders the value; knobValue when nil
	grain    float64                // a linear slider's step, when set
	quiet    bool                   // set while the program moves the slider
}

func newKnobSlider(k demos.Knob, v float64, onChange func(float64)) *knobSlider {
	ks := &knobSlider{knob: k, onChange: onChange}
	ks.slider = widget.NewSlider(0, sliderSteps)
	ks.slider.Step = 1
	ks.label = widget.NewLabel("")
	ks.label.Wrapping = fyne.TextWrapWord
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
	ks.box = container.NewVBox(ks.label, ks.slider)
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
	v := ks.value
	switch {
	case !ks.knob.Log || v < 10 && dir > 0 || v <= 10 && dir < 0:
		v += float64(dir)
	case dir > 0:
		v = math.Max(v+1, roundSig(v*1.25, 2))
	default:
		v = math.Min(v-1, roundSig(v/1.25, 2))
	}
	v = min(ks.knob.Max, max(ks.knob.Min, ks.round(v)))
	if v == ks.value {
		return
	}
	ks.set(v)
	if ks.onChange != nil {
		ks.onChange(v)
	}
}

func (ks *knobSlider) showValue() {
	v := knobValue(ks.knob, ks.value)
	if ks.format != nil {
		v = ks.format(ks.value)
	}
	if ks.note != "" {
		v += "  (" + ks.note + ")"
	}
	setLabel(ks.label, ks.knob.Title+": "+v)
}

// setNote sets what the label says after the value; empty for nothing.
func (ks *knobSlider) setNote(s string) {
	ks.note = s
	ks.showValue()
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

// setInline puts the label beside the slider (one line, for projector mode)
// or above it.
func (ks *knobSlider) setInline(on bool) {
	if on {
		ks.box.Layout = &inlineLayout{ks}
	} else {
		ks.box.Layout = layout.NewVBoxLayout()
	}
	ks.box.Refresh()
}

// inlineLayout puts the label left of the slider: the label takes the width
// its text needs, up to two thirds of the cell, and wraps beyond that.
type inlineLayout struct{ ks *knobSlider }

func (il *inlineLayout) labelWidth(total float32) float32 {
	l := il.ks.label
	th := l.Theme()
	need := fyne.MeasureText(l.Text, th.Size(theme.SizeNameText), l.TextStyle).Width +
		2*th.Size(theme.SizeNameInnerPadding)
	return min(need+1, total*2/3)
}

func (il *inlineLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	lw := il.labelWidth(size.Width)
	il.ks.label.Move(fyne.NewPos(0, 0))
	il.ks.label.Resize(fyne.NewSize(lw, size.Height))
	sh := il.ks.slider.MinSize().Height
	il.ks.slider.Move(fyne.NewPos(lw, (size.Height-sh)/2))
	il.ks.slider.Resize(fyne.NewSize(size.Width-lw, sh))
}

func (il *inlineLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	s := il.ks.slider.MinSize()
	l := il.ks.label.MinSize()
	return fyne.NewSize(l.Width+s.Width, max(l.Height, s.Height))
}
