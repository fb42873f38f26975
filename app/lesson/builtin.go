package lesson

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"concurrencylab/assets"
	"concurrencylab/demos"
)

// BuiltIn returns the names of the lessons built into the app ("counter",
// "cpu", ...), in the catalogue's order of the demo each begins with, as a
// menu lists them.
func BuiltIn() []string {
	type entry struct {
		name string
		rank int
	}
	order := demos.IDs()
	var es []entry
	for _, f := range assets.LessonFiles() {
		name := strings.TrimSuffix(f, ".toml")
		rank := len(order)
		if l, err := OpenBuiltIn(name); err == nil {
			if i := slices.Index(order, l.Steps[0].Demo); i >= 0 {
				rank = i
			}
		}
		es = append(es, entry{name, rank})
	}
	slices.SortStableFunc(es, func(a, b entry) int { return a.rank - b.rank })
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.name
	}
	return names
}

// OpenBuiltIn reads the built-in lesson called name, one of BuiltIn's.
func OpenBuiltIn(name string) (Lesson, error) {
	data, err := fs.ReadFile(assets.Lessons, name+".toml")
	if err != nil || strings.ContainsAny(name, `/\`) {
		return Lesson{}, fmt.Errorf("there is no built-in lesson %s; the lessons are: %s", demos.Quote(name), strings.Join(builtInFiles(), ", "))
	}
	l, err := Parse(data)
	if err != nil {
		return Lesson{}, fmt.Errorf("the built-in lesson %s: %w", name, err)
	}
	l.BuiltIn = name
	return l, nil
}

func builtInFiles() []string {
	var out []string
	for _, f := range assets.LessonFiles() {
		out = append(out, strings.TrimSuffix(f, ".toml"))
	}
	return out
}
