package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// The adjacency index: for every entity of a bolt or leveldb store, the
// entities its facts link it to and the facts that do, in one key of the
// bucket adjacencyBucket. A path search then reads an entity's edges with
// one lookup instead of one per quad: on Cayley's layout a hub's thousands
// of edge quads are thousands of lookups, and they made the slow tail of
// path searches on big stores. A build or a replacing load writes the
// index beside Cayley's buckets, in the same store, from the quads as they
// stream by, and writes adjacencyComplete last. An in-place append deletes
// that key, and readers fall back on Cayley's indexes.
// LayoutVersion changes whenever what itkg writes beside Cayley's buckets
// does, so that stores cached by benchmarks are rebuilt.
const LayoutVersion = "2"

var (
	adjacencyBucket   = []byte("itkg-adjacency")
	adjacencyComplete = []byte("\x00complete")
)

// adjacency gathers the index while quads are written: about 30 bytes an
// edge, 2 MB for a million-quad graph of the corpus's shape.
type adjacency struct {
	edges map[string][]string // entity id → other entity id, fact id, …
}

func newAdjacency() *adjacency { return &adjacency{edges: map[string][]string{}} }

// observe records the edge quads among qs: a fact's relation between two
// entities, labelled with the fact (<s> <p> <o> <fact:ID>), not the fact's
// own description (whose subject is the label) nor a value.
func (a *adjacency) observe(qs []quad.Quad) {
	for _, q := range qs {
		label, ok := q.Label.(quad.IRI)
		if !ok {
			continue
		}
		fact, isFact := strings.CutPrefix(string(label), "fact:")
		s, sOK := q.Subject.(quad.IRI)
		o, oOK := q.Object.(quad.IRI)
		if !isFact || !sOK || !oOK || s == label || s == o {
			continue
		}
		a.edges[string(s)] = append(a.edges[string(s)], string(o), fact)
		a.edges[string(o)] = append(a.edges[string(o)], string(s), fact)
	}
}

// write stores the index in kv, in transactions of a few thousand keys,
// and marks it complete.
func (a *adjacency) write(ctx context.Context, kv hkv.KV) error {
	ids := make([]string, 0, len(a.edges))
	for id := range a.edges {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for i := 0; i < len(ids); i += 5000 {
		err := hkv.Update(ctx, kv, func(tx hkv.Tx) error {
			for _, id := range ids[i:min(i+5000, len(ids))] {
				if err := tx.Put(hkv.Key{adjacencyBucket, []byte(id)}, encodeStrings(a.edges[id])); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("writing the adjacency index: %w", err)
		}
	}
	return hkv.Update(ctx, kv, func(tx hkv.Tx) error {
		return tx.Put(hkv.Key{adjacencyBucket, adjacencyComplete}, []byte{1})
	})
}

// invalidateAdjacency marks the index out of date, for a write that does
// not keep it.
func invalidateAdjacency(ctx context.Context, kv hkv.KV) error {
	return hkv.Update(ctx, kv, func(tx hkv.Tx) error {
		return tx.Del(hkv.Key{adjacencyBucket, adjacencyComplete})
	})
}

// Neighbours returns the store's adjacency index as a function from an
// entity id to the entities its facts link it to and those facts' ids,
// pairwise; nil when the store has no complete index (SQL and memory
// stores, a store appended to in place, or one written by an itkg before
// the index).
func (s *Store) Neighbours() func(ctx context.Context, id string) (others, facts []string, err error) {
	if s.kv == nil {
		return nil
	}
	complete := false
	hkv.View(s.kv, func(tx hkv.Tx) error {
		_, err := tx.Get(context.Background(), hkv.Key{adjacencyBucket, adjacencyComplete})
		complete = err == nil
		return nil
	})
	if !complete {
		return nil
	}
	return func(ctx context.Context, id string) (others, facts []string, err error) {
		var v []byte
		err = hkv.View(s.kv, func(tx hkv.Tx) error {
			b, err := tx.Get(ctx, hkv.Key{adjacencyBucket, []byte(id)})
			if err == hkv.ErrNotFound {
				return nil
			}
			v = append([]byte(nil), b...)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		all, err := decodeStrings(v)
		if err != nil {
			return nil, nil, fmt.Errorf("the adjacency index of %q: %w", id, err)
		}
		for i := 0; i+1 < len(all); i += 2 {
			others = append(others, all[i])
			facts = append(facts, all[i+1])
		}
		return others, facts, nil
	}
}

// encodeStrings writes ss as length-prefixed strings.
func encodeStrings(ss []string) []byte {
	var b []byte
	for _, s := range ss {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func decodeStrings(b []byte) ([]string, error) {
	var out []string
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return nil, fmt.Errorf("malformed entry")
		}
		out = append(out, string(b[k:k+int(n)]))
		b = b[k+int(n):]
	}
	return out, nil
}
