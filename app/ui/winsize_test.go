package ui

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
)

func TestStoredSize(t *testing.T) {
	for _, tc := range []struct {
		w, h float64
		want fyne.Size
		ok   bool
	}{
		{1280, 720, fyne.NewSize(1280, 720), true},
		{35000, 35000, maxStoredSize, true},
		{35000, 700, fyne.NewSize(maxStoredSize.Width, 700), true},
		{math.Inf(1), 800, fyne.NewSize(maxStoredSize.Width, 800), true},
		{399, 800, fyne.Size{}, false},
		{0, 0, fyne.Size{}, false},
		{-5, 1e9, fyne.Size{}, false},
		{math.NaN(), 800, fyne.Size{}, false},
		{800, math.NaN(), fyne.Size{}, false},
	} {
		got, ok := storedSize(tc.w, tc.h)
		if got != tc.want || ok != tc.ok {
			t.Errorf("storedSize(%v, %v) = %v, %v; want %v, %v", tc.w, tc.h, got, ok, tc.want, tc.ok)
		}
	}
}
