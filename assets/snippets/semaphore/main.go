// Twelve tasks want a resource that only 3 may use at once (say, 3
// database connections). A semaphore of 3 slots makes the rest wait.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

func main() {
	ctx := context.Background()
	start := time.Now()
	slots := semaphore.NewWeighted(3) // K = 3 //@ mode=semaphore,mutex
	var wg sync.WaitGroup
	for task := range 12 {
		wg.Go(func() {
			// Acquire waits for a free slot, or returns ctx's error.
			if err := slots.Acquire(ctx, 1); err != nil { //@ waiting
				return
			}
			defer slots.Release(1) // hand the slot to the first waiter
			fmt.Printf("%.1f s: task %d got a slot\n", time.Since(start).Seconds(), task)
			time.Sleep(500 * time.Millisecond) // use the resource (simulated) //@ running
		})
	}
	wg.Wait()
	// 12 tasks, 3 at a time, 0.5 s each: about 2 s in all
	fmt.Printf("all done in %.1f s\n", time.Since(start).Seconds())
}
