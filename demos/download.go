package demos

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"concurrencylab/demos/engine"
)

func init() {
	Register(&Demo{
		ID:      "download",
		Title:   "Parallel downloader",
		Summary: "Files fetched over real HTTP from a server the app starts on 127.0.0.1, with bytes, rate and ETA per file.",
		Notice: "Each file first waits on the server (latency), then streams at the bandwidth one connection gets. " +
			"One after another, the waits add up; side by side, the batch takes about as long as its slowest file. " +
			"A 404, a 500, a stalled transfer and a reset connection each fail their own file and say why.",
		Question: "{files} files of {size}, each after {latency} of latency: how long will they take one after another, {workers} at a time, and with a goroutine per file?",
		Modes: []Mode{
			{Name: "sequential", Help: "one file after another", Fixed: "one goroutine"},
			{Name: "unbounded", Help: "a goroutine per file, all at once", Fixed: "a goroutine per file"},
			{Name: "pool", Help: "errgroup with SetLimit: at most `workers` downloads at once, following the slider live", Live: true},
			{Name: "failfast", Help: "errgroup.WithContext: the first failure cancels every other download"},
			engine.PeerMode("python-threads", "real CPython: a ThreadPoolExecutor of `workers` threads, urllib"),
			engine.WithFixed(engine.PeerMode("python-asyncio", "real CPython: asyncio.gather, a coroutine per file, one thread"), "a coroutine per file"),
			engine.PeerMode("rust-threads", "Rust: a pool of `workers` std threads, HTTP/1.1 over TcpStream"),
		},
		Workers: Knob{Name: "workers", Title: "Workers", Kind: Int, Default: 4, Min: 1, Max: 64, Log: true},
		Prints:  true,
		Knobs: []Knob{
			{Name: "files", Title: "Files", Kind: Int, Default: 12, Min: 1, Max: 500},
			{Name: "size", Title: "Size per file", Unit: "KiB", Kind: Int, Default: 512, Min: 1, Max: 65536, Log: true},
			{Name: "latency", Title: "Latency before the first byte", Kind: Duration, Default: 0.1, Min: 0, Max: 5},
			{Name: "bandwidth", Title: "Bandwidth per connection (0 = unlimited)", Unit: "KiB/s", Kind: Int, Default: 2048, Min: 0, Max: 1_000_000},
			{Name: "fail", Title: "Share of files that fail", Kind: Fraction, Default: 0, Min: 0, Max: 1},
		},
		Figures: []Figure{
			{Name: "bytes", Title: "downloaded", Unit: "B"},
			{Name: "bytes_per_s", Title: "mean download rate", Unit: "B/s"},
			{Name: "files_done", Title: "files downloaded"},
			{Name: "failed", Title: "failed"},
		},
		Shows: Shows{Bytes: true, Chart: "Download rate over time"},
		// a pool of workers against a goroutine per file (flat: it uses no worker count)
		Sweep: Sweep{Chart: FigElapsed, Predict: FigElapsed, Modes: []string{"pool", "unbounded"},
			UpTo: func(c Config) float64 { return c.Knobs["files"] }},
		Moments: []MomentKind{
			{Name: "failure", Title: "a file failed, and why"},
			{Name: "last-byte", Title: "the last byte came"},
		},
		Spot: spotDownload,
		Run:  runDownload,
	})
}

// stallAfter is how long a download may go without receiving a byte before
// it is declared stalled: long enough that a paced or busy server never
// trips it (the server sends about 20 chunks a second), short enough that a
// class watches a stall fail. Response headers may take the latency knob on
// top of it, and a run with many downloads in flight more (see patience).
// A variable so that tests can shorten it.
var stallAfter = 2 * time.Second

// Past freePerCore downloads in flight per core, each further one may delay
// every other's bytes by about turnPerDownload on each core: the server's
// handler and the client's reader of each download take their turn on a
// core. A run of 500 unpaced files on 2 cores waits seconds for a turn, and
// a timeout that ignored this would fail files nobody planned to fail.
const (
	freePerCore     = 16
	turnPerDownload = 50 * time.Millisecond
)

// testHookFileServer, when set (by tests), is given each run's server once it
// is listening, so a test can watch it from the server side.
var testHookFileServer func(*FileServer)

// errStalled is the cause with which a download's watchdog cancels it.
var errStalled = errors.New("stalled")

// errNoResponse is the cause with which a request is cancelled that has had
// no headers within the latency (stretched by the slowest slow motion) and
// stallAfter.
var errNoResponse = errors.New("no response")

// dlError is a download's own failure (as opposed to a cancellation): Error
// is the plain sentence shown on the task, Short the few words that name it
// in the reason given to the downloads that failfast cancels.
type dlError struct{ msg, short string }

func (e *dlError) Error() string { return e.msg }

// downloader holds what every download of a run shares.
type downloader struct {
	r      *Run
	srv    *FileServer
	client *http.Client
	size   int64
	// headerTimeout is how much of the run's active time a request may wait
	// for its headers: a watchdog's, not the transport's, so that a pause
	// (during which the server answers nothing) does not count.
	headerTimeout time.Duration

	bytes    atomic.Int64 // bytes received, whole files or not
	done     atomic.Int64 // files received whole
	failed   atomic.Int64 // files that failed on their own
	inFlight atomic.Int64 // downloads between their request and their end

	lanes laneSet // for the modes in which a file takes any free row
}

func runDownload(r *Run) error {
	c := r.Config
	if IsPeer(c.Mode) {
		return runDownloadPeer(r)
	}
	srv, err := newFileServer("", DownloadServerConfig(c), r)
	if err != nil {
		return err
	}
	defer srv.Close()
	if testHookFileServer != nil {
		testHookFileServer(srv)
	}
	latency := c.Dur("latency")
	// No dial timeout of the transport's own: the headers' watchdog, which
	// allows for the load, covers the dial too.
	tr := &http.Transport{
		MaxIdleConnsPerHost: int(r.Demo.Workers.Max),
		DisableCompression:  true,
	}
	defer tr.CloseIdleConnections() // connections freed after this are closed too
	d := &downloader{r: r, srv: srv, client: &http.Client{Transport: tr}, size: srv.Size(),
		// The server waits the latency, stretched in slow motion, before its headers.
		headerTimeout: time.Duration(float64(latency)/MinSpeed) + stallAfter}

	n := c.Int("files")
	switch c.Mode {
	case "sequential":
		r.Tasks(n, func(int) int { return 0 })
	case "unbounded":
		r.Tasks(n, nil)
	default:
		r.Tasks(n, func(i int) int { return i % c.Workers })
	}
	sw := r.Stopwatch()
	stopSampler := d.sample(time.Now())
	switch c.Mode {
	case "sequential":
		for i := range n {
			if r.Context().Err() != nil {
				break // the tasks left show as never started
			}
			d.run(r.Context(), i, 0, nil)
		}
	case "unbounded":
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { d.run(r.Context(), i, i, nil) })
		}
		wg.Wait()
	case "pool":
		d.pool(n)
	case "failfast":
		d.failfast(n)
	default:
		stopSampler()
		return errors.New("unknown mode " + c.Mode)
	}
	stopSampler()
	wall := sw.Elapsed() // paused time left out
	r.Stat("bytes", float64(d.bytes.Load()))
	r.Stat("files_done", float64(d.done.Load()))
	r.Stat("failed", float64(d.failed.Load()))
	r.Stat("bytes_per_s", float64(d.bytes.Load())/wall.Seconds())
	return nil
}

// pool runs the downloads with errgroup's SetLimit, yet follows the live
// worker target. SetLimit cannot be changed while goroutines run (errgroup
// panics), so the group is limited to the slider's maximum, which bounds the
// goroutines, and a Limiter, which follows the slider, gates the downloads
// themselves: raising the target lets the next files in at once, lowering it
// lets no new download start until enough have finished. The slot is taken
// before g.Go, so files start in order, as a downloader's queue would.
func (d *downloader) pool(n int) {
	r := d.r
	lim := NewLimiter(r)
	defer lim.Close()
	var g errgroup.Group
	g.SetLimit(int(r.Demo.Workers.Max))
	for i := range n {
		if lim.Acquire() != nil {
			break // stopped: the files left stay pending, then show as never started
		}
		g.Go(func() error {
			defer lim.Release()
			lane := d.lanes.get()
			defer d.lanes.put(lane)
			d.run(r.Context(), i, lane, nil)
			return nil // a failed file is reported on its task; the others go on
		})
	}
	g.Wait()
}

// failfast runs at most `workers` downloads at once in an errgroup whose
// context the first failure cancels; the downloads running then and those
// not yet started end cancelled, naming the file that failed first.
func (d *downloader) failfast(n int) {
	r := d.r
	g, ctx := errgroup.WithContext(r.Context())
	g.SetLimit(r.Config.Workers)
	var (
		once  sync.Once
		cause string // "file 3 failed first (HTTP 500)"; set before ctx is cancelled
	)
	why := func() string {
		if r.Context().Err() != nil {
			return ErrStopped.Error()
		}
		return "cancelled: " + cause
	}
	for i := range n {
		if r.Context().Err() != nil {
			break
		}
		if ctx.Err() != nil {
			t := r.Task(i, i%r.Config.Workers)
			t.Cancel(why())
			r.Log(t.Worker(), "file %d: %s", i, why())
			continue
		}
		g.Go(func() error {
			lane := d.lanes.get()
			defer d.lanes.put(lane)
			if ctx.Err() != nil { // cancelled while g.Go waited for a free slot
				r.Task(i, lane).Cancel(why())
				r.Log(lane, "file %d: %s", i, why())
				return nil
			}
			err := d.run(ctx, i, lane, why)
			var de *dlError
			if errors.As(err, &de) {
				once.Do(func() { cause = fmt.Sprintf("file %d failed first (%s)", i, de.short) })
				return err // cancels ctx, after cause is set
			}
			return nil
		})
	}
	g.Wait()
}

// sample records the run's throughput a few times a second until stop.
func (d *downloader) sample(t0 time.Time) (stop func()) {
	last, lastAt := int64(0), t0
	return d.r.Every(250*time.Millisecond, func(final bool) {
		if final {
			return // a last, partial interval would be a noisy point
		}
		now, b := time.Now(), d.bytes.Load()
		d.r.Sample("bytes_per_s", float64(b-last)/now.Sub(lastAt).Seconds())
		d.r.Stat("bytes", float64(b))
		last, lastAt = b, now
	})
}

// run downloads file i as task i on the given lane and reports how it ended.
// ctx cancels it; cancelled, when not nil, says why a cancellation of ctx
// that is not the run's own stop happened. It returns the download's error.
func (d *downloader) run(ctx context.Context, i, lane int, cancelled func() string) error {
	r := d.r
	t := r.Task(i, lane)
	sw := r.Stopwatch()
	err := d.fetch(ctx, t, i)
	var de *dlError
	switch {
	case err == nil:
		el := sw.Elapsed()
		t.Done()
		d.done.Add(1)
		r.Log(lane, "file %d: %s in %.2f s (%s/s)", i, Bytes(float64(d.size)), el.Seconds(), Bytes(float64(d.size)/el.Seconds()))
	case errors.As(err, &de) && r.Context().Err() == nil:
		t.Fail(err)
		d.failed.Add(1)
		r.Log(lane, "file %d: FAILED: %s", i, err)
	case r.Context().Err() != nil || cancelled == nil:
		t.Cancel(ErrStopped.Error())
	default:
		why := cancelled()
		t.Cancel(why)
		r.Log(lane, "file %d: %s", i, why)
	}
	r.Stat("bytes", float64(d.bytes.Load()))
	return err
}

// patience is how long a download may wait for a byte, base when few
// downloads are in flight, more by turnPerDownload a core for each one past
// freePerCore a core: the load the run itself puts on the machine. It also
// returns why it is longer, or "" when it is base.
func (d *downloader) patience(base time.Duration) (time.Duration, string) {
	cores := int64(runtime.GOMAXPROCS(0))
	n := d.inFlight.Load()
	if n <= freePerCore*cores {
		return base, ""
	}
	return lengthened(base, n, cores),
		fmt.Sprintf(" (%s in flight on %s)", Plural(int(n), "download", "downloads"), Plural(int(cores), "core", "cores"))
}

// lengthened is a timeout of base with n downloads in flight on cores: base,
// more by turnPerDownload a core for each one past freePerCore a core.
func lengthened(base time.Duration, n, cores int64) time.Duration {
	if extra := n - freePerCore*cores; extra > 0 {
		base += time.Duration(extra) * turnPerDownload / time.Duration(cores)
	}
	return base
}

// fetch downloads file i, reporting on t as it goes. It returns nil, a
// *dlError for a failure of the download itself, or ctx's error.
//
// Timeouts, both counted in the run's active time (a paused run's server
// sends nothing, and its client reads nothing) and both lengthened by the
// downloads in flight (see patience): a watchdog gives up on the headers
// after the latency, stretched by the slowest slow motion, plus stallAfter;
// another cancels the request when no body byte arrives for stallAfter.
// Slow motion and pauses are the server's doing: the run's server follows
// the speed factor in its latency and its pacing and stops while the run is
// paused, so every byte really arrives later and the client's figures stay
// measured.
func (d *downloader) fetch(ctx context.Context, t *Task, i int) error {
	r := d.r
	d.inFlight.Add(1)
	defer d.inFlight.Add(-1)
	t.Sleeping("waiting for first byte")
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, d.srv.URL(i), nil)
	if err != nil {
		return &dlError{msg: "bad request: " + err.Error(), short: "bad request"}
	}
	headers := newStallWatch(r, func() (time.Duration, string) { return d.patience(d.headerTimeout) },
		func() { cancel(errNoResponse) })
	resp, err := d.client.Do(req)
	headers.stop()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(context.Cause(rctx), errNoResponse) {
			return &dlError{msg: "no response within " + headers.gaveUp(), short: "no response"}
		}
		return &dlError{msg: "request failed: " + err.Error(), short: "request failed"}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &dlError{msg: fmt.Sprintf("HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode)),
			short: fmt.Sprintf("HTTP %d", resp.StatusCode)}
	}
	if err := r.Gate(); err != nil {
		return err
	}
	total := resp.ContentLength
	if total < 0 {
		total = d.size
	}
	t.RunningOn("receiving")
	t.Progress(0, total)

	watchdog := newStallWatch(r, func() (time.Duration, string) { return d.patience(stallAfter) },
		func() { cancel(errStalled) })
	defer watchdog.stop()
	buf := make([]byte, 32<<10)
	var got int64
	for {
		n, err := resp.Body.Read(buf)
		if n > 0 {
			got += int64(n)
			d.bytes.Add(int64(n))
			t.Progress(got, total)
			watchdog.fed()
		}
		if err == io.EOF {
			if got < total {
				return &dlError{msg: fmt.Sprintf("connection closed after %d of %d bytes", got, total), short: "connection closed"}
			}
			return nil
		}
		if err != nil {
			switch {
			case errors.Is(context.Cause(rctx), errStalled):
				return &dlError{msg: "stalled: no data for " + watchdog.gaveUp(), short: "stalled"}
			case ctx.Err() != nil:
				return ctx.Err()
			case errors.Is(err, syscall.ECONNRESET):
				return &dlError{msg: fmt.Sprintf("connection reset after %d of %d bytes", got, total), short: "connection reset"}
			case errors.Is(err, io.ErrUnexpectedEOF):
				return &dlError{msg: fmt.Sprintf("connection closed after %d of %d bytes", got, total), short: "connection closed"}
			}
			return &dlError{msg: fmt.Sprintf("failed after %d of %d bytes: %v", got, total, err), short: "read error"}
		}
		if err := r.Gate(); err != nil {
			return err
		}
	}
}

// recheck is how often a stallWatch asks for its limit again.
const recheck = 250 * time.Millisecond

// stallWatch cancels a download once it has gone its limit of the run's
// active time without a byte: a pause, during which the server sends
// nothing, is not a stall. The limit is asked again each time the timer
// fires, so it follows the downloads in flight.
type stallWatch struct {
	r      *Run
	limit  func() (time.Duration, string) // the limit and why it is what it is
	cancel func()
	mu     sync.Mutex
	since  Stopwatch   // since the last byte
	timer  *time.Timer // nil once stopped
	fired  string      // the limit that cancelled, as gaveUp says it
}

func newStallWatch(r *Run, limit func() (time.Duration, string), cancel func()) *stallWatch {
	w := &stallWatch{r: r, limit: limit, cancel: cancel, since: r.Stopwatch()}
	w.mu.Lock()
	defer w.mu.Unlock()
	first, _ := limit()
	w.timer = time.AfterFunc(min(first, recheck), w.check)
	return w
}

// check runs when the timer fires: a stall, or time to look again.
func (w *stallWatch) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer == nil {
		return
	}
	limit, why := w.limit()
	if left := limit - w.since.Elapsed(); left > 0 {
		// looked at again within a recheck, so that a limit the load grew
		// shrinks back as the other downloads end
		w.timer.Reset(min(left, recheck))
		return
	}
	w.fired = limit.String()
	if why != "" { // a limit grown by the load is not a round figure
		w.fired = limit.Round(100*time.Millisecond).String() + why
	}
	w.cancel()
}

// gaveUp says the limit the watch cancelled at: "2s", or "9.7s (500
// downloads in flight on 2 cores)".
func (w *stallWatch) gaveUp() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fired
}

// fed records that bytes arrived.
func (w *stallWatch) fed() {
	sw := w.r.Stopwatch()
	w.mu.Lock()
	w.since = sw
	w.mu.Unlock()
}

func (w *stallWatch) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.timer.Stop()
	w.timer = nil
}

// spotDownload tells each failure with its reason, and at the end the
// moment the last byte came.
func spotDownload() Spotter {
	last, lastAt, lastFile := -1, time.Duration(0), int32(0)
	return func(sc *Scan, e *Event) {
		switch {
		case e.Kind == EvState && e.State == Failed:
			sc.Add("failure", "file %d failed on w%d: %s", e.Task, e.Worker, e.Text)
		case e.Kind == EvProgress && e.Total > 0 && e.N == e.Total:
			last, lastAt, lastFile = sc.Index(), e.At, e.Task
		case e.Kind == engine.EvEnd && last >= 0:
			sc.AddAt(last, lastAt, "last-byte", "the last byte came: file %d was the last to finish", lastFile)
		}
	}
}
