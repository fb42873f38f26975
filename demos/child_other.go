//go:build !unix

package demos

import "os/exec"

// ownGroup leaves the default: exec.CommandContext kills the child on cancel.
func ownGroup(cmd *exec.Cmd) {}

// followPause does nothing here: a child keeps running through a pause.
func followPause(r *Run, pid int, done <-chan struct{}) {}
