package store

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

// layoutWriter fills an empty bolt or leveldb store in Cayley v0.7.7's
// key-value layout without Cayley's writer, which a build or a replacing
// load does not need: Cayley's writer looks every value and quad up before
// it writes it, to find duplicates, and spreads each batch's writes over
// the whole file (values live in 65,536 hash buckets, quads in two
// indexes). This writer reads the quads once and sorts what it learns on
// the side, in bounded memory (runs past a limit go to temporary files):
//
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
type layoutWriter struct {
	kv   hkv.KV
	now  int64
	seq  uint64 // quads read
	last uint64 // the last id given

	values *extSorter // value hash → quad seq, direction, pquads value
	slots  *extSorter // quad seq, direction → value id
	sp     *extSorter // subject, predicate ids → quad id
	ops    *extSorter // object, predicate, subject ids → quad id, label id
	index  *indexWriter
	stage  func(string) // told what finish does; nil for no one
	stored uint64       // distinct quads written, once finished
}

// sortMemory bounds the bytes of records each sorter holds before it
// writes a run to disk.
const sortMemory = 8 << 20

// newLayoutWriter returns a writer into kv whose sorters each hold up to
// sortLimit bytes in memory, and write runs beyond that to the system's
// temporary directory ($TMPDIR).
func newLayoutWriter(kv hkv.KV, sortLimit int) *layoutWriter {
	tmp := os.TempDir()
	sorter := func() *extSorter { return newExtSorter(tmp, sortLimit) }
	return &layoutWriter{kv: kv, now: time.Now().UnixNano(),
		values: sorter(), slots: sorter(), sp: sorter(), ops: sorter(), index: newIndexWriter(sortLimit)}
}

// close releases the sorters' temporary files.
func (w *layoutWriter) close() {
	for _, s := range []*extSorter{w.values, w.slots, w.sp, w.ops} {
		s.close()
	}
	w.index.close()
}

// write reads a batch of quads: their values, descriptions and edges.
func (w *layoutWriter) write(ctx context.Context, qs []quad.Quad) error {
	var key [quad.HashSize]byte
	var val []byte
	for _, q := range qs {
		w.seq++
		for _, d := range quad.Directions {
			v := q.Get(d)
			if v == nil {
				continue
			}
			quad.HashTo(v, key[:])
			enc, err := pquads.MarshalValue(v)
			if err != nil {
				return err
			}
			val = binary.BigEndian.AppendUint64(val[:0], w.seq)
			val = append(append(val, byte(d)), enc...)
			if err := w.values.add(key[:], val); err != nil {
				return err
			}
		}
	}
	if err := w.index.observe(qs); err != nil {
		return err
	}
	return ctx.Err()
}

// finish writes the store.
func (w *layoutWriter) finish(ctx context.Context) error {
	stage := func(what string) {
		if w.stage != nil {
			w.stage(what)
		}
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
	dups, err := w.writeOPS(out)
	if err != nil {
		return err
	}
	if err := w.writeSP(out, dups); err != nil {
		return err
	}
	if err := w.dropRepeats(out, dups); err != nil {
		return err
	}
	w.stored = quads - uint64(len(dups))
	if err := out.put(hkv.Key{metaBucket, []byte("size")}, le64(w.stored)); err != nil {
		return err
	}
	if err := out.put(hkv.Key{metaBucket, []byte("horizon")}, le64(w.last)); err != nil {
		return err
	}
	stage("writing itkg's indexes")
	err = w.index.write(func(index, key, val []byte) error { return out.put(hkv.Key{index, key}, val) })
	if err != nil {
		return err
	}
	return out.commit()
}

// writeValues gives each value an id, in hash order, and writes its log
// record, its id and its reference count; it queues each quad
// direction's value id.
func (w *layoutWriter) writeValues(out *putter) error {
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
func (w *layoutWriter) writeQuads(out *putter) (uint64, error) {
	var p proto.Primitive
	var seq, n uint64
	var key [24]byte
	var val [16]byte
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
		binary.BigEndian.PutUint64(val[8:], p.Label)
		return w.ops.add(key[:24], val[:16])
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

func (w *layoutWriter) putLog(out *putter, p *proto.Primitive) error {
	buf, err := p.Marshal()
	if err != nil {
		return err
	}
	return out.put(hkv.Key{logBucket, be64(p.ID)}, buf)
}

// repeat is a quad that repeats an earlier one.
type repeat struct{ id, s, p, o, l uint64 }

// writeOPS writes the object index, and finds the quads that repeat an
// earlier one (same four nodes): Cayley keeps the first and drops the
// rest, and so does this writer.
func (w *layoutWriter) writeOPS(out *putter) ([]repeat, error) {
	var dups []repeat
	bucket := []byte("ops")
	err := w.ops.groups(func(key []byte, vals [][]byte) error {
		list := make([]byte, 0, len(vals)*4)
		for i, v := range vals {
			id, label := binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:])
			if repeats(vals[:i], label) {
				dups = append(dups, repeat{id: id, o: binary.BigEndian.Uint64(key), p: binary.BigEndian.Uint64(key[8:]),
					s: binary.BigEndian.Uint64(key[16:]), l: label})
				continue
			}
			list = binary.AppendUvarint(list, id)
		}
		return out.put(hkv.Key{bucket, key}, list)
	})
	w.ops.close()
	return dups, err
}

// repeats reports whether one of the earlier quads of an index entry
// (same object, predicate and subject) has the same label.
func repeats(earlier [][]byte, label uint64) bool {
	for _, e := range earlier {
		if binary.BigEndian.Uint64(e[8:]) == label {
			return true
		}
	}
	return false
}

func (w *layoutWriter) writeSP(out *putter, dups []repeat) error {
	dropped := map[uint64]bool{}
	for _, d := range dups {
		dropped[d.id] = true
	}
	bucket := []byte("sp")
	err := w.sp.groups(func(key []byte, vals [][]byte) error {
		list := make([]byte, 0, len(vals)*4)
		for _, v := range vals {
			if id := binary.BigEndian.Uint64(v); !dropped[id] {
				list = binary.AppendUvarint(list, id)
			}
		}
		return out.put(hkv.Key{bucket, key}, list)
	})
	w.sp.close()
	return err
}

// dropRepeats removes the log records of repeated quads and the references
// they counted.
func (w *layoutWriter) dropRepeats(out *putter, dups []repeat) error {
	for _, d := range dups {
		if err := out.del(hkv.Key{logBucket, be64(d.id)}); err != nil {
			return err
		}
		for _, n := range []uint64{d.s, d.p, d.o, d.l} {
			if n == 0 {
				continue
			}
			rec, err := out.get(hkv.Key{logBucket, be64(n)})
			if err != nil {
				return fmt.Errorf("value %d of a repeated quad: %w", n, err)
			}
			var p proto.Primitive
			if err := p.Unmarshal(rec); err != nil {
				return err
			}
			v, err := unmarshalValue(p.Value)
			if err != nil {
				return err
			}
			h := quad.HashOf(v)
			key := hkv.Key{{'n', h[0], h[1]}, h}
			refs, err := out.get(key)
			if err != nil {
				return fmt.Errorf("references of value %d: %w", n, err)
			}
			r, _ := binary.Uvarint(refs)
			if err := out.put(key, binary.AppendUvarint(nil, r-1)); err != nil {
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

// get reads key, with the writes so far.
func (p *putter) get(key hkv.Key) ([]byte, error) {
	if err := p.begin(); err != nil {
		return nil, err
	}
	v, err := p.tx.Get(p.ctx, key)
	return append([]byte(nil), v...), err
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
