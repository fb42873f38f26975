// Two goroutines with different rhythms: numbers every 1 s, letters every 1.5 s.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 1; i <= 5; i++ {
			time.Sleep(1000 * time.Millisecond) //@ sleeping worker=0
			fmt.Println(i)
		}
	})
	wg.Go(func() {
		for _, c := range "abcde" {
			time.Sleep(1500 * time.Millisecond) //@ sleeping worker=1
			fmt.Println(string(c))
		}
	})
	wg.Wait() // main would otherwise return, and end the program, right away
	fmt.Println("both done")
}
