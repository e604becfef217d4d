package queries

import (
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query/gizmo"

	"github.com/itkg/itkg/graph"
)

// SessionRuntimeFound reports whether a Gizmo session over qs gives up its
// JavaScript runtime, so that the call-stack limit applies.
func SessionRuntimeFound(qs cgraph.QuadStore) bool {
	return sessionRuntime(gizmo.NewSession(qs)) != nil
}

// MemorySource is the in-memory Source InMemory reads, for tests that hold
// it to a store's.
func MemorySource(ds *graph.Dataset) Source { return newMemory(ds, false) }
