package term

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
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
	addr := f.fs.String("addr", "127.0.0.1:0", "HOST:PORT where to listen (port 0: any free port)")
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
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return exitUsage, usageErrorf("-addr %q is not HOST:PORT; use e.g. 127.0.0.1:8080, or port 0 for any free port", *addr)
	}
	srv, err := demos.NewFileServer(*addr, demos.DownloadServerConfig(cfg))
	if err != nil {
		return exitFailed, fmt.Errorf("cannot start the file server: %w", err)
	}
	for _, u := range srv.URLs() {
		fmt.Fprintln(stdout, u)
	}
	// A downloader that reads its URLs up to the end of its input, as the
	// snippets do, gets that end now when stdout is a pipe or a file: so
	// `app serve | python3 main.py` works while the server goes on serving.
	if f, ok := stdout.(*os.File); ok && !term.IsTerminal(int(f.Fd())) {
		f.Close()
	}
	lat, _ := d.Knob("latency")
	fmt.Fprintf(stderr, "serving %d files of %s on http://%s/ (latency %s, bandwidth %s, failing: %s)\n"+
		"  try: app serve | python3 assets/snippets/download/main.py    Ctrl-C stops the server.\n",
		len(srv.URLs()), bytesString(float64(srv.Size())), srv.Addr(),
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
	return bytesString(kibps*1024) + "/s per connection"
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
