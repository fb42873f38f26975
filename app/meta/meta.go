// Package meta holds the app's identity: its name, reverse-DNS ID and
// version. FyneApp.toml at the repository root holds the same values for the
// packager; a test keeps the two in step, so `go run ./app` and a packaged
// build report the same version and share preferences.
package meta

// Name is the app's display name.
const Name = "Concurrency Lab"

// ID is the app's reverse-DNS identifier; Fyne keys preferences on it.
const ID = "org.concurrencylab.app"

// Version is the app's release version.
const Version = "0.1.0"

// MigratedFyneDo says the app touches widgets only on Fyne's UI goroutine
// (event handlers and the window's frame loop; no goroutine of a run does).
// FyneApp.toml says it to the packager as [Migrations] fyneDo, and Fill to a
// plain build, so Fyne skips its check of the calling goroutine on every
// Refresh: a runtime.Stack call that took over half the frame loop's work
// while 100,000 tasks churned.
const MigratedFyneDo = true
