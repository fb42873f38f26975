package engine_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"strings"
	"testing"

	. "concurrencylab/demos"
)

// TestTaskUnitsLiveAndReplayed: what a run declares its tasks stand for
// (Run.TaskUnits) is in its live snapshot, in its summary, in its
// recording from the player's first cursor on, and in the file read back.
func TestTaskUnitsLiveAndReplayed(t *testing.T) {
	r, live := recorded(t, "spawn", "goroutines", 2, map[string]float64{"count": 2345}, nil)
	want := Units{Per: 3, Total: 2345, Noun: "goroutines"}
	if live.Units != want {
		t.Fatalf("live: units %+v, want %+v", live.Units, want)
	}
	if sum := Summarize(r, &live, nil); sum.Units == nil || *sum.Units != want {
		t.Errorf("summary: units %+v, want %+v", sum.Units, want)
	}

	var buf bytes.Buffer
	if _, err := r.Recording().WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if v := buf.Bytes()[len(RecordingMagic)]; v != 2 {
		t.Errorf("a recording with units is written as version %d, want 2", v)
	}
	back, err := ReadRecording(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]*Player{"live": NewPlayer(r), "file": NewRecordingPlayer(back)} {
		var s Snapshot
		p.Seek(p.Start())
		p.Snapshot(&s)
		if s.Units != want || s.Count[Pending] != len(s.Tasks) || len(s.Tasks) != want.Tasks() {
			t.Errorf("%s, at the start (event %d): units %+v, %d of %d tasks pending; want %+v and all %d pending",
				name, p.Start(), s.Units, s.Count[Pending], len(s.Tasks), want, want.Tasks())
		}
		p.Seek(p.Len())
		p.Snapshot(&s)
		if s.Units != want {
			t.Errorf("%s, at the end: units %+v, want %+v", name, s.Units, want)
		}
		if sum := SummarizeRecording(p.Recording(), &s); sum.Units == nil || *sum.Units != want {
			t.Errorf("%s: the replay's summary has units %+v, want %+v", name, sum.Units, want)
		}
	}
}

// TestRecordingVersion: a file is written in the lowest version that
// holds its events, so one without units reads in an app that knows only
// version 1; a version 1 file that holds units is damaged, and a version
// past this app's is refused as newer.
func TestRecordingVersion(t *testing.T) {
	r, _ := recorded(t, "counter", "mutex", 2, map[string]float64{"increments": 100}, nil)
	var buf bytes.Buffer
	r.Recording().WriteTo(&buf)
	if v := buf.Bytes()[len(RecordingMagic)]; v != 1 {
		t.Errorf("a recording without units is written as version %d, want 1", v)
	}
	if _, err := ReadRecording(buf.Bytes()); err != nil {
		t.Errorf("version 1: %v", err)
	}

	r, _ = recorded(t, "spawn", "goroutines", 1, map[string]float64{"count": 30}, nil)
	buf.Reset()
	r.Recording().WriteTo(&buf)
	withVersion := func(v byte) []byte {
		b := bytes.Clone(buf.Bytes())
		b[len(RecordingMagic)] = v
		binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
		return b
	}
	if _, err := ReadRecording(withVersion(2)); err != nil {
		t.Errorf("version 2 with units: %v", err)
	}
	if _, err := ReadRecording(withVersion(1)); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("version 1 with units: %v; want it damaged", err)
	}
	if _, err := ReadRecording(withVersion(RecordingVersion + 1)); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Errorf("version %d: %v; want it refused as newer", RecordingVersion+1, err)
	}
}
