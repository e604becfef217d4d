package kvlayout

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"time"

	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// Writer fills an empty bolt or leveldb store in Cayley v0.7.7's
// key-value layout without Cayley's writer, which a build or a replacing
// load does not need: Cayley's writer looks every value and quad up before
// it writes it, to find duplicates, and spreads each batch's writes over
// the whole file (values live in 65,536 hash buckets, quads in two
// indexes). This writer reads the quads once and sorts what it learns on
// the side, in bounded memory (runs past a limit go to temporary files):
//
//  0. every quad, by the hashes of its four values: a quad that repeats an
//     earlier one (the same four values, as Cayley compares them) is
//     dropped here, so that copies cost neither memory nor room in the
//     store; the first of each is kept, with its place in the input;
//  1. every value met, by hash, with the quad and direction it is met in;
//  2. merged, one value per hash gets the next id, and each quad and
//     direction the id of its value;
//  3. merged by quad, each quad gets the next id and its index entries;
//  4. merged, the indexes; then itkg's own indexes.
//
// Every bucket is written in key order, so every page of the file is
// written once; no map grows with the input. itkg's own indexes
// (indexes.go) are gathered and written on the way. TestLayoutMatchesCayley
// holds the output to Cayley's.
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
type Writer struct {
	kv   hkv.KV
	now  int64
	seq  uint64 // quads read
	last uint64 // the last id given

	quads  *ExtSorter // the four values' hashes → quad seq, the values
	values *ExtSorter // value hash → quad seq, direction, pquads value
	slots  *ExtSorter // quad seq, direction → value id
	sp     *ExtSorter // subject, predicate ids → quad id
	ops    *ExtSorter // object, predicate, subject ids → quad id, label id
	index  *IndexWriter
	Stage  func(string) // told what Finish does; nil for no one
	Stored uint64       // distinct quads written, once finished
}

// SortMemory bounds the bytes of records each sorter holds before it
// writes a run to disk.
const SortMemory = 8 << 20

// NewWriter returns a writer into kv whose sorters each hold up to
// sortLimit bytes in memory, and write runs beyond that to the system's
// temporary directory ($TMPDIR).
func NewWriter(kv hkv.KV, sortLimit int) *Writer {
	tmp := os.TempDir()
	sorter := func() *ExtSorter { return NewExtSorter(tmp, sortLimit) }
	return &Writer{kv: kv, now: time.Now().UnixNano(),
		quads: sorter(), values: sorter(), slots: sorter(), sp: sorter(), ops: sorter(), index: NewIndexWriter(sortLimit)}
}

// close releases the sorters' temporary files.
func (w *Writer) Close() {
	for _, s := range []*ExtSorter{w.quads, w.values, w.slots, w.sp, w.ops} {
		s.close()
	}
	w.index.Close()
}

// write reads a batch of quads, queued by the hashes of their values.
func (w *Writer) Write(ctx context.Context, qs []quad.Quad) error {
	var key [4 * quad.HashSize]byte
	var val []byte
	for _, q := range qs {
		w.seq++
		val = binary.BigEndian.AppendUint64(val[:0], w.seq)
		for i, d := range quad.Directions {
			h := key[i*quad.HashSize : (i+1)*quad.HashSize]
			v := q.Get(d)
			if v == nil {
				clear(h)
				val = append(val, 0)
				continue
			}
			quad.HashTo(v, h)
			enc, err := pquads.MarshalValue(v)
			if err != nil {
				return err
			}
			val = append(binary.AppendUvarint(val, uint64(len(enc))+1), enc...)
		}
		if err := w.quads.add(key[:], val); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// distinct queues the values and index entries of each distinct quad,
// the first of its copies in the input; the other copies are dropped.
func (w *Writer) distinct(ctx context.Context) error {
	var last []byte
	var val []byte
	err := w.quads.each(func(key, rec []byte) error {
		if last != nil && bytes.Equal(key, last) {
			return nil
		}
		last = append(last[:0], key...)
		seq, b := rec[:8], rec[8:]
		var q quad.Quad
		for i, d := range quad.Directions {
			n, k := binary.Uvarint(b)
			if k <= 0 || n == 0 && d != quad.Label || n > uint64(len(b)-k)+1 {
				return ErrMalformed
			}
			b = b[k:]
			if n == 0 {
				continue
			}
			enc := b[:n-1]
			b = b[n-1:]
			v, err := unmarshalValue(enc)
			if err != nil {
				return err
			}
			q.Set(d, v)
			val = append(append(append(val[:0], seq...), byte(d)), enc...)
			if err := w.values.add(key[i*quad.HashSize:(i+1)*quad.HashSize], val); err != nil {
				return err
			}
		}
		if err := w.index.observeAt(binary.BigEndian.Uint64(seq), q); err != nil {
			return err
		}
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("dropping repeated quads: %w", err)
	}
	w.quads.close()
	return nil
}

// finish writes the store.
func (w *Writer) Finish(ctx context.Context) error {
	stage := func(what string) {
		if w.Stage != nil {
			w.Stage(what)
		}
	}
	stage("dropping repeated quads")
	if err := w.distinct(ctx); err != nil {
		return err
	}
	out := newPutter(ctx, w.kv)
	stage("numbering values")
	if err := w.writeValues(out); err != nil {
		return err
	}
	stage("numbering quads")
	quads, err := w.writeQuads(out)
	if err != nil {
		return err
	}
	stage("writing Cayley's indexes")
	if err := w.writeIndex(out, w.ops, "ops"); err != nil {
		return err
	}
	if err := w.writeIndex(out, w.sp, "sp"); err != nil {
		return err
	}
	w.Stored = quads
	if err := out.put(hkv.Key{metaBucket, []byte("size")}, le64(w.Stored)); err != nil {
		return err
	}
	if err := out.put(hkv.Key{metaBucket, []byte("horizon")}, le64(w.last)); err != nil {
		return err
	}
	stage("writing itkg's indexes")
	err = w.index.Write(func(index, key, val []byte) error { return out.put(hkv.Key{index, key}, val) })
	if err != nil {
		return err
	}
	return out.commit()
}

// writeValues gives each value an id, in hash order, and writes its log
// record, its id and its reference count; it queues each quad
// direction's value id.
func (w *Writer) writeValues(out *putter) error {
	var hash []byte
	var id, refs uint64
	counted := func() error {
		if hash == nil {
			return nil
		}
		return out.put(hkv.Key{{'n', hash[0], hash[1]}, hash}, binary.AppendUvarint(nil, refs))
	}
	slot := make([]byte, 8)
	err := w.values.each(func(h, val []byte) error {
		if !bytes.Equal(h, hash) {
			if err := counted(); err != nil {
				return err
			}
			hash = append(hash[:0:0], h...)
			w.last++
			id, refs = w.last, 0
			p := proto.Primitive{ID: id, Value: val[9:], Timestamp: w.now}
			if err := w.putLog(out, &p); err != nil {
				return err
			}
			if err := out.put(hkv.Key{{'v', hash[0], hash[1]}, hash}, binary.AppendUvarint(nil, id)); err != nil {
				return err
			}
		}
		refs++
		binary.BigEndian.PutUint64(slot, id)
		return w.slots.add(val[:9], slot)
	})
	if err != nil {
		return err
	}
	w.values.close()
	return counted()
}

// writeQuads gives each quad the next id, in input order, and writes its
// log record; it queues its index entries. It returns the number of quads.
func (w *Writer) writeQuads(out *putter) (uint64, error) {
	var p proto.Primitive
	var seq, n uint64
	var key [24]byte
	var val [8]byte
	done := func() error {
		if seq == 0 {
			return nil
		}
		w.last++
		n++
		p.ID, p.Timestamp = w.last, w.now
		if err := w.putLog(out, &p); err != nil {
			return err
		}
		binary.BigEndian.PutUint64(key[0:], p.Subject)
		binary.BigEndian.PutUint64(key[8:], p.Predicate)
		binary.BigEndian.PutUint64(val[0:], p.ID)
		if err := w.sp.add(key[:16], val[:8]); err != nil {
			return err
		}
		binary.BigEndian.PutUint64(key[0:], p.Object)
		binary.BigEndian.PutUint64(key[8:], p.Predicate)
		binary.BigEndian.PutUint64(key[16:], p.Subject)
		return w.ops.add(key[:24], val[:8])
	}
	err := w.slots.each(func(k, v []byte) error {
		if s := binary.BigEndian.Uint64(k); s != seq {
			if err := done(); err != nil {
				return err
			}
			seq, p = s, proto.Primitive{}
		}
		p.SetDirection(quad.Direction(k[8]), binary.BigEndian.Uint64(v))
		return nil
	})
	if err == nil {
		err = done()
	}
	w.slots.close()
	return n, err
}

func (w *Writer) putLog(out *putter, p *proto.Primitive) error {
	buf, err := p.Marshal()
	if err != nil {
		return err
	}
	return out.put(hkv.Key{logBucket, be64(p.ID)}, buf)
}

// writeIndex writes one of Cayley's quad indexes from its sorter: each
// key with the ids of its quads (the sorted values), ascending. Repeated
// quads were dropped before they were numbered, so no two ids of a key
// name the same quad.
func (w *Writer) writeIndex(out *putter, sorted *ExtSorter, bucket string) error {
	name := []byte(bucket)
	var key, list []byte
	flush := func() error {
		if key == nil {
			return nil
		}
		return out.put(hkv.Key{name, key}, list)
	}
	err := sorted.each(func(k, v []byte) error {
		if len(v) != 8 {
			return ErrMalformed
		}
		if key == nil || !bytes.Equal(k, key) {
			if err := flush(); err != nil {
				return err
			}
			key, list = append(key[:0:0], k...), list[:0:0]
		}
		list = binary.AppendUvarint(list, binary.BigEndian.Uint64(v))
		return nil
	})
	if err == nil {
		err = flush()
	}
	sorted.close()
	return err
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
	if b, ok := tx.(InOrderAppender); ok {
		b.AppendInOrder()
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

// FewestSpills is the fewest runs any of the writer's sorters wrote to
// disk: with a small memory limit every one must have spilled, which the
// layout test checks so that the merging of runs is what it compares.
func (w *Writer) FewestSpills() int {
	n := -1
	for _, s := range []*ExtSorter{w.values, w.slots, w.sp, w.ops, w.index.desc, w.index.adj, w.index.labels, w.index.facts, w.index.naming} {
		if n < 0 || s.spills < n {
			n = s.spills
		}
	}
	return n
}

// InOrderAppender is a transaction that can be told its keys come in
// ascending order within each bucket (store's bolt transactions: bbolt then
// fills each page whole instead of half).
type InOrderAppender interface{ AppendInOrder() }
