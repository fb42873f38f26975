package compare

import "testing"

// TestFormatValue covers the shapes a figure or a typed guess takes, a wild
// guess beyond int64 among them.
func TestFormatValue(t *testing.T) {
	for _, c := range []struct {
		v    float64
		unit string
		want string
	}{
		{1.934, "×", "1.93 ×"},
		{0.4123, "s", "0.412 s"},
		{10000, "", "10,000"},
		{1234.6, "/s", "1,235 /s"},
		{-2500, "", "-2,500"},
		{1e300, "×", "1e+300 ×"},
		{-9.9e18, "", "-9.9e+18"},
	} {
		if got := FormatValue(c.v, c.unit); got != c.want {
			t.Errorf("FormatValue(%g, %q) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
}
