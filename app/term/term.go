// Package term is Concurrency Lab's terminal front end: `app list`,
// `app run DEMO ...`, `app serve` and `app -version`.
package term

import (
	"fmt"
	"io"
)

// Main runs the terminal front end with the given arguments (without the
// program name) and returns the process exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "terminal mode: not built yet")
	return 2
}
