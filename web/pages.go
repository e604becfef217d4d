package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/itkg/itkg/docs"
	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// page is what a page handler hands its template: the page's own data and
// what the layout shows around it.
type page struct {
	Title string
	Nav   string // the menu entry to mark as current
	Query url.Values
	Error string // a mistake in the question, shown above the form
	Form  *filterForm
	Data  any
}

// pageFunc answers one page request with a template name and its page.
type pageFunc func(ctx context.Context, st *state, r *http.Request) (string, *page, error)

var funcs = template.FuncMap{
	"cite":     func(s queries.SourceRef) string { return s.Cite() },
	"when":     func(f queries.FactView) string { return f.When() },
	"object":   objectText,
	"join":     strings.Join,
	"plural":   func(n int, word string) string { return pluralize(n, word) },
	"selected": func(q url.Values, key, v string) bool { return q.Get(key) == v },
	"checked":  func(q url.Values, key string) bool { return boolParam(q, key) },
	"inc":      func(i int) int { return i + 1 },
	"add":      func(a, b float64) float64 { return a + b },
	"num":      func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
	"list":     func(s ...string) []string { return s },
	"chartOf": func(c *timelineChart, by, class string) any {
		return struct {
			Chart     *timelineChart
			By, Class string
		}{c, by, class}
	},
	"trunc": func(s string, n int) string {
		if r := []rune(s); len(r) > n {
			return string(r[:n-1]) + "…"
		}
		return s
	},
}

func pluralize(n int, word string) string { return graph.Count(n, word) }

// parsePages parses each page template with the layout and the shared
// blocks.
func parsePages() map[string]*template.Template {
	base := template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/blocks.html"))
	pages := map[string]*template.Template{}
	names, _ := fs.Glob(templateFS, "templates/*.html")
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || name == "blocks" {
			continue
		}
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, n))
	}
	return pages
}

// page serves a page: the template fn names, run on the page fn returns,
// or an error page.
func (s *Server) page(fn pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, release := s.acquire(r.Context())
		defer release()
		name, p, err := fn(r.Context(), st, r)
		var to redirect
		if errors.As(err, &to) {
			http.Redirect(w, r, to.to, http.StatusSeeOther)
			return
		}
		status := http.StatusOK
		if err != nil {
			status = statusOf(err)
			if status >= 500 {
				s.opts.Log.Error("rendering", "path", r.URL.Path, "err", err)
			}
			name, p = "error", &page{Title: http.StatusText(status), Error: errorText(err), Data: status}
		}
		if p.Query == nil {
			p.Query = r.URL.Query()
		}
		var buf bytes.Buffer
		if err := s.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
			s.opts.Log.Error("template", "page", name, "err", err)
			http.Error(w, "internal server error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write(buf.Bytes())
	}
}

// themeCard is one map of the home page's gallery.
type themeCard struct {
	Theme *graph.Theme
	Facts int
}

func (s *Server) home(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	data := struct {
		Themes                   []themeCard
		Sources, Entities, Facts int
		Maps                     bool
		Overview                 int // facts the overview draws
	}{}
	if st.whole == nil {
		// A big store: maps of whole themes would not be readable.
		return "home", &page{Title: "Maps", Nav: "home", Data: data}, nil
	}
	ds := st.ds
	data.Sources, data.Entities, data.Facts, data.Maps = len(ds.Sources), len(ds.Entities), len(ds.Facts), s.maps.r != nil
	data.Overview = len(export.OverviewMap(ds, nil, graph.Date{}).Facts)
	for _, t := range ds.Themes {
		data.Themes = append(data.Themes, themeCard{Theme: t, Facts: len(export.ThemeMap(ds, t, nil, graph.Date{}).Facts)})
	}
	return "home", &page{Title: "Maps", Nav: "home", Data: data}, nil
}

func (s *Server) searchPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	q := r.URL.Query().Get("q")
	matches := st.names.search(q, 50)
	if len(matches) == 1 || (len(matches) > 0 && strings.EqualFold(matches[0].Name, strings.TrimSpace(q))) {
		return "", nil, redirect{to: "/entity/" + url.PathEscape(matches[0].ID)}
	}
	return "search", &page{Title: "Search: " + q, Data: matches}, nil
}

// redirect sends the browser elsewhere; page handlers return it as an
// error.
type redirect struct{ to string }

func (r redirect) Error() string { return "see " + r.to }

// entityData is what the entity page shows.
type entityData struct {
	Card      queries.Card
	Groups    []relationGroup
	Neighbors []queries.Neighbor
	Map       *mapView
	MapNote   string
	Filtered  bool // the page shows a filtered view
	Ranks     []entityRank
	Pager     *pager // set when the card lists only some of its facts
}

// entityPageFacts is how many of a card's facts the entity page lists
// unless limit says otherwise: more than the corpus's largest card holds,
// so that only a hub of a large store is shown in pages.
const entityPageFacts = 500

// pager says which of a long answer's items a page shows, with links to
// the pages before and after it.
type pager struct {
	Text       string
	Prev, Next string
}

// newPager is the pager of a page of info.Total items, or nil when the
// page holds them all; the links keep the rest of the query q.
func newPager(path string, q url.Values, info *queries.PageInfo) *pager {
	if info == nil || info.Limit == 0 || (info.Offset == 0 && info.Limit >= info.Total) {
		return nil
	}
	link := func(offset int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("offset", strconv.Itoa(offset))
		v.Set("limit", strconv.Itoa(info.Limit))
		return path + "?" + v.Encode()
	}
	pg := &pager{Text: info.String()}
	if info.Offset > 0 {
		pg.Prev = link(max(info.Offset-info.Limit, 0))
	}
	if info.Offset+info.Limit < info.Total {
		pg.Next = link(info.Offset + info.Limit)
	}
	return pg
}

func (s *Server) entityPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	rd := st.reader()
	id := r.PathValue("id")
	e, err := rd.Resolve(ctx, id)
	if err != nil {
		return "", nil, err
	}
	if e.ID != id {
		return "", nil, redirect{to: "/entity/" + url.PathEscape(e.ID)}
	}
	q := r.URL.Query()
	p := &page{Title: e.Name, Form: s.form(ctx, st, q, "/entity/"+e.ID)}
	flt, err := rd.Filter(ctx, filterSpec(q))
	if err != nil {
		if statusOf(err) >= 500 {
			return "", nil, err
		}
		p.Error, flt = err.Error(), queries.Filter{}
	}
	pg, err := pageParams(q)
	if err != nil {
		p.Error, pg = err.Error(), queries.Page{}
	}
	if pg.Limit == 0 {
		pg.Limit = entityPageFacts
	}
	card, err := rd.CardPage(ctx, e.ID, flt, pg)
	if err != nil {
		return "", nil, err
	}
	keepCard(q, &card)
	depth, err := intParam(q, "depth", 1, 1, 2)
	if err != nil {
		p.Error, depth = err.Error(), 1
	}
	ego, err := rd.EgoFacts(ctx, e.ID, depth, flt)
	if err != nil {
		return "", nil, err
	}
	nb, facts := ego.Neighborhood, keepFacts(q, ego.Facts)
	data := &entityData{Card: card, Groups: groupRelations(card.Relations), Neighbors: nb.Neighbors, Filtered: p.Form.Active() > 0,
		Ranks: s.entityRanks(ctx, st, e.ID), Pager: newPager("/entity/"+e.ID, q, card.Page)}
	p.Data = data
	switch {
	case len(facts) > maxMapFacts:
		data.MapNote = fmt.Sprintf("The neighbourhood holds %d facts, more than the %d a map draws on request: narrow it with the filters.", len(facts), maxMapFacts)
	case len(facts) > 0:
		m := export.EgoMap(e, depth, facts, len(nb.Neighbors), flt.AsOf)
		m.Expand = listParam(q, "expand")
		if data.Map, err = s.view(ctx, ego.Data, m, e.ID); err != nil {
			return "", nil, err
		}
		about := 0
		for _, f := range facts {
			if f.Subject == e.ID || f.Object == e.ID {
				about++
			}
		}
		if about != len(facts) {
			data.Map.Note = fmt.Sprintf("The map draws %s: %d about %s, the others between its neighbours.", pluralize(len(facts), "fact"), about, e.Name)
		}
	}
	return "entity", p, nil
}

// relationGroup is an entity's relations with one other entity (or, with
// Other nil, its values), folded under one line of the entity page.
type relationGroup struct {
	Other     *queries.Ref
	Relations []queries.Relation
	Facts     int
}

// groupRelations groups relations by the other entity, the groups with
// the most facts first, values last.
func groupRelations(rels []queries.Relation) []relationGroup {
	var groups []relationGroup
	at := map[string]int{}
	for _, r := range rels {
		key := ""
		if r.Other != nil {
			key = r.Other.ID
		}
		i, ok := at[key]
		if !ok {
			i = len(groups)
			at[key] = i
			groups = append(groups, relationGroup{Other: r.Other})
		}
		groups[i].Relations = append(groups[i].Relations, r)
		groups[i].Facts += len(r.Facts)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		if (groups[i].Other == nil) != (groups[j].Other == nil) {
			return groups[j].Other == nil
		}
		return groups[i].Facts > groups[j].Facts
	})
	return groups
}

// maxMapFacts bounds the maps drawn on request: Graphviz's layout time
// explodes past a few hundred labelled edges.
const maxMapFacts = 400

// pathData is what the path page shows.
type pathData struct {
	Result *queries.PathResult
	Map    *mapView
}

func (s *Server) pathPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	rd := st.reader()
	q := r.URL.Query()
	p := &page{Title: "Paths", Nav: "path", Form: s.form(ctx, st, q, "/path")}
	p.Form.NoNegated = true
	data := &pathData{}
	p.Data = data
	if q.Get("from") == "" && q.Get("to") == "" {
		return "path", p, nil
	}
	from, to, opt, err := pathQuery(ctx, rd, q)
	if err == nil {
		data.Result, err = rd.Path(ctx, from, to, opt)
	}
	if err != nil {
		if statusOf(err) >= 500 {
			return "", nil, err
		}
		p.Error = err.Error()
		return "path", p, nil
	}
	if ids := data.Result.FactIDs(); len(ids) > 0 && len(ids) <= maxMapFacts {
		ds, err := rd.Facts(ctx, ids)
		if err != nil {
			return "", nil, err
		}
		m := pathMap(ds, data.Result, opt.Filter.AsOf)
		if data.Map, err = s.view(ctx, ds, m, data.Result.From.ID, data.Result.To.ID); err != nil {
			return "", nil, err
		}
	}
	return "path", p, nil
}

// themes lists the store's themes for the forms' menus.
func (s *Server) themes(ctx context.Context, st *state) []*graph.Theme {
	if st.whole != nil {
		return st.ds.Themes
	}
	ts, err := st.reader().Themes(ctx)
	if err != nil {
		return nil
	}
	return ts
}

func (s *Server) conflictsPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	cs, err := s.apiConflicts(ctx, st, r)
	p := &page{Title: "Conflicts between sources", Nav: "conflicts", Data: []queries.Conflict{}}
	if err != nil {
		if statusOf(err) >= 500 {
			return "", nil, err
		}
		p.Error = err.Error()
		return "conflicts", p, nil
	}
	p.Data = cs
	return "conflicts", p, nil
}

func (s *Server) sourcesPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	srcs, err := s.sources(ctx, st.reader())
	if err != nil {
		return "", nil, err
	}
	return "sources", &page{Title: "Sources", Nav: "sources", Data: srcs}, nil
}

// sourceData is what a source's page shows.
type sourceData struct {
	Source   sourceView
	Facts    []queries.FactView
	Coverage *coverageView
}

func (s *Server) sourcePage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	rd := st.reader()
	id := r.PathValue("id")
	srcs, err := s.sources(ctx, rd)
	if err != nil {
		return "", nil, err
	}
	i := sort.Search(len(srcs), func(i int) bool { return srcs[i].ID >= id })
	if i == len(srcs) || srcs[i].ID != id {
		return "", nil, errNotFound{what: "no source " + fmt.Sprintf("%q", id)}
	}
	facts, err := rd.FactList(ctx, queries.Filter{Source: id})
	if err != nil {
		return "", nil, err
	}
	return "source", &page{Title: srcs[i].Title, Nav: "sources", Data: sourceData{Source: srcs[i], Facts: facts, Coverage: s.coverageOf(ctx, st, id)}}, nil
}

func (s *Server) gizmoPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	return "gizmo", &page{Title: "Gizmo console", Nav: "gizmo", Data: docs.Recipes()}, nil
}

// mapSVG serves a theme's map, or the overview, as an SVG file.
func (s *Server) mapSVG(w http.ResponseWriter, r *http.Request) {
	st, release := s.acquire(r.Context())
	defer release()
	name := strings.TrimSuffix(r.PathValue("name"), ".svg")
	if st.whole == nil || s.maps.r == nil {
		http.Error(w, "this server draws no whole-theme maps", http.StatusNotFound)
		return
	}
	ds := st.ds
	m, t, ok := wholeMap(ds, name, nil, graph.Date{})
	if !ok {
		http.NotFound(w, r)
		return
	}
	if boolParam(r.URL.Query(), "core") && (t != nil || name == "overview") {
		m = export.CoreMap(ds, t, nil, export.CoreEntities) // a nil theme: the whole graph's core
	}
	svg, err := s.maps.svg(r.Context(), ds, m)
	if err != nil {
		s.opts.Log.Error("rendering a map", "map", name, "err", err)
		http.Error(w, "could not draw the map", http.StatusInternalServerError)
		return
	}
	out := []byte(svg)
	if !m.Thumbnail {
		// A file on its own carries its key beside the drawing.
		if out, err = export.WithKey(out, export.LegendItems(ds, m)); err != nil {
			s.opts.Log.Error("composing a map's key", "map", name, "err", err)
			http.Error(w, "could not draw the map", http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n"))
	w.Write(out)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	pages := map[string]pageFunc{
		"GET /{$}":         s.home,
		"GET /search":      s.searchPage,
		"GET /entity/{id}": s.entityPage,
		"GET /path":        s.pathPage,
		"GET /timeline":    s.timelinePage,
		"GET /conflicts":   s.conflictsPage,
		"GET /sources":     s.sourcesPage,
		"GET /source/{id}": s.sourcePage,
		"GET /fact/{id}":   s.factPage,
		"GET /gizmo":       s.gizmoPage,
		"GET /barometer":   s.barometerPage,
		"GET /rank":        s.rankPage,
	}
	for pattern, fn := range pages {
		mux.Handle(pattern, s.page(fn))
	}
	apis := map[string]apiFunc{
		"GET /api/itkg/search":      s.apiSearch,
		"GET /api/itkg/entity/{id}": s.apiEntity,
		"GET /api/itkg/labels":      s.apiLabels,
		"GET /api/itkg/path":        s.apiPath,
		"GET /api/itkg/neighbors":   s.apiNeighbors,
		"GET /api/itkg/timeline":    s.apiTimeline,
		"GET /api/itkg/facts":       s.apiFacts,
		"GET /api/itkg/fact/{id}":   s.apiFact,
		"GET /api/itkg/conflicts":   s.apiConflicts,
		"GET /api/itkg/sources":     s.apiSources,
		"GET /api/itkg/barometer":   s.apiBarometer,
		"GET /api/itkg/rank":        s.apiRank,
	}
	for pattern, fn := range apis {
		mux.Handle(pattern, s.api(fn))
	}
	mux.Handle("GET /map/{name}", s.mapRoute(s.page(s.mapPage)))
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("/api/v2/query", s.gizmoQuery)
	mux.HandleFunc("/api/v2/", s.cayley)
	return s.logged(s.secure(s.guard(mux)))
}
