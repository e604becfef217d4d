package store

import (
	"bytes"
	"context"
	"sync/atomic"

	hkv "github.com/hidal-go/hidalgo/kv"
	bbolt "go.etcd.io/bbolt"

	"github.com/itkg/itkg/store/internal/kvlayout"
)

// boltKV adapts a bbolt database to the hierarchical key-value interface
// Cayley's kv quad stores are written against (hidalgo's kv.KV): the first
// part of a key names a bucket, further parts nested buckets, the last part
// the key. hidalgo ships such an adapter for github.com/boltdb/bolt, whose
// unsafe pointer conversions fail `go test -race` (checkptr) in Cayley's
// own store set-up; bbolt passes, reads files old bolt wrote, and has a
// faster free list. This adapter also keeps the buckets a transaction has
// opened, which Cayley asks for again on every key.
//
// In a store with itkg's mark (mark.go), every value, Cayley's and itkg's
// alike, carries a checksum of its key and itself (sums.go), added on
// every write and checked on every read, here, below Cayley; values read
// are copies, never slices of the file's memory map, so that nothing read
// changes or faults later if the file does.
type boltKV struct {
	db      *bbolt.DB
	sums    bool        // values carry checksums: a store with itkg's mark
	damaged atomic.Bool // a read met damage
}

func (b *boltKV) Close() error { return b.db.Close() }

func (b *boltKV) Tx(rw bool) (hkv.Tx, error) {
	var tx *bbolt.Tx
	var err error
	guard(b, func() { tx, err = b.db.Begin(rw) })
	if err != nil {
		return nil, err
	}
	return &boltTx{tx: tx, buckets: map[string]*bbolt.Bucket{}, sums: b.sums, kv: b}, nil
}

type boltTx struct {
	tx      *bbolt.Tx
	buckets map[string]*bbolt.Bucket // top-level buckets opened so far
	full    bool                     // fill pages whole: keys come in order
	sums    bool
	kv      *boltKV
}

// read checks and copies the value v of key k.
func (t *boltTx) read(k, v []byte) []byte {
	if !t.sums {
		return append([]byte(nil), v...)
	}
	return checked(t.tx.DB().Path(), k, v)
}

// AppendInOrder tells the transaction that its keys come in ascending
// order within each bucket, as the bulk writer writes them: bbolt then
// fills each page whole instead of splitting it in half, which would leave
// every page of a freshly loaded file half empty.
func (t *boltTx) AppendInOrder() { t.full = true }

// The bulk writer finds AppendInOrder through this interface.
var _ kvlayout.InOrderAppender = (*boltTx)(nil)

// top returns the top-level bucket name, creating it when create is set;
// nil when it does not exist.
func (t *boltTx) top(name []byte, create bool) (*bbolt.Bucket, error) {
	if b, ok := t.buckets[string(name)]; ok && b != nil {
		return b, nil
	}
	var b *bbolt.Bucket
	var err error
	if create {
		b, err = t.tx.CreateBucketIfNotExists(name)
	} else {
		b = t.tx.Bucket(name)
	}
	if b != nil {
		if t.full {
			b.FillPercent = 1
		}
		t.buckets[string(name)] = b
	}
	return b, err
}

// bucket walks key down to the bucket holding its last part, returning
// that bucket and the rest of the key (one part when found).
func (t *boltTx) bucket(key hkv.Key, create bool) (*bbolt.Bucket, hkv.Key, error) {
	if len(key) <= 1 {
		return t.tx.Cursor().Bucket(), key, nil // the root bucket
	}
	b, err := t.top(key[0], create)
	key = key[1:]
	for err == nil && b != nil && len(key) > 1 {
		if create {
			b, err = b.CreateBucketIfNotExists(key[0])
		} else {
			b = b.Bucket(key[0])
		}
		key = key[1:]
	}
	return b, key, err
}

func (t *boltTx) Get(ctx context.Context, key hkv.Key) (val hkv.Value, err error) {
	err = hkv.ErrNotFound
	guard(t.kv, func() {
		b, k, _ := t.bucket(key, false)
		if b == nil || len(k) != 1 {
			return
		}
		if v := b.Get(k[0]); v != nil {
			val, err = t.read(k[0], v), nil
		}
	})
	return val, err
}

func (t *boltTx) GetBatch(ctx context.Context, keys []hkv.Key) ([]hkv.Value, error) {
	vals := make([]hkv.Value, len(keys))
	guard(t.kv, func() {
		for i, key := range keys {
			if b, k, _ := t.bucket(key, false); b != nil && len(k) == 1 {
				if v := b.Get(k[0]); v != nil {
					vals[i] = t.read(k[0], v)
				}
			}
		}
	})
	return vals, nil
}

func (t *boltTx) Put(key hkv.Key, v hkv.Value) (err error) {
	guard(t.kv, func() { err = t.put(key, v) })
	return err
}

func (t *boltTx) put(key hkv.Key, v hkv.Value) error {
	b, k, err := t.bucket(key, true)
	if err != nil {
		return err
	}
	if len(k) == 0 || (len(k[0]) == 0 && len(v) == 0) {
		return nil // creating the bucket was all that was asked
	}
	if t.sums {
		v = withSum(k[0], v)
	}
	return b.Put(k[0], v)
}

func (t *boltTx) Del(key hkv.Key) error {
	b, k, _ := t.bucket(key, false)
	if b == nil || len(k) != 1 {
		return nil
	}
	return b.Delete(k[0])
}

func (t *boltTx) Commit(ctx context.Context) error { return t.tx.Commit() }

func (t *boltTx) Close() error {
	if t.tx.DB() == nil {
		return nil // already committed or rolled back
	}
	return t.tx.Rollback()
}

// Scan iterates over every key with the prefix pref, descending into
// nested buckets.
func (t *boltTx) Scan(pref hkv.Key) hkv.Iterator {
	var b *bbolt.Bucket
	var p hkv.Key
	guard(t.kv, func() { b, p, _ = t.bucket(pref, false) })
	if b == nil || len(p) > 1 {
		return &boltIter{} // a bucket the prefix names does not exist
	}
	return &boltIter{b: []*bbolt.Bucket{b}, pref: p, root: pref[:len(pref)-len(p)].Clone(), tx: t}
}

// boltIter walks a bucket tree depth first. root is the key of the bucket
// on top of the stack; pref[i] is the prefix keys at depth i must have.
type boltIter struct {
	tx   *boltTx
	root hkv.Key
	pref hkv.Key
	b    []*bbolt.Bucket
	c    []*bbolt.Cursor
	k, v []byte
}

func (it *boltIter) Next(ctx context.Context) (ok bool) {
	if it.tx == nil {
		return false
	}
	guard(it.tx.kv, func() { ok = it.next() })
	return ok
}

func (it *boltIter) next() bool {
	for len(it.b) > 0 {
		i := len(it.b) - 1
		if len(it.c) < len(it.b) {
			c := it.b[i].Cursor()
			it.c = append(it.c, c)
			if i >= len(it.pref) {
				it.k, it.v = c.First()
			} else {
				it.k, it.v = c.Seek(it.pref[i])
			}
		} else {
			it.k, it.v = it.c[i].Next()
		}
		if it.k != nil && (i >= len(it.pref) || bytes.HasPrefix(it.k, it.pref[i])) {
			if it.v == nil {
				if sub := it.b[i].Bucket(it.k); sub != nil {
					it.b = append(it.b, sub)
					it.root = append(it.root, it.k)
					continue
				}
			}
			return true
		}
		// This bucket is done: back to its parent.
		it.c = it.c[:i]
		it.b = it.b[:i]
		if len(it.root) > 0 {
			it.root = it.root[:len(it.root)-1]
		}
	}
	return false
}

func (it *boltIter) Key() (key hkv.Key) {
	if len(it.b) == 0 {
		return nil
	}
	guard(it.tx.kv, func() { key = append(it.root.Clone(), append([]byte(nil), it.k...)) })
	return key
}

func (it *boltIter) Val() (val hkv.Value) {
	if it.v == nil {
		return nil
	}
	guard(it.tx.kv, func() { val = it.tx.read(it.k, it.v) })
	return val
}

func (it *boltIter) Err() error { return nil }

func (it *boltIter) Close() error {
	*it = boltIter{}
	return nil
}
