//go:build unix

package demos

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) this process has used so far,
// as the operating system counts it: time actually spent on a core, unlike a
// worker's wall-clock time, which also counts while it waits for a core.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
