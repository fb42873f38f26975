package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"concurrencylab/demos"
)

// thousands renders n with groups of three digits: 10000 -> "10,000".
func thousands(n int64) string { return demos.Thousands(n) }

// seconds renders d with a unit, precise enough to compare runs: "0.82 s",
// "12.3 s", and under a tenth of a second in milliseconds, "7.3 ms".
func seconds(d time.Duration) string {
	s := d.Seconds()
	switch {
	case s < 0.01:
		return fmt.Sprintf("%.2f ms", s*1000)
	case s < 0.1:
		return fmt.Sprintf("%.1f ms", s*1000)
	case s < 10:
		return fmt.Sprintf("%.2f s", s)
	case s < 100:
		return fmt.Sprintf("%.1f s", s)
	}
	return fmt.Sprintf("%.0f s", s)
}

// clock renders a run time for the elapsed label: always three decimals, so
// the label does not jump in width while it counts.
func clock(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

// bytesText renders a byte count with a binary unit: "512 B", "1.50 MiB".
var bytesText = demos.Bytes

// number renders a figure without a unit: whole numbers with thousands
// separators, others with three significant digits.
func number(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "—"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return thousands(int64(v))
	}
	a := math.Abs(v)
	switch {
	case a >= 1000:
		return thousands(int64(math.Round(v)))
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

// knobValue renders a knob's value with its unit, the way the window shows
// it: "10,000", "200ms", "512 KiB".
func knobValue(k demos.Knob, v float64) string {
	var s string
	switch k.Kind {
	case demos.Int:
		s = thousands(int64(math.Round(v)))
	case demos.Duration:
		s = k.Format(v)
	case demos.Fraction:
		return k.Say(v)
	default:
		s = strconv.FormatFloat(v, 'g', 3, 64)
	}
	if k.Unit != "" {
		s += " " + k.Unit
	}
	return s
}

// stateWords is a state's word with what it waits on or why it ended:
// "waiting: lock B", "failed: HTTP 404 Not Found".
func stateWords(s demos.State, on string) string {
	on = reasonText(s, on)
	if on == "" {
		return s.String()
	}
	return s.String() + ": " + on
}

// reasonText is what a task in state s waits on or why it ended, without
// the state's word when the reason starts with it ("cancelled: file 3
// failed first" for a cancelled task), which would read twice.
func reasonText(s demos.State, on string) string {
	if r, ok := strings.CutPrefix(on, s.String()+": "); ok {
		return r
	}
	return on
}

// bytesOf renders progress in bytes in the total's unit: "410/512 KiB".
func bytesOf(n, total int64) string {
	t := bytesText(float64(total))
	unit := t[strings.LastIndexByte(t, ' ')+1:]
	div := map[string]float64{"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}[unit]
	v := float64(n) / div
	num := fmt.Sprintf("%.0f", v)
	if v < 10 && unit != "B" {
		num = fmt.Sprintf("%.1f", v)
	}
	return num + "/" + t
}
