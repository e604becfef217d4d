package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/boltdb/bolt"
	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
)

// Backends itkg can use.
const (
	Bolt   = "bolt"
	Memory = "memory"
)

// DefaultTimeout bounds how long opening or building waits for a lock.
const DefaultTimeout = 5 * time.Second

// metaBucket holds itkg's own keys beside Cayley's buckets in the bolt file.
var metaBucket = []byte("itkg")

// Options say which store to use.
type Options struct {
	Backend string        // Bolt (default) or Memory
	Path    string        // bolt file; empty means DefaultPath()
	Timeout time.Duration // lock wait; zero means DefaultTimeout
}

func (o Options) backend() string {
	if o.Backend == "" {
		return Bolt
	}
	return o.Backend
}

func (o Options) timeout() time.Duration {
	if o.Timeout <= 0 {
		return DefaultTimeout
	}
	return o.Timeout
}

func (o Options) path() (string, error) {
	if o.Path != "" {
		return o.Path, nil
	}
	return DefaultPath()
}

// DefaultPath is the bolt store under the user's cache directory.
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache directory (set --db): %w", err)
	}
	return filepath.Join(dir, "itkg", "graph.bolt"), nil
}

// Store is an open quad store.
type Store struct {
	QS   cgraph.QuadStore
	Path string // the bolt file, or "" for memory
	Hash string // content hash of the data the store was built from
	db   *bolt.DB
}

// Close closes the store.
func (s *Store) Close() error {
	if s == nil || s.QS == nil {
		return nil
	}
	return s.QS.Close()
}

// ErrNoStore is returned when a bolt store does not exist yet.
var ErrNoStore = errors.New("no store built yet")

// OpenBolt opens the bolt store at path read-only, without the bloom filter.
func OpenBolt(path string, timeout time.Duration) (*Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("opening %s: %w", path, ErrNoStore)
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("opening %s: another process holds it for writing; gave up after %s", path, timeout)
		}
		return nil, fmt.Errorf("opening %s: %w (the store is a cache: rebuild it with `itkg build`)", path, err)
	}
	var hash string
	err = db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(metaBucket); b != nil {
			hash = string(b.Get([]byte("hash")))
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	qs, err := ckv.New(hbolt.New(db), cgraph.Options{ckv.OptNoBloom: true})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w (the store is a cache: rebuild it with `itkg build`)", path, err)
	}
	return &Store{QS: qs, Path: path, Hash: hash, db: db}, nil
}

// NewMemory returns an in-memory store holding quads.
func NewMemory(quads []quad.Quad, hash string) *Store {
	return &Store{QS: memstore.New(quads...), Hash: hash}
}

// BuildStats describes a finished build.
type BuildStats struct {
	Path     string
	Quads    int
	Duration time.Duration
}

// batchSize is the number of quads written per call, as Cayley's own loader
// does; one quad per call is about ten times slower.
const batchSize = 10000

// BuildBolt writes quads to a new bolt file beside path and renames it into
// place once complete and synced. Concurrent builds of the same path are
// serialised by a lock file; a build that cannot get the lock in time fails.
func BuildBolt(ctx context.Context, path string, quads []quad.Quad, hash string, timeout time.Duration) (BuildStats, error) {
	start := time.Now()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return BuildStats{}, fmt.Errorf("building %s: %w", path, err)
	}
	unlock, err := lockFile(ctx, path+".lock", timeout)
	if err != nil {
		return BuildStats{}, fmt.Errorf("building %s: %w", path, err)
	}
	defer unlock()

	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return BuildStats{}, fmt.Errorf("building %s: %w", path, err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmpPath)
		}
	}()
	if err := writeBolt(ctx, tmpPath, quads, hash); err != nil {
		return BuildStats{}, fmt.Errorf("building %s: %w", path, err)
	}
	if err := os.Rename(tmpPath, path); err != nil {
		return BuildStats{}, fmt.Errorf("building %s: %w", path, err)
	}
	ok = true
	syncDir(filepath.Dir(path))
	return BuildStats{Path: path, Quads: len(quads), Duration: time.Since(start)}, nil
}

func writeBolt(ctx context.Context, path string, quads []quad.Quad, hash string) error {
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	// One sync at the end instead of one per transaction: the file is not
	// visible to anyone until it is renamed into place.
	db.NoSync = true
	kv := hbolt.New(db)
	closeAll := func(err error) error {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = cerr
		}
		return err
	}
	if err := ckv.Init(kv, nil); err != nil {
		return closeAll(err)
	}
	qs, err := ckv.New(kv, cgraph.Options{ckv.OptNoBloom: true})
	if err != nil {
		return closeAll(err)
	}
	w, err := qs.NewQuadWriter()
	if err != nil {
		return closeAll(err)
	}
	for i := 0; i < len(quads); i += batchSize {
		if err := ctx.Err(); err != nil {
			w.Close()
			return closeAll(err)
		}
		if _, err := w.WriteQuads(quads[i:min(i+batchSize, len(quads))]); err != nil {
			w.Close()
			return closeAll(err)
		}
	}
	if err := w.Close(); err != nil {
		return closeAll(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(metaBucket)
		if err != nil {
			return err
		}
		if err := b.Put([]byte("hash"), []byte(hash)); err != nil {
			return err
		}
		return b.Put([]byte("built"), []byte(time.Now().UTC().Format(time.RFC3339)))
	})
	if err != nil {
		return closeAll(err)
	}
	if err := db.Sync(); err != nil {
		return closeAll(err)
	}
	return closeAll(nil)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
