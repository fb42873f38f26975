//go:build !linux

package demos

import "time"

// threadCPU is not measured here; the cpu demo falls back to the workers'
// wall-clock time spent computing.
func threadCPU() (time.Duration, bool) { return 0, false }
