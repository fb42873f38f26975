package ui

import (
	"maps"

	"fyne.io/fyne/v2"

	"concurrencylab/app/meta"
	"concurrencylab/assets"
)

var icon = fyne.NewStaticResource("icon.png", assets.Icon)

// Icon returns the app's icon as a Fyne resource, for the window, the About
// dialog and the app's metadata: the one wrapper of assets.Icon.
func Icon() fyne.Resource { return icon }

// Metadata returns m with the app's identity filled in where the build left it
// unset. `go tool fyne package` compiles ID, name, version and icon into the
// binary when it builds it; a plain `go build` (and so the README's package
// command, which wraps one) does not, and Fyne then reports its default
// version "0.0.1" and no icon. main passes the result to app.SetMetadata so
// the About dialog, notifications and the window icon are right either way.
func Metadata(m fyne.AppMetadata) fyne.AppMetadata {
	if m.ID == "" && m.Name == "" {
		// Nothing was injected, nor read from a FyneApp.toml at run time:
		// the version is Fyne's placeholder, not ours.
		m.Version = meta.Version
	}
	if m.ID == "" {
		m.ID = meta.ID
	}
	if m.Name == "" {
		m.Name = meta.Name
	}
	if m.Version == "" {
		m.Version = meta.Version
	}
	if _, ok := m.Migrations["fyneDo"]; !ok {
		m.Migrations = maps.Clone(m.Migrations)
		if m.Migrations == nil {
			m.Migrations = map[string]bool{}
		}
		m.Migrations["fyneDo"] = meta.MigratedFyneDo
	}
	if m.Icon == nil || len(m.Icon.Content()) == 0 {
		m.Icon = Icon()
	}
	return m
}
