package queries

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
)

// GizmoOptions bound a Gizmo query and choose its output.
type GizmoOptions struct {
	Limit   int           // most results; 0 means DefaultGizmoLimit
	Timeout time.Duration // 0 means DefaultGizmoTimeout
	Lines   bool          // one JSON value a line instead of one JSON array
}

// Defaults for Gizmo queries.
const (
	DefaultGizmoLimit   = 1000
	DefaultGizmoTimeout = 5 * time.Second
)

// ErrQueryTimeout is returned when a query runs past its time limit.
var ErrQueryTimeout = errors.New("query stopped at its time limit")

// Gizmo runs a Gizmo (JavaScript) query against qs and writes its results as
// JSON. It returns the number of results. A new session serves every query:
// Cayley's sessions cannot be reused once an iterator is closed.
func Gizmo(ctx context.Context, w io.Writer, qs cgraph.QuadStore, q string, opt GizmoOptions) (int, error) {
	if opt.Limit <= 0 {
		opt.Limit = DefaultGizmoLimit
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultGizmoTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	results, err := GizmoResults(ctx, qs, q, opt.Limit)
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

// GizmoResults runs a Gizmo query and collects up to limit JSON-ready
// results. The context's deadline stops queries that never end.
func GizmoResults(ctx context.Context, qs cgraph.QuadStore, q string, limit int) ([]any, error) {
	s := gizmo.NewSession(qs)
	it, err := s.Execute(ctx, q, query.Options{Collation: query.JSON, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("gizmo: %w", err)
	}
	defer it.Close()
	var out []any
	for it.Next(ctx) {
		if r := it.Result(); r != nil {
			out = append(out, r)
		}
		if len(out) >= limit {
			break
		}
	}
	if err := it.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("gizmo: %w", ErrQueryTimeout)
		}
		return nil, fmt.Errorf("gizmo: %w", err)
	}
	if err := ctx.Err(); errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("gizmo: %w", ErrQueryTimeout)
	}
	return out, nil
}
