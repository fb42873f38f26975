package compare

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Limit is how many runs the history keeps: the newest.
const Limit = 500

// History is the list of ended runs, oldest first, at most Limit of them,
// kept in a file of JSON lines. Each run is appended as one line in one
// write, so a crash loses at most the run that was being written; a torn
// last line is skipped on the next start. Once the file holds twice the
// limit it is rewritten with the newest runs, through a temporary file
// renamed over it, so a crash during the rewrite leaves the old file whole.
type History struct {
	mu    sync.Mutex
	path  string // "" keeps the history in memory only
	recs  []Record
	lines int // lines in the file
}

// OpenHistory reads the history kept at path (none yet is an empty one).
// Lines that do not parse are skipped: they can only be a run whose write
// a crash cut short.
func OpenHistory(path string) (*History, error) {
	h := &History{path: path}
	if path == "" {
		return h, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1<<16), 1<<26)
	torn := false
	for sc.Scan() {
		h.lines++
		var r Record
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.Demo == "" {
			torn = true
			continue
		}
		h.recs = append(h.recs, r)
	}
	if len(h.recs) > Limit {
		h.recs = slices.Clone(h.recs[len(h.recs)-Limit:])
	}
	if torn || (len(b) > 0 && b[len(b)-1] != '\n') || h.lines > 2*Limit {
		// the next append must start on a line of its own
		err = h.rewrite()
	}
	return h, err
}

// Records returns a copy of the runs, oldest first.
func (h *History) Records() []Record {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.recs)
}

// Len is the number of runs kept.
func (h *History) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.recs)
}

// Add appends a run. The run is kept in memory even when the write fails;
// the error says the file may lack it.
func (h *History) Add(r Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recs = append(h.recs, r)
	if len(h.recs) > Limit {
		h.recs = slices.Clone(h.recs[len(h.recs)-Limit:])
	}
	if h.path == "" {
		return nil
	}
	if h.lines+1 > 2*Limit {
		return h.rewrite()
	}
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(h.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		h.lines++
	}
	return err
}

// Clear forgets every run, in memory and in the file.
func (h *History) Clear() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recs = nil
	if h.path == "" {
		return nil
	}
	return h.rewrite()
}

// rewrite writes the kept runs to a temporary file and renames it over the
// history's file. h.mu is held.
func (h *History) rewrite() error {
	if err := os.MkdirAll(filepath.Dir(h.path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(h.path), filepath.Base(h.path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // gone after the rename; cleans up after a failure
	w := bufio.NewWriter(f)
	for i := range h.recs {
		line, err := json.Marshal(&h.recs[i])
		if err != nil {
			f.Close()
			return err
		}
		w.Write(line)
		w.WriteByte('\n')
	}
	err = w.Flush()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), h.path)
	}
	if err == nil {
		h.lines = len(h.recs)
	}
	return err
}
