package pricing

import (
	_ "embed"
	"sync"
)

// SnapshotCommit is the LiteLLM commit snapshot.json was taken from, for
// logs that say which prices a gateway runs with.
const SnapshotCommit = "00035b69f416be24e2e323c13198d9b7d2d1bdf9"

//go:embed snapshot.json
var snapshotJSON []byte

// Snapshot returns the embedded table, parsed on first use and shared: a
// Table is never changed after it is built.
func Snapshot() *Table { return snapshot() }

// The tests prove the embedded file parses, so a failure here is a broken
// build, not an operator's mistake.
var snapshot = sync.OnceValue(func() *Table {
	t, err := Parse(snapshotJSON)
	if err != nil {
		panic("pricing: embedded snapshot: " + err.Error())
	}
	return t
})
