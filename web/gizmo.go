package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/itkg/itkg/queries"
)

// gizmoQuery answers POST /api/v2/query?lang=gizmo in the shape of Cayley's
// HTTP API v2 ({"result": [...]} or {"error": "..."}), within the server's
// query limits. A browser can send this request from another site only
// after a CORS preflight, which the server does not grant: the query must
// come as application/javascript (the text) or application/json
// ({"query": "..."}), never as a form or text/plain, and never as GET.
func (s *Server) gizmoQuery(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "send a Gizmo query with POST"})
		return
	}
	if lang := r.URL.Query().Get("lang"); lang != "gizmo" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "lang " + strconv.Quote(lang) + ": only gizmo is served"})
		return
	}
	q, status, err := s.readQuery(r)
	if err != nil {
		writeJSON(w, status, map[string]string{"error": err.Error()})
		return
	}
	release, err := s.queryTurn(r.Context())
	if err != nil {
		s.opts.Log.Warn("gizmo query refused", "err", err, "bytes", len(q))
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
		return
	}
	defer release()
	st, done := s.acquire(r.Context())
	defer done()
	start := time.Now()
	res, err := queries.RunGizmo(r.Context(), st.store.QS, q, queries.GizmoOptions{
		Limit: s.opts.QueryLimit, Timeout: s.opts.QueryTimeout, MaxSize: s.opts.QueryMaxSize, Memory: s.opts.QueryMemory,
	})
	if err != nil {
		status := http.StatusBadRequest
		var le *queries.LimitError
		switch {
		case errors.As(err, &le) && errors.Is(err, queries.ErrQueryTooLarge):
			status = http.StatusRequestEntityTooLarge
		case errors.As(err, &le):
			status = http.StatusServiceUnavailable
		case r.Context().Err() != nil:
			status = http.StatusServiceUnavailable // the client has gone; nobody reads this
		}
		if status != http.StatusBadRequest {
			s.opts.Log.Warn("gizmo query stopped", "err", err, "bytes", len(q), "after", time.Since(start).Round(time.Millisecond))
		}
		writeJSON(w, status, map[string]string{"error": err.Error()})
		return
	}
	if res == nil {
		res = []any{}
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(map[string]any{"result": res})
}

// readQuery reads a query's text from a request's body, whole or not at
// all: a body longer than the size limit is refused, never cut and run.
func (s *Server) readQuery(r *http.Request) (q string, status int, err error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	limit := int64(s.opts.QueryMaxSize)
	tooLarge := fmt.Errorf("gizmo: %w (%d bytes)", queries.ErrQueryTooLarge, s.opts.QueryMaxSize)
	switch ct {
	case "application/javascript", "text/javascript":
		b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) || int64(len(b)) > limit {
			return "", http.StatusRequestEntityTooLarge, tooLarge
		}
		if err != nil {
			return "", http.StatusBadRequest, fmt.Errorf("reading the query: %w", err)
		}
		q = string(b)
	case "application/json":
		// JSON escapes may take six bytes for one: allow for them here and
		// check the decoded text's length below.
		lr := &io.LimitedReader{R: r.Body, N: 6*limit + 64}
		var body struct {
			Query string `json:"query"`
		}
		if err := json.NewDecoder(lr).Decode(&body); err != nil {
			if mbe := (*http.MaxBytesError)(nil); lr.N <= 0 || errors.As(err, &mbe) {
				return "", http.StatusRequestEntityTooLarge, tooLarge
			}
			return "", http.StatusBadRequest, fmt.Errorf("want {\"query\": \"...\"}: %w", err)
		}
		if int64(len(body.Query)) > limit {
			return "", http.StatusRequestEntityTooLarge, tooLarge
		}
		q = body.Query
	default:
		return "", http.StatusUnsupportedMediaType,
			fmt.Errorf("send the query as Content-Type: application/javascript (its text) or application/json ({\"query\": \"...\"}), not %q", ct)
	}
	if q == "" {
		return "", http.StatusBadRequest, errors.New("the query is empty")
	}
	return q, 0, nil
}

// queryTurn waits for one of the server's Gizmo query slots; release gives
// it back.
func (s *Server) queryTurn(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(s.opts.QueryWait)
	defer t.Stop()
	select {
	case s.gizmoSlots <- struct{}{}:
		return func() { <-s.gizmoSlots }, nil
	case <-t.C:
		return nil, fmt.Errorf("the server is running %d Gizmo queries already; try again shortly", cap(s.gizmoSlots))
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
