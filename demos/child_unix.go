//go:build unix

package demos

import (
	"os/exec"
	"syscall"
)

// ownGroup puts the child in a process group of its own and makes
// cancellation kill the whole group, so nothing it started outlives a Stop.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
