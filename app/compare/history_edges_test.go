package compare

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestHistoryTwoWindows: two windows on one history with 1,000 runs in it
// (the most before a rewrite): a run in B (which rewrites the file), then
// one in A (which rewrites it again) keeps both; and runs added from both
// at once are all kept.
func TestHistoryTwoWindows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	var b bytes.Buffer
	for i := range 2 * Limit {
		line, _ := json.Marshal(sample(i))
		b.Write(append(line, '\n'))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	a, errA := OpenHistory(path)
	bw, errB := OpenHistory(path)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	rb, ra := sample(5000), sample(6000)
	if err := bw.Add(rb); err != nil {
		t.Fatal(err)
	}
	if err := a.Add(ra); err != nil {
		t.Fatal(err)
	}
	h, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	got := h.Records()
	last2 := []float64{got[len(got)-2].ElapsedMS, got[len(got)-1].ElapsedMS}
	if len(got) != Limit || last2[0] != rb.ElapsedMS || last2[1] != ra.ElapsedMS {
		t.Fatalf("after B's run and A's rewrite: %d runs ending %v, want %d ending with B's (%v) and A's (%v)",
			len(got), last2, Limit, rb.ElapsedMS, ra.ElapsedMS)
	}
	if ar := a.Records(); ar[len(ar)-2].ElapsedMS != rb.ElapsedMS {
		t.Error("A's rewrite did not take in B's run")
	}
	// Runs from both at once, fewer than the limit: every one is kept.
	const each = 150
	var wg sync.WaitGroup
	for w, h := range []*History{a, bw} {
		wg.Go(func() {
			for i := range each {
				if err := h.Add(sample(10000*(w+1) + i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	h, err = OpenHistory(path)
	if err != nil {
		t.Fatalf("reading what two writers wrote: %v", err)
	}
	seen := map[float64]bool{}
	for _, r := range h.Records() {
		seen[r.ElapsedMS] = true
	}
	for w := range 2 {
		for i := range each {
			if !seen[float64(10+10000*(w+1)+i)] {
				t.Fatalf("writer %d's run %d is lost", w, i)
			}
		}
	}
}

// TestHistorySkipsLongAndBrokenLines: a line over 64 MiB and a torn one
// are skipped and counted; the runs after them are read and kept.
func TestHistorySkipsLongAndBrokenLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	var b bytes.Buffer
	line := func(i int) { l, _ := json.Marshal(sample(i)); b.Write(append(l, '\n')) }
	line(0)
	b.WriteString(`{"demo":"counter","mo` + "\n") // torn
	line(1)
	b.WriteString(`{"demo":"` + strings.Repeat("x", maxLine+10) + `"}` + "\n")
	line(2)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := OpenHistory(path)
	if err == nil || err.Error() != "2 unreadable lines of the history skipped" {
		t.Errorf("error %v, want 2 lines skipped", err)
	}
	if got := h.Records(); len(got) != 3 || got[2].ElapsedMS != 12 {
		t.Fatalf("%d runs read, want the 3 good ones", len(got))
	}
	h.Add(sample(3))
	h2, _ := OpenHistory(path)
	if h2.Len() != 4 {
		t.Errorf("after an add, %d runs, want 4: good lines were deleted", h2.Len())
	}
}

// TestHistoryNotARegularFile: a FIFO in place of the history is refused in
// one sentence, at once; the runs are kept in memory.
func TestHistoryNotARegularFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	path := filepath.Join(t.TempDir(), "history.jsonl")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("cannot make a FIFO:", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		h, err := OpenHistory(path)
		if err == nil || !strings.Contains(err.Error(), "is not a regular file (a named pipe)") {
			t.Errorf("a FIFO history: %v", err)
		}
		if err := h.Add(sample(0)); err != nil || h.Len() != 1 {
			t.Errorf("adding to a history kept in memory: %v, %d runs", err, h.Len())
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("opening a FIFO history blocked") // the goroutine stays blocked: the test binary ends anyway
	}
}

// FuzzHistory: no bytes in the history file make reading it panic or hang,
// and what is read is what adds after it keep.
func FuzzHistory(f *testing.F) {
	l, _ := json.Marshal(sample(0))
	f.Add(append(l, '\n'))
	f.Add([]byte("{\"demo\":\"x\"}\n{broken\n\n\n"))
	f.Add([]byte("{\"demo\":\"counter\",\"mo"))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "history.jsonl")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		h, _ := OpenHistory(path)
		n := h.Len()
		if err := h.Add(sample(1)); err != nil {
			t.Fatal(err)
		}
		h2, _ := OpenHistory(path)
		if h2.Len() != min(n+1, Limit) {
			t.Fatalf("%d runs read, one added: %d read again", n, h2.Len())
		}
	})
}
