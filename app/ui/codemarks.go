package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"concurrencylab/demos"
)

// A snippet says which of its lines a task of the run is on, so the Code
// view can mark them live ("▶ 3" beside the line that computes) without
// guessing: a line ends with a tag comment, `//@` in Go and Rust, `#@` in
// Python, followed by words:
//
//	running | waiting | sleeping   tasks in that state are on this line
//	mode=a,b                       the line belongs to these modes (marked
//	                               while one is chosen); a state word then
//	                               counts only in them
//	worker=0,1                     only these workers' tasks
//	holds=N                        only tasks holding N resources (a lock's
//	                               first Lock against its second)
//	op=send|recv res=NAME          only tasks waiting to do op on channel NAME
//
// The tag is not shown: the class reads the program as it runs.
type codeTag struct {
	state   demos.State // 0 (Pending): the line marks no state
	modes   []string
	workers []int
	holds   int // -1: any
	op      demos.WaitOp
	res     string
}

// tagLeaders start a tag comment.
var tagLeaders = []string{"//@", "#@"}

// The words of a tag that name a state, and a channel operation.
var (
	tagStates = map[string]demos.State{"running": demos.Running, "waiting": demos.Waiting, "sleeping": demos.Sleeping}
	tagOps    = map[string]demos.WaitOp{"send": demos.WaitSend, "recv": demos.WaitRecv}
)

// splitTag returns line without its tag comment and the tag's words; words
// is nil when the line has no tag.
func splitTag(line string) (code string, words []string) {
	for _, lead := range tagLeaders {
		if i := strings.Index(line, lead); i >= 0 {
			return strings.TrimRight(line[:i], " \t"), strings.Fields(line[i+len(lead):])
		}
	}
	return line, nil
}

// parseTag reads a tag's words; an unknown word is an error that names it
// (the snippets' test reads every tag).
func parseTag(words []string) (codeTag, error) {
	t := codeTag{holds: -1}
	for _, w := range words {
		key, val, kv := strings.Cut(w, "=")
		switch {
		case !kv && tagStates[w] != demos.Pending:
			t.state = tagStates[w]
		case kv && key == "mode" && val != "":
			t.modes = strings.Split(val, ",")
		case kv && key == "worker" && val != "":
			for _, s := range strings.Split(val, ",") {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 {
					return t, fmt.Errorf("worker %q is not a worker number", s)
				}
				t.workers = append(t.workers, n)
			}
		case kv && key == "holds":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				return t, fmt.Errorf("holds %q is not a count", val)
			}
			t.holds = n
		case kv && key == "op" && tagOps[val] != demos.WaitNone:
			t.op = tagOps[val]
		case kv && key == "res" && val != "":
			t.res = val
		default:
			return t, fmt.Errorf("unknown tag word %q (running, waiting, sleeping, mode=, worker=, holds=, op=, res=)", w)
		}
	}
	return t, nil
}

// inMode reports whether the line belongs to mode: every line does when its
// tag names no mode.
func (t *codeTag) inMode(mode string) bool {
	return len(t.modes) == 0 || slices.Contains(t.modes, mode)
}

// match reports whether task k is on the tagged line now.
func (t *codeTag) match(k *demos.TaskInfo) bool {
	return k.State == t.state &&
		(len(t.workers) == 0 || slices.Contains(t.workers, k.Worker)) &&
		(t.holds < 0 || len(k.Holds) == t.holds) &&
		k.Op == t.op && // a wait on a channel is not at a lock's line
		(t.res == "" || k.Res == t.res)
}

// lineCount is how a live mark reads: the state's mark, then how many
// tasks are on the line ("‖ 5").
func lineCount(s demos.State, n int) string { return stateMark(s) + " " + thousands(int64(n)) }

// readableOn is black or white, whichever reads on fill c: black on the
// orange and sky of waiting and sleeping, white on running's blue.
func readableOn(c color.NRGBA) color.NRGBA {
	if 299*int(c.R)+587*int(c.G)+114*int(c.B) > 140_000 {
		return color.NRGBA{0, 0, 0, 0xFF}
	}
	return color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
}
