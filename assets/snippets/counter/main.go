// Many goroutines add 1 to a shared counter: with no lock, with a mutex, with
// an atomic. `go run -race .` reports the unsafe one as a data race.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// hammer calls add 1,000,000 times from each of 8 goroutines at once.
func hammer(name string, add func(), read func() int64) {
	start := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1_000_000 { //@ running
				add()
			}
		})
	}
	wg.Wait()
	fmt.Printf("%-6s %7d of 8000000 in %v\n", name, read(), time.Since(start))
}

func main() {
	var racy, locked int64
	var mu sync.Mutex
	var atomicN atomic.Int64
	// racy++ is load, add, store: two goroutines can both load 41 and both store 42.
	hammer("none", func() { racy++ }, func() int64 { return racy })                              //@ mode=unsafe
	hammer("mutex", func() { mu.Lock(); locked++; mu.Unlock() }, func() int64 { return locked }) //@ mode=mutex
	hammer("atomic", func() { atomicN.Add(1) }, atomicN.Load)                                    //@ mode=atomic
}
