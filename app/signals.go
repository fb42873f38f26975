package main

import (
	"os"
	"os/signal"
	"syscall"
	"time"

	"concurrencylab/demos"
)

// quitWait is how long a window told to end by a signal has to close by
// itself before its children are killed and it exits. Closing stops the
// run and keeps its recording; on a machine whose cores are busy (the
// run's own children among them) that took up to 3 s, so the wait is well
// past it, and still far short of the 90 s a service manager gives before
// SIGKILL.
const quitWait = 10 * time.Second

// quitOnSignal ends the window on SIGTERM, SIGHUP (its session ended) or
// SIGINT as its close button does, so that the run stops and its child
// processes die with it rather than run on under init. Should the window
// not close in time (its UI goroutine stuck), the children are killed and
// the process exits with the signal's status; a second signal ends it at
// once.
func quitOnSignal(quit func()) {
	stops := []os.Signal{syscall.SIGHUP, syscall.SIGTERM, os.Interrupt}
	caught := make(chan os.Signal, 1)
	signal.Notify(caught, stops...)
	go func() {
		sig := <-caught
		signal.Reset(stops...)
		quit()
		time.Sleep(quitWait)
		demos.KillChildren()
		os.Exit(128 + int(sig.(syscall.Signal)))
	}()
}
