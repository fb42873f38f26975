package term

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"concurrencylab/demos"
)

// quickArgs are flags that keep a demo's run short: every duration knob at
// its least.
func quickArgs(d *demos.Demo) []string {
	var args []string
	for _, k := range d.Knobs {
		if k.Kind == demos.Duration {
			args = append(args, "-"+k.Name, k.Format(k.Min))
		}
	}
	return args
}

func TestReplayPrintsWhatTheRunPrinted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every demo")
	}
	dir := t.TempDir()
	for _, d := range demos.All() {
		for _, m := range d.Modes {
			t.Run(d.ID+"/"+m.Name, func(t *testing.T) {
				if why := m.Why(); why != "" {
					t.Skip(why)
				}
				file := filepath.Join(dir, d.ID+"-"+m.Name+".rec")
				args := append([]string{"run", d.ID, "-mode", m.Name, "-json", "-record", file}, quickArgs(d)...)
				live := call(context.Background(), args...)
				if live.code != exitOK && live.code != exitFailed {
					t.Fatalf("app %s: exit %d\n%s", strings.Join(args, " "), live.code, live.stderr)
				}
				re := call(context.Background(), "replay", "-json", file)
				if re.code != exitOK {
					t.Fatalf("app replay: exit %d\n%s", re.code, re.stderr)
				}
				a, b := summary(t, live.stdout), summary(t, re.stdout)
				if !reflect.DeepEqual(a, b) {
					t.Errorf("the replay's summary differs from the run's:\nrun    %+v\nreplay %+v", a, b)
				}
				if ms := call(context.Background(), "replay", file, "-moments"); ms.code != exitOK {
					t.Errorf("app replay FILE -moments: exit %d\n%s", ms.code, ms.stderr)
				}
				human := call(context.Background(), "replay", file)
				if human.code != exitOK || !strings.HasPrefix(human.stdout, d.ID+", mode "+m.Name) {
					t.Errorf("app replay FILE: exit %d, stdout:\n%s", human.code, human.stdout)
				}
			})
		}
	}
}

func TestReplayRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.rec")
	if res := call(context.Background(), "run", "counter", "-workers", "2", "-increments", "500", "-record", good); res.code != exitOK {
		t.Fatalf("run: exit %d\n%s", res.code, res.stderr)
	}
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	newer := append([]byte(demos.RecordingMagic), 9)
	bad := map[string][]byte{
		"half":    b[:len(b)/2],
		"empty":   {},
		"junk":    []byte(strings.Repeat("not a recording\n", 100)),
		"flipped": append(append([]byte{}, b[:len(b)-10]...), append([]byte{b[len(b)-10] ^ 0xff}, b[len(b)-9:]...)...),
		"newer":   append(newer, b[len(newer):]...),
	}
	for name, content := range bad {
		f := filepath.Join(dir, name+".rec")
		if err := os.WriteFile(f, content, 0o644); err != nil {
			t.Fatal(err)
		}
		res := call(context.Background(), "replay", f)
		if res.code != exitUsage || len(lines(res.stderr)) != 1 || res.stdout != "" {
			t.Errorf("replay of a %s file: exit %d, stderr %q, stdout %q (want 2, one line, nothing)", name, res.code, res.stderr, res.stdout)
		}
		if name == "newer" && !strings.Contains(res.stderr, "newer version") {
			t.Errorf("a newer file: %q does not say so", res.stderr)
		}
	}
	res := call(context.Background(), "replay", filepath.Join(dir, "missing.rec"))
	if res.code != exitUsage || !strings.Contains(res.stderr, "no such file") {
		t.Errorf("replay of a missing file: exit %d, %q", res.code, res.stderr)
	}
}

func TestReplayMoments(t *testing.T) {
	file := filepath.Join(t.TempDir(), "d.rec")
	if res := call(context.Background(), "run", "deadlock", "-record", file); res.code != exitOK {
		t.Fatalf("run: exit %d\n%s", res.code, res.stderr)
	}
	res := call(context.Background(), "replay", file, "-moments")
	var ls []string
	for _, l := range lines(res.stdout) {
		if !strings.HasPrefix(l, "warning: ") {
			ls = append(ls, l)
		}
	}
	if res.code != exitOK || len(ls) < 3 || !strings.Contains(ls[len(ls)-1], "the cycle closed") {
		t.Errorf("app replay FILE -moments: exit %d, want lines ending on the cycle closing:\n%s", res.code, res.stdout)
	}
}
