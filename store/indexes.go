package store

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/store/internal/kvlayout"
)

// LayoutVersion changes whenever what itkg writes beside Cayley's buckets
// does, so that stores cached by benchmarks are rebuilt.
const LayoutVersion = kvlayout.Version

// complete reports whether the store holds index complete, in format
// version.
func (s *Store) complete(index []byte, version byte) bool {
	if s.index == nil {
		return false
	}
	complete := false
	s.index.Get(context.Background(), index, [][]byte{kvlayout.IndexComplete}, func(_ int, v []byte) error {
		complete = len(v) == 1 && v[0] == version
		return nil
	})
	return complete
}

// indexesCurrent reports whether a store that can hold itkg's indexes
// has all of them, in their current formats (a memory store has none to
// have).
func (s *Store) indexesCurrent() bool {
	return s.index == nil || (s.complete(kvlayout.AdjacencyBucket, kvlayout.AdjacencyFormat) &&
		s.complete(kvlayout.DescriptionBucket, kvlayout.DescriptionFormat) && s.complete(kvlayout.NamingBucket, kvlayout.NamingFormat))
}

// Descriptions returns the store's descriptions index as a function from
// IRIs to the quads they are the subject of, edge quads left out; nil
// when the store has no complete index (a memory store, a store appended
// to in place, or one written by an itkg before the index).
func (s *Store) Descriptions() func(ctx context.Context, iris []quad.IRI) ([]quad.Quad, error) {
	if !s.complete(kvlayout.DescriptionBucket, kvlayout.DescriptionFormat) {
		return nil
	}
	return func(ctx context.Context, iris []quad.IRI) ([]quad.Quad, error) {
		keys := make([][]byte, len(iris))
		for i, iri := range iris {
			keys[i] = []byte(iri)
		}
		var out []quad.Quad
		vals := kvlayout.DescribedValues{}
		err := s.index.Get(ctx, kvlayout.DescriptionBucket, keys, func(i int, b []byte) error {
			var err error
			out, err = kvlayout.DecodeDescribed(out, iris[i], b, vals)
			return err
		})
		return out, err
	}
}

// Neighbours returns the store's adjacency index as a function from an
// entity id to the entities its facts link it to, in id order, and for
// each the ids of those facts; nil when the store has no complete index.
func (s *Store) Neighbours() func(ctx context.Context, id string) (others []string, facts [][]string, err error) {
	if !s.complete(kvlayout.AdjacencyBucket, kvlayout.AdjacencyFormat) {
		return nil
	}
	return func(ctx context.Context, id string) (others []string, facts [][]string, err error) {
		err = s.adjacent(ctx, id, func(v []byte) error {
			others, facts, err = kvlayout.DecodeAdjacent(v)
			return err
		})
		return others, facts, err
	}
}

// Degrees returns, beside Neighbours, a function from an entity id to the
// number of entities its facts link it to, read without decoding the
// list; nil when Neighbours is.
func (s *Store) Degrees() func(ctx context.Context, id string) (int, error) {
	if !s.complete(kvlayout.AdjacencyBucket, kvlayout.AdjacencyFormat) {
		return nil
	}
	return func(ctx context.Context, id string) (n int, err error) {
		err = s.adjacent(ctx, id, func(v []byte) error {
			d, k := binary.Uvarint(v)
			if k <= 0 {
				return kvlayout.ErrMalformed
			}
			n = int(d)
			return nil
		})
		return n, err
	}
}

// adjacent calls read with the index entry of entity id, if it has one.
func (s *Store) adjacent(ctx context.Context, id string, read func([]byte) error) error {
	err := s.index.Get(ctx, kvlayout.AdjacencyBucket, [][]byte{[]byte(id)}, func(_ int, v []byte) error { return read(v) })
	if err != nil {
		return fmt.Errorf("the adjacency index of %q: %w", id, err)
	}
	return nil
}

// Naming returns the store's naming index as a function from an entity id
// to the ids of the facts naming it (subject, object or claimant), in id
// order; with descriptions, also their descriptions less quote and note,
// and the labels of the entities they name, by id. Nil when the store has
// no complete index.
func (s *Store) Naming() func(ctx context.Context, id string, descriptions bool) (facts []string, quads []quad.Quad, labels map[string]string, err error) {
	if !s.complete(kvlayout.NamingBucket, kvlayout.NamingFormat) {
		return nil
	}
	return func(ctx context.Context, id string, descriptions bool) (facts []string, quads []quad.Quad, labels map[string]string, err error) {
		var n kvlayout.Named
		err = s.index.Get(ctx, kvlayout.NamingBucket, [][]byte{[]byte(id)}, func(_ int, v []byte) error {
			var err error
			n, err = kvlayout.DecodeNamed(v, descriptions, kvlayout.DescribedValues{})
			return err
		})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("the naming index of %q: %w", id, err)
		}
		return n.Facts, n.Quads, n.Labels, nil
	}
}
