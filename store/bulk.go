package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// layoutWriter fills an empty bolt or leveldb store in Cayley v0.7.7's
// key-value layout without Cayley's writer, which a build or a replacing
// load does not need: Cayley's writer looks every value and quad up before
// it writes it, to find duplicates, and spreads each batch's writes over
// the whole file (values live in 65,536 hash buckets, quads in two
// indexes). This writer streams the quads once, giving each new value and
// quad the next id and writing their log records in id order; it keeps
// only a map from value hash to id, and sorts the index entries on the
// side (in temporary files past a memory limit). At the end it writes the
// indexes and the value buckets in key order, so every page of the file
// is written once. TestLayoutMatchesCayley holds its output to Cayley's.
//
// The layout, for the record (Cayley's graph/kv package):
//   - "log": id (8 bytes, big-endian) → a proto.Primitive: a value
//     (pquads-encoded) or a quad (the ids of its four nodes);
//   - "v" + hash[0:2]: hash → id (uvarint) of each value;
//   - "n" + hash[0:2]: hash → the number of quad directions naming it;
//   - "sp": subject id, predicate id → quad ids (uvarints, ascending);
//   - "ops": object, predicate, subject ids → quad ids;
//   - "meta": "version" and "indexes" (written by Cayley's Init), "size"
//     (quads) and "horizon" (the last id), little-endian.
//
// The two quad indexes are Cayley's defaults, the only ones its Init
// writes in v0.7.7 (its CAYLEY_KV_INDEXES setting fails to decode).
type layoutWriter struct {
	kv    hkv.KV
	now   int64
	nodes map[cgraph.ValueHash]uint32 // value hash → index in ids, refs
	ids   []uint64                    // per value: its id
	refs  []uint64                    // per value: quad directions naming it
	last  uint64                      // the last id given
	quads int64                       // quads written, duplicates included

	sp, ops, desc *extSorter
	log           *putter
}

// sortMemory bounds the bytes of index entries each sorter holds before it
// writes a run to disk.
const sortMemory = 8 << 20

// newLayoutWriter returns a writer into kv whose three sorters each hold
// up to sortLimit bytes in memory, and write runs beyond that to the
// system's temporary directory ($TMPDIR).
func newLayoutWriter(kv hkv.KV, sortLimit int) *layoutWriter {
	tmp := os.TempDir()
	return &layoutWriter{kv: kv, now: time.Now().UnixNano(), nodes: map[cgraph.ValueHash]uint32{},
		sp: newExtSorter(tmp, sortLimit), ops: newExtSorter(tmp, sortLimit), desc: newExtSorter(tmp, sortLimit)}
}

// close releases the sorters' temporary files.
func (w *layoutWriter) close() {
	w.sp.close()
	w.ops.close()
	w.desc.close()
}

// node returns the id of v, logging it first when new, and counts one
// more reference to it.
func (w *layoutWriter) node(v quad.Value) (uint64, error) {
	h := cgraph.HashOf(v)
	if i, ok := w.nodes[h]; ok {
		w.refs[i]++
		return w.ids[i], nil
	}
	b, err := pquads.MarshalValue(v)
	if err != nil {
		return 0, err
	}
	w.last++
	w.nodes[h] = uint32(len(w.ids))
	w.ids = append(w.ids, w.last)
	w.refs = append(w.refs, 1)
	p := proto.Primitive{ID: w.last, Value: b, Timestamp: w.now}
	return w.last, w.putLog(&p)
}

func (w *layoutWriter) putLog(p *proto.Primitive) error {
	buf, err := p.Marshal()
	if err != nil {
		return err
	}
	return w.log.put(hkv.Key{logBucket, be64(p.ID)}, buf)
}

// write logs a batch of quads and queues their index entries.
func (w *layoutWriter) write(ctx context.Context, qs []quad.Quad) error {
	w.log = newPutter(ctx, w.kv)
	var key [24]byte
	var val [16]byte
	for _, q := range qs {
		var p proto.Primitive
		for _, d := range quad.Directions {
			v := q.Get(d)
			if v == nil {
				continue
			}
			id, err := w.node(v)
			if err != nil {
				return err
			}
			p.SetDirection(d, id)
		}
		w.last++
		p.ID, p.Timestamp = w.last, w.now
		if err := w.putLog(&p); err != nil {
			return err
		}
		w.quads++
		binary.BigEndian.PutUint64(key[0:], p.Subject)
		binary.BigEndian.PutUint64(key[8:], p.Predicate)
		binary.BigEndian.PutUint64(val[0:], p.ID)
		if err := w.sp.add(key[:16], val[:8]); err != nil {
			return err
		}
		binary.BigEndian.PutUint64(key[0:], p.Object)
		binary.BigEndian.PutUint64(key[8:], p.Predicate)
		binary.BigEndian.PutUint64(key[16:], p.Subject)
		binary.BigEndian.PutUint64(val[8:], p.Label)
		if err := w.ops.add(key[:24], val[:16]); err != nil {
			return err
		}
		if err := w.describe(q); err != nil {
			return err
		}
	}
	return w.log.commit()
}

// finish writes the indexes, the value buckets and the counts.
func (w *layoutWriter) finish(ctx context.Context) error {
	out := newPutter(ctx, w.kv)
	dups, err := w.writeOPS(out)
	if err != nil {
		return err
	}
	if err := w.writeSP(out, dups); err != nil {
		return err
	}
	if err := w.writeValues(out); err != nil {
		return err
	}
	if err := w.writeDescriptions(out); err != nil {
		return err
	}
	for id := range dups {
		if err := out.del(hkv.Key{logBucket, be64(id)}); err != nil {
			return err
		}
	}
	if err := out.put(hkv.Key{metaBucket, []byte("size")}, le64(uint64(w.quads-int64(len(dups))))); err != nil {
		return err
	}
	if err := out.put(hkv.Key{metaBucket, []byte("horizon")}, le64(w.last)); err != nil {
		return err
	}
	return out.commit()
}

// writeOPS writes the object index, and finds the quads that repeat an
// earlier one (same four nodes): Cayley keeps the first and drops the
// rest, and so does this writer. It returns the repeats' ids.
func (w *layoutWriter) writeOPS(out *putter) (map[uint64]bool, error) {
	dups := map[uint64]bool{}
	var byID map[uint64]uint32
	bucket := []byte("ops")
	err := w.ops.each(func(key []byte, vals [][]byte) error {
		list := make([]byte, 0, len(vals)*4)
		for i, v := range vals {
			id, label := binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:])
			if w.repeats(vals[:i], label) {
				dups[id] = true
				if byID == nil {
					byID = w.indexByID()
				}
				for _, n := range []uint64{binary.BigEndian.Uint64(key), binary.BigEndian.Uint64(key[8:]),
					binary.BigEndian.Uint64(key[16:]), label} {
					if n != 0 {
						w.refs[byID[n]]--
					}
				}
				continue
			}
			list = binary.AppendUvarint(list, id)
		}
		return out.put(hkv.Key{bucket, key}, list)
	})
	return dups, err
}

// repeats reports whether one of the earlier quads of an index entry
// (same object, predicate and subject) has the same label.
func (w *layoutWriter) repeats(earlier [][]byte, label uint64) bool {
	for _, e := range earlier {
		if binary.BigEndian.Uint64(e[8:]) == label {
			return true
		}
	}
	return false
}

func (w *layoutWriter) indexByID() map[uint64]uint32 {
	m := make(map[uint64]uint32, len(w.ids))
	for i, id := range w.ids {
		m[id] = uint32(i)
	}
	return m
}

func (w *layoutWriter) writeSP(out *putter, dups map[uint64]bool) error {
	bucket := []byte("sp")
	return w.sp.each(func(key []byte, vals [][]byte) error {
		list := make([]byte, 0, len(vals)*4)
		for _, v := range vals {
			if id := binary.BigEndian.Uint64(v); !dups[id] {
				list = binary.AppendUvarint(list, id)
			}
		}
		return out.put(hkv.Key{bucket, key}, list)
	})
}

// writeValues writes each value's id and reference count, in hash order.
func (w *layoutWriter) writeValues(out *putter) error {
	type entry struct {
		h cgraph.ValueHash
		i uint32
	}
	all := make([]entry, 0, len(w.nodes))
	for h, i := range w.nodes {
		all = append(all, entry{h, i})
	}
	w.nodes = nil
	slices.SortFunc(all, func(a, b entry) int { return bytes.Compare(a.h[:], b.h[:]) })
	for _, prefix := range []byte{'v', 'n'} {
		for _, e := range all {
			n := w.ids[e.i]
			if prefix == 'n' {
				n = w.refs[e.i]
			}
			if err := out.put(hkv.Key{{prefix, e.h[0], e.h[1]}, e.h[:]}, binary.AppendUvarint(nil, n)); err != nil {
				return err
			}
		}
	}
	return nil
}

var (
	logBucket  = []byte("log")
	metaBucket = []byte("meta")
)

func be64(x uint64) []byte { return binary.BigEndian.AppendUint64(nil, x) }
func le64(x uint64) []byte { return binary.LittleEndian.AppendUint64(nil, x) }

// putter writes keys in transactions of putterBatch writes.
type putter struct {
	ctx context.Context
	kv  hkv.KV
	tx  hkv.Tx
	n   int
}

const putterBatch = 20000

func newPutter(ctx context.Context, kv hkv.KV) *putter { return &putter{ctx: ctx, kv: kv} }

func (p *putter) begin() error {
	if p.tx != nil {
		return nil
	}
	tx, err := p.kv.Tx(true)
	if err != nil {
		return err
	}
	if b, ok := tx.(interface{ appendInOrder() }); ok {
		b.appendInOrder()
	}
	p.tx, p.n = tx, 0
	return nil
}

func (p *putter) put(key hkv.Key, val []byte) error {
	if err := p.begin(); err != nil {
		return err
	}
	if err := p.tx.Put(key, val); err != nil {
		return err
	}
	if p.n++; p.n >= putterBatch {
		return p.commit()
	}
	return nil
}

func (p *putter) del(key hkv.Key) error {
	if err := p.begin(); err != nil {
		return err
	}
	return p.tx.Del(key)
}

func (p *putter) commit() error {
	if p.tx == nil {
		return nil
	}
	tx := p.tx
	p.tx = nil
	if err := p.ctx.Err(); err != nil {
		tx.Close()
		return err
	}
	if err := tx.Commit(p.ctx); err != nil {
		tx.Close()
		return err
	}
	return nil
}

// The descriptions index: for every IRI that is the subject of quads, those
// quads (predicate, object and label) in input order, in one key of the
// bucket descriptionBucket; leaving out the edge quads, which the
// adjacency index holds. Reading an entity, fact or source is then one
// lookup instead of one per quad and one per value, which made a path
// answer citing a few hundred facts slow on big stores. adjacencyComplete
// marks both indexes complete.
var descriptionBucket = []byte("itkg-descriptions")

// isEdge reports whether q is a fact's edge quad: labelled with a fact
// that is not its subject.
func isEdge(q quad.Quad) bool {
	label, ok := q.Label.(quad.IRI)
	if !ok || q.Subject == q.Label {
		return false
	}
	_, fact := cutFact(label)
	return fact
}

func cutFact(iri quad.IRI) (string, bool) {
	s := string(iri)
	if len(s) > 5 && s[:5] == "fact:" {
		return s[5:], true
	}
	return "", false
}

// describe queues q for its subject's description.
func (w *layoutWriter) describe(q quad.Quad) error {
	s, ok := q.Subject.(quad.IRI)
	if !ok || isEdge(q) {
		return nil
	}
	val, err := encodeDescribed(nil, q)
	if err != nil {
		return err
	}
	return w.desc.add([]byte(s), val)
}

func (w *layoutWriter) writeDescriptions(out *putter) error {
	err := w.desc.each(func(key []byte, vals [][]byte) error {
		// A repeated quad is stored once, as in Cayley's buckets.
		seen := make(map[string]bool, len(vals))
		var b []byte
		for _, v := range vals {
			if !seen[string(v)] {
				seen[string(v)] = true
				b = append(b, v...)
			}
		}
		return out.put(hkv.Key{descriptionBucket, key}, b)
	})
	if err != nil {
		return err
	}
	return out.put(hkv.Key{descriptionBucket, adjacencyComplete}, []byte{descriptionFormat})
}

// Descriptions returns the store's descriptions index as a function from
// IRIs to the quads they are the subject of, edge quads left out; nil
// when the store has no complete index (SQL and memory stores, a store
// appended to in place, or one written by an itkg before the index).
func (s *Store) Descriptions() func(ctx context.Context, iris []quad.IRI) ([]quad.Quad, error) {
	if !s.complete(descriptionBucket, descriptionFormat) {
		return nil
	}
	return func(ctx context.Context, iris []quad.IRI) ([]quad.Quad, error) {
		var out []quad.Quad
		vals := describedValues{}
		err := hkv.View(s.kv, func(tx hkv.Tx) error {
			for _, iri := range iris {
				b, err := tx.Get(ctx, hkv.Key{descriptionBucket, []byte(iri)})
				if err == hkv.ErrNotFound {
					continue
				}
				if err != nil {
					return err
				}
				qs, err := decodeDescribed(iri, b, vals)
				if err != nil {
					return err
				}
				out = append(out, qs...)
			}
			return nil
		})
		return out, err
	}
}

// encodeDescribed appends q's predicate, object and label to b: the
// predicate and object each a length-prefixed pquads value; the label the
// same with the length plus two, 0 for no label, or 1 for the subject
// itself, which labels most of a fact's quads.
func encodeDescribed(b []byte, q quad.Quad) ([]byte, error) {
	for i, v := range []quad.Value{q.Predicate, q.Object, q.Label} {
		label := i == 2
		switch {
		case label && v == nil:
			b = append(b, 0)
			continue
		case label && v == q.Subject:
			b = append(b, 1)
			continue
		}
		enc, err := pquads.MarshalValue(v)
		if err != nil {
			return nil, err
		}
		n := uint64(len(enc))
		if label {
			n += 2
		}
		b = binary.AppendUvarint(b, n)
		b = append(b, enc...)
	}
	return b, nil
}

// describedValues decodes the values of descriptions, keeping the short
// ones it has decoded before (predicates, themes, sources, modalities
// repeat across facts) so that each is decoded and allocated once.
type describedValues map[string]quad.Value

func (c describedValues) value(b []byte) (quad.Value, error) {
	if v, ok := c[string(b)]; ok {
		return v, nil
	}
	v, err := pquads.UnmarshalValue(b)
	if err == nil && len(b) <= 64 {
		c[string(b)] = v
	}
	return v, err
}

// decodeDescribed reads the quads of subject s from its description.
func decodeDescribed(s quad.IRI, b []byte, vals describedValues) ([]quad.Quad, error) {
	var out []quad.Quad
	for len(b) > 0 {
		q := quad.Quad{Subject: s}
		for i := range 3 {
			n, k := binary.Uvarint(b)
			if k <= 0 {
				return nil, fmt.Errorf("malformed description of %s", s)
			}
			b = b[k:]
			if i == 2 {
				if n < 2 {
					if n == 1 {
						q.Label = s
					}
					break
				}
				n -= 2
			}
			if uint64(len(b)) < n {
				return nil, fmt.Errorf("malformed description of %s", s)
			}
			v, err := vals.value(b[:n])
			if err != nil {
				return nil, fmt.Errorf("the description of %s: %w", s, err)
			}
			b = b[n:]
			switch i {
			case 0:
				q.Predicate = v
			case 1:
				q.Object = v
			case 2:
				q.Label = v
			}
		}
		out = append(out, q)
	}
	return out, nil
}
