package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/itkg/itkg/store/internal/kvlayout"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	hkv "github.com/hidal-go/hidalgo/kv"
	bolt "go.etcd.io/bbolt"
)

// boltBackend keeps the graph in one bolt file. Builds write a temporary
// file beside it and rename it into place.
type boltBackend struct{ opts Options }

// kvOptions open Cayley's key-value stores without the bloom filter, which
// costs a 100M-entry allocation and a scan of the whole store on every open
// and only speeds up duplicate checks, which builds do themselves.
var kvOptions = cgraph.Options{ckv.OptNoBloom: true}

func (b *boltBackend) open(ctx context.Context) (*Store, error) {
	path := b.opts.Addr
	kind, err := sniffBolt(path)
	if err != nil {
		return nil, err
	}
	if kind == boltMissing {
		return nil, fmt.Errorf("opening %s: %w", path, ErrNoStore)
	}
	timeout := b.opts.timeout()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("opening %s: another process holds it for writing; gave up after %s", path, timeout)
		}
		return nil, &DamagedError{Where: path, Err: err}
	}
	if err := checkSize(db); err != nil {
		db.Close()
		return nil, &DamagedError{Where: path, Err: err}
	}
	kv := &boltKV{db: db, sums: kind == boltMarked}
	qs, err := ckv.New(kv, kvOptions)
	if err != nil {
		db.Close()
		if kind == boltUnmarked {
			return nil, &ForeignError{Where: path, What: "a bolt file without itkg's mark, and not a Cayley store"}
		}
		return nil, &DamagedError{Where: path, Err: err}
	}
	if kind == boltUnmarked {
		// Only a store of an itkg older than the mark: it holds its record.
		if info, err := ReadInfo(ctx, qs); err != nil || info.Origin == "" {
			qs.Close()
			return nil, &ForeignError{Where: path, What: "a bolt file without itkg's mark, holding no itkg graph"}
		}
	}
	return &Store{QS: qs, Options: b.opts, kv: kv, index: kvlayout.KVIndex{KV: kv}, legacy: kind == boltUnmarked}, nil
}

// owned checks, before anything writes at the store's path, that it holds
// nothing or a store itkg wrote.
func (b *boltBackend) owned(ctx context.Context) error {
	kind, err := sniffBolt(b.opts.Addr)
	if err != nil || kind != boltUnmarked {
		return err
	}
	s, err := b.open(ctx)
	var damaged *DamagedError
	if errors.As(err, &damaged) {
		return &ForeignError{Where: b.opts.Addr, What: "a bolt file without itkg's mark, which cannot be read"}
	}
	if err != nil {
		return err
	}
	return s.Close()
}

// checkSize compares the file with the size its header records. A file
// cut short opens without complaint, then crashes the process (an
// assertion or a bus error) when a read reaches past its end; bbolt keeps
// no checksums on other pages, and a full check (tx.Check) costs as much
// as the read commands themselves, so this is the check made on every
// open.
func checkSize(db *bolt.DB) error {
	info, err := os.Stat(db.Path())
	if err != nil {
		return err
	}
	return db.View(func(tx *bolt.Tx) error {
		if want := tx.Size(); info.Size() < want {
			return fmt.Errorf("the file is %d bytes but its header says %d: it was cut short", info.Size(), want)
		}
		return nil
	})
}

func (b *boltBackend) replace(ctx context.Context, fill filler) error {
	path := b.opts.Addr
	if err := b.owned(ctx); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	unlock, err := lockFile(ctx, path+".lock", b.opts.timeout())
	if err != nil {
		return err
	}
	defer unlock()
	// Holding the lock, no other build is writing: temporary files beside
	// the store were left by a build that was killed.
	removeStaleTemps(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	tmp.Close()
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmpPath)
		}
	}()
	if err := writeBolt(tmpPath, fill); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Rename(tmpPath, path); err != nil {
		return err
	}
	ok = true
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	// Just written whole: the first read need not verify it.
	rememberVerified(path)
	return nil
}

// writeBolt creates a Cayley store in the new file at path, fills it,
// and marks it as itkg's.
func writeBolt(path string, fill filler) error { return writeBoltAs(path, fill, true) }

// writeBoltAs writes a store with itkg's mark and checksums, or (for
// tests) as itkg wrote stores before them.
func writeBoltAs(path string, fill filler, marked bool) error {
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	// One sync at the end instead of one per transaction: the file is not
	// visible to anyone until it is renamed into place.
	db.NoSync = true
	kv := &boltKV{db: db, sums: marked}
	err = initAndFill(kv, fill)
	if err == nil && marked {
		err = writeCounts(kv)
	}
	if err == nil {
		err = db.Sync()
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil && marked {
		err = markBolt(path)
	}
	return err
}

// initAndFill creates Cayley's buckets in an empty key-value store and
// fills it.
func initAndFill(kv hkv.KV, fill filler) error {
	if err := ckv.Init(kv, kvOptions); err != nil {
		return err
	}
	qs, err := ckv.New(kv, kvOptions)
	if err != nil {
		return err
	}
	return fill(qs, kv, nil)
}

func (b *boltBackend) update(ctx context.Context) (cgraph.QuadStore, hkv.KV, func() error, error) {
	path := b.opts.Addr
	if err := b.owned(ctx); err != nil {
		return nil, nil, nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		// Start from an empty store, marked as itkg's.
		if err := b.replace(ctx, func(cgraph.QuadStore, hkv.KV, indexTable) error { return nil }); err != nil {
			return nil, nil, nil, err
		}
	}
	unlock, err := lockFile(ctx, path+".lock", b.opts.timeout())
	if err != nil {
		return nil, nil, nil, err
	}
	// Checked again under the lock: nothing but a store of itkg's is
	// opened for writing.
	kind, err := sniffBolt(path)
	if err != nil || kind == boltMissing {
		unlock()
		if err == nil {
			err = fmt.Errorf("opening %s: %w", path, ErrNoStore)
		}
		return nil, nil, nil, err
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: b.opts.timeout()})
	if err != nil {
		unlock()
		return nil, nil, nil, err
	}
	kv := &boltKV{db: db, sums: kind == boltMarked}
	// The counts of records will no longer hold.
	if err := dropCounts(kv); err != nil {
		db.Close()
		unlock()
		return nil, nil, nil, err
	}
	return updating(kv, path, unlock)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeStaleTemps deletes the temporary files of killed builds of path.
func removeStaleTemps(path string) {
	leftovers, _ := filepath.Glob(path + ".tmp-*")
	for _, f := range leftovers {
		os.Remove(f)
	}
}
