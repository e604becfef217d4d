package kvlayout

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
// Each index is marked complete last, by the key IndexComplete holding the
// version of its format. An in-place append deletes the marks; an index
// without its mark, or in an older format, is no index to a reader, which
// then reads through Cayley's own indexes.
var (
	AdjacencyBucket   = []byte("itkg-adjacency")
	DescriptionBucket = []byte("itkg-descriptions")
	IndexComplete     = []byte("\x00complete")
)

// The formats of the indexes, the values of their complete marks.
const (
	AdjacencyFormat   = 2 // 1: (other, fact) pairs; 2: grouped by other, count first
	DescriptionFormat = 2 // 1: labels written out; 2: 0 none, 1 the subject
)

// Version changes whenever what itkg writes beside Cayley's buckets
// does, so that stores cached by benchmarks are rebuilt.
const Version = "6"

// IndexWriter gathers both indexes from the quads of a write, sorted on
// the side in bounded memory, and writes them at the end.
type IndexWriter struct {
	desc *ExtSorter // subject IRI → place in the input, one of its non-edge quads encoded
	adj  *ExtSorter // entity id → other entity id, fact id
	seq  uint64     // quads observed by observe
}

func NewIndexWriter(sortLimit int) *IndexWriter {
	tmp := os.TempDir()
	return &IndexWriter{desc: NewExtSorter(tmp, sortLimit), adj: NewExtSorter(tmp, sortLimit)}
}

func (x *IndexWriter) Close() {
	x.desc.close()
	x.adj.close()
}

// observe queues what the indexes need of qs, the next quads of the input.
func (x *IndexWriter) Observe(qs []quad.Quad) error {
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
func (x *IndexWriter) observeAt(seq uint64, q quad.Quad) error {
	if err := x.describe(seq, q); err != nil {
		return err
	}
	return x.edge(q)
}

// describe queues q for its subject's description.
func (x *IndexWriter) describe(seq uint64, q quad.Quad) error {
	s, ok := q.Subject.(quad.IRI)
	if !ok || graph.IsEdge(q) {
		return nil
	}
	val, err := EncodeDescribed(binary.BigEndian.AppendUint64(nil, seq), q)
	if err != nil {
		return err
	}
	return x.desc.add([]byte(s), val)
}

// edge queues an edge quad for the adjacency index of both its ends: a
// fact's relation between two entities, labelled with the fact (<s> <p>
// <o> <fact:ID>), not the fact's own description nor a value.
func (x *IndexWriter) edge(q quad.Quad) error {
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
func (x *IndexWriter) Write(put func(index, key, val []byte) error) error {
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
		return put(DescriptionBucket, key, b)
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
		return put(AdjacencyBucket, key, EncodeAdjacent(pairs))
	})
	if err != nil {
		return fmt.Errorf("writing the adjacency index: %w", err)
	}
	if err := put(DescriptionBucket, IndexComplete, []byte{DescriptionFormat}); err != nil {
		return err
	}
	return put(AdjacencyBucket, IndexComplete, []byte{AdjacencyFormat})
}

// IndexReader reads the entries of itkg's indexes.
type IndexReader interface {
	// get calls found with each of keys the index holds, and its entry.
	Get(ctx context.Context, index []byte, keys [][]byte, found func(i int, val []byte) error) error
}

// KVIndex reads the indexes of a bolt or leveldb store, one bucket each.
type KVIndex struct{ KV hkv.KV }

func (x KVIndex) Get(ctx context.Context, index []byte, keys [][]byte, found func(i int, val []byte) error) error {
	return hkv.View(x.KV, func(tx hkv.Tx) error {
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

// InvalidateIndexes marks both indexes of a key-value store out of date,
// for a write that does not keep them.
func InvalidateIndexes(ctx context.Context, kv hkv.KV) error {
	return hkv.Update(ctx, kv, func(tx hkv.Tx) error {
		if err := tx.Del(hkv.Key{DescriptionBucket, IndexComplete}); err != nil {
			return err
		}
		return tx.Del(hkv.Key{AdjacencyBucket, IndexComplete})
	})
}
