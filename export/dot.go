package export

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/graph"
)

// Map is what one drawing shows: a set of facts from a dataset, with a
// title and the date it is drawn as of, if any.
type Map struct {
	ID     string // a theme id, "overview", "path", "around-ENTITY"...
	Title  string
	Facts  []*graph.Fact
	AsOf   graph.Date
	Layout string // "dot" (default) or another Graphviz engine
	// Compact leaves edge labels out, keeping tooltips.
	Compact bool
	// Links, when set, is the base URL of pages for the map's entities
	// (Links+"entity/ID") and facts (Links+"fact/ID"), which its nodes and
	// edges then link to, as on the web explorer's maps; unset, edges link
	// to "#fact-ID" in the page around the map.
	Links string
	// Focus is the entity the map is about (an ego map's entity): drawn
	// with a thick border. An ego map of an entity with more than
	// HubNeighbours neighbours groups the weaker ones into "+N" nodes.
	Focus string
	// Expand lists the "+N" group keys whose members are drawn.
	Expand []string
	// CardFacts, on an ego map, is the number of facts on its entity's
	// card under the same filter (literal values included), which the
	// caption then reconciles with the map's count; 0 when unknown.
	CardFacts int
	// HubAbove and HubShow, when set, replace HubNeighbours and HubKeep.
	HubAbove, HubShow int
	// Hops, when set, makes a path map: only these hops are drawn.
	Hops []PathHop
	// Ends are the entities a path map joins, drawn with a double border.
	Ends []string
	// Backbone, when above zero, makes the overview: that many entities
	// with the most evidence, the others collapsed into "+N" nodes.
	Backbone int
	// Thumbnail draws a small map for a gallery card: larger text and no
	// caption.
	Thumbnail bool
}

// PathHop is one hop of a path: two adjacent entities and the facts
// between them that the path rests on.
type PathHop struct {
	From, To string
	Facts    []*graph.Fact
}

// DOT writes m as a Graphviz DOT graph. The legend is not part of it: the
// web draws LegendItems beside the map, and standalone SVG files get a key
// composed beside the drawing (WithKey).
func DOT(w io.Writer, ds *graph.Dataset, m Map) error {
	b := &dotWriter{}
	b.graph(newPlan(ds, m), ds)
	_, err := io.WriteString(w, b.String())
	return err
}

type dotWriter struct{ strings.Builder }

func (b *dotWriter) line(indent int, format string, args ...any) {
	b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(b, format, args...)
	b.WriteByte('\n')
}

func (b *dotWriter) graph(p *plan, ds *graph.Dataset) {
	m := p.m
	layout := p.layout
	font, small := 10, 8
	if m.Thumbnail {
		font, small = 16, 12
	}
	b.line(0, "digraph %s {", quoteID("itkg-"+m.ID))
	b.line(1, "graph [layout=%s, fontname=\"Helvetica\", fontsize=11, bgcolor=\"white\", labelloc=t, labeljust=l, pad=0.3,", layout)
	switch layout {
	case "dot":
		b.line(2, "rankdir=LR, nodesep=0.35, ranksep=0.9, newrank=true,")
	case "twopi":
		b.line(2, "overlap=false, ranksep=2.2, root=%s,", quote(m.Focus))
	case "neato":
		// External labels are placed after the layout, clear of one another.
		b.line(2, "overlap=false, sep=\"+14\", splines=true, mode=major, forcelabels=true,")
	default:
		b.line(2, "overlap=scale, sep=\"+6\", splines=false, outputorder=edgesfirst, K=0.6,")
	}
	if m.Thumbnail {
		b.line(2, "label=\"\"];")
	} else {
		b.line(2, "label=%s];", htmlLabel(p.caption))
	}
	b.line(1, "node [fontname=\"Helvetica\", fontsize=%d, margin=\"0.08,0.04\"];", font)
	edgeLen := ""
	if layout == "neato" && !m.Thumbnail {
		// Longer springs leave room for the labels of the focus's relations.
		edgeLen = ", len=4"
	}
	b.line(1, "edge [fontname=\"Helvetica\", fontsize=%d, fontcolor=\"#333333\", arrowsize=0.7%s];", small, edgeLen)

	// Entities, grouped into their declared clusters (dot keeps clusters
	// together; the force-directed engines do not).
	clustered := map[string][]*drawNode{}
	var loose []*drawNode
	for _, n := range p.nodes {
		c := n.cluster
		if n.kind == "group" {
			c, _ = strings.CutPrefix(n.key, "cluster-")
			if c == n.key {
				c = ""
			}
		}
		if c != "" && p.clusters {
			clustered[c] = append(clustered[c], n)
		} else {
			loose = append(loose, n)
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
		b.line(2, "label=%s; style=%s; color=%s; fontcolor=%s; fontsize=%d; id=%s;", quote(title), quote(clusterStyle.style),
			quote(clusterStyle.color), quote(clusterStyle.fontcolor), font, quote("cluster_"+c))
		for _, n := range clustered[c] {
			b.node(2, n, m, small)
		}
		b.line(1, "}")
	}
	for _, n := range loose {
		b.node(1, n, m, small)
	}
	for _, e := range p.edges {
		b.edge(ds, e, m, layout)
	}
	b.line(0, "}")
}

func valueNodeID(f *graph.Fact) string { return "value:" + f.ID }

func (b *dotWriter) node(indent int, n *drawNode, m Map, small int) {
	attrs := []string{"id=" + quote(n.elemID())}
	switch n.kind {
	case "value":
		attrs = append(attrs, "shape=plain", fmt.Sprintf("fontsize=%d", small), "fontcolor=\"#444444\"", "label="+quote(n.label),
			"class=\"value\"")
	case "group":
		var names []string
		for _, e := range n.members {
			names = append(names, e.Name)
		}
		st := groupNodeStyle
		attrs = append(attrs, "label="+quote(wrap(n.label, 18)), "shape="+st.shape, "style="+quote(st.style), "fillcolor="+quote(st.fill),
			"tooltip="+quote(n.label+": "+strings.Join(names, ", ")), "class="+quote("group "+n.key))
	default:
		name, typ, desc := n.label, n.typ, ""
		if n.entity != nil {
			desc = n.entity.Description
		}
		st := styleOf(typ)
		attrs = append(attrs, "label="+quote(wrap(name, 18)), "shape="+st.shape, "style="+quote(st.style), "fillcolor="+quote(st.fill),
			"tooltip="+quote(fmt.Sprintf("%s [%s]: %s", name, typ, desc)), "class="+quote("entity type-"+typ))
		if n.focus || n.end {
			// Bold text runs wider than Graphviz measures it: more margin.
			attrs = append(attrs, fmt.Sprintf("penwidth=%.1f", focusPen), "fontname=\"Helvetica-Bold\"", "margin=\"0.2,0.06\"")
		}
		if n.end {
			attrs = append(attrs, "peripheries=2")
		}
		if m.Links != "" && n.entity != nil {
			attrs = append(attrs, "URL="+quote(m.Links+"entity/"+n.id))
		}
	}
	b.line(indent, "%s [%s];", quoteID(n.id), strings.Join(attrs, ", "))
}

// maxTips bounds the facts quoted in one edge's tooltip.
const maxTips = 25

func (b *dotWriter) edge(ds *graph.Dataset, e *drawEdge, m Map, layout string) {
	var ids, tips []string
	mods := map[string]int{}
	for _, f := range e.facts {
		ids = append(ids, f.ID)
		mods[f.Modality]++
		if len(tips) < maxTips {
			tips = append(tips, factTooltip(ds, f))
		}
	}
	if len(e.facts) > maxTips {
		tips = append(tips, fmt.Sprintf("… and %d more facts", len(e.facts)-maxTips))
	}
	st := edgeStyleOf(e.polarity)
	if e.negated {
		st = negatedStyle
	}
	var label string
	width := 1.0 + 0.9*float64(len(e.sources)-1)
	switch e.kind {
	case "relation":
		label = relationText(e, "\n")
		if len(e.joint) > 0 || e.more != nil {
			// One label for a neighbour's relations, so they do not stack.
			lines := []string{relationText(e, " ")}
			for _, j := range e.joint {
				lines = append(lines, relationText(j, " "))
			}
			if e.more != nil {
				lines = append(lines, moreText(e.more))
			}
			label = strings.Join(lines, "\n")
		}
	case "group":
		st = groupEdgeStyle
		label = graph.Count(len(e.facts), "fact")
		width = min(1.0+float64(len(e.facts))/6, 5)
		tips = append([]string{summary(e, mods, "facts with the entities of this group")}, tips...)
	case "pair":
		label = topPredicates(ds, e.facts, 1)
		if len(e.facts) > 1 {
			label += fmt.Sprintf(" ×%d", len(e.facts))
		}
		width = min(1.0+0.6*float64(len(e.sources)-1), 4)
		tips = append([]string{summary(e, mods, e.polarity+" facts between these two")}, tips...)
	case "more":
		label = moreText(e)
		width = 1.0
		tips = append([]string{summary(e, mods, "facts of weaker relations between these two")}, tips...)
	case "hop":
		label = topPredicates(ds, e.facts, 2)
		if len(e.facts) > 1 {
			label += fmt.Sprintf(" ×%d", len(e.facts))
		}
		width = hopPen
		tips = append([]string{summary(e, mods, "facts on this hop")}, tips...)
	}
	attrs := []string{
		"color=" + quote(st.color),
		"arrowhead=" + st.arrowhead,
		"style=" + quote(modalityDash(e.modality)),
		fmt.Sprintf("penwidth=%.1f", width),
		"tooltip=" + quote(strings.Join(tips, "\n\n")),
		"labeltooltip=" + quote(strings.Join(tips, "\n\n")),
		"id=" + quote(e.elemID()),
		"class=" + quote(edgeClass(e)),
		"URL=" + quote("#fact-"+ids[0]),
	}
	if e.kind == "group" {
		attrs[2] = "style=solid"
	}
	if m.Links != "" {
		attrs[len(attrs)-1] = "URL=" + quote(m.Links+"fact/"+ids[0])
	}
	if e.label && !m.Compact {
		if layout == "neato" {
			attrs = append(attrs, "xlabel="+quote(label))
		} else {
			attrs = append(attrs, "label="+quote(label))
		}
	}
	if e.kind == "relation" && e.predicate.Symmetric || e.kind == "pair" {
		attrs = append(attrs, "dir=both", "arrowtail="+st.arrowhead)
	}
	if e.kind == "pair" && e.polarity != "cooperative" {
		attrs = append(attrs, "arrowhead=none", "arrowtail=none")
	}
	b.line(1, "%s -> %s [%s];", quoteID(e.from), quoteID(e.to), strings.Join(attrs, ", "))
}

// relationText is a relation edge's label: the relation as
// graph.RelationLabel reads it, ×N when it merges N facts, and the year or
// period, after sep.
func relationText(e *drawEdge, sep string) string {
	var first, last graph.Date
	for _, f := range e.facts {
		if w := f.When(); !w.IsZero() {
			if first.IsZero() || w.Compare(first) < 0 {
				first = w
			}
			if u := f.Until(); last.IsZero() || u.Compare(last) > 0 {
				last = u
			}
		}
	}
	label := graph.RelationLabel(e.predicate.Label, e.negated, e.stage)
	if len(e.facts) > 1 {
		label += fmt.Sprintf(" ×%d", len(e.facts))
	}
	if when := shortPeriod(first, last); when != "" {
		label += sep + when
	}
	return label
}

// moreText is the label of a hub's "+k relations" edge.
func moreText(e *drawEdge) string {
	label := fmt.Sprintf("+%d relations", len(relationsOf(e.facts)))
	if len(e.facts) > 1 {
		label += fmt.Sprintf(" ×%d", len(e.facts))
	}
	return label
}

// topPredicates names the n relations most facts state, most first, and
// how many others there are: "cooperates with, engages with +5".
func topPredicates(ds *graph.Dataset, facts []*graph.Fact, n int) string {
	count := map[string]int{}
	var order []string
	for _, f := range facts {
		pl := f.Predicate
		if p := ds.Predicate(f.Predicate); p != nil {
			pl = p.Label
		}
		pl = graph.RelationLabel(pl, f.Negated, f.Stage)
		if count[pl] == 0 {
			order = append(order, pl)
		}
		count[pl]++
	}
	sort.SliceStable(order, func(i, j int) bool { return count[order[i]] > count[order[j]] })
	s := strings.Join(order[:min(len(order), n)], ", ")
	if len(order) > n {
		s += fmt.Sprintf(" +%d", len(order)-n)
	}
	return s
}

// relationsOf lists the distinct relations (predicate, direction,
// negation, stage) among facts.
func relationsOf(facts []*graph.Fact) map[string]bool {
	out := map[string]bool{}
	for _, f := range facts {
		out[strings.Join([]string{f.Subject, f.Predicate, f.Object, fmt.Sprint(f.Negated), f.Stage}, "\x00")] = true
	}
	return out
}

// edgeClass names an edge's kind and styles for the web's script and CSS.
func edgeClass(e *drawEdge) string {
	c := []string{"fact", e.kind, e.polarity, "modality-" + e.modality}
	if e.negated {
		c = append(c, "negated")
	}
	if e.stage != "" {
		c = append(c, "stage-"+e.stage)
	}
	return strings.Join(strings.Fields(strings.Join(c, " ")), " ")
}

// summary is the first line of an aggregate edge's tooltip: what it
// counts, and that its line is the weakest evidence among its facts.
func summary(e *drawEdge, mods map[string]int, what string) string {
	var parts []string
	for _, mod := range graph.Modalities {
		if mods[mod] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", mods[mod], mod))
		}
	}
	if len(e.facts) == 1 {
		what = strings.Replace(what, "facts", "fact", 1)
	}
	s := fmt.Sprintf("%d %s from %s (%s)", len(e.facts), what, graph.Count(len(e.sources), "source"), strings.Join(parts, ", "))
	if len(parts) > 1 && e.kind != "group" {
		s += "; the line is drawn for the weakest, " + e.modality
	}
	return s
}

// factTooltip is the evidence shown on hover: id, source, date and quote.
func factTooltip(ds *graph.Dataset, f *graph.Fact) string {
	src := f.Source
	if s := ds.Source(f.Source); s != nil {
		src = citation.Short(s)
	}
	when := f.Period()
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
	rel := f.Predicate
	if p := ds.Predicate(f.Predicate); p != nil {
		rel = p.Label
	}
	rel = graph.RelationLabel(rel, f.Negated, f.Stage)
	obj := f.Value
	if f.HasObject() {
		obj = entityName(ds, f.Object)
	}
	return fmt.Sprintf("%s: %s %s %s — %s, %s%s: “%s”", f.ID, entityName(ds, f.Subject), rel, obj, src, when, mod, f.Quote)
}

func entityName(ds *graph.Dataset, id string) string {
	if e := ds.Entity(id); e != nil {
		return e.Name
	}
	return id
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

// captionWidth is the length, in characters, past which caption lines
// wrap.
const captionWidth = 110

// htmlLabel builds an HTML-like label: the first line bold and larger.
func htmlLabel(lines []string) string {
	var b strings.Builder
	b.WriteString("<<table border=\"0\" cellborder=\"0\" cellspacing=\"1\">")
	// Long lines are wrapped: browsers draw the text wider than Graphviz's
	// font metrics predict, and the overflow would be clipped.
	var wrapped []string
	for i, l := range lines {
		if i == 0 {
			wrapped = append(wrapped, l)
			continue
		}
		wrapped = append(wrapped, strings.Split(wrap(l, captionWidth), "\n")...)
	}
	lines = wrapped
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
