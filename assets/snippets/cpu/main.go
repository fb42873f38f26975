// The same CPU-bound work on 1 goroutine, then on one goroutine per core.
package main

import (
	"fmt"
	"runtime"
	"time"
)

// countPrimes counts primes among first, first+step, ... below n by slow
// trial division: pure computing, no waiting.
func countPrimes(first, step, n int) (count int) {
next:
	for k := first; k < n; k += step {
		for d := 2; d*d <= k; d++ { //@ running
			if k%d == 0 {
				continue next
			}
		}
		count++
	}
	return count
}

func main() {
	const n = 3_000_000
	for _, workers := range []int{1, runtime.NumCPU()} {
		start := time.Now()
		counts := make(chan int)
		for w := range workers {
			go func() { counts <- countPrimes(2+w, workers, n) }()
		}
		primes := 0
		for range workers {
			primes += <-counts // each goroutine hands back its own count: nothing shared
		}
		fmt.Printf("%2d goroutines: %d primes in %.2f s\n", workers, primes, time.Since(start).Seconds())
	}
}
