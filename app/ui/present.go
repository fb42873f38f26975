package ui

import "concurrencylab/demos"

// presentation is how the window shows one demo beyond what the demo
// declares (modes, knobs, figures, demos.Shows): its picture and the
// figures that carry its lesson, shown big. Each demo's picture file
// registers its own (picture_pool.go); a demo that registers none has the
// default picture: the board, the chart of its series and the timeline.
type presentation struct {
	picture  func() Picture   // the demo's own drawing; nil: none
	featured []featuredFigure // its own measured figures, big (featured.go)
}

// presentations holds what the picture files registered, by demo ID.
var presentations = map[string]presentation{}

// present registers demo id's presentation; a picture file calls it from
// init.
func present(id string, p presentation) {
	if _, dup := presentations[id]; dup {
		panic("ui: two presentations of demo " + id)
	}
	presentations[id] = p
}

// presentationOf returns demo d's presentation (the zero one for nil).
func presentationOf(d *demos.Demo) presentation {
	if d == nil {
		return presentation{}
	}
	return presentations[d.ID]
}
