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

// itkg's three indexes, kept beside Cayley's tables or buckets in the same
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
//   - the naming index ("itkg-naming"): for every entity, the facts that
//     name it (as subject, object or claimant; negated and value facts
//     too), in id order, each with its description less its quote and
//     note. An entity card then finds a hub's facts with one lookup
//     instead of two scans of Cayley's indexes, and a page of the card
//     groups and dates them all from that one entry, reading only the
//     page's facts whole.
//
// Each index is marked complete last, by the key IndexComplete holding the
// version of its format. An in-place append deletes the marks; an index
// without its mark, or in an older format, is no index to a reader, which
// then reads through Cayley's own indexes.
var (
	AdjacencyBucket   = []byte("itkg-adjacency")
	DescriptionBucket = []byte("itkg-descriptions")
	NamingBucket      = []byte("itkg-naming")
	IndexComplete     = []byte("\x00complete")
)

// The formats of the indexes, the values of their complete marks.
const (
	AdjacencyFormat   = 2 // 1: (other, fact) pairs; 2: grouped by other, count first
	DescriptionFormat = 2 // 1: labels written out; 2: 0 none, 1 the subject
	NamingFormat      = 1
)

// Version changes whenever what itkg writes beside Cayley's buckets
// does, so that stores cached by benchmarks are rebuilt.
const Version = "8"

// IndexWriter gathers the indexes from the quads of a write, sorted on
// the side in bounded memory, and writes them at the end.
type IndexWriter struct {
	desc *ExtSorter // subject IRI → place in the input, one of its non-edge quads encoded
	adj  *ExtSorter // entity id → other entity id, fact id
	// The naming index, joined in three sorts (naming.go):
	labels *ExtSorter // node → its label, and the facts that name it
	facts  *ExtSorter // fact → its shortened description, and the labels of what it names
	naming *ExtSorter // entity id → a fact naming it, with the above
	seq    uint64     // quads observed by observe
}

func NewIndexWriter(sortLimit int) *IndexWriter {
	tmp := os.TempDir()
	sorter := func() *ExtSorter { return NewExtSorter(tmp, sortLimit) }
	return &IndexWriter{desc: sorter(), adj: sorter(), labels: sorter(), facts: sorter(), naming: sorter()}
}

func (x *IndexWriter) Close() {
	for _, s := range []*ExtSorter{x.desc, x.adj, x.labels, x.facts, x.naming} {
		s.close()
	}
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
		if err := x.described(key, b); err != nil {
			return err
		}
		return put(DescriptionBucket, key, b)
	})
	if err != nil {
		return fmt.Errorf("writing the descriptions index: %w", err)
	}
	x.desc.close() // each sorter's memory goes once it has been read
	if err := x.join(); err != nil {
		return fmt.Errorf("writing the naming index: %w", err)
	}
	err = x.naming.groups(func(key []byte, vals [][]byte) error {
		// Facts come in id order, the order of the descriptions index's
		// keys; a fact naming the entity twice (subject and claimant) is
		// listed once.
		var b, last []byte
		for _, v := range vals {
			id, _, _, _, err := cutNamed(v)
			if err != nil {
				return fmt.Errorf("a sorted entry of %s is malformed", key)
			}
			if !bytes.Equal(id, last) {
				b = append(b, v...)
			}
			last = id
		}
		return put(NamingBucket, key, b)
	})
	if err != nil {
		return fmt.Errorf("writing the naming index: %w", err)
	}
	x.naming.close()
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
	if err := put(NamingBucket, IndexComplete, []byte{NamingFormat}); err != nil {
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

// InvalidateIndexes marks every index of a key-value store out of date,
// for a write that does not keep them.
func InvalidateIndexes(ctx context.Context, kv hkv.KV) error {
	return hkv.Update(ctx, kv, func(tx hkv.Tx) error {
		for _, b := range [][]byte{DescriptionBucket, AdjacencyBucket, NamingBucket} {
			if err := tx.Del(hkv.Key{b, IndexComplete}); err != nil {
				return err
			}
		}
		return nil
	})
}
