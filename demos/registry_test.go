package demos

import (
	"strings"
	"testing"
)

// TestRefusalQuotesTheValueAsTyped: a value refused for its range is named
// as the user typed it, not as Format rounds it ("-fail 1", "-wait 0s"
// would read as values inside the range); a value no one typed keeps
// Format's spelling.
func TestRefusalQuotesTheValueAsTyped(t *testing.T) {
	fail := Knob{Name: "fail", Kind: Fraction, Min: 0, Max: 1}
	wait := Knob{Name: "wait", Kind: Duration, Min: 0.001, Max: 10}
	workers := Knob{Name: "workers", Kind: Int, Min: 1, Max: 64}
	long := "2." + strings.Repeat("0", 60) + "1"
	for _, tc := range []struct {
		k    Knob
		in   string
		want string
	}{
		{fail, "1.0000001", "-fail 1.0000001 is out of range; use a value from 0 to 1"},
		{fail, " -0.00001 ", "-fail -0.00001 is out of range; use a value from 0 to 1"},
		{fail, "+Inf", "-fail +Inf is out of range; use a value from 0 to 1"},
		{wait, "1ns", "-wait 1ns is out of range; use a value from 1ms to 10s"},
		{wait, "10.0001s", "-wait 10.0001s is out of range; use a value from 1ms to 10s"},
		{workers, "65", "-workers 65 is out of range; use a value from 1 to 64"},
		{fail, long, "-fail " + Quote(long) + " is out of range"},
	} {
		_, err := tc.k.Parse(tc.in)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v; want %q", tc.in, err, tc.want)
		}
	}
	if err := fail.Check(1.0000001); err == nil || !strings.HasPrefix(err.Error(), "-fail 1 is out of range") {
		t.Errorf("Check(1.0000001) = %v; want Format's spelling, -fail 1", err)
	}
	if err := wait.CheckTyped(20, "20s"); err == nil || !strings.HasPrefix(err.Error(), "-wait 20s is out of range") {
		t.Errorf("CheckTyped(20, 20s) = %v; want -wait 20s", err)
	}
	if _, err := fail.Parse("0.5"); err != nil {
		t.Errorf("Parse(0.5) = %v; want no error", err)
	}
}

// TestDeclaredMomentsHaveASpotter: a demo that declares moments has the
// spotter that finds them: without one, its moments never show, and a
// lesson's stop_at on them never stops.
func TestDeclaredMomentsHaveASpotter(t *testing.T) {
	for _, d := range All() {
		if len(d.Moments) > 0 && d.Spot == nil {
			t.Errorf("%s declares moments %v but no Spot to find them", d.ID, d.Moments)
		}
	}
}
