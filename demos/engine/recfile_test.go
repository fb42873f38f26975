package engine_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"

	. "concurrencylab/demos"
	"concurrencylab/demos/engine"
)

// FuzzReadRecording: whatever the bytes, ReadRecording returns a recording
// or one sentence, and a recording it returns plays to its end. With fix
// set, the checksum is made right, so the fuzzer gets past it to the
// sections and the events.
func FuzzReadRecording(f *testing.F) {
	r, _ := recorded(f, "deadlock", "deadlock", 2, nil, nil)
	var buf bytes.Buffer
	r.Recording().WriteTo(&buf)
	f.Add(buf.Bytes(), false)
	f.Add(buf.Bytes(), true)
	f.Add(buf.Bytes()[:buf.Len()/2], false)
	f.Add([]byte(RecordingMagic), true)
	// a version 2 file: a task stands for units
	r, _ = recorded(f, "spawn", "goroutines", 2, map[string]float64{"count": 1200}, nil)
	buf.Reset()
	r.Recording().WriteTo(&buf)
	f.Add(buf.Bytes(), true)
	f.Fuzz(func(t *testing.T, b []byte, fix bool) {
		if fix && len(b) >= 4 {
			binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
		}
		rec, err := ReadRecording(b)
		if err != nil {
			if msg := err.Error(); msg == "" || bytes.ContainsAny([]byte(msg), "\n") {
				t.Fatalf("error %q is not one sentence", msg)
			}
			return
		}
		if engine.RecordedTasks(rec) > 1<<14 {
			return // it reads; playing a table of a million tasks is for a real run, not for each input
		}
		p := NewRecordingPlayer(rec)
		var s Snapshot
		p.Seek(p.Len())
		p.Snapshot(&s)
		p.Seek(p.Len() / 2)
		p.Snapshot(&s)
		p.Moments()
		SummarizeRecording(rec, &s)
	})
}
