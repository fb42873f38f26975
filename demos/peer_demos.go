package demos

import (
	"strconv"
	"strings"
)

// pyCPURounds is a Python unit of cpu work: 400 rounds of the mixing
// function where a Go or Rust unit has cpuRounds (40,000). CPython runs
// this loop some hundreds of times slower than Go, so a Python unit is a
// hundredth of a Go unit, to keep a run within seconds; the stat
// rounds_per_unit says which a run used.
const pyCPURounds = cpuRounds / 100

// kv is one key=value argument of a peer.
func kv(k string, v any) string {
	switch v := v.(type) {
	case int:
		return k + "=" + strconv.Itoa(v)
	case float64:
		return k + "=" + strconv.FormatFloat(v, 'g', -1, 64)
	}
	return k + "=" + v.(string)
}

// runCPUPeer runs the cpu demo's work in a Python or Rust peer: the same
// chunks, the same algorithm; its parallelism is the peer's CPU time (its
// processes' too) over the work's wall time.
func runCPUPeer(r *Run) error {
	c := r.Config
	chunks, units, n := c.Int("chunks"), c.Int("work"), c.Workers
	rounds := cpuRounds
	if strings.HasPrefix(c.Mode, "python") {
		rounds = pyCPURounds
	}
	r.Tasks(chunks, func(i int) int { return i % n })
	r.Stat("rounds_per_unit", float64(rounds))
	res, err := runPeer(r, peerJob{demo: "cpu", mode: c.Mode,
		args: []string{kv("workers", n), kv("chunks", chunks), kv("units", units), kv("rounds", rounds)}})
	if err != nil {
		return err
	}
	wall := res.work.Seconds()
	r.Stat("busy_ms", res.cpu.Seconds()*1e3)
	r.Stat("parallelism", res.cpu.Seconds()/wall)
	r.Stat("units_per_s", float64(chunks*units)/wall)
	return nil
}
