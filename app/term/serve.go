package term

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"concurrencylab/demos"
)

// serveKnobs are the download demo's knobs that shape its server; `app serve`
// takes them, with their defaults and ranges, from the demo's declaration.
var serveKnobs = []string{"files", "size", "latency", "bandwidth", "fail"}

// serveCmd is `app serve`: the download demo's file server alone, so that a
// class can aim its own downloader at the same files. It prints the URLs on
// stdout, one a line, and serves until ctx is cancelled (Ctrl-C). A requested
// stop is how a server is meant to end, so it exits 0.
func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	d, ok := demos.Lookup("download")
	if !ok {
		return exitFailed, fmt.Errorf("this build has no download demo, so no file server")
	}
	f := newFlagSet("serve", "serve")
	addr := f.fs.String("addr", "127.0.0.1:0", "IP:PORT where to listen: a loopback address unless -public (port 0: any free port)")
	public := f.fs.Bool("public", false, " also serve other machines (a lab downloading from the teacher's machine): -addr may then be any address, 0.0.0.0 for all")
	cfg := d.Defaults()
	vals := map[string]*float64{}
	for _, name := range serveKnobs {
		k, ok := d.Knob(name)
		if !ok {
			return exitFailed, fmt.Errorf("the download demo has no %q knob, which app serve needs", name)
		}
		vals[name], _ = f.knob(k)
	}
	if err := f.parse(args); err != nil {
		if err == errHelp {
			fmt.Fprintln(stdout, "Usage: app serve [flags]\nServe the download demo's files on loopback; print their URLs, one a line; stop on Ctrl-C.")
			f.printDefaults(stdout)
		}
		return exitUsage, err
	}
	for name, v := range vals {
		cfg.Knobs[name] = *v
	}
	ap, err := listenAddr(*addr, *public)
	if err != nil {
		return exitUsage, err
	}
	srv, err := demos.NewFileServer(ap.String(), demos.DownloadServerConfig(cfg))
	if err != nil {
		return exitFailed, fmt.Errorf("cannot start the file server: %s", oneLine(err.Error()))
	}
	urls := srv.URLs()
	if !ap.Addr().IsLoopback() {
		addrs := interfaceAddrs(ap.Addr())
		where := "every interface"
		if len(addrs) > 0 {
			where = strings.Join(addrs, ", ")
		}
		fmt.Fprintf(stderr, "warning: -public: other machines can download these files, at %s\n", where)
		if ap.Addr().IsUnspecified() && len(addrs) > 0 {
			// "http://0.0.0.0:PORT/" is no address to download from: the
			// URLs name the first address others can use.
			host := netip.AddrPortFrom(netip.MustParseAddr(addrs[0]), uint16(srvPort(srv))).String()
			for i, u := range urls {
				urls[i] = strings.Replace(u, srv.Addr(), host, 1)
			}
		}
	}
	for _, u := range urls {
		if _, err := fmt.Fprintln(stdout, u); err != nil {
			srv.Close()
			return exitFailed, fmt.Errorf("cannot write the URLs to stdout: %w", err)
		}
	}
	// A downloader that reads its URLs up to the end of its input, as the
	// snippets do, gets that end now when stdout is a pipe or a file: so
	// `app serve | python3 main.py` works while the server goes on serving.
	if f, ok := stdoutFile(stdout); ok && !term.IsTerminal(int(f.Fd())) {
		f.Close()
	}
	lat, _ := d.Knob("latency")
	fmt.Fprintf(stderr, "serving %d files of %s on http://%s/ (latency %s, bandwidth %s, failing: %s)\n"+
		"  try: app serve | python3 assets/snippets/download/main.py    Ctrl-C stops the server.\n",
		len(srv.URLs()), demos.Bytes(float64(srv.Size())), srv.Addr(),
		lat.Format(cfg.Knobs["latency"]), bandwidthString(cfg.Knobs["bandwidth"]), failString(srv))
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		return exitFailed, fmt.Errorf("closing the file server: %w", err)
	}
	fmt.Fprintln(stderr, "server stopped.")
	return exitOK, nil
}

func bandwidthString(kibps float64) string {
	if kibps <= 0 {
		return "unlimited"
	}
	return demos.Bytes(kibps*1024) + "/s per connection"
}

// failString says which files fail and how: "none", "2 (3.bin 404, 7.bin 500)".
func failString(s *demos.FileServer) string {
	var out []string
	n := 0
	for i := range s.Config().Files {
		if p := s.Plan(i); p != "" {
			if n < 8 {
				out = append(out, fmt.Sprintf("%d.bin %s", i, p))
			} else if n == 8 {
				out = append(out, "…")
			}
			n++
		}
	}
	if n == 0 {
		return "none"
	}
	return fmt.Sprintf("%d (%s)", n, strings.Join(out, ", "))
}

// listenAddr reads -addr: an IP literal and a port, never a name, so that no
// DNS answer decides where the server listens. A loopback address is the
// default and the rule; any other (0.0.0.0 or :: for all interfaces, or
// one interface's address) needs -public.
func listenAddr(addr string, public bool) (netip.AddrPort, error) {
	bad := func(why string) (netip.AddrPort, error) {
		return netip.AddrPort{}, usageErrorf("-addr %s %s; use an IP and a port such as 127.0.0.1:8080 (port 0: any free port)", demos.Quote(addr), why)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return bad("is not IP:PORT")
	}
	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return bad("has no port from 0 to 65535")
	}
	if host == "" {
		host = "0.0.0.0" // as net.Listen reads ":8080": every interface
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || ip.Zone() != "" {
		return bad("is not an IP address and a port (names are not looked up)")
	}
	ap := netip.AddrPortFrom(ip.Unmap(), uint16(n))
	if !ap.Addr().IsLoopback() && !public {
		return netip.AddrPort{}, usageErrorf("-addr %s is not a loopback address: app serve serves this machine only (127.0.0.1 or ::1); add -public to serve other machines", demos.Quote(addr))
	}
	return ap, nil
}

// interfaceAddrs lists the addresses at which a server listening on ip
// can be reached from other machines: ip itself, or for 0.0.0.0 (and ::)
// the IPv4 (IPv6) addresses of this machine's interfaces that are up,
// loopback and link-local ones left out (others cannot use them).
func interfaceAddrs(ip netip.Addr) []string {
	if !ip.IsUnspecified() {
		return []string{ip.String()}
	}
	var out []string
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	for _, ifc := range ifs {
		addrs, err := ifc.Addrs()
		if err != nil || ifc.Flags&net.FlagUp == 0 {
			continue
		}
		for _, a := range addrs {
			p, err := netip.ParsePrefix(a.String())
			if err != nil || p.Addr().Is4() != ip.Is4() || p.Addr().IsLoopback() || p.Addr().IsLinkLocalUnicast() {
				continue
			}
			out = append(out, p.Addr().String())
		}
	}
	return out
}

// srvPort is the port the server listens on.
func srvPort(srv *demos.FileServer) int {
	ap, _ := netip.ParseAddrPort(srv.Addr())
	return int(ap.Port())
}

// stdoutFile is the *os.File behind stdout, if it is one.
func stdoutFile(w io.Writer) (*os.File, bool) {
	if rw, ok := w.(*resultWriter); ok {
		return rw.file()
	}
	f, ok := w.(*os.File)
	return f, ok
}
