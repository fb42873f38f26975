//go:build unix

package engine

import (
	"os"
	"os/exec"
	"syscall"
)

// ownGroup puts the child in a process group of its own and makes
// cancellation kill the whole group, so nothing it started outlives a Stop;
// where the system can (Linux), the child is also killed when this process
// dies, however it dies.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// killGroup kills the process group that child p leads. Once p is reaped
// its number stays the group's while any member lives, so this is safe
// after Wait too; a group with no member left is not there to kill.
func killGroup(p *os.Process) {
	syscall.Kill(-p.Pid, syscall.SIGKILL)
}

// FollowPause stops the process group of child pid while run r is paused
// and continues it on resume, until done is closed. A child's work then
// pauses with the run's, as a goroutine's does at its next Pace; otherwise
// its CPU time would count against a wall time that leaves the pause out.
func FollowPause(r *Run, pid int, done <-chan struct{}) {
	for {
		pausing, _ := r.pauseChans()
		select {
		case <-pausing:
		case <-done:
			return
		}
		syscall.Kill(-pid, syscall.SIGSTOP)
		_, resume := r.pauseChans()
		select {
		case <-resume:
			syscall.Kill(-pid, syscall.SIGCONT)
		case <-done: // it was killed: SIGKILL ends a stopped process too
			return
		}
	}
}
