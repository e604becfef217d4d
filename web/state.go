package web

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cayleygraph/cayley/graph"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"

	itkggraph "github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
	"github.com/itkg/itkg/storeread"
)

// state is one open store and what the server keeps about it. Requests
// take a reference; a state replaced by a newer store is closed when the
// last one is released.
type state struct {
	store    *store.Store
	whole    *queries.Reader    // over ds, for a small store; else nil
	ds       *itkggraph.Dataset // the whole graph read into memory, for a small store; else nil
	names    *nameIndex
	api      *cayleyhttp.APIv2
	stamp    string // the store file's identity when opened
	ranks    rankCache
	coverage coverageCache

	mu      sync.Mutex
	users   int
	retired bool
}

// newState reads what the server keeps about an open store.
func (s *Server) newState(ctx context.Context, st *store.Store) (*state, error) {
	r := queries.FromStore(storeread.New(st.QS).WithIndexes(st))
	state := &state{store: st, stamp: stampOf(st.Options)}
	if r.Small(ctx) {
		ds, err := r.All(ctx)
		if err != nil {
			return nil, err
		}
		state.ds, state.whole = ds, queries.InMemory(ds)
		r = state.whole
	}
	entities, err := r.Entities(ctx)
	if err != nil {
		return nil, err
	}
	state.names = newNameIndex(entities)
	api := cayleyhttp.NewAPIv2(&graph.Handle{QuadStore: st.QS})
	api.SetReadOnly(true)
	api.SetQueryTimeout(s.opts.QueryTimeout)
	api.SetQueryLimit(s.opts.QueryLimit)
	state.api = api
	return state, nil
}

// reader returns a Reader for one request: the shared whole graph, or a
// new Reader over the store.
func (st *state) reader() *queries.Reader {
	if st.whole != nil {
		return st.whole
	}
	return queries.FromStore(storeread.New(st.store.QS).WithIndexes(st.store))
}

func (st *state) acquire() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.retired {
		return false
	}
	st.users++
	return true
}

func (st *state) release() {
	st.mu.Lock()
	st.users--
	last := st.retired && st.users == 0
	st.mu.Unlock()
	if last {
		st.close()
	}
}

// retire closes the state's store now, or when its last user is done.
func (st *state) retire() {
	st.mu.Lock()
	st.retired = true
	last := st.users == 0
	st.mu.Unlock()
	if last {
		st.close()
	}
}

// close closes the store; a damaged one in the background, as a read the
// damage interrupted may have left its transaction open, and closing
// waits for it.
func (st *state) close() {
	if st.store.Damaged() {
		go st.store.Close()
		return
	}
	st.store.Close()
}

// acquire returns the current state, held until release is called.
func (s *Server) acquire(ctx context.Context) (st *state, release func()) {
	s.refresh(ctx)
	for {
		st := s.cur.Load()
		if st.acquire() {
			return st, st.release
		}
		if st == s.cur.Load() {
			// Retired and not replaced: the server is closing. The request
			// fails on the closed store rather than waiting for one.
			return st, func() {}
		}
	}
}

// refresh reopens the store when a build or load has replaced its file
// since the server opened it, checking at most once per Recheck, and at
// once when a read met damage in it.
func (s *Server) refresh(ctx context.Context) {
	now := time.Now().UnixNano()
	last := s.checked.Load()
	cur := s.cur.Load()
	damaged := cur.store.Damaged()
	if !damaged && (now-last < int64(s.opts.Recheck) || !s.checked.CompareAndSwap(last, now)) {
		return
	}
	stamp := stampOf(cur.store.Options)
	if stamp == cur.stamp && !damaged {
		return
	}
	s.reload.Lock()
	defer s.reload.Unlock()
	if cur != s.cur.Load() {
		return // another request reloaded meanwhile
	}
	if damaged {
		s.opts.Log.Error("a read met damage in the store; reopening it", "store", cur.store.Options.Where())
	}
	if err := s.reopen(ctx); err != nil {
		s.opts.Log.Error("the store changed but could not be reopened; still serving the graph it held", "store", cur.store.Options.Where(), "err", err)
	}
}

func (s *Server) reopen(ctx context.Context) error {
	cur := s.cur.Load()
	st, err := s.openVerified(ctx, cur.store.Options, cur.store.Info)
	if err != nil {
		return err
	}
	next, err := s.newState(ctx, st)
	if err != nil {
		st.Close()
		return err
	}
	s.cur.Store(next)
	cur.retire()
	s.opts.Log.Info("reopened the store after a rebuild", "store", st.Options.Where())
	return nil
}

// openVerified opens the store again and reads it whole; store.Reopen
// holds the rule for rebuilding a damaged one (was is what the server
// held).
func (s *Server) openVerified(ctx context.Context, opts store.Options, was store.Info) (*store.Store, error) {
	return store.Reopen(ctx, opts, s.opts.Data, was, logWriter{s.opts.Log})
}

// logWriter passes store's messages, one per Write, to the server's log.
type logWriter struct{ log *slog.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	w.log.Warn(strings.TrimSpace(strings.TrimPrefix(string(p), "itkg: ")))
	return len(p), nil
}

// stampOf identifies a local store's file (bolt) or generation (leveldb),
// which a rebuild replaces; "" for a server database, which swaps its
// contents in place.
func stampOf(o store.Options) string {
	switch o.Backend {
	case store.Bolt, store.LevelDB:
	default:
		return ""
	}
	path, err := filepath.EvalSymlinks(o.Addr)
	if err != nil {
		return "missing"
	}
	info, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	id := path
	if sys, ok := info.Sys().(*syscall.Stat_t); ok {
		id = fmt.Sprintf("%s:%d:%d", path, sys.Dev, sys.Ino)
	}
	return fmt.Sprintf("%s:%d", id, info.ModTime().UnixNano())
}
