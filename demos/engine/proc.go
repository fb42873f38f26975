package engine

import (
	"os"
	"os/exec"
	"sync"
)

// children holds every child process this process started and has not
// reaped yet, so that KillChildren can end them (with what they started)
// when the app itself is told to end.
var children struct {
	mu sync.Mutex
	m  map[int]*os.Process
}

// startChild starts cmd (prepared with ownGroup) and keeps it among the
// children until reapChild.
func startChild(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	children.mu.Lock()
	if children.m == nil {
		children.m = map[int]*os.Process{}
	}
	children.m[cmd.Process.Pid] = cmd.Process
	children.mu.Unlock()
	return nil
}

// reapChild waits for a child that startChild started, then kills what is
// left of its process group: a grandchild it left behind (a launcher's
// background job, a pool's worker) would otherwise live on, holding the
// pipes it inherited.
func reapChild(cmd *exec.Cmd) error {
	err := cmd.Wait()
	endGroup(cmd.Process)
	return err
}

// endGroup forgets the child p and kills its process group.
func endGroup(p *os.Process) {
	children.mu.Lock()
	delete(children.m, p.Pid)
	children.mu.Unlock()
	killGroup(p)
}

// KillChildren kills every child process the demos started and have not
// reaped, each with its process group. A front end calls it when the app
// is ended by a signal and cannot wait for its run to stop.
func KillChildren() {
	children.mu.Lock()
	defer children.mu.Unlock()
	for _, p := range children.m {
		killGroup(p)
	}
}
