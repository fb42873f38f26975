package term

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"concurrencylab/demos"
)

// TestWriteJSON reads back what writeJSON streams: the same summary, one
// object, a task to a line; a failing writer is an error.
func TestWriteJSON(t *testing.T) {
	for _, n := range []int{0, 1, 3} {
		sum := demos.Summary{Demo: "sleepers", Mode: `a "quoted" mode with "tasks": [] in it`, Workers: 2,
			Knobs: map[string]any{"tasks": float64(n)}, Stats: map[string]any{"peak_sleeping": float64(n)}}
		sum.Tasks = []demos.TaskSummary{}
		for i := range n {
			sum.Tasks = append(sum.Tasks, demos.TaskSummary{ID: i, Worker: i % 2, State: "failed", StartMS: 1.5, EndMS: 2, Error: "HTTP 404\nNot Found"})
		}
		var out bytes.Buffer
		if err := writeJSON(&out, &sum); err != nil {
			t.Fatal(err)
		}
		var back demos.Summary
		dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
		if err := dec.Decode(&back); err != nil {
			t.Fatalf("%d tasks: %v\n%s", n, err, out.Bytes())
		}
		if dec.More() {
			t.Errorf("%d tasks: more than one object on stdout", n)
		}
		if !reflect.DeepEqual(back, sum) {
			t.Errorf("%d tasks: read back %+v, want %+v", n, back, sum)
		}
		if got := strings.Count(out.String(), `{"id":`); got != n {
			t.Errorf("%d tasks on %d lines:\n%s", n, got, out.Bytes())
		}
	}
	sum := demos.Summary{Tasks: make([]demos.TaskSummary, 5000)}
	if err := writeJSON(failingWriter{}, &sum); err == nil {
		t.Error("a writer that fails: no error")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
