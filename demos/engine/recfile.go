package engine

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"time"
)

// The recording file: see the README's "Recordings". RecordingMagic opens
// it, then the format's version as a uvarint, then three sections, each a
// uvarint length and its bytes (the header as JSON, the texts, the
// events), then the CRC-32 (IEEE) of everything before it, 4 bytes little
// endian. RecordingVersion is the newest version this app reads and
// writes.
const (
	RecordingMagic   = "CLABREC\n"
	RecordingVersion = 2
)

// unitsVersion is the first version whose events may hold EvUnits. A file
// is written with the lowest version that holds its events, so an app that
// reads version 1 still reads every recording without units, and refuses
// one with them as newer rather than as damaged.
const unitsVersion = 2

// recHeader is the recording file's header: what the run was and how it
// ended. Fields are added, never renamed.
type recHeader struct {
	Demo    string             `json:"demo"`
	Mode    string             `json:"mode"`
	Workers int                `json:"workers"`
	Knobs   map[string]float64 `json:"knobs"`
	Speed   float64            `json:"speed"` // at the start
	Started time.Time          `json:"started"`
	Events  int                `json:"events"`
	Ended   bool               `json:"ended"`
	Error   string             `json:"error,omitempty"`
	Stopped bool               `json:"stopped,omitempty"`
	// EndSpeed is the speed at the end, as the summary reports it.
	EndSpeed float64 `json:"end_speed,omitempty"`
	Load     *Load   `json:"load,omitempty"`
}

// WriteTo writes the recording, as far as it goes, in the recording
// file's format.
func (r *Recording) WriteTo(w io.Writer) (int64, error) {
	v := r.view()
	errText, stopped, speed, load, ended := r.Result()
	h := recHeader{Demo: r.Demo.ID, Mode: r.Config.Mode, Workers: r.Config.Workers, Knobs: r.Config.Knobs,
		Speed: r.Config.Speed, Started: r.Started, Events: v.n, Ended: ended, Error: errText, Stopped: stopped, EndSpeed: speed}
	if load.Known {
		h.Load = &load
	}
	head, err := json.Marshal(h)
	if err != nil {
		return 0, err
	}
	var texts []byte
	texts = binary.AppendUvarint(texts, uint64(len(v.texts)))
	for _, t := range v.texts {
		texts = binary.AppendUvarint(texts, uint64(len(t)))
		texts = append(texts, t...)
	}
	size := 0
	for _, b := range v.blocks {
		size += len(b)
	}
	crc := crc32.NewIEEE()
	cw := &countWriter{w: io.MultiWriter(w, crc)}
	out := binary.AppendUvarint([]byte(RecordingMagic), uint64(v.version))
	out = binary.AppendUvarint(out, uint64(len(head)))
	out = append(out, head...)
	out = binary.AppendUvarint(out, uint64(len(texts)))
	out = append(out, texts...)
	out = binary.AppendUvarint(out, uint64(size))
	cw.Write(out)
	for _, b := range v.blocks {
		cw.Write(b)
	}
	if cw.err == nil {
		_, cw.err = w.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
		cw.n += 4
	}
	return cw.n, cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// maxFileTexts bounds the texts a file may declare, against a damaged count.
const maxFileTexts = 1 << 24

// ReadRecording reads a recording file's bytes. Its error is one plain
// sentence: not a recording, made by a newer version, cut short, damaged,
// or of a demo this version does not have.
func ReadRecording(b []byte) (*Recording, error) {
	if !bytes.HasPrefix(b, []byte(RecordingMagic)) {
		if len(b) < len(RecordingMagic) && bytes.HasPrefix([]byte(RecordingMagic), b) {
			return nil, errors.New("it is cut short: it ends inside its first line")
		}
		return nil, errors.New("it is not a Concurrency Lab recording")
	}
	p := b[len(RecordingMagic):]
	ver, n := binary.Uvarint(p)
	if n <= 0 {
		return nil, errCut
	}
	if ver > RecordingVersion {
		return nil, fmt.Errorf("it was recorded by a newer version of Concurrency Lab (recording format %d; this version reads up to %d)", ver, RecordingVersion)
	}
	if ver == 0 {
		return nil, errDamaged
	}
	p = p[n:]
	var sec [3][]byte
	for i := range sec {
		l, n := binary.Uvarint(p)
		if n <= 0 {
			return nil, errCut
		}
		if l > uint64(len(p)-n) {
			return nil, errCut
		}
		sec[i], p = p[n:n+int(l)], p[n+int(l):]
	}
	if len(p) < 4 {
		return nil, errCut
	}
	if crc32.ChecksumIEEE(b[:len(b)-len(p)]) != binary.LittleEndian.Uint32(p) {
		return nil, errDamaged
	}
	if len(p) > 4 {
		return nil, errors.New("it is damaged: bytes follow its end")
	}
	return decodeRecording(int(ver), sec[0], sec[1], sec[2])
}

var (
	errCut     = errors.New("it is cut short: it ends before its recording does")
	errDamaged = errors.New("it is damaged: its checksum does not match its contents")
)

// decodeRecording builds a Recording from a file's sections, written in
// format version ver, checking that every event decodes and is one that
// version holds.
func decodeRecording(ver int, head, texts, events []byte) (*Recording, error) {
	var h recHeader
	if err := json.Unmarshal(head, &h); err != nil {
		return nil, errors.New("it is damaged: its header does not read")
	}
	d, ok := Lookup(h.Demo)
	if !ok {
		return nil, fmt.Errorf("it records the demo %s, which this version of Concurrency Lab does not have", Quote(h.Demo))
	}
	if h.Events < 0 || h.Events > len(events) {
		return nil, errors.New("it is damaged: it counts more events than it holds")
	}
	cnt, n := binary.Uvarint(texts)
	if n <= 0 || cnt > maxFileTexts || cnt > uint64(len(texts)) {
		return nil, errors.New("it is damaged: its texts do not read")
	}
	texts = texts[n:]
	list := make([]string, 0, cnt)
	for range cnt {
		l, n := binary.Uvarint(texts)
		if n <= 0 || l > uint64(len(texts)-n) {
			return nil, errors.New("it is damaged: its texts do not read")
		}
		list = append(list, string(texts[n:n+int(l)]))
		texts = texts[n+int(l):]
	}
	cfg := Config{Mode: h.Mode, Workers: h.Workers, Knobs: h.Knobs, Speed: h.Speed}
	if cfg.Knobs == nil {
		cfg.Knobs = map[string]float64{}
	}
	rec := newRecording(d, cfg, h.Started)
	// One pass decodes every event, checking each and marking where a
	// reader may start.
	v := recView{blocks: [][]byte{events}, n: h.Events, texts: list}
	rd := &recReader{v: v}
	var e Event
	var marks []recMark
	for {
		if rd.i%markEvery == 0 && rd.i < v.n {
			marks = append(marks, recMark{block: rd.block, off: rd.off, at: rd.at, task: rd.task})
		}
		if !rd.next(&e) {
			break
		}
		if e.Kind == EvUnits && ver < unitsVersion {
			return nil, fmt.Errorf("it is damaged: event %d is of a kind its version does not have", rd.i)
		}
		switch {
		case e.Kind == evDeclare:
			rec.tasks = max(rec.tasks, int(e.N))
		case e.Kind <= EvRelease:
			rec.tasks = max(rec.tasks, int(e.Task)+1)
		}
	}
	if rd.err || rd.i != h.Events {
		return nil, fmt.Errorf("it is damaged: event %d of %d does not read", rd.i+1, h.Events)
	}
	if rd.block < len(v.blocks) && rd.off < len(events) {
		return nil, errors.New("it is damaged: bytes follow its last event")
	}
	rec.blocks, rec.marks, rec.n, rec.texts, rec.version = v.blocks, marks, v.n, list, ver
	if h.Ended {
		end := recEnd{Err: h.Error, Stopped: h.Stopped, Speed: h.EndSpeed}
		if h.Load != nil {
			end.Load = *h.Load
		}
		rec.end = &end
	}
	return rec, nil
}
