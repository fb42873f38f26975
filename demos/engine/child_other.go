//go:build !unix

package engine

import (
	"os"
	"os/exec"
)

// ownGroup leaves the default: exec.CommandContext kills the child on cancel.
func ownGroup(cmd *exec.Cmd) {}

// killGroup kills the child p; there are no process groups to kill here.
func killGroup(p *os.Process) { p.Kill() }

// FollowPause does nothing here: a child keeps running through a pause.
func FollowPause(r *Run, pid int, done <-chan struct{}) {}
