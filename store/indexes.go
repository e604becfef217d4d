package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"slices"

	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"

	"github.com/itkg/itkg/graph"
)

// itkg's two indexes, kept beside Cayley's tables or buckets in the same
// store, written by every build and replacing load:
//
//   - the adjacency index (bucket or index name "itkg-adjacency"): for
//     every entity, the entities its facts link it to and the facts that
//     do, in one entry. A path search then reads an entity's edges with one
//     lookup instead of one per quad: in Cayley's layout a hub's thousands
//     of edge quads are thousands of lookups.
//   - the descriptions index ("itkg-descriptions"): for every IRI that is
//     the subject of quads, those quads (predicate, object, label) in input
//     order, edge quads left out. Reading an entity, fact or source is then
//     one lookup instead of one per quad and one per value, which made a
//     path answer citing a few hundred facts slow on big stores.
//
// Each index is marked complete last, by the key indexComplete holding the
// version of its format. An in-place append deletes the marks; an index
// without its mark, or in an older format, is no index to a reader, which
// then reads through Cayley's own indexes.
var (
	adjacencyBucket   = []byte("itkg-adjacency")
	descriptionBucket = []byte("itkg-descriptions")
	indexComplete     = []byte("\x00complete")
)

// The formats of the indexes, the values of their complete marks.
const (
	adjacencyFormat   = 2 // 1: (other, fact) pairs; 2: grouped by other, count first
	descriptionFormat = 2 // 1: labels written out; 2: 0 none, 1 the subject
)

// LayoutVersion changes whenever what itkg writes beside Cayley's buckets
// does, so that stores cached by benchmarks are rebuilt.
const LayoutVersion = "6"

// indexWriter gathers both indexes from the quads of a write, sorted on
// the side in bounded memory, and writes them at the end.
type indexWriter struct {
	desc *extSorter // subject IRI → place in the input, one of its non-edge quads encoded
	adj  *extSorter // entity id → other entity id, fact id
	seq  uint64     // quads observed by observe
}

func newIndexWriter(sortLimit int) *indexWriter {
	tmp := os.TempDir()
	return &indexWriter{desc: newExtSorter(tmp, sortLimit), adj: newExtSorter(tmp, sortLimit)}
}

func (x *indexWriter) close() {
	x.desc.close()
	x.adj.close()
}

// observe queues what the indexes need of qs, the next quads of the input.
func (x *indexWriter) observe(qs []quad.Quad) error {
	for _, q := range qs {
		x.seq++
		if err := x.observeAt(x.seq, q); err != nil {
			return err
		}
	}
	return nil
}

// observeAt queues what the indexes need of q, the seq-th quad of the
// input: quads may come in any order.
func (x *indexWriter) observeAt(seq uint64, q quad.Quad) error {
	if err := x.describe(seq, q); err != nil {
		return err
	}
	return x.edge(q)
}

// isEdge reports whether q is a fact's edge quad: labelled with a fact
// that is not its subject.
func isEdge(q quad.Quad) bool {
	label, ok := q.Label.(quad.IRI)
	if !ok || q.Subject == q.Label {
		return false
	}
	_, fact := graph.TrimPrefix(label, "fact:")
	return fact
}

// describe queues q for its subject's description.
func (x *indexWriter) describe(seq uint64, q quad.Quad) error {
	s, ok := q.Subject.(quad.IRI)
	if !ok || isEdge(q) {
		return nil
	}
	val, err := encodeDescribed(binary.BigEndian.AppendUint64(nil, seq), q)
	if err != nil {
		return err
	}
	return x.desc.add([]byte(s), val)
}

// edge queues an edge quad for the adjacency index of both its ends: a
// fact's relation between two entities, labelled with the fact (<s> <p>
// <o> <fact:ID>), not the fact's own description nor a value.
func (x *indexWriter) edge(q quad.Quad) error {
	label, _ := q.Label.(quad.IRI)
	fact, isFact := graph.TrimPrefix(label, "fact:")
	s, sOK := q.Subject.(quad.IRI)
	o, oOK := q.Object.(quad.IRI)
	if !isFact || !sOK || !oOK || s == label || s == o {
		return nil
	}
	if err := x.adj.add([]byte(s), appendString(appendString(nil, string(o)), fact)); err != nil {
		return err
	}
	return x.adj.add([]byte(o), appendString(appendString(nil, string(s)), fact))
}

// write hands put every entry of both indexes, in key order, and then
// their complete marks.
func (x *indexWriter) write(put func(index, key, val []byte) error) error {
	err := x.desc.groups(func(key []byte, vals [][]byte) error {
		// In input order; a repeated quad is stored once, as in Cayley's
		// buckets.
		slices.SortStableFunc(vals, func(a, b []byte) int { return bytes.Compare(a[:8], b[:8]) })
		seen := make(map[string]bool, len(vals))
		var b []byte
		for _, v := range vals {
			if v = v[8:]; !seen[string(v)] {
				seen[string(v)] = true
				b = append(b, v...)
			}
		}
		return put(descriptionBucket, key, b)
	})
	if err != nil {
		return fmt.Errorf("writing the descriptions index: %w", err)
	}
	err = x.adj.groups(func(key []byte, vals [][]byte) error {
		pairs := make([]string, 0, 2*len(vals))
		for _, v := range vals {
			ss, err := decodeStrings(v)
			if err != nil || len(ss) != 2 {
				return fmt.Errorf("a sorted entry of %s is malformed", key)
			}
			pairs = append(pairs, ss...)
		}
		return put(adjacencyBucket, key, encodeAdjacent(pairs))
	})
	if err != nil {
		return fmt.Errorf("writing the adjacency index: %w", err)
	}
	if err := put(descriptionBucket, indexComplete, []byte{descriptionFormat}); err != nil {
		return err
	}
	return put(adjacencyBucket, indexComplete, []byte{adjacencyFormat})
}

// indexReader reads the entries of itkg's indexes.
type indexReader interface {
	// get calls found with each of keys the index holds, and its entry.
	get(ctx context.Context, index []byte, keys [][]byte, found func(i int, val []byte) error) error
}

// kvIndex reads the indexes of a bolt or leveldb store, one bucket each.
type kvIndex struct{ kv hkv.KV }

func (x kvIndex) get(ctx context.Context, index []byte, keys [][]byte, found func(i int, val []byte) error) error {
	return hkv.View(x.kv, func(tx hkv.Tx) error {
		for i, k := range keys {
			v, err := tx.Get(ctx, hkv.Key{index, k})
			if err == hkv.ErrNotFound {
				continue
			}
			if err != nil {
				return err
			}
			if err := found(i, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// invalidateIndexes marks both indexes of a key-value store out of date,
// for a write that does not keep them.
func invalidateIndexes(ctx context.Context, kv hkv.KV) error {
	return hkv.Update(ctx, kv, func(tx hkv.Tx) error {
		if err := tx.Del(hkv.Key{descriptionBucket, indexComplete}); err != nil {
			return err
		}
		return tx.Del(hkv.Key{adjacencyBucket, indexComplete})
	})
}

// complete reports whether the store holds index complete, in format
// version.
func (s *Store) complete(index []byte, version byte) bool {
	if s.index == nil {
		return false
	}
	complete := false
	s.index.get(context.Background(), index, [][]byte{indexComplete}, func(_ int, v []byte) error {
		complete = len(v) == 1 && v[0] == version
		return nil
	})
	return complete
}

// indexesCurrent reports whether a store that can hold itkg's indexes
// has both, in their current formats (a memory store has none to have).
func (s *Store) indexesCurrent() bool {
	return s.index == nil || (s.complete(adjacencyBucket, adjacencyFormat) && s.complete(descriptionBucket, descriptionFormat))
}

// Descriptions returns the store's descriptions index as a function from
// IRIs to the quads they are the subject of, edge quads left out; nil
// when the store has no complete index (a memory store, a store appended
// to in place, or one written by an itkg before the index).
func (s *Store) Descriptions() func(ctx context.Context, iris []quad.IRI) ([]quad.Quad, error) {
	if !s.complete(descriptionBucket, descriptionFormat) {
		return nil
	}
	return func(ctx context.Context, iris []quad.IRI) ([]quad.Quad, error) {
		keys := make([][]byte, len(iris))
		for i, iri := range iris {
			keys[i] = []byte(iri)
		}
		var out []quad.Quad
		vals := describedValues{}
		err := s.index.get(ctx, descriptionBucket, keys, func(i int, b []byte) error {
			var err error
			out, err = decodeDescribed(out, iris[i], b, vals)
			return err
		})
		return out, err
	}
}

// Neighbours returns the store's adjacency index as a function from an
// entity id to the entities its facts link it to, in id order, and for
// each the ids of those facts; nil when the store has no complete index.
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
	err := s.index.get(ctx, adjacencyBucket, [][]byte{[]byte(id)}, func(_ int, v []byte) error { return read(v) })
	if err != nil {
		return fmt.Errorf("the adjacency index of %q: %w", id, err)
	}
	return nil
}
