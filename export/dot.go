package export

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/itkg/itkg/graph"
)

// Map is what one drawing shows: a set of facts from a dataset, with a
// title and the date it is drawn as of, if any.
type Map struct {
	ID     string // used in element ids; a theme id, "overview", "path"...
	Title  string
	Facts  []*graph.Fact
	AsOf   graph.Date
	Layout string // "dot" (default) or a force-directed engine for large maps
	// Compact leaves edge labels out (the overview), keeping tooltips.
	Compact bool
	// Links, when set, is the base URL of pages for the map's entities
	// (Links+"entity/ID") and facts (Links+"fact/ID"), which its nodes and
	// edges then link to, as on the web explorer's maps; unset, edges link
	// to "#fact-ID" in the page around the map.
	Links string
}

// edge is one drawn edge: the facts stating the same predicate between the
// same pair (or the same value), merged so parallel facts do not become a
// hairball.
type edge struct {
	from, to  string // DOT node ids
	predicate *graph.Predicate
	facts     []*graph.Fact
	sources   map[string]bool
}

// DOT writes m as a Graphviz DOT graph.
func DOT(w io.Writer, ds *graph.Dataset, m Map) error {
	b := &dotWriter{}
	b.graph(ds, m)
	_, err := io.WriteString(w, b.String())
	return err
}

type dotWriter struct{ strings.Builder }

func (b *dotWriter) line(indent int, format string, args ...any) {
	b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(b, format, args...)
	b.WriteByte('\n')
}

func (b *dotWriter) graph(ds *graph.Dataset, m Map) {
	facts := append([]*graph.Fact(nil), m.Facts...)
	sort.SliceStable(facts, func(i, j int) bool { return facts[i].ID < facts[j].ID })
	layout := m.Layout
	if layout == "" {
		layout = "dot"
	}

	// Nodes: entities touched by the facts, and one node per literal value.
	entities := map[string]bool{}
	values := map[string]string{} // node id -> value text
	var edges []*edge
	byKey := map[string]*edge{}
	for _, f := range facts {
		if m.Compact && !f.HasObject() {
			// The overview draws actors only; values stay on theme maps.
			continue
		}
		entities[f.Subject] = true
		to := f.Object
		if f.HasObject() {
			entities[f.Object] = true
		} else {
			to = valueNodeID(f)
			values[to] = truncate(f.Value, 38)
			if f.Amount != nil {
				values[to] += "\n" + formatAmount(*f.Amount) + " " + f.Unit
			}
		}
		key := f.Subject + "\x00" + f.Predicate + "\x00" + to
		e := byKey[key]
		if e == nil {
			e = &edge{from: f.Subject, to: to, predicate: ds.Predicate(f.Predicate), sources: map[string]bool{}}
			if e.predicate == nil {
				e.predicate = &graph.Predicate{ID: f.Predicate, Label: f.Predicate, Polarity: "neutral"}
			}
			byKey[key] = e
			edges = append(edges, e)
		}
		e.facts = append(e.facts, f)
		e.sources[f.Source] = true
	}

	b.line(0, "digraph %s {", quoteID("itkg-"+m.ID))
	b.line(1, "graph [layout=%s, fontname=\"Helvetica\", fontsize=11, bgcolor=\"white\", labelloc=t, labeljust=l, pad=0.3,", layout)
	if layout == "dot" {
		b.line(2, "rankdir=LR, nodesep=0.35, ranksep=0.9, newrank=true,")
	} else {
		b.line(2, "overlap=scale, sep=\"+6\", splines=false, outputorder=edgesfirst, K=0.6,")
	}
	b.line(2, "label=%s];", htmlLabel(caption(ds, m, facts)))
	b.line(1, "node [fontname=\"Helvetica\", fontsize=10, margin=\"0.08,0.04\"];")
	b.line(1, "edge [fontname=\"Helvetica\", fontsize=8, fontcolor=\"#333333\", arrowsize=0.7];")

	// Entities, grouped into their declared clusters.
	var ids []string
	for id := range entities {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	clustered := map[string][]string{}
	var loose []string
	for _, id := range ids {
		if e := ds.Entity(id); e != nil && e.Cluster != "" && layout == "dot" {
			clustered[e.Cluster] = append(clustered[e.Cluster], id)
		} else {
			loose = append(loose, id)
		}
	}
	var clusterIDs []string
	for c := range clustered {
		clusterIDs = append(clusterIDs, c)
	}
	sort.Strings(clusterIDs)
	for _, c := range clusterIDs {
		title := c
		if cl := ds.Cluster(c); cl != nil {
			title = cl.Title
		}
		b.line(1, "subgraph %s {", quoteID("cluster_"+c))
		b.line(2, "label=%s; style=\"rounded,dashed\"; color=\"#9a9a9a\"; fontcolor=\"#555555\"; fontsize=10;", quote(title))
		for _, id := range clustered[c] {
			b.node(2, ds, id, m)
		}
		b.line(1, "}")
	}
	for _, id := range loose {
		b.node(1, ds, id, m)
	}
	var vids []string
	for id := range values {
		vids = append(vids, id)
	}
	sort.Strings(vids)
	for _, id := range vids {
		b.line(1, "%s [shape=plain, fontsize=8, fontcolor=\"#444444\", label=%s];", quoteID(id), quote(values[id]))
	}

	for _, e := range edges {
		b.edge(ds, e, m)
	}
	b.legend(ds, entities, edges, m)
	b.line(0, "}")
}

func valueNodeID(f *graph.Fact) string { return "value:" + f.ID }

func (b *dotWriter) node(indent int, ds *graph.Dataset, id string, m Map) {
	e := ds.Entity(id)
	name, typ, desc := id, "", ""
	if e != nil {
		name, typ, desc = e.Name, e.Type, e.Description
	}
	st := styleOf(typ)
	tip := fmt.Sprintf("%s [%s]: %s", name, typ, desc)
	link := ""
	if m.Links != "" && e != nil {
		link = ", URL=" + quote(m.Links+"entity/"+id)
	}
	b.line(indent, "%s [label=%s, shape=%s, style=%s, fillcolor=%s, tooltip=%s, id=%s, class=%s%s];",
		quoteID(id), quote(wrap(name, 18)), st.shape, quote(st.style), quote(st.fill), quote(tip),
		quote(m.ID+"-node-"+id), quote("entity type-"+typ), link)
}

func (b *dotWriter) edge(ds *graph.Dataset, e *edge, m Map) {
	st := edgeStyleOf(e.predicate.Polarity)
	strongest := "speculative"
	var ids []string
	var tips []string
	var first, last graph.Date
	for _, f := range e.facts {
		if modalityRank(f.Modality) < modalityRank(strongest) {
			strongest = f.Modality
		}
		ids = append(ids, f.ID)
		tips = append(tips, factTooltip(ds, f))
		if w := f.When(); !w.IsZero() {
			if first.IsZero() || w.Compare(first) < 0 {
				first = w
			}
			if u := f.Until(); last.IsZero() || u.Compare(last) > 0 {
				last = u
			}
		}
	}
	label := e.predicate.Label
	if len(e.facts) > 1 {
		label += fmt.Sprintf(" ×%d", len(e.facts))
	}
	if when := shortPeriod(first, last); when != "" {
		label += "\n" + when
	}
	width := 1.0 + 0.9*float64(len(e.sources)-1)
	attrs := []string{
		"color=" + quote(st.color),
		"arrowhead=" + st.arrowhead,
		"style=" + quote(modalityDash(strongest)),
		fmt.Sprintf("penwidth=%.1f", width),
		"tooltip=" + quote(strings.Join(tips, "\n\n")),
		"labeltooltip=" + quote(strings.Join(tips, "\n\n")),
		"id=" + quote(m.ID+"-fact-"+ids[0]),
		"class=" + quote("fact "+e.predicate.Polarity+" "+strings.Join(ids, " ")),
		"URL=" + quote("#fact-"+ids[0]),
	}
	if m.Links != "" {
		attrs[len(attrs)-1] = "URL=" + quote(m.Links+"fact/"+ids[0])
	}
	if !m.Compact {
		attrs = append(attrs, "label="+quote(label))
	}
	if e.predicate.Symmetric {
		attrs = append(attrs, "dir=both", "arrowtail="+st.arrowhead)
	}
	b.line(1, "%s -> %s [%s];", quoteID(e.from), quoteID(e.to), strings.Join(attrs, ", "))
}

// factTooltip is the evidence shown on hover: id, source, date and quote.
func factTooltip(ds *graph.Dataset, f *graph.Fact) string {
	src := f.Source
	if s := ds.Source(f.Source); s != nil {
		src = citation(s)
	}
	when := f.When().String()
	if !f.End.IsZero() {
		when += ".." + f.End.String()
	}
	if when == "" {
		when = "undated"
	}
	mod := ""
	if f.Modality != "asserted" {
		mod = " (" + f.Modality
		if f.ClaimedBy != "" {
			name := f.ClaimedBy
			if e := ds.Entity(f.ClaimedBy); e != nil {
				name = e.Name
			}
			mod += ", claimed by " + name
		}
		mod += ")"
	}
	return fmt.Sprintf("%s — %s, %s%s: “%s”", f.ID, src, when, mod, f.Quote)
}

// citation is "Zelin 2023-03-03" or "Kaura ~2024-04".
func citation(s *graph.Source) string {
	var names []string
	for _, a := range s.Authors {
		f := strings.Fields(a)
		names = append(names, f[len(f)-1])
	}
	pub := s.Published.String()
	if s.Approximate {
		pub = "~" + pub
	}
	return strings.Join(names, " & ") + " " + pub
}

// shortPeriod is the year or year-month of a fact group: "2022-05",
// "2021–2024".
func shortPeriod(first, last graph.Date) string {
	short := func(d graph.Date) string {
		if d.Month == 0 {
			return fmt.Sprintf("%d", d.Year)
		}
		return fmt.Sprintf("%d-%02d", d.Year, d.Month)
	}
	switch {
	case first.IsZero():
		return ""
	case short(first) == short(last) || last.IsZero():
		return short(first)
	case first.Year == last.Year && first.Month == 0:
		return short(first)
	}
	return short(first) + "–" + short(last)
}

func caption(ds *graph.Dataset, m Map, facts []*graph.Fact) []string {
	srcs := map[string]bool{}
	for _, f := range facts {
		srcs[f.Source] = true
	}
	var cites []string
	for _, s := range ds.Sources {
		if srcs[s.ID] {
			cites = append(cites, citation(s))
		}
	}
	lines := []string{m.Title}
	info := fmt.Sprintf("%d facts from %d source%s", len(facts), len(cites), plural(len(cites)))
	if !m.AsOf.IsZero() {
		info += " · as of " + m.AsOf.String()
	}
	lines = append(lines, info)
	if len(cites) > 0 {
		lines = append(lines, "Sources: "+strings.Join(cites, "; "))
	}
	return lines
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// legend draws the node types and edge styles present on the map.
func (b *dotWriter) legend(ds *graph.Dataset, entities map[string]bool, edges []*edge, m Map) {
	types := map[string]bool{}
	for id := range entities {
		if e := ds.Entity(id); e != nil {
			types[e.Type] = true
		}
	}
	pols := map[string]bool{}
	mods := map[string]bool{}
	for _, e := range edges {
		pols[e.predicate.Polarity] = true
		for _, f := range e.facts {
			mods[modalityDash(f.Modality)] = true
		}
	}
	b.line(1, "subgraph cluster_legend {")
	b.line(2, "label=\"Legend\"; style=\"rounded\"; color=\"#bbbbbb\"; fontsize=10; id=%s;", quote(m.ID+"-legend"))
	b.line(2, "node [fontsize=8, width=0, height=0];")
	// One rank stacks the samples in a column beside the map (rankdir=LR).
	var sameRank []string
	for _, t := range graph.EntityTypes {
		if !types[t] {
			continue
		}
		st := styleOf(t)
		id := quoteID("legend-type-" + t)
		b.line(2, "%s [label=%s, shape=%s, style=%s, fillcolor=%s];", id, quote(t), st.shape, quote(st.style), quote(st.fill))
		sameRank = append(sameRank, id)
	}
	if len(sameRank) > 0 {
		b.line(2, "{rank=same; %s}", strings.Join(sameRank, "; "))
	}
	for _, p := range graph.Polarities {
		if !pols[p] {
			continue
		}
		st := edgeStyleOf(p)
		a, z := quoteID("legend-pol-"+p+"-a"), quoteID("legend-pol-"+p+"-b")
		b.line(2, "%s [shape=point, width=0.05, label=\"\"]; %s [shape=plaintext, label=%s];", a, z, quote(st.legend))
		b.line(2, "%s -> %s [color=%s, arrowhead=%s];", a, z, quote(st.color), st.arrowhead)
	}
	for _, d := range []struct{ style, text string }{
		{"solid", "stated or assessed by the source"},
		{"dashed", "reported: a claim the source attributes"},
		{"dotted", "speculative: a possibility or forecast"},
	} {
		if !mods[d.style] {
			continue
		}
		a, z := quoteID("legend-mod-"+d.style+"-a"), quoteID("legend-mod-"+d.style+"-b")
		b.line(2, "%s [shape=point, width=0.05, label=\"\"]; %s [shape=plaintext, label=%s];", a, z, quote(d.text))
		b.line(2, "%s -> %s [style=%s, color=\"#444444\"];", a, z, d.style)
	}
	b.line(2, "%s [shape=plaintext, label=%s];", quoteID("legend-width"), quote("thicker edge: more sources\n×N: N facts merged; hover for quotes"))
	b.line(1, "}")
}

// dotEscaper escapes a DOT double-quoted string; built once, as building
// a Replacer costs more than using it. Control characters other than a
// line break become U+FFFD: Graphviz ends a label at a NUL and stops.
var dotEscaper = strings.NewReplacer(append([]string{`\`, `\\`, `"`, `\"`, "\n", `\n`}, controlsToFFFD()...)...)

// controlsToFFFD lists, for a Replacer, every C0 control but the line
// break, DEL and every C1 control, each to be replaced by U+FFFD.
func controlsToFFFD() []string {
	var pairs []string
	for r := rune(0); r <= 0x9f; r++ {
		if (r < 0x20 && r != '\n') || r >= 0x7f {
			pairs = append(pairs, string(r), "\uFFFD")
		}
	}
	return pairs
}

// quote makes a DOT double-quoted string.
func quote(s string) string {
	return `"` + dotEscaper.Replace(s) + `"`
}

func quoteID(s string) string { return quote(s) }

// htmlLabel builds an HTML-like label: the first line bold and larger.
func htmlLabel(lines []string) string {
	var b strings.Builder
	b.WriteString("<<table border=\"0\" cellborder=\"0\" cellspacing=\"1\">")
	for i, l := range lines {
		esc := htmlEscape(l)
		if i == 0 {
			esc = "<font point-size=\"16\"><b>" + esc + "</b></font>"
		}
		b.WriteString("<tr><td align=\"left\">" + esc + "</td></tr>")
	}
	b.WriteString("</table>>")
	return b.String()
}

var htmlEscaper = strings.NewReplacer(append([]string{"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;"}, controlsToFFFD()...)...)

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }

// formatAmount prints a number with thousands separators and no needless
// decimals: 5,000,000 or 33.3.
func formatAmount(a float64) string {
	s := strconv.FormatFloat(a, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && c != '-' && (len(intPart)-i)%3 == 0 && intPart[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		return b.String() + "." + frac
	}
	return b.String()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// wrap breaks a name into lines of about width characters.
func wrap(s string, width int) string {
	words := strings.Fields(s)
	var lines []string
	var cur string
	for _, w := range words {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return strings.Join(lines, "\n")
}
