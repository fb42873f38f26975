package compare

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"

	"concurrencylab/demos"
)

// Limit is how many runs the history keeps: the newest.
const Limit = 500

// maxLine is the longest history line read; a longer one is skipped. A run
// takes a few kilobytes (its timeline tens at most).
const maxLine = 64 << 20

// History is the list of ended runs, oldest first, at most Limit of them,
// kept in a file of JSON lines that more than one window may share (a
// teacher who starts the app twice). Each run is appended as one line in
// one write to the file opened with O_APPEND, so two windows' runs never
// mix and a crash loses at most the run being written. Once the file holds
// twice the limit it is rewritten with the newest runs: under a lock on a
// file beside it, after reading it again (so the runs another window
// appended are kept), through a temporary file renamed over it, so a crash
// during the rewrite leaves the old file whole. Appends hold the lock
// shared, so none lands in a file being replaced.
type History struct {
	mu    sync.Mutex
	path  string // "" keeps the history in memory only
	recs  []Record
	lines int // lines in the file, as far as this process knows
}

// SkippedError says that lines of the history could not be read and were
// skipped; the runs of the other lines were read.
type SkippedError struct{ Lines int }

func (e *SkippedError) Error() string {
	return demos.Plural(e.Lines, "unreadable line", "unreadable lines") + " of the history skipped"
}

// OpenHistory reads the history kept at path (none yet is an empty one).
// A line that does not parse (a run whose write a crash cut short) or is
// longer than 64 MiB is skipped, and the error (a *SkippedError) counts
// them. A path that is not a regular file (a FIFO, a folder) is refused
// without waiting on it: the history is then kept in memory only.
func OpenHistory(path string) (*History, error) {
	h := &History{path: path}
	if path == "" {
		return h, nil
	}
	recs, lines, skipped, err := readHistory(path)
	if err != nil {
		h.path = ""
		return h, err
	}
	h.recs, h.lines = keepNewest(recs), lines
	if h.lines > 2*Limit {
		err = h.trim()
	}
	if err == nil && skipped > 0 {
		err = &SkippedError{Lines: skipped}
	}
	return h, err
}

// readHistory reads every run of the file at path. It opens the file
// without blocking, so a FIFO put in its place cannot hold the caller.
func readHistory(path string) (recs []Record, lines, skipped int, err error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, 0, nil
	}
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, 0, 0, err
	} else if !st.Mode().IsRegular() {
		return nil, 0, 0, fmt.Errorf("%s is not a regular file (%s), so runs are kept only until the app closes", path, fileKind(st.Mode()))
	}
	br := bufio.NewReaderSize(f, 1<<16)
	for {
		line, long, err := readLine(br)
		if len(line) > 0 || long {
			lines++
			var r Record
			if long || json.Unmarshal(line, &r) != nil || r.Demo == "" {
				skipped++
			} else {
				recs = append(recs, r)
				if len(recs) > 2*Limit {
					recs = slices.Delete(recs, 0, len(recs)-Limit)
				}
			}
		}
		if err == io.EOF {
			return recs, lines, skipped, nil
		}
		if err != nil {
			return recs, lines, skipped, err
		}
	}
}

// readLine reads one line without its newline; long reports a line past
// maxLine, whose bytes are read and dropped rather than kept.
func readLine(br *bufio.Reader) (line []byte, long bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !long {
			if len(line)+len(chunk) > maxLine+1 {
				long, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if n := len(line); n > 0 && line[n-1] == '\n' {
			line = line[:n-1]
		}
		return line, long, err
	}
}

// fileKind names what a non-regular file is, for a message.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a file of data"
}

// keepNewest is recs less all but the newest Limit.
func keepNewest(recs []Record) []Record {
	if len(recs) > Limit {
		return slices.Clone(recs[len(recs)-Limit:])
	}
	return recs
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
	h.recs = keepNewest(append(h.recs, r))
	if h.path == "" {
		return nil
	}
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := h.appendLine(line); err != nil {
		return err
	}
	h.lines++
	if h.lines > 2*Limit {
		return h.trim()
	}
	return nil
}

// appendLine writes line at the end of the file in one write, under the
// shared lock. A file that does not end in a newline (a torn last run) gets
// one first, in the same write. h.mu is held.
func (h *History) appendLine(line []byte) error {
	if err := os.MkdirAll(filepath.Dir(h.path), 0o755); err != nil {
		return err
	}
	unlock, err := lockFile(h.path+".lock", false)
	if err != nil {
		return err
	}
	defer unlock()
	f, err := os.OpenFile(h.path, os.O_RDWR|os.O_CREATE|os.O_APPEND|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%s)", h.path, fileKind(st.Mode()))
	}
	buf := make([]byte, 0, len(line)+2)
	if st.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
			buf = append(buf, '\n')
		}
	}
	buf = append(append(buf, line...), '\n')
	if _, err := f.Write(buf); err != nil {
		return err
	}
	return f.Sync()
}

// Clear forgets every run, in memory and in the file.
func (h *History) Clear() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recs = nil
	if h.path == "" {
		return nil
	}
	unlock, err := lockFile(h.path+".lock", true)
	if err != nil {
		return err
	}
	defer unlock()
	return h.rewrite()
}

// trim rewrites the file with its newest Limit runs, read again under the
// exclusive lock: runs that another window appended since this one read
// the file are kept, and this window's list takes them in. h.mu is held.
func (h *History) trim() error {
	unlock, err := lockFile(h.path+".lock", true)
	if err != nil {
		return err
	}
	defer unlock()
	recs, _, _, err := readHistory(h.path)
	if err != nil {
		return err
	}
	h.recs = keepNewest(recs)
	return h.rewrite()
}

// rewrite writes the kept runs to a temporary file and renames it over the
// history's file. h.mu and the exclusive lock are held.
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
