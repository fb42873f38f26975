package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"concurrencylab/app/meta"
)

func TestMetadata(t *testing.T) {
	injected := fyne.NewStaticResource("injected.png", []byte{1})
	for _, c := range []struct {
		name string
		in   fyne.AppMetadata
		want fyne.AppMetadata // Icon: nil means ours
	}{
		{"plain go build", fyne.AppMetadata{Version: "0.0.1", Build: 1},
			fyne.AppMetadata{ID: meta.ID, Name: meta.Name, Version: meta.Version, Build: 1}},
		{"zero", fyne.AppMetadata{},
			fyne.AppMetadata{ID: meta.ID, Name: meta.Name, Version: meta.Version}},
		{"injected by fyne package", fyne.AppMetadata{ID: meta.ID, Name: meta.Name, Version: "9.9.9", Build: 7, Icon: injected},
			fyne.AppMetadata{ID: meta.ID, Name: meta.Name, Version: "9.9.9", Build: 7, Icon: injected}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Metadata(c.in)
			if got.ID != c.want.ID || got.Name != c.want.Name || got.Version != c.want.Version || got.Build != c.want.Build {
				t.Errorf("Metadata = {%q %q %q %d}, want {%q %q %q %d}",
					got.ID, got.Name, got.Version, got.Build, c.want.ID, c.want.Name, c.want.Version, c.want.Build)
			}
			wantIcon := c.want.Icon
			if wantIcon == nil {
				wantIcon = Icon()
			}
			if d, ok := got.Migrations["fyneDo"]; !ok || d != meta.MigratedFyneDo {
				t.Errorf("Metadata Migrations = %v, want fyneDo %v", got.Migrations, meta.MigratedFyneDo)
			}
			if got.Icon == nil || got.Icon.Name() != wantIcon.Name() || len(got.Icon.Content()) != len(wantIcon.Content()) {
				t.Errorf("Metadata icon = %v, want %s", got.Icon, wantIcon.Name())
			}
		})
	}
}
