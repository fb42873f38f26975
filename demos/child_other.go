//go:build !unix

package demos

import "os/exec"

// ownGroup leaves the default: exec.CommandContext kills the child on cancel.
func ownGroup(cmd *exec.Cmd) {}
