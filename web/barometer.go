package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// maxBarometerPairs bounds the pairs one barometer request draws, as the
// command line does.
const maxBarometerPairs = 12

// maxShownFacts bounds the fact ids a barometer page lists under its
// chart (the facts behind one point).
const maxShownFacts = 500

// barometerPairs reads the pairs a barometer request asks for: pairs=main,
// pairs=A:B,C:D, or a and b (default Iran and the Taliban).
func barometerPairs(q url.Values) ([][2]string, error) {
	a, b, pairs := strings.TrimSpace(q.Get("a")), strings.TrimSpace(q.Get("b")), strings.TrimSpace(q.Get("pairs"))
	switch {
	case pairs != "" && (a != "" || b != ""):
		return nil, badRequest{msg: "give a and b, or pairs, not both"}
	case pairs == "main":
		return queries.MainPairs, nil
	case pairs != "":
		var out [][2]string
		for _, p := range strings.Split(pairs, ",") {
			x, y, ok := strings.Cut(p, ":")
			if !ok || strings.TrimSpace(x) == "" || strings.TrimSpace(y) == "" {
				return nil, badRequest{msg: fmt.Sprintf("pairs: %q is not a pair A:B", truncate(p, 64))}
			}
			out = append(out, [2]string{strings.TrimSpace(x), strings.TrimSpace(y)})
		}
		if len(out) > maxBarometerPairs {
			return nil, badRequest{msg: fmt.Sprintf("pairs: %d pairs, at most %d", len(out), maxBarometerPairs)}
		}
		return out, nil
	case a != "" && b != "":
		return [][2]string{{a, b}}, nil
	case a != "" || b != "":
		return nil, badRequest{msg: "give both a and b"}
	}
	return [][2]string{queries.MainPairs[0]}, nil
}

// barometers answers a barometer request: one Barometer per pair asked.
func (s *Server) barometers(ctx context.Context, st *state, q url.Values) ([]*queries.Barometer, *queries.Reader, error) {
	pairs, err := barometerPairs(q)
	if err != nil {
		return nil, nil, err
	}
	rd := st.reader()
	flt, err := rd.Filter(ctx, filterSpec(q))
	if err != nil {
		return nil, nil, err
	}
	opts := queries.BarometerOptions{Filter: flt, IncludeSpeculative: boolParam(q, "include_speculative"), BySource: boolParam(q, "by_source")}
	var out []*queries.Barometer
	for _, p := range pairs {
		bm, err := rd.Barometer(ctx, p[0], p[1], opts)
		if err != nil {
			return nil, nil, barometerErr(err)
		}
		out = append(out, bm)
	}
	return out, rd, nil
}

// barometerErr makes a question the barometer cannot answer a 400.
func barometerErr(err error) error {
	if be, ok := err.(*queries.BarometerError); ok {
		return badRequest{msg: be.Msg}
	}
	return err
}

// apiBarometer answers as `itkg barometer --output json` does: one
// barometer for one pair, a list for several.
func (s *Server) apiBarometer(ctx context.Context, st *state, r *http.Request) (any, error) {
	bms, _, err := s.barometers(ctx, st, r.URL.Query())
	if err != nil {
		return nil, err
	}
	if len(bms) == 1 {
		return bms[0], nil
	}
	return bms, nil
}

// barometerData is what the barometer page shows.
type barometerData struct {
	A, B       string // the pair picker's values
	Main       bool   // the small multiples of the main pairs
	BySource   bool   // one series per source: the chart's legend names them
	MainPairs  []pairLink
	Chart      template.HTML
	Tables     []barometerTable
	Pool       []queries.FactView // every fact the page counts, once, for the script to show
	Shown      []queries.FactView // the facts behind the point asked for (facts=)
	ShownTitle string
	Marks      []queries.MarkView
}

// pairLink is one of the main pairs in the picker.
type pairLink struct {
	Label, Href string
	Current     bool
}

// barometerTable is one pair's series as a table.
type barometerTable struct {
	Title       string
	Speculative int
	Series      []barometerRows
}

// barometerRows is one series of a table.
type barometerRows struct {
	Label string
	Total queries.BarometerCounts
	Rows  []barometerRow
}

// barometerRow is one year of a series.
type barometerRow struct {
	queries.BarometerPoint
	Score string
	Class string   // cooperative, hostile or ""
	From  []string // short citations of the sources behind the score
	Also  []string // of the sources of its other facts (neutral, negated) only
	All   string   // ids of every fact counted in the year
	Href  string   // the page listing the year's facts
}

func (s *Server) barometerPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	q := r.URL.Query()
	p := &page{Title: "Relations barometer", Nav: "barometer", Form: s.form(ctx, st, q, "/barometer")}
	p.Form.NoNegated = true // the barometer lists negated facts apart already
	data := &barometerData{A: q.Get("a"), B: q.Get("b"), Main: q.Get("pairs") == "main", BySource: boolParam(q, "by_source")}
	p.Data = data
	for _, pr := range queries.MainPairs {
		v := url.Values{"a": {pr[0]}, "b": {pr[1]}}
		data.MainPairs = append(data.MainPairs, pairLink{Href: "/barometer?" + v.Encode(), Label: pr[0] + " — " + pr[1]})
	}
	bms, rd, err := s.barometers(ctx, st, q)
	if err != nil {
		if statusOf(err) >= 500 {
			return "", nil, err
		}
		p.Error = err.Error()
		return "barometer", p, nil
	}
	for i, pr := range queries.MainPairs {
		a, err := rd.Entity(ctx, pr[0])
		if err != nil {
			return "", nil, err
		}
		b, err := rd.Entity(ctx, pr[1])
		if err != nil {
			return "", nil, err
		}
		if a != nil && b != nil {
			data.MainPairs[i].Label = a.Name + " — " + b.Name
		}
	}
	// The facts behind the points, and their sources, for the tables.
	var evidence []string
	for _, bm := range bms {
		for _, se := range bm.Series {
			for _, pt := range se.Points {
				for _, f := range pt.Evidence {
					evidence = append(evidence, f.ID)
				}
			}
		}
	}
	ds, err := rd.Facts(ctx, evidence)
	if err != nil {
		return "", nil, err
	}
	for i, bm := range bms {
		data.MainPairs = markCurrent(data.MainPairs, bm, len(bms) == 1)
		if i == 0 && len(bms) == 1 && data.A == "" {
			data.A, data.B = bm.A.ID, bm.B.ID
		}
	}
	if len(bms) > 0 {
		data.Marks = bms[0].Marks
	}
	var svg bytes.Buffer
	if err := export.WriteBarometerSVG(&svg, BarometerChart(bms)); err != nil {
		return "", nil, fmt.Errorf("drawing the barometer: %w", err)
	}
	data.Chart = template.HTML(pointLinks(inlineSVG(svg.Bytes()), q))

	pool := map[string]bool{}
	for _, bm := range bms {
		t := barometerTable{Title: bm.A.Name + " — " + bm.B.Name, Speculative: bm.Speculative}
		for _, se := range bm.Series {
			rows := barometerRows{Label: "all sources", Total: se.Total}
			if se.Source != nil {
				rows.Label = se.Source.Cite()
			}
			for _, pt := range se.Points {
				row := barometerRow{BarometerPoint: pt, Score: "–"}
				if pt.Score != nil {
					row.Score = fmt.Sprintf("%+.1f", *pt.Score)
					switch {
					case *pt.Score > 0:
						row.Class = "cooperative"
					case *pt.Score < 0:
						row.Class = "hostile"
					}
				}
				var all []string
				from, also := map[string]bool{}, map[string]bool{}
				for _, f := range pt.Evidence {
					all = append(all, f.ID)
					pool[f.ID] = true
					if f.Role == "cooperative" || f.Role == "hostile" {
						from[f.Source] = true
					} else {
						also[f.Source] = true
					}
				}
				row.From = shortCites(ds, from, nil)
				row.Also = shortCites(ds, also, from)
				row.All = strings.Join(all, " ")
				row.Href = factsHref(q, all)
				rows.Rows = append(rows.Rows, row)
			}
			t.Series = append(t.Series, rows)
		}
		data.Tables = append(data.Tables, t)
	}
	shown := map[string]bool{}
	if ids := listParam(q, "facts"); len(ids) > 0 {
		if len(ids) > maxShownFacts {
			p.Error = fmt.Sprintf("facts: at most %d ids at once, not %d", maxShownFacts, len(ids))
		}
		for _, id := range ids[:min(len(ids), maxShownFacts)] {
			// Only the facts this barometer counts: the list is the
			// evidence of a point, not a fact browser.
			if f := ds.Fact(id); f != nil && pool[id] && !shown[id] {
				shown[id] = true
				data.Shown = append(data.Shown, queries.ViewFact(ds, f))
			}
		}
		data.ShownTitle = fmt.Sprintf("The %s behind the point", pluralize(len(data.Shown), "fact"))
	}
	// The pool holds the other facts, each once: the script lists a
	// point's facts from the pool and the list shown.
	ids := make([]string, 0, len(pool))
	for id := range pool {
		if !shown[id] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if f := ds.Fact(id); f != nil {
			data.Pool = append(data.Pool, queries.ViewFact(ds, f))
		}
	}
	return "barometer", p, nil
}

// shortCites are the short citations of the sources ids, less those of
// but, in order.
func shortCites(ds *graph.Dataset, ids, but map[string]bool) []string {
	var out []string
	for id := range ids {
		if but[id] {
			continue
		}
		if src := ds.Source(id); src != nil {
			out = append(out, citation.Short(src))
		} else {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// markCurrent marks the main pair a single barometer shows.
func markCurrent(links []pairLink, bm *queries.Barometer, single bool) []pairLink {
	for i, pr := range queries.MainPairs {
		if single && (pr[0] == bm.A.ID && pr[1] == bm.B.ID || pr[0] == bm.B.ID && pr[1] == bm.A.ID) {
			links[i].Current = true
		}
	}
	return links
}

// factsHref is the barometer page, as asked, listing the facts ids.
func factsHref(q url.Values, ids []string) string {
	v := cloneQuery(q)
	v.Set("facts", strings.Join(ids, ","))
	return "/barometer?" + v.Encode() + "#point-facts"
}

// BarometerChart turns barometers into what the chart draws, for the web
// page and for `itkg barometer --svg` alike: a panel per pair, the years
// with a score as dots, each carrying the facts behind its score.
func BarometerChart(bms []*queries.Barometer) export.BarometerChart {
	c := export.BarometerChart{
		Title:    "Cooperation against hostility, per year",
		Subtitle: "score: mean weight of the year's cooperative and hostile facts, −10 (use of force) to +10; staged acts half",
	}
	if len(bms) == 1 {
		c.Title = bms[0].A.Name + " — " + bms[0].B.Name + ": cooperation against hostility, per year"
	}
	for _, bm := range bms {
		all := bm.Series[0].Total
		p := export.BarometerPanel{Title: bm.A.Name + " — " + bm.B.Name,
			Subtitle: fmt.Sprintf("%s from %s", pluralize(all.Facts, "fact"), pluralize(all.Sources, "source"))}
		if bm.Speculative > 0 {
			p.Subtitle += fmt.Sprintf("; %d speculative left out", bm.Speculative)
		}
		if len(bms) == 1 {
			p.Title = "All sources"
			if len(bm.Series) > 1 {
				p.Title = "By source"
			}
		}
		for _, se := range bm.Series {
			line := export.BarometerLine{Label: "all sources", Combined: se.Source == nil}
			if se.Source != nil {
				line.Label = fmt.Sprintf("%s (%d)", se.Source.Cite(), se.Total.Facts)
			}
			for _, pt := range se.Points {
				if pt.Score == nil {
					continue
				}
				dot := export.BarometerDot{Year: pt.Year, Score: *pt.Score, Facts: pt.Facts, Sources: pt.Sources,
					Cooperative: pt.Cooperative, Hostile: pt.Hostile}
				for _, f := range pt.Evidence {
					if f.Role == "cooperative" || f.Role == "hostile" {
						dot.FactIDs = append(dot.FactIDs, f.ID)
					}
				}
				line.Points = append(line.Points, dot)
			}
			p.Series = append(p.Series, line)
		}
		c.Panels = append(c.Panels, p)
	}
	if len(bms) > 0 {
		for _, m := range bms[0].Marks {
			c.Marks = append(c.Marks, export.ChartMark{Year: m.Year, Month: m.Month, Label: m.Label, Fact: m.Fact})
		}
	}
	return c
}

var (
	svgStyleElement = regexp.MustCompile(`(?s)<style>(.*?)</style>\n?`)
	svgStyleAttr    = regexp.MustCompile(` style="[^"]*"`)
	// A point is one line of the chart: <g class="point" data-year=".."
	// data-facts="id id">…</g>.
	svgPoint = regexp.MustCompile(`(?m)^<g class="point" data-year="(\d+)" data-facts="([^"]*)">.*</g>$`)
)

// inlineSVG makes a standalone chart fit inside a page under the
// Content-Security-Policy, which refuses inline styles: the prolog goes,
// and the chart's own style rules (its narrow layout) are style.css's.
func inlineSVG(svg []byte) []byte {
	svg = stripProlog(svg)
	svg = svgStyleElement.ReplaceAll(svg, nil)
	return svgStyleAttr.ReplaceAll(svg, nil)
}

// pointLinks makes every point of the chart a link to the page listing
// the facts behind it (the script shows them in place instead).
func pointLinks(svg []byte, q url.Values) []byte {
	return svgPoint.ReplaceAllFunc(svg, func(line []byte) []byte {
		m := svgPoint.FindSubmatch(line)
		ids := strings.Fields(string(m[2]))
		href := template.HTMLEscapeString(factsHref(q, ids))
		return []byte(`<a class="point-link" href="` + href + `" aria-label="` + string(m[1]) + `: ` +
			template.HTMLEscapeString(pluralize(len(ids), "fact")) + `">` + string(line) + `</a>`)
	})
}
