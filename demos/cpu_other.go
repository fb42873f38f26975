//go:build !unix

package demos

import "time"

// processCPU is not measured here; the cpu demo falls back to the workers'
// wall-clock time spent computing.
func processCPU() (time.Duration, bool) { return 0, false }
