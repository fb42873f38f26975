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
