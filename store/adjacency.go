package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"

	hkv "github.com/hidal-go/hidalgo/kv"
)

// The adjacency index: for every entity of a bolt or leveldb store, the
// entities its facts link it to and the facts that do, in one key of the
// bucket adjacencyBucket. A path search then reads an entity's edges with
// one lookup instead of one per quad: on Cayley's layout a hub's thousands
// of edge quads are thousands of lookups, and they made the slow tail of
// path searches on big stores. A build or a replacing load writes the
// index beside Cayley's buckets, in the same store (layoutWriter), and
// writes adjacencyComplete last. An in-place append deletes that key, and
// readers fall back on Cayley's indexes.

// LayoutVersion changes whenever what itkg writes beside Cayley's buckets
// does, so that stores cached by benchmarks are rebuilt.
const LayoutVersion = "5"

var (
	adjacencyBucket   = []byte("itkg-adjacency")
	adjacencyComplete = []byte("\x00complete")
)

// The value of an index's complete mark is the version of its format: an
// index in an older format is no index to a reader, which then reads
// through Cayley's buckets.
const (
	adjacencyFormat   = 2 // 1: (other, fact) pairs; 2: grouped by other, count first
	descriptionFormat = 2 // 1: labels written out; 2: 0 none, 1 the subject
)

// encodeAdjacent encodes an entity's (other, fact) pairs as the number of
// other entities, then each other entity, in id order, with the number of
// its facts and their ids (a repeated pair once): the count comes first
// so that a search can learn an entity's degree without decoding the rest.
func encodeAdjacent(pairs []string) []byte {
	type pair struct{ other, fact string }
	ps := make([]pair, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		ps = append(ps, pair{pairs[i], pairs[i+1]})
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].other != ps[j].other {
			return ps[i].other < ps[j].other
		}
		return ps[i].fact < ps[j].fact
	})
	ps = slices.Compact(ps)
	var others []string
	var facts [][]string
	for i, p := range ps {
		if i == 0 || p.other != ps[i-1].other {
			others = append(others, p.other)
			facts = append(facts, nil)
		}
		facts[len(facts)-1] = append(facts[len(facts)-1], p.fact)
	}
	b := binary.AppendUvarint(nil, uint64(len(others)))
	for i, o := range others {
		b = appendString(b, o)
		b = binary.AppendUvarint(b, uint64(len(facts[i])))
		for _, f := range facts[i] {
			b = appendString(b, f)
		}
	}
	return b
}

var errMalformed = errors.New("malformed entry")

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// decodeStrings reads strings appended by appendString.
func decodeStrings(b []byte) ([]string, error) {
	var out []string
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return nil, errMalformed
		}
		out = append(out, string(b[k:k+int(n)]))
		b = b[k+int(n):]
	}
	return out, nil
}

// decodeAdjacent reverses encodeAdjacent.
func decodeAdjacent(b []byte) (others []string, facts [][]string, err error) {
	bad := errMalformed
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, nil, bad
	}
	b = b[k:]
	str := func() (string, bool) {
		l, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < l {
			return "", false
		}
		s := string(b[k : k+int(l)])
		b = b[k+int(l):]
		return s, true
	}
	others = make([]string, 0, n)
	facts = make([][]string, 0, n)
	for range n {
		o, ok := str()
		if !ok {
			return nil, nil, bad
		}
		m, k := binary.Uvarint(b)
		if k <= 0 || m > uint64(len(b)) {
			return nil, nil, bad
		}
		b = b[k:]
		fs := make([]string, 0, m)
		for range m {
			f, ok := str()
			if !ok {
				return nil, nil, bad
			}
			fs = append(fs, f)
		}
		others, facts = append(others, o), append(facts, fs)
	}
	if len(b) > 0 {
		return nil, nil, bad
	}
	return others, facts, nil
}

// invalidateIndexes marks the adjacency and descriptions indexes out of
// date, for a write that does not keep them.
func invalidateIndexes(ctx context.Context, kv hkv.KV) error {
	return hkv.Update(ctx, kv, func(tx hkv.Tx) error {
		if err := tx.Del(hkv.Key{descriptionBucket, adjacencyComplete}); err != nil {
			return err
		}
		return tx.Del(hkv.Key{adjacencyBucket, adjacencyComplete})
	})
}

// complete reports whether bucket holds the mark of a complete index in
// format version.
func (s *Store) complete(bucket []byte, version byte) bool {
	if s.kv == nil {
		return false
	}
	complete := false
	hkv.View(s.kv, func(tx hkv.Tx) error {
		v, err := tx.Get(context.Background(), hkv.Key{bucket, adjacencyComplete})
		complete = err == nil && len(v) == 1 && v[0] == version
		return nil
	})
	return complete
}

// indexesCurrent reports whether a key-value store has itkg's indexes in
// their current formats (other stores have none to have).
func (s *Store) indexesCurrent() bool {
	return s.kv == nil || (s.complete(adjacencyBucket, adjacencyFormat) && s.complete(descriptionBucket, descriptionFormat))
}

// Neighbours returns the store's adjacency index as a function from an
// entity id to the entities its facts link it to, in id order, and for
// each the ids of those facts; nil when the store has no complete index
// (SQL and memory stores, a store appended to in place, or one written by
// an itkg before the index).
func (s *Store) Neighbours() func(ctx context.Context, id string) (others []string, facts [][]string, err error) {
	if !s.complete(adjacencyBucket, adjacencyFormat) {
		return nil
	}
	return func(ctx context.Context, id string) (others []string, facts [][]string, err error) {
		err = s.adjacent(ctx, id, func(v []byte) error {
			others, facts, err = decodeAdjacent(v)
			return err
		})
		return others, facts, err
	}
}

// Degrees returns, beside Neighbours, a function from an entity id to the
// number of entities its facts link it to, read without decoding the
// list; nil when Neighbours is.
func (s *Store) Degrees() func(ctx context.Context, id string) (int, error) {
	if !s.complete(adjacencyBucket, adjacencyFormat) {
		return nil
	}
	return func(ctx context.Context, id string) (n int, err error) {
		err = s.adjacent(ctx, id, func(v []byte) error {
			d, k := binary.Uvarint(v)
			if k <= 0 {
				return errMalformed
			}
			n = int(d)
			return nil
		})
		return n, err
	}
}

// adjacent calls read with the index entry of entity id, if it has one.
func (s *Store) adjacent(ctx context.Context, id string, read func([]byte) error) error {
	err := hkv.View(s.kv, func(tx hkv.Tx) error {
		b, err := tx.Get(ctx, hkv.Key{adjacencyBucket, []byte(id)})
		if err == hkv.ErrNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		return read(b)
	})
	if err != nil {
		return fmt.Errorf("the adjacency index of %q: %w", id, err)
	}
	return nil
}
