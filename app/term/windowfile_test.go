package term

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWindowFile(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "class.toml")
	if err := os.WriteFile(f, []byte("version = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := filepath.Join(dir, "run.rec")
	if err := os.WriteFile(g, []byte("CLABREC\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
		ok   bool
	}{
		{[]string{f}, f, true},
		{[]string{f, g}, f, true}, // a desktop passes every file selected
		{[]string{dir}, "", false},
		{[]string{filepath.Join(dir, "missing.toml")}, "", false},
		{[]string{"run", "counter"}, "", false},
		{[]string{"-version"}, "", false},
		{nil, "", false},
		{[]string{f, "counter"}, "", false},
	} {
		got, ok := WindowFile(c.args)
		if got != c.want || ok != c.ok {
			t.Errorf("WindowFile(%q) = %q, %v; want %q, %v", c.args, got, ok, c.want, c.ok)
		}
	}
}
