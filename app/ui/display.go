package ui

import (
	"errors"
	"os"
	"runtime"
)

// CheckDisplay tells, in one sentence, why no window can open here: on Linux
// and the BSDs, a session with neither an X11 nor a Wayland display (an SSH
// login, a container). Without it the GL driver would panic with a stack
// trace. Elsewhere it always returns nil.
func CheckDisplay() error {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return errors.New("no display to open a window on (DISPLAY is not set); in a terminal, try: app list, or app run counter")
		}
	}
	return nil
}
