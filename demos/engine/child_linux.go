package engine

import "syscall"

// dieWithParent has the kernel kill the child when the thread that started
// it ends. Go's threads live as long as the process (none here is locked
// and let go), so it is the app's death, SIGKILL included.
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }

// parentDeathSignal says whether dieWithParent does anything.
const parentDeathSignal = true
