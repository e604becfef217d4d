package web

import (
	"context"
	"fmt"
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
	// Action is the page the form submits to.
	Action string
	// NoNegated leaves out the negated-facts field where the page cannot
	// honour it (the path search reads only the query filters).
	NoNegated bool
}

// HasModality reports whether the query selects modality m, either as a
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

// Active counts the filters the query sets.
func (f filterForm) Active() int {
	n := 0
	for _, k := range []string{"theme", "source", "since", "until", "as_of", "grep", "predicate", "claimed_by", "negated", "modality", "event", "exclude_predicate"} {
		if len(listParam(f.Query, k)) > 0 {
			n++
		}
	}
	return n
}

// Extra lists the query's filter parameters the form has no field for, kept
// as hidden fields so submitting the form never drops them.
func (f filterForm) Extra() [][2]string {
	var out [][2]string
	for _, k := range []string{"event", "exclude_predicate", "expand", "focus", "depth"} {
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
		f.Sources = st.ds.Sources
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

// keepCard drops the card's negated relations and claims when the query
// asks it, by the rule the maps follow, so that a card beside a map (the
// entity page's, the map's side panel) agrees with it.
func keepCard(q url.Values, card *queries.Card) {
	if !hideNegated(q) {
		return
	}
	rels := card.Relations[:0:0]
	for _, rel := range card.Relations {
		if !rel.Negated {
			rels = append(rels, rel)
		}
	}
	card.Relations, card.Claims = rels, keepViews(q, card.Claims)
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
	Name  string
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
	case name == "overview-full":
		return export.FullOverviewMap(ds, keep, asOf), nil, true
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
	ds := st.ds
	q := r.URL.Query()
	p := &page{Title: "Map", Nav: "home"}
	data := &mapPageData{Name: name}
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
	m.Expand = listParam(q, "expand")
	focus := listParam(q, "focus")
	if data.Map, err = s.view(ctx, ds, m, focus...); err != nil {
		return "", nil, err
	}
	return "map", p, nil
}

// pathMap draws the hops of a path answer: each pair of adjacent
// entities once, with the facts of every path through it.
func pathMap(ds *graph.Dataset, res *queries.PathResult, asOf graph.Date) export.Map {
	var hops []export.PathHop
	at := map[[2]string]int{}
	seen := map[string]bool{}
	for _, p := range res.Paths {
		for _, h := range p.Hops {
			key := [2]string{h.From.ID, h.To.ID}
			i, ok := at[key]
			if !ok {
				i = len(hops)
				at[key] = i
				hops = append(hops, export.PathHop{From: h.From.ID, To: h.To.ID})
			}
			for _, rel := range h.Relations {
				for _, fv := range rel.Facts {
					if f := ds.Fact(fv.ID); f != nil && !seen[f.ID] {
						seen[f.ID] = true
						hops[i].Facts = append(hops[i].Facts, f)
					}
				}
			}
		}
	}
	return export.PathMap(ds, hops, res.From.ID, res.To.ID, asOf)
}

// legendItem is one entry of the legend beside a map, with a small
// drawing of its style.
type legendItem struct {
	export.LegendItem
	Swatch template.HTML
}

// legendOf lists the styles m uses.
func legendOf(ds *graph.Dataset, m export.Map) []legendItem {
	var out []legendItem
	for _, it := range export.LegendItems(ds, m) {
		out = append(out, legendItem{LegendItem: it, Swatch: swatch(it)})
	}
	return out
}

// swatch draws a legend item's style as a 36 × 16 SVG, from the values
// LegendItems gives (colours, dash pattern, line width and shape).
func swatch(it export.LegendItem) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	stroke := fmt.Sprintf(`stroke="%s" stroke-width="%.1f"`, esc(it.Stroke), it.StrokeWidth)
	if it.Dash != "" {
		stroke += fmt.Sprintf(` stroke-dasharray="%s"`, esc(it.Dash))
	}
	fill := it.Fill
	if fill == "" {
		fill = "none"
	}
	b.WriteString(`<svg width="36" height="16" viewBox="0 0 36 16" aria-hidden="true">`)
	switch {
	case it.Kind == "edge" && it.Double:
		fmt.Fprintf(&b, `<path d="M2,6.5H30M2,9.5H30" fill="none" %s/>`, stroke)
	case it.Kind == "edge":
		fmt.Fprintf(&b, `<path d="M2,8H30" fill="none" %s/>`, stroke)
	case it.Shape == "ellipse":
		fmt.Fprintf(&b, `<ellipse cx="18" cy="8" rx="15" ry="6" fill="%s" %s/>`, esc(fill), stroke)
	case it.Shape == "hexagon" || it.Shape == "octagon" || it.Shape == "septagon" || it.Shape == "house" || it.Shape == "cds":
		pts := map[string]string{"hexagon": "3,8 10,2 26,2 33,8 26,14 10,14", "octagon": "3,5 8,2 28,2 33,5 33,11 28,14 8,14 3,11",
			"septagon": "18,2 31,5 33,11 25,14 11,14 3,11 5,5", "house": "18,2 33,7 33,14 3,14 3,7", "cds": "3,2 28,2 33,8 28,14 3,14"}[it.Shape]
		fmt.Fprintf(&b, `<polygon points="%s" fill="%s" %s/>`, pts, esc(fill), stroke)
	default:
		rx := 0
		if strings.Contains(it.Style, "rounded") || it.Shape == "cylinder" {
			rx = 4
		}
		fmt.Fprintf(&b, `<rect x="3" y="2" width="30" height="12" rx="%d" fill="%s" %s/>`, rx, esc(fill), stroke)
	}
	if it.Kind == "edge" {
		switch it.Arrow {
		case "normal":
			fmt.Fprintf(&b, `<path d="M28,4.5L34,8L28,11.5Z" fill="%s"/>`, esc(it.Stroke))
		case "vee", "empty", "onormal":
			fmt.Fprintf(&b, `<path d="M28,4.5L34,8L28,11.5" fill="none" stroke="%s"/>`, esc(it.Stroke))
		case "tee":
			fmt.Fprintf(&b, `<path d="M33,3.5V12.5" stroke="%s" stroke-width="2"/>`, esc(it.Stroke))
		case "odot":
			fmt.Fprintf(&b, `<circle cx="31" cy="8" r="3" stroke="%s" fill="white"/>`, esc(it.Stroke))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every value written is escaped
}

// objectText is a fact's object as a page shows it: the entity, the value
// and the amount with its unit, the unit singular for one.
func objectText(f queries.FactView) string {
	if f.Amount != nil && *f.Amount == 1 && strings.HasSuffix(f.Unit, "s") {
		f.Unit = strings.TrimSuffix(f.Unit, "s")
	}
	return f.ObjectText()
}
