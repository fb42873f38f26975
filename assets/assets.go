// Package assets holds the files Concurrency Lab embeds in its binary: the
// short Go, Python and Rust programs shown beside each demo.
//
// Each demo has a folder snippets/<demo>/ holding main.go, main.py and
// main.rs, and sometimes more (download also has main_asyncio.py). Every
// snippet is a complete program in its own language; the Go ones are also
// packages of this module, so `go vet ./assets/...` compiles them.
//
// The folder peers/<demo>/ holds the programs that the peer modes run as
// child processes, one per mode (python-threads.py, rust-threads.rs, ...):
// see Peer.
package assets

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed snippets
var snippets embed.FS

// languages lists the snippet languages in display order, each with the file
// that holds its snippet.
var languages = []struct{ name, file string }{
	{"go", "main.go"},
	{"python", "main.py"},
	{"rust", "main.rs"},
}

// Languages returns the languages Snippet accepts, in display order:
// "go", "python", "rust".
func Languages() []string {
	names := make([]string, len(languages))
	for i, l := range languages {
		names[i] = l.name
	}
	return names
}

// Snippet returns the source of demo's snippet in lang, which is one of
// Languages. For "python" it is main.py. It reports false when the demo or
// the language is unknown.
func Snippet(demo, lang string) (string, bool) {
	for _, l := range languages {
		if l.name == lang {
			return File(demo, l.file)
		}
	}
	return "", false
}

// Files returns the names of the files in demo's snippet folder, sorted, such
// as ["main.go" "main.py" "main.rs"]. It returns nil for an unknown demo.
func Files(demo string) []string {
	if !validName(demo) {
		return nil
	}
	entries, err := fs.ReadDir(snippets, "snippets/"+demo)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	return names
}

// File returns the text of the file called name in demo's snippet folder,
// one of the names Files lists. It reports false when there is no such file.
func File(demo, name string) (string, bool) {
	if !validName(demo) || !validName(name) {
		return "", false
	}
	b, err := snippets.ReadFile("snippets/" + demo + "/" + name)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// validName reports whether s names one entry of a folder, not a path.
func validName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\`)
}
