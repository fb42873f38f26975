package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// childEnv marks a process started by a processes mode as a worker child. An
// environment variable, not an argument, so that a test binary (which parses
// its own flags) can be a child just as well as the app.
const childEnv = "CONCURRENCYLAB_CHILD"

var (
	childMu   sync.Mutex
	childJobs = map[string]func(args []string, out io.Writer) error{}
)

// RegisterChild names a job that a child process can do; demos call it from init.
func RegisterChild(name string, job func(args []string, out io.Writer) error) {
	childMu.Lock()
	defer childMu.Unlock()
	childJobs[name] = job
}

// IsChild reports whether this process was started by a processes mode as
// a worker child (ChildMain then does its job).
func IsChild() bool { return os.Getenv(childEnv) != "" }

// ChildMain does a worker child's job when this process was started as one by
// a processes mode, and reports ok; otherwise it returns at once with ok
// false. The app's main and every test binary that starts children call it
// first: it is the hidden worker subcommand.
func ChildMain() (code int, ok bool) {
	name := os.Getenv(childEnv)
	if name == "" {
		return 0, false
	}
	childMu.Lock()
	job := childJobs[name]
	childMu.Unlock()
	if job == nil {
		fmt.Fprintf(os.Stderr, "unknown child job %q\n", name)
		return 2, true
	}
	var args []string
	for i := 0; ; i++ {
		v, ok := os.LookupEnv(fmt.Sprintf("%s_ARG%d", childEnv, i))
		if !ok {
			break
		}
		args = append(args, v)
	}
	if err := job(args, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1, true
	}
	return 0, true
}

// ChildCommand prepares a child process of this same binary that does job
// with args. It is killed, with any process it started, when ctx ends; the
// caller must Wait for it.
func ChildCommand(ctx context.Context, job string, args ...string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find the app's own binary to start a child: %w", err)
	}
	cmd := exec.CommandContext(ctx, exe)
	// A race-enabled build sleeps a second at exit by default; children of
	// the race-tested binary would then take a second each to end.
	cmd.Env = append(os.Environ(), childEnv+"="+job, "GORACE=atexit_sleep_ms=0")
	for i, a := range args {
		cmd.Env = append(cmd.Env, fmt.Sprintf("%s_ARG%d=%s", childEnv, i, a))
	}
	cmd.Stderr = os.Stderr
	ownGroup(cmd)
	cmd.WaitDelay = 2 * time.Second
	return cmd, nil
}
