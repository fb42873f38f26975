//go:build unix && !linux

package engine

import "syscall"

// dieWithParent does nothing here: the system has no parent-death signal.
func dieWithParent(*syscall.SysProcAttr) {}

// parentDeathSignal says whether dieWithParent does anything.
const parentDeathSignal = false
