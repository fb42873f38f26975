// 10,000 goroutines each wait one second (simulated I/O). Waiting uses no CPU,
// so together they take about one second, not 10,000.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	const tasks = 10_000
	start := time.Now()
	var wg sync.WaitGroup
	for range tasks {
		// A sleeping goroutine is parked by the scheduler: no thread is held,
		// and it costs only its small stack (a few KiB).
		wg.Go(func() { time.Sleep(time.Second) }) //@ sleeping mode=concurrent,bounded
	}
	wg.Wait()
	fmt.Printf("%d waits of 1 s took %.2f s\n", tasks, time.Since(start).Seconds())
}
