package compare

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"concurrencylab/demos"
)

// RecordingBudget is how many bytes of recordings the store keeps: past
// it, the oldest go first.
const RecordingBudget = 200 << 20

// recExt ends a recording file's name.
const recExt = ".rec"

// Recordings keeps the recordings of the runs in the history, one file a
// run in a directory beside the history's file, named for the time the
// history's record gives the run (Record.At), within a budget of bytes:
// the oldest recordings go first, the newest always stays. A run whose
// recording went opens in the history still, by its figures.
type Recordings struct {
	mu     sync.Mutex
	dir    string
	budget int64
}

// OpenRecordings returns the store kept in dir (made when the first
// recording is saved), within budget bytes (RecordingBudget when 0).
func OpenRecordings(dir string, budget int64) *Recordings {
	if budget <= 0 {
		budget = RecordingBudget
	}
	return &Recordings{dir: dir, budget: budget}
}

// name is the file that holds the recording of the run that ended at at:
// times in UTC to the nanosecond sort as their names do.
func (s *Recordings) name(at time.Time) string {
	return filepath.Join(s.dir, at.UTC().Format("20060102T150405.000000000Z")+recExt)
}

// Save keeps rec as the recording of the history's run that ended at at,
// then lets the oldest recordings go until the store fits its budget.
func (s *Recordings) Save(at time.Time, rec *demos.Recording) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("cannot keep the recording: %v", err)
	}
	file := s.name(at)
	if err := SaveRecordingFile(file, rec); err != nil {
		return err
	}
	return s.trim(file)
}

// trim removes the oldest recordings until the rest fit the budget;
// keep (the one just saved) always stays. s.mu is held.
func (s *Recordings) trim(keep string) error {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return err
	}
	type file struct {
		name string
		size int64
	}
	var files []file
	var total int64
	for _, e := range ents {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), recExt) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		files = append(files, file{e.Name(), info.Size()})
		total += info.Size()
	}
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.name, b.name) })
	for _, f := range files {
		if total <= s.budget {
			break
		}
		p := filepath.Join(s.dir, f.name)
		if p == keep {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		total -= f.size
	}
	return nil
}

// Has reports whether the recording of the run that ended at at is kept.
func (s *Recordings) Has(at time.Time) bool {
	_, err := os.Stat(s.name(at))
	return err == nil
}

// Open reads the recording of the run that ended at at. An error wrapping
// fs.ErrNotExist says it is not kept (never made, or let go for room).
func (s *Recordings) Open(at time.Time) (*demos.Recording, error) {
	return OpenRecordingFile(s.name(at))
}

// Size is how many bytes the kept recordings take.
func (s *Recordings) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ents, _ := os.ReadDir(s.dir)
	var total int64
	for _, e := range ents {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), recExt) {
			total += info.Size()
		}
	}
	return total
}

// OpenRecordingFile reads the recording in file. Its error is one sentence
// naming the file: missing (wrapping fs.ErrNotExist), unreadable, or not a
// recording this version can play, and why.
func OpenRecordingFile(file string) (*demos.Recording, error) {
	b, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: no such file: %w", demos.Quote(file), fs.ErrNotExist)
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read %s: %v", demos.Quote(file), err)
	}
	rec, err := demos.ReadRecording(b)
	if err != nil {
		return nil, fmt.Errorf("%s is not a recording this app can replay: %v", demos.Quote(file), err)
	}
	return rec, nil
}

// SaveRecordingFile writes rec to file through a temporary file renamed
// over it, so a file of that name is never left half written.
func SaveRecordingFile(file string, rec *demos.Recording) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), ".recording-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot write the recording %s: %v", demos.Quote(file), err)
	}
	err = tmp.Chmod(0o644) // as a file made by hand: CreateTemp makes it private
	if err == nil {
		_, err = rec.WriteTo(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write the recording %s: %v", demos.Quote(file), err)
	}
	return nil
}
