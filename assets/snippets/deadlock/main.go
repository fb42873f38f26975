// Two goroutines take the same two locks in opposite order, and both wait
// forever. Go notices that every goroutine is blocked and stops the program:
// "fatal error: all goroutines are asleep - deadlock!"
// The fix: every goroutine takes the locks in one agreed order (a, then b).
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var a, b sync.Mutex
	var wg sync.WaitGroup
	both := func(name string, first, second *sync.Mutex) {
		first.Lock() //@ waiting holds=0
		defer first.Unlock()
		fmt.Println(name, "holds its first lock")
		time.Sleep(100 * time.Millisecond) // time for the other one to take its first lock //@ sleeping holds=1
		second.Lock()                      // held by the other goroutine, which waits for ours //@ waiting holds=1
		defer second.Unlock()
		fmt.Println(name, "holds both") // never printed
	}
	wg.Go(func() { both("worker 1", &a, &b) })
	wg.Go(func() { both("worker 2", &b, &a) }) // the bug; the fix is (&a, &b) //@ mode=deadlock,timeout
	wg.Wait()
}
