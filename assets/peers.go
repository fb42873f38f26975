package assets

import "embed"

// The peers: real programs in other languages that a demo's peer modes run
// as child processes (see the README, "Peers"). peers/<demo>/<mode>.py or
// .rs; standard library only, so a student can read every line.
//
//go:embed peers
var peers embed.FS

// peerAlias names the program a mode runs when it shares another mode's:
// the free-threaded mode runs the threads program under another CPython.
var peerAlias = map[string]string{"cpu/python-freethreaded": "python-threads"}

// Peer returns the program that demo's peer mode runs: its language
// ("python" or "rust") and its source. It reports false for a mode that is
// not a peer (a Go mode) or an unknown demo.
func Peer(demo, mode string) (lang, source string, ok bool) {
	if !validName(demo) || !validName(mode) {
		return "", "", false
	}
	if a, ok := peerAlias[demo+"/"+mode]; ok {
		mode = a
	}
	for _, l := range []struct{ lang, ext string }{{"python", ".py"}, {"rust", ".rs"}} {
		if b, err := peers.ReadFile("peers/" + demo + "/" + mode + l.ext); err == nil {
			return l.lang, string(b), true
		}
	}
	return "", "", false
}
