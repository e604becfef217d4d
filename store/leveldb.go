package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/itkg/itkg/store/internal/kvlayout"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/flat"
	hleveldb "github.com/hidal-go/hidalgo/kv/flat/leveldb"
	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// levelBackend keeps the graph in a leveldb directory. --db PATH is a
// symbolic link to the live generation, PATH.gen-N beside it; a build
// writes a new generation and swaps the link with one rename, then removes
// the old generation once no reader holds it.
type levelBackend struct{ opts Options }

const genInfix = ".gen-"

func (b *levelBackend) open(ctx context.Context) (*Store, error) {
	path := b.opts.Addr
	if err := managedLevel(path); err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		dir, err := filepath.EvalSymlinks(path)
		if errors.Is(err, fs.ErrNotExist) {
			if _, lerr := os.Lstat(path); lerr == nil && attempt == 0 {
				continue // the link moved on between two reads; look again
			}
			return nil, fmt.Errorf("opening %s: %w", path, ErrNoStore)
		}
		if err != nil {
			return nil, err
		}
		db, err := leveldb.OpenFile(dir, &opt.Options{ReadOnly: true, ErrorIfMissing: true})
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && attempt == 0 {
				continue // a build removed this generation after swapping
			}
			if isLocked(err) {
				return nil, fmt.Errorf("opening %s: another process holds it for writing", path)
			}
			return nil, &DamagedError{Where: path, Err: err}
		}
		kv := flat.Upgrade(hleveldb.New(db))
		qs, err := ckv.New(kv, kvOptions)
		if err != nil {
			db.Close()
			return nil, &DamagedError{Where: path, Err: err}
		}
		return &Store{QS: qs, Options: b.opts, kv: kv, index: kvlayout.KVIndex{KV: kv}}, nil
	}
}

func isLocked(err error) bool {
	return errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EAGAIN)
}

func (b *levelBackend) replace(ctx context.Context, fill filler) error {
	path := b.opts.Addr
	if err := b.checkManaged(); err != nil {
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
	gen := path + genInfix + strconv.FormatInt(time.Now().UnixNano(), 10)
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(gen)
		}
	}()
	db, err := leveldb.OpenFile(gen, &opt.Options{ErrorIfExist: true, NoSync: true})
	if err != nil {
		return err
	}
	err = initAndFill(flat.Upgrade(hleveldb.New(db)), fill)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := syncTree(gen); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	old, _ := os.Readlink(path)
	link := path + ".link-" + strconv.Itoa(os.Getpid())
	os.Remove(link)
	if err := os.Symlink(filepath.Base(gen), link); err != nil {
		return err
	}
	if err := os.Rename(link, path); err != nil {
		os.Remove(link)
		return err
	}
	ok = true
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	b.removeStale(old)
	return nil
}

// checkManaged refuses to replace anything at the store's path but a
// link to one of itkg's generations: itkg will not delete a directory it
// did not make.
func (b *levelBackend) checkManaged() error { return managedLevel(b.opts.Addr) }

// removeStale deletes generations the link no longer names, unless a
// reader still holds one open (it will be removed by a later build).
func (b *levelBackend) removeStale(old string) {
	dir := filepath.Dir(b.opts.Addr)
	live, _ := os.Readlink(b.opts.Addr)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := filepath.Base(b.opts.Addr) + genInfix
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || name == live {
			continue
		}
		gen := filepath.Join(dir, name)
		if name != old && time.Since(modTime(gen)) < time.Hour {
			continue // perhaps another build's generation, still being written
		}
		if idle(gen) {
			os.RemoveAll(gen)
		}
	}
}

func modTime(path string) time.Time {
	info, err := os.Stat(path)
	if err != nil {
		return time.Time{}
	}
	return info.ModTime()
}

// idle reports whether no process holds the leveldb at dir open: leveldb
// takes a shared lock on dir/LOCK for readers and an exclusive one for
// writers.
func idle(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_RDWR, 0)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return false
	}
	return true
}

func (b *levelBackend) update(ctx context.Context) (cgraph.QuadStore, hkv.KV, func() error, error) {
	path := b.opts.Addr
	if err := b.checkManaged(); err != nil {
		return nil, nil, nil, err
	}
	unlock, err := lockFile(ctx, path+".lock", b.opts.timeout())
	if err != nil {
		return nil, nil, nil, err
	}
	dir, err := filepath.EvalSymlinks(path)
	fresh := errors.Is(err, fs.ErrNotExist)
	if fresh {
		// Start an empty generation and point the link at it.
		unlock()
		if err := b.replace(ctx, func(cgraph.QuadStore, hkv.KV, indexTable) error { return nil }); err != nil {
			return nil, nil, nil, err
		}
		if unlock, err = lockFile(ctx, path+".lock", b.opts.timeout()); err != nil {
			return nil, nil, nil, err
		}
		dir, err = filepath.EvalSymlinks(path)
	}
	if err != nil {
		unlock()
		return nil, nil, nil, err
	}
	db, err := leveldb.OpenFile(dir, &opt.Options{ErrorIfMissing: true})
	if err != nil {
		unlock()
		if isLocked(err) {
			return nil, nil, nil, fmt.Errorf("another process has %s open; close it and try again", path)
		}
		return nil, nil, nil, &DamagedError{Where: path, Err: err}
	}
	return updating(flat.Upgrade(hleveldb.New(db)), path, unlock)
}

// syncTree flushes every file under dir to disk, and dir itself.
func syncTree(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	return syncDir(dir)
}
