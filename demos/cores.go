package demos

import "runtime"

// cores is the core count the default sweeps are sized for.
func cores() float64 { return float64(runtime.GOMAXPROCS(0)) }
