package engine

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// A test binary started as a child worker does the worker's job
	// instead of running the tests.
	if code, ok := ChildMain(); ok {
		os.Exit(code)
	}
	goleak.VerifyTestMain(m)
}
