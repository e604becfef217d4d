package store

import (
	"context"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/store/internal/kvlayout"
)

// Scanner returns a function that lists every quad of a bolt or leveldb
// store in one pass, or nil for other backends.
//
// Cayley v0.7.7's key-value stores keep every node and quad as a protobuf
// primitive in the "log" bucket, keyed by id; Cayley's own all-quads
// iterator looks each id up from the root of the tree and each node value
// again; one cursor over the bucket reads it several times faster
// (docs/scaling.md). TestScanMatchesCayley holds the two to the same
// output.
func (s *Store) Scanner() func(context.Context) ([]quad.Quad, error) {
	if s.kv == nil {
		return nil
	}
	return func(ctx context.Context) ([]quad.Quad, error) { return kvlayout.Scan(ctx, s.kv) }
}
