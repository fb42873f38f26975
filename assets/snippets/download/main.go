// Download every URL read from stdin, one a line, at most 8 at a time, and
// report bytes or the error for each file. Against the app's own server:
// `app serve > urls.txt` in one terminal, `go run . < urls.txt` in another.
package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

var client = &http.Client{Timeout: time.Minute} // a stalled file fails instead of hanging

func fetch(url string) (int64, error) {
	resp, err := client.Get(url) //@ sleeping
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("server said %s", resp.Status)
	}
	return io.Copy(io.Discard, resp.Body) // a connection reset mid-body fails here //@ running
}

func main() {
	start := time.Now()
	var g errgroup.Group
	g.SetLimit(8) // g.Go waits while 8 downloads are running //@ mode=pool
	for lines := bufio.NewScanner(os.Stdin); lines.Scan(); {
		url := strings.TrimSpace(lines.Text())
		if !strings.HasPrefix(url, "http") {
			continue // skip blank lines and anything else that is not a URL
		}
		g.Go(func() error {
			if n, err := fetch(url); err != nil {
				fmt.Printf("FAIL %s: %v\n", url, err)
			} else {
				fmt.Printf("ok   %s: %d bytes\n", url, n)
			}
			return nil // report a failed file and carry on with the others
		})
	}
	g.Wait()
	fmt.Printf("finished in %.2f s\n", time.Since(start).Seconds())
}
