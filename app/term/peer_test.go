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
	marked := false
	for _, line := range strings.Split(entryOf(res.stdout, "cpu"), "\n") {
		if strings.Contains(line, "python-threads") && strings.Contains(line, "python3 not found on PATH") {
			marked = true
		}
	}
	if !marked {
		t.Errorf("cpu's entry does not say why python-threads cannot run:\n%s", entryOf(res.stdout, "cpu"))
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
