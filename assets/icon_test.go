package assets

import (
	"bytes"
	"image/png"
	"os"
	"strings"
	"testing"
)

// TestIcon checks the embedded icon is the square 512 px PNG the packager
// and the window use, and that its SVG source sits beside it.
func TestIcon(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(Icon))
	if err != nil {
		t.Fatalf("Icon is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Errorf("Icon is %dx%d, want 512x512", b.Dx(), b.Dy())
	}
	svg, err := os.ReadFile("icon.svg")
	if err != nil {
		t.Fatalf("the icon's source: %v", err)
	}
	if !strings.Contains(string(svg), `viewBox="0 0 512 512"`) {
		t.Error("icon.svg is not drawn on a square 512 viewBox")
	}
}
