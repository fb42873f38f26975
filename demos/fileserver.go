package demos

import (
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The ways a file of a FileServer can be planned to fail, as Plan reports them.
const (
	FailNotFound    = "404"   // the server answers 404 Not Found
	FailServerError = "500"   // the server answers 500 Internal Server Error
	FailStall       = "stall" // headers are sent, then no body byte ever comes
	FailReset       = "reset" // half the body is sent, then the connection is reset
)

// failKinds is the rotation in which planned failures are handed out, so that
// four or more failing files show every kind.
var failKinds = [...]string{FailNotFound, FailServerError, FailStall, FailReset}

// FileServerSeed is the seed the download demo plans its failures with; `app
// serve` uses it too, so that the terminal's server and a run agree on which
// files fail.
const FileServerSeed uint64 = 1

// FileServerConfig shapes the files a FileServer serves.
type FileServerConfig struct {
	Files     int           // number of files, served as /files/0.bin .. /files/<Files-1>.bin
	Size      int           // KiB per file
	Latency   time.Duration // wait before the first byte of each response
	Bandwidth int           // KiB/s per connection; 0 = unlimited
	Fail      float64       // fraction of the files that fail, from 0 to 1
	Seed      uint64        // picks which files fail
}

// DownloadServerConfig returns the server configuration behind the download
// demo's knobs in c (files, size, latency, bandwidth, fail), with the seed
// the demo uses. `app serve` takes its flags from the demo and calls this.
func DownloadServerConfig(c Config) FileServerConfig {
	return FileServerConfig{
		Files: c.Int("files"), Size: c.Int("size"), Latency: c.Dur("latency"),
		Bandwidth: c.Int("bandwidth"), Fail: c.Float("fail"), Seed: FileServerSeed,
	}
}

// FileServer is a real HTTP server on loopback that serves files of
// deterministic content, honouring a latency before the first byte and a
// bandwidth per connection, and failing a planned fraction of the files in
// one of four ways (see Plan). Close stops it and every handler.
type FileServer struct {
	cfg  FileServerConfig
	ln   net.Listener
	srv  *http.Server
	plan []string

	// run, when not nil, is the download demo's run: the server's waits
	// follow its slow-motion factor and stop while it is paused, so that the
	// latency and the paced transfer really stretch, and freeze.
	run *Run

	served   chan struct{}  // closed when Serve has returned
	quit     chan struct{}  // closed by Close: wakes handlers that wait
	handlers sync.WaitGroup // running handlers
	conns    sync.WaitGroup // connections not yet closed or hijacked

	mu       sync.Mutex
	closed   bool
	inFlight int
	peak     int

	closeOnce sync.Once
	closeErr  error
}

// NewFileServer starts a FileServer listening on addr ("" means 127.0.0.1 on
// a free port) for clients other than the app's own (app serve): a client
// that sends no request, or never reads, is cut off (read-header, idle and
// write timeouts), and at most maxServeConns connections are open at once.
func NewFileServer(addr string, cfg FileServerConfig) (*FileServer, error) {
	s, err := newFileServer(addr, cfg, nil, func(srv *http.Server, ln net.Listener) net.Listener {
		srv.IdleTimeout = 30 * time.Second
		// the longest an honest file takes, with room to spare
		srv.WriteTimeout = 30*time.Second + cfg.Latency
		if cfg.Bandwidth > 0 {
			srv.WriteTimeout += 2 * time.Duration(float64(cfg.Size)/float64(cfg.Bandwidth)*float64(time.Second))
		}
		return newLimitListener(ln, maxServeConns)
	})
	return s, err
}

// maxServeConns is how many connections app serve keeps open at once: a
// class downloads from one machine, 2,000 clients that never read took
// hundreds of MB.
const maxServeConns = 256

// newFileServer is NewFileServer whose waits follow run's speed and pauses.
// limit, when set, sets the server's timeouts and wraps its listener.
func newFileServer(addr string, cfg FileServerConfig, run *Run, limit ...func(*http.Server, net.Listener) net.Listener) (*FileServer, error) {
	switch {
	case cfg.Files < 1:
		return nil, fmt.Errorf("file server: %d files; need at least 1", cfg.Files)
	case cfg.Size < 1:
		return nil, fmt.Errorf("file server: size %d KiB; need at least 1", cfg.Size)
	case cfg.Latency < 0 || cfg.Bandwidth < 0:
		return nil, errors.New("file server: latency and bandwidth cannot be negative")
	case !(cfg.Fail >= 0 && cfg.Fail <= 1):
		return nil, fmt.Errorf("file server: fail %v is not a fraction from 0 to 1", cfg.Fail)
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	// An IPv4 address is listened on as IPv4 only: "tcp" makes 0.0.0.0 a
	// dual-stack socket, on every IPv6 address too.
	network := "tcp"
	if ap, err := netip.ParseAddrPort(addr); err == nil {
		network = map[bool]string{true: "tcp4", false: "tcp6"}[ap.Addr().Is4()]
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		return nil, err
	}
	s := &FileServer{cfg: cfg, ln: ln, plan: PlanFailures(cfg.Files, cfg.Fail, cfg.Seed),
		run: run, served: make(chan struct{}), quit: make(chan struct{})}
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // keep the terminal's bars clean
		ConnState:         s.connState,
	}
	for _, l := range limit {
		ln = l(s.srv, ln)
		s.ln = ln
	}
	go func() {
		defer close(s.served)
		s.srv.Serve(ln)
	}()
	return s, nil
}

// PlanFailures says which of n files fail when a fraction fail of them do,
// for a seed: round(fail*n) files picked by a seeded shuffle, given the
// failure kinds in rotation (404, 500, stall, reset) in file order. An empty
// string means the file is served whole.
func PlanFailures(n int, fail float64, seed uint64) []string {
	plan := make([]string, n)
	k := int(math.Round(min(1, max(0, fail)) * float64(n)))
	if k == 0 {
		return plan
	}
	rng := rand.New(rand.NewPCG(seed, 0x646f776e6c6f6164)) // "download"
	picked := rng.Perm(n)[:k]
	slices.Sort(picked)
	for j, i := range picked {
		plan[i] = failKinds[j%len(failKinds)]
	}
	return plan
}

// Addr is the address the server listens on, e.g. "127.0.0.1:41234".
func (s *FileServer) Addr() string { return s.ln.Addr().String() }

// URL returns the address of file i.
func (s *FileServer) URL(i int) string {
	return "http://" + s.Addr() + "/files/" + strconv.Itoa(i) + ".bin"
}

// URLs returns the address of every file, in order.
func (s *FileServer) URLs() []string {
	out := make([]string, s.cfg.Files)
	for i := range out {
		out[i] = s.URL(i)
	}
	return out
}

// Config is the configuration the server was started with.
func (s *FileServer) Config() FileServerConfig { return s.cfg }

// Size is the length of every file in bytes.
func (s *FileServer) Size() int64 { return int64(s.cfg.Size) * 1024 }

// Plan returns how file i is planned to fail: "" when it is served whole, or
// one of FailNotFound, FailServerError, FailStall and FailReset.
func (s *FileServer) Plan(i int) string {
	if i < 0 || i >= len(s.plan) {
		return ""
	}
	return s.plan[i]
}

// InFlight is the number of file requests being served now. A request counts
// from its arrival until the server starts sending its last bytes (or its
// error status, or the reset), so a client that finished one file and began
// the next is never counted twice. A stalled request counts until the server
// notices that the client gave up.
func (s *FileServer) InFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight
}

// Peak is the highest InFlight since the server started or since ResetPeak.
func (s *FileServer) Peak() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// ResetPeak starts a new peak measurement from the number in flight now.
func (s *FileServer) ResetPeak() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peak = s.inFlight
}

// Close stops the server: it closes the listener and every connection, wakes
// handlers that wait (latency, stalls) and returns once every handler and
// connection goroutine has ended. It may be called more than once.
func (s *FileServer) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		// Connections first, then wake the waiting handlers: a handler that
		// returns without writing would otherwise still get an empty 200 out.
		if err := s.srv.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			s.closeErr = err
		}
		close(s.quit)
		<-s.served // no connection is accepted after this
		s.handlers.Wait()
		s.conns.Wait()
	})
	return s.closeErr
}

func (s *FileServer) connState(_ net.Conn, st http.ConnState) {
	switch st {
	case http.StateNew:
		s.conns.Add(1) // called by Serve before it can return, so never after Close's Wait
	case http.StateClosed, http.StateHijacked:
		s.conns.Done()
	}
}

// enter registers a handler; it fails once Close has begun, so that the
// handlers' WaitGroup is never added to while Close waits on it.
func (s *FileServer) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.handlers.Add(1)
	return true
}

func (s *FileServer) begin() (end func()) {
	s.mu.Lock()
	s.inFlight++
	s.peak = max(s.peak, s.inFlight)
	s.mu.Unlock()
	return sync.OnceFunc(func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	})
}

// clock is a request's own time: real time, or with a run, the run's time
// (which stands still while it is paused) slowed by its speed factor.
type clock struct {
	run  *Run      // nil: real time
	sw   Stopwatch // the run's time, pauses left out
	last time.Time // without a run
	at   time.Duration
	t    time.Duration
}

func (s *FileServer) clock() *clock {
	c := &clock{run: s.run, last: time.Now()}
	if c.run != nil {
		c.sw = c.run.Stopwatch()
	}
	return c
}

// now is the time on the clock since it was made.
func (c *clock) now() time.Duration {
	var d time.Duration
	if c.run != nil {
		at := c.sw.Elapsed()
		d = time.Duration(float64(at-c.at) * c.run.Speed())
		c.at = at
	} else {
		t := time.Now()
		d = t.Sub(c.last)
		c.last = t
	}
	c.t += d
	return c.t
}

// gate blocks while the run is paused; it reports false when the client
// left or the server closed meanwhile.
func (s *FileServer) gate(req *http.Request) bool {
	if s.run == nil {
		return true
	}
	select {
	case <-s.run.Resumed():
		return true
	case <-req.Context().Done():
	case <-s.quit:
	case <-s.run.Context().Done():
	}
	return false
}

// wait sleeps until the request's clock reads at least until, or less if the
// client leaves or the server closes; it reports whether the wait ended on
// time. In slow motion it sleeps in short steps, so a change of speed takes
// effect at once.
func (s *FileServer) wait(req *http.Request, c *clock, until time.Duration) bool {
	for {
		left := until - c.now()
		if left <= 0 {
			return true
		}
		if c.run != nil {
			if !s.gate(req) {
				return false
			}
			left = min(50*time.Millisecond, time.Duration(float64(left)/c.run.Speed()))
		}
		t := time.NewTimer(left)
		select {
		case <-t.C:
		case <-req.Context().Done():
			t.Stop()
			return false
		case <-s.quit:
			t.Stop()
			return false
		}
	}
}

func (s *FileServer) serveHTTP(w http.ResponseWriter, req *http.Request) {
	if !s.enter() {
		http.Error(w, "server closing", http.StatusServiceUnavailable)
		return
	}
	defer s.handlers.Done()
	if req.URL.Path == "/" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, strings.Join(s.URLs(), "\n")+"\n")
		return
	}
	name, ok := strings.CutPrefix(req.URL.Path, "/files/")
	name, ok2 := strings.CutSuffix(name, ".bin")
	i, err := strconv.Atoi(name)
	if !ok || !ok2 || err != nil || i < 0 || i >= s.cfg.Files || strconv.Itoa(i) != name {
		http.NotFound(w, req)
		return
	}
	end := s.begin()
	defer end()
	if !s.wait(req, s.clock(), s.cfg.Latency) {
		return
	}
	size := s.Size()
	switch s.plan[i] {
	case FailNotFound:
		end()
		http.Error(w, fmt.Sprintf("file %d: not found (a planned failure)", i), http.StatusNotFound)
		return
	case FailServerError:
		end()
		http.Error(w, fmt.Sprintf("file %d: internal error (a planned failure)", i), http.StatusInternalServerError)
		return
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
	if err := rc.Flush(); err != nil {
		return
	}
	switch s.plan[i] {
	case FailStall:
		// Headers are out; no body byte follows until the client gives up.
		select {
		case <-req.Context().Done():
		case <-s.quit:
		}
	case FailReset:
		if !s.writeBody(w, rc, req, i, 0, size/2, nil) {
			return
		}
		conn, _, err := rc.Hijack()
		if err != nil {
			return
		}
		// SO_LINGER 0 makes Close send a TCP RST instead of a FIN: the client
		// sees "connection reset by peer" in the middle of the body.
		if lc, ok := conn.(*limitConn); ok {
			conn = lc.Conn // its slot is given back by Close below all the same
			defer lc.Close()
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		end()
		conn.Close()
	default:
		s.writeBody(w, rc, req, i, 0, size, end)
	}
}

// writeBody sends bytes [from, to) of file i, paced to the configured
// bandwidth: each chunk goes out once the time that many bytes take at that
// rate has passed. beforeLast, if not nil, is called just before the last
// chunk is written. It reports whether every byte went out.
func (s *FileServer) writeBody(w http.ResponseWriter, rc *http.ResponseController, req *http.Request, i int, from, to int64, beforeLast func()) bool {
	bw := int64(s.cfg.Bandwidth) * 1024 // bytes per second; 0 = unlimited
	chunk := int64(64 << 10)
	if bw > 0 {
		chunk = min(chunk, max(512, bw/20)) // about 20 chunks a second: smooth bars
	}
	pat := filePattern(s.cfg.Seed, i)
	buf := make([]byte, chunk)
	c := s.clock()
	for off := from; off < to; {
		n := min(chunk, to-off)
		if bw > 0 {
			due := time.Duration(float64(off+n-from) / float64(bw) * float64(time.Second))
			if !s.wait(req, c, due) {
				return false
			}
		}
		if !s.gate(req) { // with no bandwidth limit there is no wait above
			return false
		}
		fillFile(buf[:n], pat, off)
		if off+n == to && beforeLast != nil {
			beforeLast()
		}
		if _, err := w.Write(buf[:n]); err != nil {
			return false
		}
		if err := rc.Flush(); err != nil {
			return false
		}
		off += n
		if bw == 0 {
			// Unpaced, a handler whose socket buffer never fills would keep
			// its core for a whole time slice each turn; with hundreds of
			// files in flight the others' headers and bytes then wait
			// seconds. Yielding after each chunk makes them take turns, as
			// the pacing above does when a bandwidth is set.
			runtime.Gosched()
		}
	}
	return true
}

// patternLen is the period of a file's content.
const patternLen = 64 << 10

// filePattern is the repeating block that file i's content is made of, the
// same for a given seed on every run.
func filePattern(seed uint64, i int) []byte {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	p := make([]byte, patternLen)
	for j := 0; j < patternLen; j += 8 {
		v := rng.Uint64()
		for k := range 8 {
			p[j+k] = byte(v >> (8 * k))
		}
	}
	return p
}

// fillFile fills dst with the file's bytes from offset off.
func fillFile(dst, pat []byte, off int64) {
	for len(dst) > 0 {
		n := copy(dst, pat[off%patternLen:])
		dst = dst[n:]
		off += int64(n)
	}
}
