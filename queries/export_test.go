package queries

import (
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query/gizmo"
)

// SessionRuntimeFound reports whether a Gizmo session over qs gives up its
// JavaScript runtime, so that the call-stack limit applies.
func SessionRuntimeFound(qs cgraph.QuadStore) bool {
	return sessionRuntime(gizmo.NewSession(qs)) != nil
}
