package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestLaneLabelsNeverOverlap(t *testing.T) {
	for lanes := 1; lanes <= 40; lanes++ {
		for _, laneH := range []float32{3, 7, 12, 20, 40} {
			const lh = 20
			got := laneLabels(lanes, laneH, lh)
			if len(got) == 0 || got[0] != 0 {
				t.Fatalf("%d lanes of %g: labels %v do not start at the first lane", lanes, laneH, got)
			}
			for i := 1; i < len(got); i++ {
				if gap := laneH * float32(got[i]-got[i-1]); gap < lh {
					t.Fatalf("%d lanes of %g: lanes %d and %d labelled %g apart, under a label's %d", lanes, laneH, got[i-1], got[i], gap, lh)
				}
			}
			if laneH >= lh && len(got) != lanes {
				t.Errorf("%d lanes of %g: %d labelled, want every lane", lanes, laneH, len(got))
			}
		}
	}
}

func TestTableLayoutKeepsRowsAndFitsWidth(t *testing.T) {
	test.NewTempApp(t)
	tl := &tableLayout{cols: 3}
	var objs []fyne.CanvasObject
	for i := 0; i < 7*3; i++ {
		l := widget.NewLabel("a long value that a narrow column cuts")
		l.Truncation = fyne.TextTruncateEllipsis
		objs = append(objs, l)
	}
	c := container.New(tl, objs...)
	c.Resize(fyne.NewSize(300, 400))
	pitch := tl.pitch()
	for i, o := range objs {
		if right := o.Position().X + o.Size().Width; right > 300.5 {
			t.Fatalf("cell %d ends at x %g, past the table's 300", i, right)
		}
		if i >= 3 {
			if d := o.Position().Y - objs[i-3].Position().Y; d != pitch {
				t.Fatalf("row %d is %g below the one before, want the pitch %g", i/3, d, pitch)
			}
		}
	}
	if w, first := c.MinSize().Width, tl.widths(objs)[0]; w > first {
		t.Errorf("min width %g: more than the first column, it would push the history aside", w)
	}
	if h := c.MinSize().Height; h > 7*pitch+objs[0].MinSize().Height {
		t.Errorf("min height %g for 7 rows at pitch %g", h, pitch)
	}
}

// TestTableShortensBeforeCutting: a table too wide for its space first
// says the shorter texts it has, then narrows the names; the figures keep
// their whole text.
func TestTableShortensBeforeCutting(t *testing.T) {
	vizApp(t, 1.6)
	table := &tableLayout{cols: 4}
	var cells []fyne.CanvasObject
	for _, s := range []string{"work units done per second", "31,946 /s", "34,233 /s", "×1.07 (+7.2%)"} {
		cells = append(cells, widget.NewLabel(s))
	}
	ratio := cells[3].(*widget.Label)
	table.shorten(ratio, "×1.07")
	c := container.New(table, cells...)
	c.Resize(fyne.NewSize(520, 100))
	if ratio.Text != "×1.07" {
		t.Errorf("the ratio reads %q in a narrow table, want its short text", ratio.Text)
	}
	for _, o := range cells[1:3] {
		l := o.(*widget.Label)
		if need := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding(); l.Size().Width < need-0.5 {
			t.Errorf("figure %q cut: %.0f wide, needs %.0f", l.Text, l.Size().Width, need)
		}
	}
	c.Resize(fyne.NewSize(2000, 100))
	if ratio.Text != "×1.07 (+7.2%)" {
		t.Errorf("the ratio reads %q in a wide table, want its whole text", ratio.Text)
	}
}
