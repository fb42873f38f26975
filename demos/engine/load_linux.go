package engine

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// loadProbe is the machine's CPU counters at a run's start.
type loadProbe struct {
	ok      bool
	wall    time.Time
	busy    time.Duration
	process time.Duration
	cores   int
}

func startLoad() loadProbe {
	busy, cores, ok := machineBusy()
	p := loadProbe{ok: ok, wall: time.Now(), busy: busy, cores: cores}
	p.process, p.ok = processCPU(), p.ok && cores > 0
	return p
}

// end reads the counters again: what the machine did since the start.
func (p loadProbe) end() Load {
	if !p.ok {
		return Load{}
	}
	busy, cores, ok := machineBusy()
	if !ok || cores != p.cores {
		return Load{}
	}
	return Load{Known: true, Cores: cores, Wall: time.Since(p.wall), Busy: busy - p.busy, Process: processCPU() - p.process}
}

// clockTick is the unit of /proc/stat (USER_HZ), 100 a second on every
// Linux architecture Go runs on.
const clockTick = 10 * time.Millisecond

// machineBusy reads the time every core spent busy (user, nice, system,
// irq, softirq, steal) from /proc/stat, and the number of cores.
func machineBusy() (busy time.Duration, cores int, ok bool) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		switch {
		case len(fields) > 8 && fields[0] == "cpu":
			for _, i := range []int{1, 2, 3, 6, 7, 8} { // user nice system irq softirq steal
				v, err := strconv.ParseInt(fields[i], 10, 64)
				if err != nil {
					return 0, 0, false
				}
				busy += time.Duration(v) * clockTick
			}
			ok = true
		case len(fields) > 0 && strings.HasPrefix(fields[0], "cpu"):
			cores++
		}
	}
	return busy, cores, ok
}

// processCPU is this process's CPU time so far, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
