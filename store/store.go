package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/itkg/itkg/store/internal/kvlayout"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	bbolt "go.etcd.io/bbolt"
)

// Backends itkg can use.
const (
	Bolt      = "bolt"
	LevelDB   = "leveldb"
	Memory    = "memory"
	Postgres  = "postgres"
	Cockroach = "cockroach"
)

// Backends lists the backend names, the default first.
var Backends = []string{Bolt, LevelDB, Memory, Postgres, Cockroach}

// DefaultTimeout bounds how long opening or building waits for a lock.
const DefaultTimeout = 5 * time.Second

// Options say which store to use.
type Options struct {
	Backend string        // one of Backends; empty means Bolt
	Addr    string        // file (bolt), directory (leveldb) or URL (SQL); empty means DefaultPath for bolt
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

// Shared reports whether the backend is a server database several people
// use, which itkg never rebuilds on its own.
func (o Options) Shared() bool {
	return o.backend() == Postgres || o.backend() == Cockroach
}

// Where names the store for messages: its file, directory or URL (without
// a password).
func (o Options) Where() string {
	switch o.backend() {
	case Memory:
		return "memory"
	case Postgres, Cockroach:
		return redact(o.Addr)
	}
	return o.Addr
}

// DefaultPath is the bolt store under the user's cache directory.
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache directory (set --db): %w", err)
	}
	return filepath.Join(dir, "itkg", "graph.bolt"), nil
}

// resolve fills in the default address and checks the backend name.
func (o Options) resolve() (Options, error) {
	o.Backend = o.backend()
	if !slices.Contains(Backends, o.Backend) {
		return o, fmt.Errorf("unknown backend %q (want %s)", o.Backend, strings.Join(Backends, ", "))
	}
	switch o.Backend {
	case Bolt:
		if o.Addr == "" {
			p, err := DefaultPath()
			if err != nil {
				return o, err
			}
			o.Addr = p
		}
	case LevelDB:
		if o.Addr == "" {
			return o, fmt.Errorf("the leveldb backend needs --db DIR")
		}
	case Postgres, Cockroach:
		if o.Addr == "" {
			return o, fmt.Errorf("the %s backend needs --db URL (e.g. postgres://user@localhost:5432/itkg?sslmode=disable)", o.Backend)
		}
	}
	return o, nil
}

// Store is an open quad store.
type Store struct {
	QS      cgraph.QuadStore
	Options Options // resolved: Backend and Addr always set
	Info    Info
	kv      hkv.KV               // the key-value store under a bolt or leveldb store
	index   kvlayout.IndexReader // itkg's indexes; nil for a memory store
	legacy  bool                 // a bolt store written before itkg's mark and checksums
	close   []func() error
}

// Close closes the store.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	var first error
	if s.QS != nil {
		first = s.QS.Close()
	}
	for _, c := range s.close {
		if err := c(); first == nil {
			first = err
		}
	}
	return first
}

// ErrNoStore is returned when a store does not exist yet.
var ErrNoStore = errors.New("no store built yet")

// DamagedError says a store exists but cannot be read.
type DamagedError struct {
	Where string
	Err   error
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the store %s is damaged: %v", e.Where, e.Err)
}

func (e *DamagedError) Unwrap() error { return e.Err }

// filler writes the contents of a fresh store: qs is Cayley's store, kv
// the key-value store under it (nil for SQL), where itkg writes Cayley's
// layout and its own indexes itself; for a SQL store, table takes itkg's
// indexes.
type filler func(qs cgraph.QuadStore, kv hkv.KV, table indexTable) error

// indexTable is where a SQL store keeps itkg's indexes.
type indexTable interface {
	put(index, key, val []byte) error
	flush() error
}

// backend is what each kind of store provides.
type backend interface {
	// open opens the live store for reading: ErrNoStore when there is none,
	// a *DamagedError when it cannot be read.
	open(ctx context.Context) (*Store, error)
	// replace writes a fresh store with fill and swaps it in atomically;
	// when fill or anything else fails, the live store is left as it was.
	replace(ctx context.Context, fill filler) error
	// update opens the live store for writing in place, creating it when
	// missing; kv is the key-value store under it (nil for SQL); done
	// closes it.
	update(ctx context.Context) (qs cgraph.QuadStore, kv hkv.KV, done func() error, err error)
}

func backendOf(o Options) (backend, error) {
	o, err := o.resolve()
	if err != nil {
		return nil, err
	}
	switch o.Backend {
	case Bolt:
		return &boltBackend{opts: o}, nil
	case LevelDB:
		return &levelBackend{opts: o}, nil
	case Postgres, Cockroach:
		return newSQLBackend(o)
	}
	return nil, fmt.Errorf("the %s backend keeps nothing between commands", o.Backend)
}

// Verify reads a store's structure throughout, for a process that keeps
// it open for long (a server), so that damage bbolt cannot see on open (it
// keeps no page checksums) is found now rather than by a query that
// crashes on it later. On bolt it walks every bucket and key with cursors
// in this goroutine (bbolt's own tx.Check asserts in a goroutine of its
// own, where a damaged page cannot be recovered from). Other backends
// check their data themselves. docs/scaling.md has its cost.
func (s *Store) Verify() (err error) {
	kv, ok := s.kv.(*boltKV)
	if !ok {
		return nil
	}
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if p := recover(); p != nil {
			if d := Recovered(p); d != nil {
				err = d
			} else {
				err = &DamagedError{Where: s.Options.Where(), Err: fmt.Errorf("%v", p)}
			}
		}
	}()
	if kv.sums {
		return verifyAll(kv, s.Options.Where())
	}
	return kv.db.View(func(tx *bbolt.Tx) error {
		if err := checkPages(kv.db, tx); err != nil {
			return &DamagedError{Where: s.Options.Where(), Err: err}
		}
		return tx.ForEach(func(_ []byte, b *bbolt.Bucket) error {
			_, err := walkCount(b, nil)
			return err
		})
	})
}

// verifyOnce verifies a bolt store with itkg's mark whole (Verify) unless
// it was verified as it is now before, and remembers that it was.
func (s *Store) verifyOnce() error {
	kv, ok := s.kv.(*boltKV)
	if !ok || !kv.sums || verifiedBefore(s.Options.Addr) {
		return nil
	}
	if err := s.Verify(); err != nil {
		return err
	}
	rememberVerified(s.Options.Addr)
	return nil
}

// OpenRead opens an existing store for reading, without building it. A
// store damaged where opening reads it (bbolt asserts on a bad page, a
// read past a cut mapping faults) gives a *DamagedError; its file stays
// open until the process ends, because closing would wait for the read
// the damage interrupted.
func OpenRead(ctx context.Context, opts Options) (s *Store, err error) {
	b, err := backendOf(opts)
	if err != nil {
		return nil, err
	}
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if p := recover(); p != nil {
			if d := Recovered(p); d != nil {
				s, err = nil, d
			} else {
				s, err = nil, &DamagedError{Where: opts.Where(), Err: fmt.Errorf("%v", p)}
			}
		}
	}()
	s, err = b.open(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.verifyOnce(); err != nil {
		s.Close()
		return nil, err
	}
	if s.Info, err = ReadInfo(ctx, s.QS); err != nil {
		s.Close()
		return nil, &DamagedError{Where: opts.Where(), Err: err}
	}
	return s, nil
}

// Data is what a local store is a cache of, supplied by the caller
// (loaders.Data for the curated files): the store reads no data files
// itself, it compares Hash with the hash it recorded and asks for Quads
// when it must rebuild.
type Data interface {
	Name() string // for messages, e.g. "data"
	Hash() (string, error)
	Quads(ctx context.Context) ([]quad.Quad, error)
}

func load(ctx context.Context, d Data) ([]quad.Quad, string, error) {
	hash, err := d.Hash()
	if err != nil {
		return nil, "", err
	}
	quads, err := d.Quads(ctx)
	if err != nil {
		return nil, "", err
	}
	return quads, hash, nil
}

// BuildStats describes a finished build or load.
type BuildStats struct {
	Where    string
	Quads    int64
	Duration time.Duration
}

// Build checks the data and writes a fresh store from it, whatever the
// current store holds, replacing it atomically. With the memory backend
// nothing is written.
func Build(ctx context.Context, opts Options, data Data) (BuildStats, error) {
	start := time.Now()
	quads, hash, err := load(ctx, data)
	if err != nil {
		return BuildStats{}, err
	}
	opts, err = opts.resolve()
	if err != nil {
		return BuildStats{}, err
	}
	if opts.Backend == Memory {
		return BuildStats{Where: "memory", Quads: int64(len(quads)), Duration: time.Since(start)}, nil
	}
	info := Info{Origin: OriginBuild, Hash: hash}
	n, err := Replace(ctx, opts, sliceReader(quads), info, nil)
	if err != nil {
		return BuildStats{}, err
	}
	return BuildStats{Where: opts.Where(), Quads: n, Duration: time.Since(start)}, nil
}

// Open opens the store for reading. A local store (bolt, leveldb) is a
// cache of the data: Open builds it first when it is missing, damaged, or
// was built from other data, reporting why to log (which may be
// io.Discard). A store filled by `itkg load` is used as it is. A shared
// SQL store is never built here: a missing one is an error, and one built
// from other data is used with a warning to log.
func Open(ctx context.Context, opts Options, data Data, log io.Writer) (*Store, error) {
	return open(ctx, opts, data, log, false)
}

// OpenVerified is Open for a process that keeps the store open for long
// (a server): it also reads the store whole (Verify), so that damage
// bbolt cannot see on open is found now, and treats damage found so like
// damage found on open.
func OpenVerified(ctx context.Context, opts Options, data Data, log io.Writer) (*Store, error) {
	return open(ctx, opts, data, log, true)
}

// Reopen opens the store again for a process that held one described by
// was, after another process replaced it or a read met damage in it. It
// reads the new store whole (Verify). Unlike Open it takes the store as
// it now is, whatever data it was built from; only damage is repaired,
// and only in a local store that was built from the data (rebuildable).
func Reopen(ctx context.Context, opts Options, data Data, was Info, log io.Writer) (*Store, error) {
	opts, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	s, err := openRead(ctx, opts, true)
	if err == nil || !rebuildable(err, opts, was.Origin) {
		return s, err
	}
	fmt.Fprintf(log, "itkg: %v; rebuilding it from %s (the store is a cache)\n", err, data.Name())
	if _, err := Build(ctx, opts, data); err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "itkg: rebuilt %s\n", opts.Where())
	return openRead(ctx, opts, true)
}

// rebuildable is the rule for damage: a store that cannot be read is
// rebuilt from the data when it is local (a cache nobody else relies on)
// and was not filled by `itkg load` (origin is "" when unknown).
func rebuildable(err error, opts Options, origin string) bool {
	var damaged *DamagedError
	return errors.As(err, &damaged) && !opts.Shared() && origin != OriginLoad
}

// openRead is OpenRead, then Verify when verify.
func openRead(ctx context.Context, opts Options, verify bool) (*Store, error) {
	s, err := OpenRead(ctx, opts)
	if err != nil || !verify {
		return s, err
	}
	if err := s.Verify(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func open(ctx context.Context, opts Options, data Data, log io.Writer, verify bool) (*Store, error) {
	opts, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	if opts.Backend == Memory {
		quads, hash, err := load(ctx, data)
		if err != nil {
			return nil, err
		}
		return NewMemory(quads, Info{Origin: OriginBuild, Hash: hash}), nil
	}
	hash, err := data.Hash()
	if err != nil {
		return nil, err
	}
	s, err := openRead(ctx, opts, verify)
	var damaged *DamagedError
	switch {
	case err == nil && s.Info.Origin == OriginBuild && s.Info.Hash == hash && !s.indexesCurrent() && !opts.Shared():
		s.Close()
		fmt.Fprintf(log, "itkg: %s was written by an older itkg, without the current indexes; rebuilding\n", opts.Where())
	case err == nil && s.Info.Origin == OriginBuild && s.legacy:
		s.Close()
		fmt.Fprintf(log, "itkg: %s was written by an older itkg, without checksums; rebuilding\n", opts.Where())
	case err == nil && (s.Info.Origin == OriginLoad || s.Info.Hash == hash):
		return s, nil
	case err == nil && s.Info.Origin == "" && opts.Shared():
		s.Close()
		return nil, &DamagedError{Where: opts.Where(), Err: errors.New("it holds no record of what it holds: it was never completed, or not written by itkg; rebuild it with `itkg build` if it is yours")}
	case err == nil && s.Info.Origin == "":
		s.Close()
		fmt.Fprintf(log, "itkg: %s holds no record of what it holds (never completed, or not written by itkg); rebuilding it from %s\n", opts.Where(), data.Name())
	case err == nil && opts.Shared():
		fmt.Fprintf(log, "itkg: warning: %s was built from other data than %s; `itkg build` updates it\n", opts.Where(), data.Name())
		return s, nil
	case err == nil:
		s.Close()
		fmt.Fprintf(log, "itkg: the data changed since %s was built; rebuilding\n", opts.Where())
	case errors.Is(err, ErrNoStore) && opts.Shared():
		return nil, fmt.Errorf("%s holds no itkg graph yet: run `itkg build --backend %s --db URL` first", opts.Where(), opts.Backend)
	case errors.Is(err, ErrNoStore):
		fmt.Fprintf(log, "itkg: building %s\n", opts.Where())
	case rebuildable(err, opts, ""):
		fmt.Fprintf(log, "itkg: %v; rebuilding it from %s (the store is a cache)\n", err, data.Name())
	case errors.As(err, &damaged):
		return nil, fmt.Errorf("%w; itkg does not rebuild a shared store on its own: check it, then `itkg build` replaces it", err)
	default:
		return nil, err
	}
	if _, err := Build(ctx, opts, data); err != nil {
		return nil, err
	}
	return openRead(ctx, opts, verify)
}
