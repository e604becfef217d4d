// Package web serves the graph to browsers and to tools: pages rendered on
// the server, every fact with its quote and source; itkg's JSON API, the
// same answers the command line prints; and Cayley's HTTP API v2. All of
// it is read-only.
//
// The server opens the store once and watches it: when `itkg build` (or
// `itkg load`) replaces a local store, the next request after it is
// answered from the new one, and the old one is closed when the last
// request using it ends. A store small enough is read whole into memory
// and answers every request from there; a big one is read per request,
// through its indexes.
package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
)

// Options configure a Server.
type Options struct {
	Store        store.Options
	Data         store.Data      // the curated data, to build a missing local store from
	Renderer     export.Renderer // draws the maps; nil draws none
	QueryTimeout time.Duration   // Gizmo queries are stopped after this long; 0 means 10 s
	QueryLimit   int             // most results a Gizmo query returns; 0 means 1000
	QueryMaxSize int             // longest Gizmo query in bytes; 0 means queries.DefaultGizmoMaxSize
	QueryMemory  int64           // heap growth allowed a Gizmo query; 0 means queries.DefaultGizmoMemory
	MaxQueries   int             // most Gizmo queries run at once; 0 means 2
	QueryWait    time.Duration   // how long a query waits for a turn; 0 means 2 s
	// AllowedHosts are host names, beside localhost, IP addresses and the
	// host of the address served on, that requests may name in Host.
	AllowedHosts []string
	MaxBody      int64        // largest request body; 0 means 1 MiB
	Log          *slog.Logger // request and error log; nil logs nothing
	// Recheck is how often the store file is checked for replacement; 0
	// means every second.
	Recheck time.Duration
	// Sources is the folder of the articles' texts, for the paragraph of
	// a quote in citations and the articles' sentence coverage; "" shows
	// neither.
	Sources string
	// BuildLog receives what building a missing or stale local store at
	// start-up prints; nil discards it.
	BuildLog interface{ Write([]byte) (int, error) }
}

func (o *Options) defaults() {
	if o.QueryTimeout <= 0 {
		o.QueryTimeout = 10 * time.Second
	}
	if o.QueryLimit <= 0 {
		o.QueryLimit = 1000
	}
	if o.QueryMaxSize <= 0 {
		o.QueryMaxSize = queries.DefaultGizmoMaxSize
	}
	if o.QueryMemory <= 0 {
		o.QueryMemory = queries.DefaultGizmoMemory
	}
	if o.QueryWait <= 0 {
		o.QueryWait = 2 * time.Second
	}
	if o.MaxQueries <= 0 {
		o.MaxQueries = 2
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 1 << 20
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Recheck <= 0 {
		o.Recheck = time.Second
	}
}

// Server answers HTTP requests from a store.
type Server struct {
	opts      Options
	cur       atomic.Pointer[state]
	reload    sync.Mutex   // one reload at a time
	checked   atomic.Int64 // unix nanoseconds of the last freshness check
	maps      *mapCache
	articles  *articles // nil without Options.Sources
	pages     map[string]*template.Template
	handler   http.Handler
	closeOnce sync.Once
	// gizmoSlots holds one token per Gizmo query running.
	gizmoSlots chan struct{}
	// hosts are the names Host may carry (lower case, no port).
	hosts atomic.Pointer[map[string]bool]
}

// New opens the store (building a missing or stale local one from the
// data first, as every command does) and returns a Server over it.
func New(ctx context.Context, opts Options) (*Server, error) {
	opts.defaults()
	log := opts.BuildLog
	if log == nil {
		log = discard{}
	}
	// A server keeps its store open for days: OpenVerified checks it whole
	// first, so a damaged page cannot crash a query that reaches it later.
	st, err := store.OpenVerified(ctx, opts.Store, opts.Data, log)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, maps: newMapCache(opts.Renderer), articles: newArticles(opts.Sources), pages: parsePages(), gizmoSlots: make(chan struct{}, opts.MaxQueries)}
	s.allowHosts("")
	state, err := s.newState(ctx, st)
	if err != nil {
		st.Close()
		return nil, err
	}
	s.cur.Store(state)
	s.checked.Store(time.Now().UnixNano())
	s.handler = s.routes()
	return s, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Handler is the server's HTTP handler, middleware included.
func (s *Server) Handler() http.Handler { return s.handler }

// Close closes the store once no request uses it.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if st := s.cur.Load(); st != nil {
			st.retire()
		}
	})
	return nil
}

// Serve answers on addr until ctx ends, then stops accepting connections
// and waits up to 10 seconds for the requests under way. ready, when set,
// is called with the address it listens on.
func (s *Server) Serve(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      s.opts.QueryTimeout + 60*time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.opts.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	s.allowHosts(addr)
	if ready != nil {
		ready(ln.Addr())
	}
	s.opts.Log.Info("serving", "addr", ln.Addr().String(), "store", s.opts.Store.Where())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	s.opts.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	if e := <-done; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// allowHosts sets the names a request's Host may carry: localhost, the
// configured AllowedHosts and the host of addr, the address served on.
// Any IP address is allowed too: DNS rebinding needs a name.
func (s *Server) allowHosts(addr string) {
	m := map[string]bool{"localhost": true}
	for _, h := range s.opts.AllowedHosts {
		m[hostKey(h)] = true
	}
	if h, _, err := net.SplitHostPort(addr); err == nil && h != "" {
		m[hostKey(h)] = true
	}
	s.hosts.Store(&m)
}

// hostKey is a Host header's name, without port and brackets, lower case.
func hostKey(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
}

// servesHost says whether a request naming host in its Host header is
// meant for this server.
func (s *Server) servesHost(host string) bool {
	h := hostKey(host)
	if h == "" {
		return false
	}
	if net.ParseIP(h) != nil {
		return true
	}
	return (*s.hosts.Load())[h]
}
