package lesson

import (
	"bytes"
	"io/fs"
	"testing"

	"concurrencylab/assets"
)

// FuzzParse checks that no input makes the reader panic or hang, that
// every refusal names a line, and that whatever it accepts, Write writes
// back as a file it reads the same.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	for _, name := range assets.LessonFiles() {
		b, err := fs.ReadFile(assets.Lessons, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("version = 1\ntitle = \"t\"\nstep = [{demo = \"cpu\", work = 5}]\n"))
	f.Add([]byte("version = 1\ntitle = '''a\n'''\n[[step]]\ndemo = \"deadlock\"\ntimeout = \"1.5s\"\n[step.x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse(data)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Line < 1 {
				t.Fatalf("error %v (%T) names no line", err, err)
			}
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, l); err != nil {
			t.Fatal(err)
		}
		back, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatalf("accepted, written, then refused: %v\n%s", err, buf.String())
		}
		if d := diff(l, back); d != "" {
			t.Fatalf("accepted, written, read back other: %s", d)
		}
	})
}
