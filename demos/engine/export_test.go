package engine

import "time"

// The engine's internals that its external tests (package engine_test,
// which run the real demos) compare against.

// Reference folds the first i events of rec into a fresh Model, one at a
// time, and returns its snapshot.
func Reference(rec *Recording, i int) Snapshot {
	var at time.Duration
	m := newModel(func() time.Duration { return at }, rec.Config)
	v := rec.view()
	rd := v.reader(0)
	var e Event
	for rd.i < i && rd.next(&e) {
		m.foldRecorded(&e, rd)
		at = e.At
	}
	var s Snapshot
	m.Snapshot(&s)
	return s
}

// NumStates is how many states a task has.
const NumStates = numStates

// RecordedTasks is how many tasks rec declares.
func RecordedTasks(rec *Recording) int { return rec.tasks }

// SetRecordRuns says whether the runs started from now on are recorded.
func SetRecordRuns(on bool) { recordRuns = on }
