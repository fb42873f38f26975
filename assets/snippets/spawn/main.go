// Start 100,000 goroutines, and measure how long that takes and how much
// memory each one needs.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	const n = 100_000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	release := make(chan struct{})
	var wg sync.WaitGroup
	start := time.Now()
	for range n {
		wg.Go(func() { <-release }) // each goroutine parks until release is closed //@ waiting mode=goroutines
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after) // all n are alive now, each with its own stack
	close(release)
	wg.Wait()
	fmt.Printf("%d goroutines started in %v: %v each\n", n, elapsed, elapsed/n)
	fmt.Printf("memory: about %d bytes each\n", (after.Sys-before.Sys)/n)
}
