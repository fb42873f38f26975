package meta

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// fyneApp mirrors the keys the packager knows (fyne.io/tools v1.7.4's
// internal metadata.FyneApp), so the test can tell any other key from them.
type fyneApp struct {
	Website     string
	Description string // not used by the packager; .ci/package puts it in the .deb
	Details     struct {
		Icon, Name, ID, Version string
		Build                   int
	}
	AdaptiveIcon         struct{ Foreground, Background, Monochrome string }
	Splash               struct{ Background, Icon string }
	Development, Release map[string]string
	Source               struct{ Repo, Dir string }
	CanOpen              struct{ MimeTypes string }
	LinuxAndBSD          struct {
		GenericName, Comment, ExecParams string
		Categories, Keywords             []string
	}
	Languages    []string
	Migrations   map[string]bool
	Capabilities struct {
		Microphone      bool
		MicrophoneUsage string
	}
}

// TestFyneAppTOML keeps FyneApp.toml, which the packager reads, in step with
// the constants that `go run ./app`, `app -version` and the About dialog use.
func TestFyneAppTOML(t *testing.T) {
	var f fyneApp
	md, err := toml.DecodeFile("../../FyneApp.toml", &f)
	if err != nil {
		t.Fatal(err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		// The packager rewrites the file to bump Build and drops keys it
		// does not know, so a stray key would silently vanish.
		t.Errorf("FyneApp.toml has keys the packager does not know: %v", u)
	}
	for _, c := range []struct{ key, got, want string }{
		{"Name", f.Details.Name, Name},
		{"ID", f.Details.ID, ID},
		{"Version", f.Details.Version, Version},
	} {
		if c.got != c.want {
			t.Errorf("FyneApp.toml %s = %q, meta.%s = %q", c.key, c.got, c.key, c.want)
		}
	}
	if got, ok := f.Migrations["fyneDo"]; !ok || got != MigratedFyneDo {
		t.Errorf("FyneApp.toml [Migrations] fyneDo = %v (set: %v), want %v", got, ok, MigratedFyneDo)
	}
	if f.Details.Build < 1 {
		t.Errorf("FyneApp.toml Build = %d, want >= 1", f.Details.Build)
	}
	if _, err := os.Stat(filepath.Join("../..", f.Details.Icon)); err != nil {
		t.Errorf("FyneApp.toml Icon: %v", err)
	}
	for _, c := range []string{"Education", "Development"} {
		if !slices.Contains(f.LinuxAndBSD.Categories, c) {
			t.Errorf("FyneApp.toml Categories %v lack %s", f.LinuxAndBSD.Categories, c)
		}
	}
	if f.Description == "" || f.LinuxAndBSD.Comment == "" {
		t.Error("FyneApp.toml needs a Description and a [LinuxAndBSD] Comment: they are the .deb's description")
	}
	if f.LinuxAndBSD.GenericName == "" || f.LinuxAndBSD.Comment == "" || len(f.LinuxAndBSD.Keywords) == 0 {
		t.Error("FyneApp.toml [LinuxAndBSD] needs GenericName, Comment and Keywords for the menu entry")
	}
}

// TestREADMEPackageCommands checks the README's package commands that spell
// out the app's details (the Windows one cannot read FyneApp.toml), and the
// .deb's file name, give the current ones.
func TestREADMEPackageCommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds := regexp.MustCompile("go tool fyne package[^`\n]*").FindAllString(string(readme), -1)
	if len(cmds) == 0 {
		t.Fatal("README.md has no `go tool fyne package` command")
	}
	flag := func(cmd, name string) string {
		m := regexp.MustCompile(`--` + name + `[ =]("[^"]*"|\S+)`).FindStringSubmatch(cmd)
		if m == nil {
			return ""
		}
		return strings.Trim(m[1], `"`)
	}
	// The .deb's file name carries the version too (VERSION where a command
	// stands for any).
	for _, m := range regexp.MustCompile(`concurrency-lab_([^_\s]+)_`).FindAllStringSubmatch(string(readme), -1) {
		if m[1] != Version && m[1] != "VERSION" {
			t.Errorf("README names %s, want version %s", m[0], Version)
		}
	}
	for _, cmd := range cmds {
		for name, want := range map[string]string{"appVersion": Version, "appID": ID, "name": Name} {
			if got := flag(cmd, name); got != "" && got != want {
				t.Errorf("README: %s\n--%s %q, want %q", cmd, name, got, want)
			}
		}
	}
}
