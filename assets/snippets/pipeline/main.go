// A pipeline of three stages joined by channels: generate numbers, square
// them on 3 workers (fan-out), and add up what all 3 send back (fan-in).
package main

import (
	"fmt"
	"sync"
)

func main() {
	nums := make(chan int) // unbuffered: each send waits until a worker receives //@ mode=unbuffered
	go func() {
		for i := 1; i <= 100; i++ {
			nums <- i //@ waiting op=send res=ch1
		}
		close(nums) // tells the workers there is no more input
	}()

	squares := make(chan int, 10) // buffered: workers can run up to 10 results ahead //@ mode=buffered
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for n := range nums { // fan-out: 3 workers receive from one channel //@ waiting op=recv res=ch1
				squares <- n * n // fan-in: they all write to one channel //@ waiting op=send res=ch2
			}
		})
	}
	go func() { wg.Wait(); close(squares) }() // close only after the last worker is done

	sum := 0
	for sq := range squares { //@ waiting op=recv res=ch3
		sum += sq
	}
	fmt.Println("sum of squares 1..100 =", sum)
}
