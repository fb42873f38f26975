package term

import (
	"context"
	"strings"
	"testing"
)

// TestPeerModesWithoutPython: with no python3 on PATH, app list marks the
// Python modes unavailable with why, and running one exits 2 with one line.
func TestPeerModesWithoutPython(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	res := call(context.Background(), "list")
	if res.code != exitOK {
		t.Fatalf("list: exit %d: %s", res.code, res.stderr)
	}
	want := "-mode python-threads        (unavailable: python3 not found on PATH)"
	if !strings.Contains(entryOf(res.stdout, "cpu"), want) {
		t.Errorf("cpu's entry lacks %q:\n%s", want, entryOf(res.stdout, "cpu"))
	}
	res = call(context.Background(), "run", "cpu", "-mode", "python-threads", "-json")
	lines := strings.Split(strings.TrimSpace(res.stderr), "\n")
	if res.code != exitUsage || len(lines) != 1 || lines[0] != "cpu -mode python-threads is unavailable: python3 not found on PATH" {
		t.Errorf("run: exit %d, stderr %q", res.code, res.stderr)
	}
	if res.stdout != "" {
		t.Errorf("run printed %q on stdout", res.stdout)
	}
}
