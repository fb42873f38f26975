package assets_test

import (
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"concurrencylab/assets"
	catalogue "concurrencylab/demos"
)

// demos lists every demo ID in the catalogue, from the registry: a demo
// added without its snippets fails these tests. (demos imports assets, so
// the tests live in package assets_test.)
var demos = catalogue.IDs()

// TestNoStraySnippets: every snippet folder belongs to a registered demo,
// so a folder named unlike its demo's ID fails rather than going unseen.
func TestNoStraySnippets(t *testing.T) {
	entries, err := os.ReadDir("snippets")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !slices.Contains(demos, e.Name()) {
			t.Errorf("snippets/%s/ belongs to no registered demo (have %q)", e.Name(), demos)
		}
	}
	if len(demos) == 0 {
		t.Error("no demo registered")
	}
}

// maxLines is the longest a snippet may be. The downloaders are complete
// programs with per-file error handling, so they may run a little longer.
func maxLines(demo string) int {
	if demo == "download" {
		return 55
	}
	return 40
}

func TestLanguages(t *testing.T) {
	if got, want := assets.Languages(), []string{"go", "python", "rust"}; !slices.Equal(got, want) {
		t.Errorf("Languages() = %q, want %q", got, want)
	}
}

func TestEverySnippet(t *testing.T) {
	for _, demo := range demos {
		for _, lang := range assets.Languages() {
			t.Run(demo+"/"+lang, func(t *testing.T) {
				src, ok := assets.Snippet(demo, lang)
				if !ok {
					t.Fatalf("Snippet(%q, %q) missing", demo, lang)
				}
				lines := strings.Count(strings.TrimRight(src, "\n"), "\n") + 1
				if lines < 10 || lines > maxLines(demo) {
					t.Errorf("%d lines, want 10 to %d", lines, maxLines(demo))
				}
				if lang == "go" {
					if formatted, err := format.Source([]byte(src)); err != nil || string(formatted) != src {
						t.Errorf("not gofmt-clean (err: %v)", err)
					}
				}
			})
		}
	}
}

func TestFiles(t *testing.T) {
	for _, demo := range demos {
		files := assets.Files(demo)
		for _, want := range []string{"main.go", "main.py", "main.rs"} {
			if !slices.Contains(files, want) {
				t.Errorf("Files(%q) = %q, missing %s", demo, files, want)
			}
		}
	}
	if !slices.Contains(assets.Files("download"), "main_asyncio.py") {
		t.Errorf("Files(download) = %q, missing main_asyncio.py", assets.Files("download"))
	}
	if src, ok := assets.File("download", "main_asyncio.py"); !ok || !strings.Contains(src, "asyncio") {
		t.Error(`File("download", "main_asyncio.py") missing or wrong`)
	}
}

func TestUnknown(t *testing.T) {
	for _, c := range []struct{ demo, lang string }{
		{"nosuch", "go"}, {"counter", "cobol"}, {"", "go"}, {"..", "go"}, {"counter/..", "go"},
	} {
		if _, ok := assets.Snippet(c.demo, c.lang); ok {
			t.Errorf("Snippet(%q, %q) found something", c.demo, c.lang)
		}
	}
	for _, demo := range []string{"nosuch", "", ".", "counter/.."} {
		if files := assets.Files(demo); files != nil {
			t.Errorf("Files(%q) = %q, want nil", demo, files)
		}
	}
	if _, ok := assets.File("counter", "../cpu/main.go"); ok {
		t.Error("File accepted a path")
	}
}

// allFiles writes every embedded snippet file whose name ends in ext into a
// fresh folder per demo, and returns their paths.
func allFiles(t *testing.T, ext string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for _, demo := range demos {
		for _, name := range assets.Files(demo) {
			if !strings.HasSuffix(name, ext) {
				continue
			}
			src, _ := assets.File(demo, name)
			p := filepath.Join(dir, demo, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
	}
	return paths
}

// TestPythonCompiles byte-compiles every Python snippet. The copies live in a
// temporary folder, so no __pycache__ lands next to the sources.
func TestPythonCompiles(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not on PATH")
	}
	paths := allFiles(t, ".py")
	if len(paths) < len(demos) {
		t.Fatalf("found %d Python files, want at least %d", len(paths), len(demos))
	}
	out, err := exec.Command(python, append([]string{"-m", "py_compile"}, paths...)...).CombinedOutput()
	if err != nil {
		t.Errorf("py_compile: %v\n%s", err, out)
	}
}

// TestRustCompiles builds every Rust snippet that needs only std (those using
// tokio need Cargo and the crates, so they are skipped).
func TestRustCompiles(t *testing.T) {
	rustc, err := exec.LookPath("rustc")
	if err != nil {
		t.Skip("rustc not on PATH")
	}
	for _, p := range allFiles(t, ".rs") {
		name := filepath.Base(filepath.Dir(p))
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(src), "tokio") {
				t.Skip("uses tokio")
			}
			t.Parallel()
			bin := filepath.Join(filepath.Dir(p), "main")
			cmd := exec.Command(rustc, "--edition", "2021", "-D", "warnings", "-o", bin, p)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("rustc: %v\n%s", err, out)
			}
		})
	}
}
