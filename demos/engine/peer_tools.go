package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"concurrencylab/assets"
)

// peerLang is the language a peer mode runs in, from its name:
// python-freethreaded, python-*, rust-*; "" for a Go mode.
func peerLang(mode string) string {
	switch {
	case mode == "python-freethreaded":
		return "python-freethreaded"
	case strings.HasPrefix(mode, "python-"):
		return "python"
	case strings.HasPrefix(mode, "rust-"):
		return "rust"
	}
	return ""
}

// IsPeer reports whether mode runs a peer program in another language
// rather than Go code.
func IsPeer(mode string) bool { return peerLang(mode) != "" }

// PeerMode declares a peer mode: it is unavailable, with why, where its
// interpreter or compiler is not found.
func PeerMode(name, help string) Mode {
	m := Mode{Name: name, Help: help}
	switch peerLang(name) {
	case "python-freethreaded":
		m.probe = &freeThreadedProbe
	case "python":
		m.Unavailable = func() string { _, why := lookTool("python3"); return why }
	case "rust":
		m.probe = &rustcProbe
	}
	if p := m.probe; p != nil {
		m.Unavailable = func() string { return p.now() }
	}
	return m
}

// lookTool finds a program on PATH, or says it is not there.
func lookTool(name string) (string, string) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", name + " not found on PATH"
	}
	return p, ""
}

// probe answers a question about the machine that takes starting a program
// (rustc --version; a candidate CPython): once per environment that the
// answer depends on, in a goroutine of its own. Nobody holds a lock while
// the program runs, and a window starts the probes as it opens
// (StartProbes). A window asks with now, which never waits (it says
// "checking …" until the answer is in); a run and the terminal wait with
// answer, at most the program's deadline.
type probe struct {
	what  string        // what is checked, for "checking rustc…"
	env   func() string // what the answer depends on
	check func() (exe, why string)
	mu    sync.Mutex
	cur   *probeRun
}

// probeRun is one check: exe and why are set before done is closed.
type probeRun struct {
	key      string
	done     chan struct{}
	exe, why string
}

// start begins the check for the current environment, unless it has begun.
func (p *probe) start() *probeRun {
	key := p.env()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil || p.cur.key != key {
		run := &probeRun{key: key, done: make(chan struct{})}
		p.cur = run
		go func() {
			run.exe, run.why = p.check()
			close(run.done)
		}()
	}
	return p.cur
}

// answer is the check's answer for the current environment.
func (p *probe) answer() (exe, why string) {
	run := p.start()
	<-run.done
	return run.exe, run.why
}

// now is the check's why for the current environment if it is in, else
// "checking …" (see pending); it never waits.
func (p *probe) now() string {
	run := p.start()
	select {
	case <-run.done:
		return run.why
	default:
		return checkingPrefix + p.what + "…"
	}
}

// pending reports whether the check for the current environment is still
// running.
func (p *probe) pending() bool {
	select {
	case <-p.start().done:
		return false
	default:
		return true
	}
}

// checkingPrefix begins the why of a mode whose check is still running.
const checkingPrefix = "checking "

// StartProbes begins, in the background, the checks of which peer modes
// this machine can run (whether rustc runs, whether a free-threaded
// CPython is here), so that a window asking about a mode later does not
// wait for them. It is not done at init: every process of the app would
// start interpreters, the child workers of cpu and spawn among them.
func StartProbes() {
	rustcProbe.start()
	freeThreadedProbe.start()
}

// rustcProbe finds, per PATH and home, whether rustc runs: rustup's proxy
// is on PATH even where it has no toolchain to run (a fresh HOME).
var rustcProbe = probe{
	what: "rustc",
	env: func() string {
		return os.Getenv("PATH") + "\x00" + os.Getenv("HOME") + "\x00" + os.Getenv("RUSTUP_HOME") + "\x00" + os.Getenv("RUSTUP_TOOLCHAIN")
	},
	check: checkRustc,
}

// lookRustc finds a rustc that runs (rustc --version), or says why not.
func lookRustc() (exe, why string) { return rustcProbe.answer() }

func checkRustc() (exe, why string) {
	exe, why = lookTool("rustc")
	if why != "" {
		return "", why
	}
	out, stderr, err := probeOutput(context.Background(), 10*time.Second, nil, exe, "--version")
	switch {
	case err != nil:
		return "", "rustc is on PATH but does not run (" + err.Error() + "): " + clip(firstLine(strings.TrimSpace(stderr)), 160)
	case !strings.HasPrefix(out, "rustc "):
		return "", "rustc is on PATH but does not say its version: " + Quote(clip(firstLine(strings.TrimSpace(out)), 80))
	}
	return exe, ""
}

// probeOutput runs a program to learn something about the machine and
// returns what it printed. It gives the program timeout, then kills it with
// its process group; and it waits no more than a second after the program
// ends for its output to close, since a launcher script may leave a
// background child holding it open (which is killed with the group).
func probeOutput(ctx context.Context, timeout time.Duration, env []string, exe string, args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = env
	var out, errb tailBuffer
	out.max, errb.max = 64<<10, 4<<10
	cmd.Stdout, cmd.Stderr = &out, &errb
	ownGroup(cmd)
	cmd.WaitDelay = time.Second
	if err := startChild(cmd); err != nil {
		return "", "", err
	}
	err = reapChild(cmd)
	if errors.Is(err, exec.ErrWaitDelay) {
		err = nil // it ended well; something it left held the output
	}
	if ctx.Err() == context.DeadlineExceeded {
		err = fmt.Errorf("no answer within %v", timeout)
	}
	return out.String(), errb.String(), err
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// freeThreadedProbe finds, per PATH, the free-threaded CPython on it:
// finding one means starting each candidate.
var freeThreadedProbe = probe{
	what:  "for a free-threaded CPython",
	env:   func() string { return os.Getenv("PATH") },
	check: checkFreeThreaded,
}

// freeThreadedPython finds a CPython whose GIL is really off: a 3.13t or
// later build (python3.13t, python3.14t, ...; or python3 itself) that,
// started with PYTHON_GIL=0, says sys._is_gil_enabled() is False.
func freeThreadedPython() (exe, why string) { return freeThreadedProbe.answer() }

func checkFreeThreaded() (exe, why string) {
	for _, name := range []string{"python3.15t", "python3.14t", "python3.13t", "python3t", "python3"} {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		out, _, err := probeOutput(context.Background(), 5*time.Second, append(os.Environ(), "PYTHON_GIL=0"),
			p, "-c", "import sys; print(getattr(sys, '_is_gil_enabled', lambda: True)())")
		if err == nil && strings.TrimSpace(out) == "False" {
			return p, ""
		}
	}
	return "", "no free-threaded CPython (3.13t or later) on PATH"
}

// launchers caches the interpreters found behind launcher scripts.
var launchers struct {
	mu sync.Mutex
	m  map[string]string // launcher and what picks the version -> interpreter
}

// behindLauncher returns the interpreter that exe starts when exe is a
// launcher script (pyenv's shim is a shell script that takes a few hundred
// milliseconds to pick a version before every start), else exe itself. It
// asks the launcher once (sys.executable) for each working folder and
// PYENV_VERSION, which are what pick the version.
func behindLauncher(ctx context.Context, exe string) string {
	head := make([]byte, 2)
	f, err := os.Open(exe)
	if err != nil {
		return exe
	}
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || string(head) != "#!" {
		return exe
	}
	wd, _ := os.Getwd()
	key := exe + "\x00" + wd + "\x00" + os.Getenv("PYENV_VERSION")
	l := &launchers
	l.mu.Lock()
	defer l.mu.Unlock()
	if real, ok := l.m[key]; ok {
		return real
	}
	out, _, err := probeOutput(ctx, 10*time.Second, nil, exe, "-c", "import sys; print(sys.executable)")
	real := strings.TrimSpace(out)
	if st, serr := os.Stat(real); err != nil || serr != nil || !st.Mode().IsRegular() {
		return exe // ask again next time
	}
	if l.m == nil {
		l.m = map[string]string{}
	}
	l.m[key] = real
	return real
}

// peerProgram is how to start a peer: argv before the job's arguments,
// extra environment, a name for messages and the time spent compiling it.
type peerProgram struct {
	name     string // "python3 cpu/python-threads.py"
	argv     []string
	env      []string
	compiled time.Duration
}

// preparePeer writes the mode's embedded program into the user's cache
// (compiling it once when it is Rust) and says how to start it.
func preparePeer(ctx context.Context, demo, mode string) (peerProgram, error) {
	lang, src, ok := assets.Peer(demo, mode)
	if !ok {
		return peerProgram{}, fmt.Errorf("%s has no peer program for mode %s", demo, mode)
	}
	ext := map[string]string{"python": ".py", "rust": ".rs"}[lang]
	file := filepath.Base(demo) + "-" + mode + ext
	dir, err := peerCacheDir(src)
	if err != nil {
		return peerProgram{}, err
	}
	path := filepath.Join(dir, file)
	if err := writeOnce(path, []byte(src)); err != nil {
		return peerProgram{}, fmt.Errorf("cannot write the peer program %s: %v", path, err)
	}
	shown := demo + "/" + strings.TrimPrefix(file, demo+"-")
	switch peerLang(mode) {
	case "python-freethreaded":
		exe, why := freeThreadedPython()
		if why != "" {
			return peerProgram{}, fmt.Errorf("%s", why)
		}
		// -u: unbuffered, so a line is out the moment it is printed
		return peerProgram{name: filepath.Base(exe) + " " + shown, argv: []string{exe, "-u", path}, env: []string{"PYTHON_GIL=0"}}, nil
	case "python":
		exe, why := lookTool("python3")
		if why != "" {
			return peerProgram{}, fmt.Errorf("%s", why)
		}
		return peerProgram{name: "python3 " + shown, argv: []string{behindLauncher(ctx, exe), "-u", path}}, nil
	case "rust":
		bin, took, err := compileRust(ctx, path)
		if err != nil {
			return peerProgram{}, err
		}
		return peerProgram{name: "the Rust program " + shown, argv: []string{bin}, compiled: took}, nil
	}
	return peerProgram{}, fmt.Errorf("mode %s is not a peer mode", mode)
}

// peerCacheDir is the folder for one version of a program: the user's cache,
// keyed by the source's hash, so an edited program is compiled again.
func peerCacheDir(src string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	sum := sha256.Sum256([]byte(src))
	dir := filepath.Join(base, "concurrency-lab", "peers", hex.EncodeToString(sum[:8]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("cannot make the peers' cache folder: %v", err)
	}
	return dir, nil
}

// writeOnce writes b to path unless it is there already, through a
// temporary file, so another process never reads half a program.
func writeOnce(path string, b []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(b) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

var rustcMu sync.Mutex // one compile at a time in this process

// compileRust compiles src (a .rs file in its hash's cache folder) with
// rustc -O, once: the binary beside it is reused while it is there. took is
// the compile's time, 0 when the binary was cached. A stop (ctx) cuts the
// compile short.
func compileRust(ctx context.Context, src string) (bin string, took time.Duration, err error) {
	bin = strings.TrimSuffix(src, ".rs")
	rustcMu.Lock()
	defer rustcMu.Unlock()
	if st, err := os.Stat(bin); err == nil && st.Mode().IsRegular() {
		return bin, 0, nil
	}
	rustc, why := lookRustc()
	if why != "" {
		return "", 0, fmt.Errorf("%s", why)
	}
	t0 := time.Now()
	tmp := fmt.Sprintf("%s.tmp%d", bin, os.Getpid())
	cmd := exec.CommandContext(ctx, rustc, "-O", "--edition", "2021", "-o", tmp, src)
	out := &tailBuffer{max: 16 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	ownGroup(cmd)
	cmd.WaitDelay = 2 * time.Second
	if err = startChild(cmd); err == nil {
		err = reapChild(cmd)
	}
	if err != nil {
		os.Remove(tmp)
		if ctx.Err() != nil {
			return "", 0, ctx.Err()
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		lines = lines[:min(len(lines), 4)]
		return "", 0, fmt.Errorf("rustc could not compile %s: %s", filepath.Base(src), clip(strings.Join(lines, " | "), 400))
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", 0, err
	}
	return bin, time.Since(t0), nil
}

// WithFixed marks a peer mode as not using the worker count.
func WithFixed(m Mode, on string) Mode {
	m.Fixed = on
	return m
}
