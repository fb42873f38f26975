package demos

import (
	"runtime"
	"strconv"
	"strings"
	"time"

	"concurrencylab/demos/engine"
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
	res, err := engine.RunPeer(r, engine.PeerJob{Demo: "cpu", Mode: c.Mode, Tasks: chunks, Lanes: n,
		Args: []string{kv("workers", n), kv("chunks", chunks), kv("units", units), kv("rounds", rounds)}})
	if err != nil {
		return err
	}
	wall := res.Work.Seconds()
	r.Stat("busy_ms", res.CPU.Seconds()*1e3)
	r.Stat("parallelism", res.CPU.Seconds()/wall)
	r.Stat("units_per_s", float64(chunks*units)/wall)
	return nil
}

// runDownloadPeer runs the downloader in a Python or Rust peer against this run's
// own file server: the same files, the same latency, bandwidth and faults.
// Bytes, rate and the files done or failed are read from the tasks' own
// reports, as the Go modes count them.
func runDownloadPeer(r *Run) error {
	c := r.Config
	srv, err := newFileServer("", DownloadServerConfig(c), r)
	if err != nil {
		return err
	}
	defer srv.Close()
	if testHookFileServer != nil {
		testHookFileServer(srv)
	}
	n, lanes := c.Int("files"), c.Workers
	if c.Mode != "python-asyncio" { // a pool of workers
		r.Tasks(n, func(i int) int { return i % c.Workers })
	} else {
		r.Tasks(n, nil)
		lanes = n
	}
	// A file may take the latency (stretched in slow motion) before its
	// first byte, then no byte for stallAfter before it counts as stalled;
	// longer with many in flight, as the Go downloader's (the peer's
	// pool, or every file for asyncio, at once: the most it will have).
	// A Python downloader reads on one core (one thread, or the GIL's).
	cores := int64(runtime.GOMAXPROCS(0))
	if strings.HasPrefix(c.Mode, "python-") {
		cores = 1
	}
	timeout := lengthened(time.Duration(float64(c.Dur("latency"))/r.Speed())+stallAfter, int64(min(n, lanes)), cores)
	// The rate is sampled from when the peer is ready: the series' times
	// are the run's, from which the start-up is left out.
	stopSampler := func() {}
	sample := func() {
		var last int64
		lastAt := time.Now()
		stopSampler = r.Every(250*time.Millisecond, func(final bool) {
			if final {
				return
			}
			b, _, _ := r.Model().Totals()
			now := time.Now()
			r.Sample("bytes_per_s", float64(b-last)/now.Sub(lastAt).Seconds())
			r.Stat("bytes", float64(b))
			last, lastAt = b, now
		})
	}
	res, err := engine.RunPeer(r, engine.PeerJob{Demo: "download", Mode: c.Mode, Quiet: timeout, OnReady: sample, Tasks: n, Lanes: lanes,
		Args: []string{kv("workers", c.Workers), kv("timeout", timeout.Seconds()), kv("urls", strings.Join(srv.URLs(), ","))}})
	stopSampler()
	if err != nil {
		return err
	}
	r.Settle() // the peer's last ends are in the totals
	b, done, failed := r.Model().Totals()
	r.Stat("bytes", float64(b))
	r.Stat("files_done", float64(done))
	r.Stat("failed", float64(failed))
	r.Stat("bytes_per_s", float64(b)/res.Work.Seconds())
	return nil
}

// runCounterPeer runs the shared counter in a Python or Rust peer; the peer
// reports the counter and what was lost, the rate is the work's.
func runCounterPeer(r *Run) error {
	n, k := r.Config.Workers, r.Config.Int("increments")
	r.Tasks(n, nil)
	r.Counter(0, int64(n)*int64(k))
	res, err := engine.RunPeer(r, engine.PeerJob{Demo: "counter", Mode: r.Config.Mode, Tasks: n, Lanes: n, Expected: int64(n) * int64(k),
		Args: []string{kv("workers", n), kv("increments", k)}})
	if err != nil {
		return err
	}
	r.Stat("increments_per_s", float64(n*k)/res.Work.Seconds())
	return nil
}

// runSleepersPeer runs the sleepers in a Python peer: asyncio.gather of a
// coroutine per task, or a pool of `workers` threads.
func runSleepersPeer(r *Run) error {
	c := r.Config
	n, wait := c.Int("tasks"), c.Dur("wait")
	lanes := n
	if c.Mode == "python-threads" {
		r.Tasks(n, func(i int) int { return i % c.Workers })
		lanes = c.Workers
	} else {
		r.Tasks(n, nil)
	}
	res, err := engine.RunPeer(r, engine.PeerJob{Demo: "sleepers", Mode: c.Mode, Quiet: wait, Tasks: n, Lanes: lanes,
		Args: []string{kv("tasks", n), kv("wait", wait.Seconds()), kv("workers", c.Workers)}})
	if err != nil {
		return err
	}
	r.Settle()
	_, done, _ := r.Model().Totals()
	r.Stat("tasks_per_s", float64(done)/res.Work.Seconds())
	return nil
}

// runSpawnPeer starts the units in a Python or Rust peer, which measures
// their start time and memory itself, from inside the process that holds
// them. The counts are capped as in the Go modes.
func runSpawnPeer(r *Run) error {
	count := r.Config.Int("count")
	limit, noun := spawnMaxThreads, "threads"
	if strings.HasSuffix(r.Config.Mode, "processes") {
		limit, noun = spawnMaxProcs, "processes"
	}
	if count > limit {
		r.Log(0, "count %d is more than %d units in mode %s; running %d", count, limit, r.Config.Mode, limit)
		count = limit
	}
	r.Tasks(count, func(int) int { return 0 })
	r.TaskUnits(1, count, noun)
	_, err := engine.RunPeer(r, engine.PeerJob{Demo: "spawn", Mode: r.Config.Mode, Tasks: count, Lanes: 1, Args: []string{kv("count", count)}})
	return err
}
