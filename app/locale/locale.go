// Package locale, imported for its side effect before any Fyne package,
// spares users of a "C.UTF-8" locale (the default of many containers and
// servers) the error Fyne logs when it cannot read "C" as a language: it sets
// LANGUAGE to English when the locale names no language.
//
// It works because Go initialises packages in import-path order once their
// own imports are ready: "concurrencylab/..." sorts before "fyne.io/...", and
// this package needs only os and strings.
package locale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		loc := os.Getenv(v)
		if loc == "" {
			continue
		}
		if strings.HasPrefix(loc, "C.") || strings.HasPrefix(loc, "POSIX.") {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
