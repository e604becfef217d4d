package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// mapView is one map as a page shows it in the explorer: the drawing, what
// to centre it on, and the legend drawn beside it.
type mapView struct {
	ID     string
	SVG    template.HTML
	Focus  []string // DOT node ids (entity ids) the view opens on
	Legend []legendItem
	Facts  int
	Note   string // said under the map: what it leaves out and why
}

// filterForm is what the filters block of a form shows.
type filterForm struct {
	Query      url.Values
	Themes     []*graph.Theme
	Sources    []*graph.Source // nil on a big store: the source is typed
	Modalities []string
	// Action is the page the form submits to; Keep are parameters of that
	// page which are not filters (from, to, entity…), kept as hidden fields.
	Action string
	Keep   [][2]string
}

// hasModality reports whether the query selects modality m, either as a
// repeated parameter or as a comma-separated list.
func (f filterForm) HasModality(m string) bool {
	return slices.Contains(listParam(f.Query, "modality"), m)
}

// DropSpeculation is the page's URL with every modality but "speculative"
// selected, the one-click way to leave speculation out.
func (f filterForm) DropSpeculation() string {
	q := cloneQuery(f.Query)
	q.Del("modality")
	for _, m := range f.Modalities {
		if m != "speculative" {
			q.Add("modality", m)
		}
	}
	return f.Action + "?" + q.Encode()
}

// Extra lists the query's filter parameters the form has no field for, kept
// as hidden fields so submitting the form never drops them.
func (f filterForm) Extra() [][2]string {
	var out [][2]string
	for _, k := range []string{"event", "exclude_predicate", "expand"} {
		for _, v := range f.Query[k] {
			out = append(out, [2]string{k, v})
		}
	}
	return out
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// form builds the filter form of a page answering at action.
func (s *Server) form(ctx context.Context, st *state, q url.Values, action string) *filterForm {
	f := &filterForm{Query: q, Themes: s.themes(ctx, st), Modalities: graph.Modalities, Action: action}
	if st.whole != nil {
		f.Sources = st.whole.Dataset().Sources
	}
	return f
}

// hideNegated reports whether the query asks to leave out facts that state
// something did not happen.
func hideNegated(q url.Values) bool { return q.Get("negated") == "hide" }

// keepFacts drops the negated facts from facts when the query asks it.
func keepFacts(q url.Values, facts []*graph.Fact) []*graph.Fact {
	if !hideNegated(q) {
		return facts
	}
	out := facts[:0:0]
	for _, f := range facts {
		if !f.Negated {
			out = append(out, f)
		}
	}
	return out
}

// keepViews drops negated fact views when the query asks it.
func keepViews(q url.Values, facts []queries.FactView) []queries.FactView {
	if !hideNegated(q) {
		return facts
	}
	out := facts[:0:0]
	for _, f := range facts {
		if !f.Negated {
			out = append(out, f)
		}
	}
	return out
}

// view draws m for the explorer, centred on focus.
func (s *Server) view(ctx context.Context, ds *graph.Dataset, m export.Map, focus ...string) (*mapView, error) {
	svg, err := s.maps.svg(ctx, ds, m)
	if err != nil {
		return nil, err
	}
	return &mapView{ID: m.ID, SVG: svg, Focus: focus, Facts: len(m.Facts), Legend: legendOf(ds, m)}, nil
}

// mapPageData is what a theme or overview map page shows.
type mapPageData struct {
	Map   *mapView
	Theme *graph.Theme
}

// mapRoute serves /map/NAME.svg as a bare SVG file and /map/NAME as the
// map's page in the explorer.
func (s *Server) mapRoute(pages http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.PathValue("name"), ".svg") {
			s.mapSVG(w, r)
			return
		}
		pages.ServeHTTP(w, r)
	}
}

// wholeMap is the map called name drawn with the page's filters: a theme's
// map, the overview ("overview") or the full drawing ("overview-full").
func wholeMap(ds *graph.Dataset, name string, keep func(*graph.Fact) bool, asOf graph.Date) (export.Map, *graph.Theme, bool) {
	switch t := ds.Theme(name); {
	case name == "overview":
		return export.OverviewMap(ds, keep, asOf), nil, true
	case t != nil:
		return export.ThemeMap(ds, t, keep, asOf), t, true
	}
	return export.Map{}, nil, false
}

func (s *Server) mapPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	name := r.PathValue("name")
	if st.whole == nil || s.maps.r == nil {
		return "", nil, errNotFound{what: "this server draws no whole-theme maps"}
	}
	ds := st.whole.Dataset()
	q := r.URL.Query()
	p := &page{Title: "Map", Nav: "home"}
	data := &mapPageData{}
	p.Data = data
	p.Form = s.form(ctx, st, q, "/map/"+name)
	flt, err := st.whole.Filter(ctx, filterSpec(q))
	if err != nil {
		if statusOf(err) >= 500 {
			return "", nil, err
		}
		p.Error = err.Error()
		flt = queries.Filter{}
	}
	keep := func(f *graph.Fact) bool { return flt.Match(ds, f) && !(hideNegated(q) && f.Negated) }
	m, t, ok := wholeMap(ds, name, keep, flt.AsOf)
	if !ok {
		return "", nil, errNotFound{what: "no map " + name}
	}
	p.Title, data.Theme = m.Title, t
	if len(m.Facts) == 0 {
		return "map", p, nil
	}
	focus := listParam(q, "focus")
	if data.Map, err = s.view(ctx, ds, m, focus...); err != nil {
		return "", nil, err
	}
	return "map", p, nil
}

// pathMap draws the hops of a path answer.
func pathMap(ds *graph.Dataset, res *queries.PathResult, asOf graph.Date) export.Map {
	m := export.Map{ID: "path", Title: "Paths from " + res.From.Name + " to " + res.To.Name, AsOf: asOf}
	for _, id := range res.FactIDs() {
		m.Facts = append(m.Facts, ds.Fact(id))
	}
	return m
}

// legendItem is one entry of the legend beside a map.
type legendItem struct {
	Kind, Label string
}

// legendOf lists the styles m uses.
func legendOf(ds *graph.Dataset, m export.Map) []legendItem { return nil }

// objectText is a fact's object as a page shows it: the entity, the value
// and the amount with its unit, the unit singular for one.
func objectText(f queries.FactView) string {
	if f.Amount != nil && *f.Amount == 1 && strings.HasSuffix(f.Unit, "s") {
		f.Unit = strings.TrimSuffix(f.Unit, "s")
	}
	return f.ObjectText()
}
