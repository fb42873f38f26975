// A steady stream of jobs goes into a queue served by a fixed pool of 4
// worker goroutines. A job waits in the queue until a worker is free.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	start := time.Now()
	queue := make(chan int, 100) // the queue: a buffered channel
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for job := range queue { // ends once queue is closed and empty
				time.Sleep(100 * time.Millisecond) // the job's cost (simulated) //@ running
				fmt.Printf("%.2f s: worker %d finished job %d\n", time.Since(start).Seconds(), w, job)
			}
		})
	}
	for job := range 20 {
		queue <- job
		time.Sleep(20 * time.Millisecond) // 50 jobs/s arrive; 4 workers clear 40/s
	}
	close(queue) // no more jobs
	wg.Wait()
}
