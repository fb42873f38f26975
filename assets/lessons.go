package assets

import (
	"embed"
	"io/fs"
	"path"
	"slices"
)

// The built-in lessons: one TOML lesson file a demo, named for it
// ("counter.toml"), in the format of package lesson (see the README,
// "Lessons").
//
//go:embed lessons/*.toml
var lessons embed.FS

// Lessons holds the built-in lesson files at its root.
var Lessons fs.FS = mustSub(lessons, "lessons")

// LessonFiles returns the names of the built-in lesson files, sorted:
// "counter.toml", "cpu.toml", ...
func LessonFiles() []string {
	entries, err := fs.ReadDir(Lessons, ".")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && path.Ext(e.Name()) == ".toml" {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // dir is a literal of this package: a build mistake
	}
	return sub
}
