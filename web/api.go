package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// apiFunc answers one JSON API request.
type apiFunc func(ctx context.Context, st *state, r *http.Request) (any, error)

// api serves fn's answer as JSON, or its error as {"error": "..."} with
// the status the error calls for.
func (s *Server) api(fn apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, release := s.acquire(r.Context())
		defer release()
		v, err := fn(r.Context(), st, r)
		if err != nil {
			status := statusOf(err)
			if status >= 500 {
				s.opts.Log.Error("answering", "path", r.URL.Path, "err", err)
			}
			writeJSON(w, status, map[string]string{"error": errorText(err)})
			return
		}
		writeJSON(w, http.StatusOK, v)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// errorText is err's message with a question's fields named as the
// request names them: "since=2023-13".
func errorText(err error) string {
	param := func(field, value string) string { return field + "=" + value }
	return queries.Describe(err, queries.Naming{Field: param, Setting: param})
}

// errNotFound is a request for something the graph does not hold.
type errNotFound struct{ what string }

func (e errNotFound) Error() string { return e.what }

// badRequest is a malformed request parameter.
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

// statusOf maps an answer's error to its HTTP status: 404 for names and
// ids the graph lacks, 400 for malformed questions, 500 otherwise.
func statusOf(err error) int {
	var nf *queries.NotFoundError
	var enf errNotFound
	var amb *queries.AmbiguousError
	var in *queries.InputError
	var bad badRequest
	switch {
	case errors.As(err, &nf), errors.As(err, &enf):
		return http.StatusNotFound
	case errors.As(err, &amb), errors.As(err, &in), errors.As(err, &bad), errors.Is(err, queries.ErrSameEntity):
		return http.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// filterSpec reads the fact filters of a request's query string. List
// parameters may repeat or hold commas: ?predicate=a,b&predicate=c.
func filterSpec(q url.Values) queries.FilterSpec {
	return queries.FilterSpec{
		Entity: q.Get("entity"), ClaimedBy: q.Get("claimed_by"), Theme: q.Get("theme"),
		Source: q.Get("source"), Event: q.Get("event"), Predicates: listParam(q, "predicate"),
		Exclude: listParam(q, "exclude_predicate"), Modalities: listParam(q, "modality"),
		Since: q.Get("since"), Until: q.Get("until"), AsOf: q.Get("as_of"), Grep: q.Get("grep"),
	}
}

// listParam reads a list parameter, repeated or comma-separated.
func listParam(q url.Values, key string) []string {
	var out []string
	for _, v := range q[key] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// intParam reads a whole-number parameter between lo and hi, def when
// absent.
func intParam(q url.Values, key string, def, lo, hi int) (int, error) {
	v := q.Get(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest{msg: key + ": want a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)}
	}
	return n, nil
}

func boolParam(q url.Values, key string) bool {
	switch q.Get(key) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

func (s *Server) apiSearch(ctx context.Context, st *state, r *http.Request) (any, error) {
	limit, err := intParam(r.URL.Query(), "limit", 10, 1, 100)
	if err != nil {
		return nil, err
	}
	return st.names.search(r.URL.Query().Get("q"), limit), nil
}

// maxLabels bounds one labels request.
const maxLabels = 1000

// apiLabels names entity ids (repeated or comma-separated id
// parameters), for the Gizmo console's results.
func (s *Server) apiLabels(ctx context.Context, st *state, r *http.Request) (any, error) {
	ids := listParam(r.URL.Query(), "id")
	if len(ids) > maxLabels {
		return nil, badRequest{msg: fmt.Sprintf("at most %d ids at once, not %d", maxLabels, len(ids))}
	}
	return st.names.labels(ids), nil
}

func (s *Server) apiEntity(ctx context.Context, st *state, r *http.Request) (any, error) {
	rd := st.reader()
	flt, err := rd.Filter(ctx, filterSpec(r.URL.Query()))
	if err != nil {
		return nil, err
	}
	page, err := pageParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	card, err := rd.CardPage(ctx, r.PathValue("id"), flt, page)
	if err != nil {
		return nil, err
	}
	// The map's side panel asks with the page's filters: negated=hide
	// must leave out here what it leaves out of the map.
	keepCard(r.URL.Query(), &card)
	return card, nil
}

// pageParams reads limit and offset, a page of a long answer (a hub's
// card, a fact list); none means all of it.
func pageParams(q url.Values) (queries.Page, error) {
	limit, err := intParam(q, "limit", 0, 0, 100000)
	if err != nil {
		return queries.Page{}, err
	}
	offset, err := intParam(q, "offset", 0, 0, 1<<30)
	return queries.Page{Offset: offset, Limit: limit}, err
}

// pathQuery reads a path question: from, to, all, max_hops, limit and the
// filters.
func pathQuery(ctx context.Context, rd *queries.Reader, q url.Values) (from, to string, opt queries.PathOptions, err error) {
	from, to = q.Get("from"), q.Get("to")
	if from == "" || to == "" {
		return "", "", opt, badRequest{msg: "give both from and to"}
	}
	opt.All = boolParam(q, "all")
	if opt.MaxHops, err = intParam(q, "max_hops", queries.DefaultMaxHops, 1, 6); err != nil {
		return
	}
	if opt.Limit, err = intParam(q, "limit", queries.DefaultPathLimit, 1, 100); err != nil {
		return
	}
	opt.Filter, err = rd.Filter(ctx, filterSpec(q))
	return
}

func (s *Server) apiPath(ctx context.Context, st *state, r *http.Request) (any, error) {
	rd := st.reader()
	from, to, opt, err := pathQuery(ctx, rd, r.URL.Query())
	if err != nil {
		return nil, err
	}
	return rd.Path(ctx, from, to, opt)
}

func (s *Server) apiNeighbors(ctx context.Context, st *state, r *http.Request) (any, error) {
	q := r.URL.Query()
	depth, err := intParam(q, "depth", 1, 1, 3)
	if err != nil {
		return nil, err
	}
	if q.Get("entity") == "" {
		return nil, badRequest{msg: "give an entity"}
	}
	rd := st.reader()
	spec := filterSpec(q)
	spec.Entity = "" // the centre, not a filter
	flt, err := rd.Filter(ctx, spec)
	if err != nil {
		return nil, err
	}
	return rd.Neighborhood(ctx, q.Get("entity"), queries.NeighborOptions{Depth: depth, Filter: flt})
}

func (s *Server) apiTimeline(ctx context.Context, st *state, r *http.Request) (any, error) {
	rd := st.reader()
	flt, err := rd.Filter(ctx, filterSpec(r.URL.Query()))
	if err != nil {
		return nil, err
	}
	return rd.Timeline(ctx, flt)
}

func (s *Server) apiFacts(ctx context.Context, st *state, r *http.Request) (any, error) {
	rd := st.reader()
	flt, err := rd.Filter(ctx, filterSpec(r.URL.Query()))
	if err != nil {
		return nil, err
	}
	page, err := pageParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	views, _, err := rd.FactPage(ctx, flt, page)
	return views, err
}

func (s *Server) apiConflicts(ctx context.Context, st *state, r *http.Request) (any, error) {
	rd := st.reader()
	ds, err := rd.All(ctx)
	if err != nil {
		return nil, err
	}
	flt, err := rd.Filter(ctx, filterSpec(r.URL.Query()))
	if err != nil {
		return nil, err
	}
	kinds := listParam(r.URL.Query(), "kind")
	for _, k := range kinds {
		if !slices.Contains(queries.ConflictKinds, k) {
			return nil, badRequest{msg: "kind: unknown kind " + strconv.Quote(k) + " (want " + strings.Join(queries.ConflictKinds, ", ") + ")"}
		}
	}
	return queries.ConflictsOfKind(queries.Conflicts(ds, flt), kinds...), nil
}

// factDetail is a fact with the quads it produced in the store.
type factDetail struct {
	Fact  queries.FactView `json:"fact"`
	Quads []string         `json:"quads"` // N-Quads
}

func (s *Server) fact(ctx context.Context, rd *queries.Reader, id string) (*factDetail, error) {
	ds, err := rd.Facts(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	f := ds.Fact(id)
	if f == nil {
		return nil, errNotFound{what: "no fact " + strconv.Quote(id)}
	}
	d := &factDetail{Fact: queries.ViewFact(ds, f), Quads: []string{}}
	label := graph.FactIRI(id)
	for _, q := range graph.Quads(graph.Subset(ds, []*graph.Fact{f})) {
		if q.Label == label {
			d.Quads = append(d.Quads, q.NQuad())
		}
	}
	return d, nil
}

func (s *Server) apiFact(ctx context.Context, st *state, r *http.Request) (any, error) {
	return s.fact(ctx, st.reader(), r.PathValue("id"))
}

// sourceView is a source as the sources page and API show it.
type sourceView struct {
	queries.SourceRef
	Window string `json:"window,omitempty"`
	Facts  int    `json:"facts"`
}

func (s *Server) sources(ctx context.Context, rd *queries.Reader) ([]sourceView, error) {
	ds, err := rd.All(ctx)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, f := range ds.Facts {
		counts[f.Source]++
	}
	out := []sourceView{}
	for _, src := range ds.Sources {
		out = append(out, sourceView{SourceRef: queries.SourceView(ds, src.ID), Window: src.Window, Facts: counts[src.ID]})
	}
	return out, nil
}

func (s *Server) apiSources(ctx context.Context, st *state, r *http.Request) (any, error) {
	return s.sources(ctx, st.reader())
}

// cayley serves Cayley's HTTP API v2, read-only, from the current store.
func (s *Server) cayley(w http.ResponseWriter, r *http.Request) {
	st, release := s.acquire(r.Context())
	defer release()
	st.api.ServeHTTP(w, r)
}
