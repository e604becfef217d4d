package queries

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/dop251/goja"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
)

// GizmoOptions bound a Gizmo query and choose its output.
type GizmoOptions struct {
	Limit   int           // most results; 0 means DefaultGizmoLimit
	Timeout time.Duration // compiling and running together; 0 means DefaultGizmoTimeout
	MaxSize int           // longest query text in bytes; 0 means DefaultGizmoMaxSize
	// Memory is how far the process heap may grow while the query runs,
	// in bytes; 0 means DefaultGizmoMemory.
	Memory int64
	Lines  bool // one JSON value a line instead of one JSON array
}

// Defaults and bounds for Gizmo queries.
const (
	DefaultGizmoLimit   = 1000
	DefaultGizmoTimeout = 5 * time.Second
	// DefaultGizmoMaxSize keeps the JavaScript parser's worst case short:
	// it is quadratic on some inputs (docs/reliability.md has the times).
	DefaultGizmoMaxSize = 16 << 10
	DefaultGizmoMemory  = 256 << 20
	// GizmoMaxCallStack is the deepest a query's JavaScript calls may nest:
	// recursion past it is a RangeError at once, not memory growing until
	// the budget stops it.
	GizmoMaxCallStack = 512
)

// ErrQueryTimeout is returned when a query runs past its time limit.
var ErrQueryTimeout = errors.New("query stopped at its time limit")

// ErrQueryMemory is returned when a query grows the heap past its budget.
var ErrQueryMemory = errors.New("query stopped at its memory limit")

// ErrQueryTooLarge is returned for a query text longer than its size limit.
var ErrQueryTooLarge = errors.New("query is longer than the size limit")

// ErrQueryCallStack is returned when a query's calls nest deeper than
// GizmoMaxCallStack.
var ErrQueryCallStack = errors.New("query stopped at its call-stack limit")

// LimitError says which limit stopped a query and what it was.
type LimitError struct {
	Err   error  // ErrQueryTimeout, ErrQueryMemory, ErrQueryTooLarge or ErrQueryCallStack
	Limit string // the limit, as a user would write it: "5s", "256 MiB", "16384 bytes"
}

func (e *LimitError) Error() string { return fmt.Sprintf("gizmo: %v (%s)", e.Err, e.Limit) }
func (e *LimitError) Unwrap() error { return e.Err }

func (o *GizmoOptions) defaults() {
	if o.Limit <= 0 {
		o.Limit = DefaultGizmoLimit
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultGizmoTimeout
	}
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultGizmoMaxSize
	}
	if o.Memory <= 0 {
		o.Memory = DefaultGizmoMemory
	}
}

// Gizmo runs a Gizmo (JavaScript) query against qs and writes its results as
// JSON. It returns the number of results.
func Gizmo(ctx context.Context, w io.Writer, qs cgraph.QuadStore, q string, opt GizmoOptions) (int, error) {
	results, err := RunGizmo(ctx, qs, q, opt)
	if err != nil {
		return 0, err
	}
	if opt.Lines {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, r := range results {
			if err := enc.Encode(r); err != nil {
				return 0, err
			}
		}
		return len(results), nil
	}
	if results == nil {
		results = []any{}
	}
	return len(results), WriteJSON(w, results)
}

// GizmoResults runs a Gizmo query with the default bounds and collects up
// to limit JSON-ready results.
func GizmoResults(ctx context.Context, qs cgraph.QuadStore, q string, limit int) ([]any, error) {
	return RunGizmo(ctx, qs, q, GizmoOptions{Limit: limit})
}

// RunGizmo runs a Gizmo query within opt's bounds and collects its
// JSON-ready results. Compiling and running share one deadline; the query
// also stops when ctx ends (a client that went away) or when the heap
// grows past opt.Memory. A new session serves every query: Cayley's
// sessions cannot be reused once an iterator is closed.
func RunGizmo(ctx context.Context, qs cgraph.QuadStore, q string, opt GizmoOptions) ([]any, error) {
	opt.defaults()
	if len(q) > opt.MaxSize {
		return nil, &LimitError{Err: ErrQueryTooLarge, Limit: fmt.Sprintf("%d bytes", opt.MaxSize)}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ctx, stop := context.WithTimeoutCause(ctx, opt.Timeout,
		&LimitError{Err: ErrQueryTimeout, Limit: opt.Timeout.String()})
	defer stop()
	// Past the heap budget the VM is interrupted at once, as well as the
	// context cancelled: waiting for the iterator to notice the context
	// gives a doubling string time to double again.
	var running atomic.Pointer[goja.Runtime]
	go watchHeap(ctx, opt.Memory, func(err error) {
		cancel(err)
		if vm := running.Load(); vm != nil {
			vm.Interrupt(err)
		}
	})

	// goja compiles before Cayley's iterator looks at a context, and its
	// parser cannot be interrupted: compile aside and stop waiting for it
	// at the deadline.
	type compiled struct {
		it  query.Iterator
		err error
	}
	done := make(chan compiled, 1)
	go func() {
		session := gizmo.NewSession(qs)
		if vm := sessionRuntime(session); vm != nil {
			vm.SetMaxCallStackSize(GizmoMaxCallStack)
			running.Store(vm)
		}
		it, err := session.Execute(ctx, q, query.Options{Collation: query.JSON, Limit: opt.Limit})
		if err == nil && ctx.Err() != nil {
			it.Close() // nobody waits for it any more
		}
		done <- compiled{it, err}
	}()
	var it query.Iterator
	select {
	case c := <-done:
		if c.err != nil {
			return nil, gizmoError(c.err)
		}
		it = c.it
	case <-ctx.Done():
		return nil, stopped(ctx)
	}
	defer it.Close()
	var out []any
	// Next interrupts the JavaScript VM when ctx ends.
	for it.Next(ctx) {
		if r := it.Result(); r != nil {
			out = append(out, r)
		}
		if len(out) >= opt.Limit {
			break
		}
	}
	if ctx.Err() != nil {
		return nil, stopped(ctx)
	}
	if err := it.Err(); err != nil {
		return nil, gizmoError(err)
	}
	return out, nil
}

// stopped is the error of a query whose context ended: the limit that
// stopped it, or the caller's reason.
func stopped(ctx context.Context) error {
	var le *LimitError
	if cause := context.Cause(ctx); errors.As(cause, &le) {
		return le
	} else if cause != nil {
		return fmt.Errorf("gizmo: %w", cause)
	}
	return fmt.Errorf("gizmo: %w", ctx.Err())
}

// heapSample is how often a running query's heap is checked. JavaScript
// allocates without a limit of its own, so the budget is enforced from
// outside: at 2 ms, a string doubling per step overshoots it by a step or
// two (more on a machine short of CPU, which delays the check).
const heapSample = 2 * time.Millisecond

const heapMetric = "/memory/classes/heap/objects:bytes"

// watchHeap cancels the query when the heap grows more than budget bytes
// above what it was when the query began, until ctx ends.
func watchHeap(ctx context.Context, budget int64, cancel func(error)) {
	sample := []metrics.Sample{{Name: heapMetric}}
	heap := func() int64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(sample[0].Value.Uint64())
	}
	base := heap()
	t := time.NewTicker(heapSample)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			grown := heap() - base
			if grown <= budget {
				continue
			}
			// Part of the heap may be garbage not yet collected: collect
			// before judging, so a query that only churns is not stopped.
			// Past twice the budget the query is stopped at once: a
			// collection takes long enough for a doubling string to double
			// again meanwhile.
			if grown <= 2*budget {
				runtime.GC()
				grown = heap() - base
			}
			if grown > budget {
				cancel(&LimitError{Err: ErrQueryMemory, Limit: fmt.Sprintf("%d MiB", budget>>20)})
				return
			}
		}
	}
}

// sessionRuntime is the JavaScript runtime of a Gizmo session, which
// Cayley v0.7.7 keeps in an unexported field and offers no way to bound:
// reaching it is the only way to set a call-stack limit. It returns nil if
// the session no longer has such a field (a Cayley upgrade);
// TestGizmoCallStack then fails, so the limit is never lost silently.
func sessionRuntime(s *gizmo.Session) *goja.Runtime {
	f := reflect.ValueOf(s).Elem().FieldByName("vm")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*goja.Runtime]() {
		return nil
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(*goja.Runtime)
}

// gizmoError names the limit a script ran into, or wraps Cayley's error.
func gizmoError(err error) error {
	var overflow *goja.StackOverflowError
	if errors.As(err, &overflow) {
		return &LimitError{Err: ErrQueryCallStack, Limit: fmt.Sprintf("%d nested calls", GizmoMaxCallStack)}
	}
	return fmt.Errorf("gizmo: %w", err)
}
