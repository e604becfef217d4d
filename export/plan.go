package export

import (
	"fmt"
	"sort"
	"strings"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/graph"
)

// A plan is what a map draws, decided before any DOT is written: its nodes
// (entities, "+N" groups, literal values), its edges (facts merged), and
// the counts its caption gives. DOT writes a plan; LegendItems reads the
// same plan, so the legend lists exactly the styles the drawing uses.
type plan struct {
	m      Map
	layout string
	// clusters says whether declared clusters are drawn as boxes: only
	// dot keeps them together, and a path map is about its chain.
	clusters bool
	nodes    []*drawNode // sorted by id
	edges    []*drawEdge // in order of their first fact's id
	caption  []string
}

// drawNode is one node of a map.
type drawNode struct {
	id      string // DOT node id: an entity id, "group:KEY" or "value:FACT"
	kind    string // "entity", "group" or "value"
	entity  *graph.Entity
	label   string
	typ     string // entity type; for a group, its members' type if they share one
	cluster string // the cluster box it is drawn in, if any
	members []*graph.Entity
	key     string // a group's key
	focus   bool   // what the map is about: drawn bold
	end     bool   // an end of a path
}

// elemID is the node's element id in the SVG: node_<entity>, group_<key>
// or value_<fact>.
func (n *drawNode) elemID() string {
	switch n.kind {
	case "group":
		return "group_" + n.key
	case "value":
		return "value_" + strings.TrimPrefix(n.id, "value:")
	}
	return "node_" + n.id
}

// drawEdge is one drawn edge. A relation edge merges facts with the same
// subject, predicate, object, modality, negation and stage, so it never
// mixes line styles. An aggregate edge (to a "+N" group, between backbone
// entities of the overview, or a hop of a path) counts facts of several
// relations and says in its tooltip what it counts.
type drawEdge struct {
	from, to  string // DOT node ids
	predicate *graph.Predicate
	facts     []*graph.Fact
	sources   map[string]bool
	kind      string // "relation", "group", "pair" (overview) or "hop" (path)
	polarity  string
	modality  string // the facts' modality; for aggregates, the weakest
	negated   bool
	stage     string
	label     bool        // draw its label (hub and overview maps label only some edges)
	joint     []*drawEdge // hub maps: edges whose labels this edge's label carries
	more      *drawEdge   // hub maps: the "+k relations" edge whose label it carries
	highlight bool        // a path's hop
}

func (e *drawEdge) elemID() string {
	ids := make([]string, len(e.facts))
	for i, f := range e.facts {
		ids[i] = f.ID
	}
	return "edge_" + strings.Join(ids, "_")
}

// Hub maps: an ego map whose entity has more than HubNeighbours neighbours
// draws its HubKeep strongest neighbours and collapses the others into "+N"
// group nodes, one per cluster or entity type.
const (
	HubNeighbours = 25
	HubKeep       = 16
)

// hubRelations is the number of relations a hub map labels between its
// focus and each drawn neighbour: those with the most sources.
const hubRelations = 3

// strongest keeps, between focus and each neighbour, the hubRelations
// relation edges with the most sources, and merges the others into one
// "more" edge per pair whose tooltip lists them.
func (b *planBuilder) strongest(focus string) {
	byPair := map[string][]*drawEdge{}
	var order []string
	for _, e := range b.p.edges {
		if e.kind != "relation" {
			continue
		}
		other := e.to
		if other == focus {
			other = e.from
		}
		if byPair[other] == nil {
			order = append(order, other)
		}
		byPair[other] = append(byPair[other], e)
	}
	drop := map[*drawEdge]bool{}
	for _, other := range order {
		es := byPair[other]
		sort.SliceStable(es, func(i, j int) bool {
			if len(es[i].sources) != len(es[j].sources) {
				return len(es[i].sources) > len(es[j].sources)
			}
			return len(es[i].facts) > len(es[j].facts)
		})
		if len(es) > hubRelations+1 {
			var more *drawEdge
			for _, e := range es[hubRelations:] {
				drop[e] = true
				for _, f := range e.facts {
					more = b.aggregate("more", f, focus, other, "")
				}
			}
			es = es[:hubRelations]
			es[0].more = more
		}
		// The strongest edge carries the labels of the pair's others.
		es[0].joint = es[1:]
		for _, e := range es[1:] {
			e.label = false
		}
	}
	kept := b.p.edges[:0]
	for _, e := range b.p.edges {
		if !drop[e] {
			kept = append(kept, e)
		}
	}
	b.p.edges = kept
	for _, e := range b.p.edges {
		if e.kind == "more" {
			e.polarity = b.commonPolarity(e.facts)
		}
	}
}

// commonPolarity is the polarity facts share, or neutral when they differ.
func (b *planBuilder) commonPolarity(facts []*graph.Fact) string {
	pol := ""
	for _, f := range facts {
		fp := b.predicate(f.Predicate).Polarity
		if pol == "" {
			pol = fp
		} else if pol != fp {
			return "neutral"
		}
	}
	return pol
}

func (m Map) hubAbove() int {
	if m.HubAbove > 0 {
		return m.HubAbove
	}
	return HubNeighbours
}

func (m Map) hubShow() int {
	if m.HubShow > 0 {
		return m.HubShow
	}
	return HubKeep
}

// groupLinks is the number of links the overview draws from a "+N" group
// to the backbone: its strongest.
const groupLinks = 2

func newPlan(ds *graph.Dataset, m Map) *plan {
	p := &plan{m: m, layout: m.Layout}
	if p.layout == "" {
		p.layout = "dot"
	}
	p.clusters = p.layout == "dot" && m.Hops == nil
	facts := append([]*graph.Fact(nil), m.Facts...)
	sort.SliceStable(facts, func(i, j int) bool { return facts[i].ID < facts[j].ID })
	b := &planBuilder{p: p, ds: ds, nodes: map[string]*drawNode{}, edges: map[string]*drawEdge{}}
	switch {
	case m.Hops != nil:
		b.path(facts)
	case m.Backbone > 0:
		b.backbone(facts)
	case m.Focus != "" && len(neighbours(facts, m.Focus)) > m.hubAbove():
		b.hub(facts)
	default:
		b.plain(facts)
	}
	for _, n := range b.nodes {
		p.nodes = append(p.nodes, n)
		if n.kind == "entity" && n.id == m.Focus {
			n.focus = true
		}
	}
	sort.Slice(p.nodes, func(i, j int) bool { return p.nodes[i].id < p.nodes[j].id })
	return p
}

type planBuilder struct {
	p     *plan
	ds    *graph.Dataset
	nodes map[string]*drawNode
	edges map[string]*drawEdge
}

func (b *planBuilder) entity(id string) *drawNode {
	if n := b.nodes[id]; n != nil {
		return n
	}
	n := &drawNode{id: id, kind: "entity", label: id}
	if e := b.ds.Entity(id); e != nil {
		n.entity, n.label, n.typ, n.cluster = e, e.Name, e.Type, e.Cluster
	}
	b.nodes[id] = n
	return n
}

func (b *planBuilder) value(f *graph.Fact) string {
	id := valueNodeID(f)
	label := truncate(f.Value, 38)
	if f.Amount != nil {
		label += "\n" + graph.FormatAmount(*f.Amount) + " " + f.Unit
	}
	b.nodes[id] = &drawNode{id: id, kind: "value", label: label}
	return id
}

func (b *planBuilder) predicate(id string) *graph.Predicate {
	if p := b.ds.Predicate(id); p != nil {
		return p
	}
	return &graph.Predicate{ID: id, Label: id, Polarity: "neutral"}
}

// relation adds f to the edge of its relation from..to.
func (b *planBuilder) relation(f *graph.Fact, from, to string, label bool) *drawEdge {
	key := strings.Join([]string{"r", from, f.Predicate, to, f.Modality, fmt.Sprint(f.Negated), f.Stage}, "\x00")
	e := b.edges[key]
	if e == nil {
		pr := b.predicate(f.Predicate)
		e = &drawEdge{from: from, to: to, predicate: pr, sources: map[string]bool{}, kind: "relation",
			polarity: pr.Polarity, modality: f.Modality, negated: f.Negated, stage: f.Stage, label: label}
		b.edges[key] = e
		b.p.edges = append(b.p.edges, e)
	}
	e.facts = append(e.facts, f)
	e.sources[f.Source] = true
	return e
}

// aggregate adds f to the edge of kind between from and to (one per
// unordered pair and polarity for "pair"; one per pair for the others).
func (b *planBuilder) aggregate(kind string, f *graph.Fact, from, to, polarity string) *drawEdge {
	a, z := from, to
	if kind != "hop" && a > z {
		a, z = z, a
	}
	key := strings.Join([]string{kind, a, z, polarity}, "\x00")
	e := b.edges[key]
	if e == nil {
		e = &drawEdge{from: from, to: to, sources: map[string]bool{}, kind: kind, polarity: polarity, modality: f.Modality}
		b.edges[key] = e
		b.p.edges = append(b.p.edges, e)
	}
	e.facts = append(e.facts, f)
	e.sources[f.Source] = true
	if modalityRank(f.Modality) > modalityRank(e.modality) {
		e.modality = f.Modality
	}
	return e
}

// plain draws every fact: theme maps, small ego maps.
func (b *planBuilder) plain(facts []*graph.Fact) {
	for _, f := range facts {
		if b.p.m.Compact && !f.HasObject() {
			continue
		}
		b.entity(f.Subject)
		to := f.Object
		if f.HasObject() {
			b.entity(f.Object)
		} else {
			to = b.value(f)
		}
		b.relation(f, f.Subject, to, !b.p.m.Compact)
	}
	b.p.caption = b.captionPlain(facts)
}

// neighbours lists the entities other than focus that facts link.
func neighbours(facts []*graph.Fact, focus string) map[string]bool {
	out := map[string]bool{}
	for _, f := range facts {
		for _, id := range []string{f.Subject, f.Object} {
			if id != "" && id != focus {
				out[id] = true
			}
		}
	}
	return out
}

// evidence scores entities by evidence-weighted degree: for every relation
// (subject, predicate, object) an entity takes part in, the number of
// distinct sources stating it. only, when set, counts only relations with
// that entity.
func evidence(facts []*graph.Fact, only string) map[string]int {
	srcs := map[string]map[string]bool{}
	for _, f := range facts {
		if !f.HasObject() || (only != "" && f.Subject != only && f.Object != only) {
			continue
		}
		k := f.Subject + "\x00" + f.Predicate + "\x00" + f.Object
		if srcs[k] == nil {
			srcs[k] = map[string]bool{}
		}
		srcs[k][f.Source] = true
	}
	score := map[string]int{}
	for k, s := range srcs {
		parts := strings.Split(k, "\x00")
		score[parts[0]] += len(s)
		score[parts[2]] += len(s)
	}
	return score
}

// rank orders ids by score, most first, then by id.
func rank(ids map[string]bool, score map[string]int) []string {
	var out []string
	for id := range ids {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool {
		if score[out[i]] != score[out[j]] {
			return score[out[i]] > score[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// groupKey is the "+N" group an entity collapses into: its cluster, or
// else its type.
func groupKey(e *graph.Entity, id string) string {
	if e == nil {
		return "type-unknown"
	}
	if e.Cluster != "" {
		return "cluster-" + e.Cluster
	}
	return "type-" + e.Type
}

// group returns the "+N" node of key, adding member.
func (b *planBuilder) group(key string, member *graph.Entity) *drawNode {
	id := "group:" + key
	n := b.nodes[id]
	if n == nil {
		n = &drawNode{id: id, kind: "group", key: key}
		if member != nil {
			n.typ = member.Type
		}
		b.nodes[id] = n
	}
	if member != nil {
		if member.Type != n.typ {
			n.typ = ""
		}
		for _, m := range n.members {
			if m.ID == member.ID {
				return n
			}
		}
		n.members = append(n.members, member)
	}
	return n
}

// finishGroups labels group nodes "+N <what>" once their members are known.
func (b *planBuilder) finishGroups() {
	for _, n := range b.nodes {
		if n.kind != "group" {
			continue
		}
		sort.Slice(n.members, func(i, j int) bool { return n.members[i].Name < n.members[j].Name })
		what := ""
		if c, ok := strings.CutPrefix(n.key, "cluster-"); ok {
			what = c
			if cl := b.ds.Cluster(c); cl != nil {
				what = cl.Title
			}
			what = "more in " + what
		} else {
			what = typePlural(strings.TrimPrefix(n.key, "type-"), len(n.members))
		}
		n.label = fmt.Sprintf("+%d %s", len(n.members), what)
	}
}

// typePlural names n entities of type t: "people", "armed groups".
func typePlural(t string, n int) string { return graph.Plural(n, strings.ReplaceAll(t, "-", " ")) }

// hub draws an ego map of a hub: the focus, its HubKeep strongest
// neighbours (and every member of an expanded group) with their relations
// labelled, and the other neighbours as "+N" groups.
func (b *planBuilder) hub(facts []*graph.Fact) {
	m := b.p.m
	focus := m.Focus
	score := evidence(facts, focus)
	nb := neighbours(facts, focus)
	ranked := rank(nb, score)
	expanded := map[string]bool{}
	for _, k := range m.Expand {
		expanded[k] = true
	}
	visible := map[string]bool{focus: true}
	grouped := map[string]string{} // entity -> group key
	for i, id := range ranked {
		e := b.ds.Entity(id)
		key := groupKey(e, id)
		if i < m.hubShow() || expanded[key] {
			visible[id] = true
			continue
		}
		grouped[id] = key
	}
	b.entity(focus)
	var direct, among, toGroups, dropped, values int
	for _, f := range facts {
		if !f.HasObject() {
			values++
			continue
		}
		s, o := f.Subject, f.Object
		switch {
		case visible[s] && visible[o]:
			b.entity(s)
			b.entity(o)
			if s == focus || o == focus {
				b.relation(f, s, o, true)
				direct++
			} else {
				// Relations among the neighbours: one unlabelled edge per
				// pair and polarity; the focus's relations carry the labels.
				b.aggregate("pair", f, s, o, b.predicate(f.Predicate).Polarity)
				among++
			}
		case s == focus || o == focus:
			other := o
			if o == focus {
				other = s
			}
			g := b.group(grouped[other], b.ds.Entity(other))
			b.aggregate("group", f, focus, g.id, "")
			toGroups++
		default:
			dropped++
		}
	}
	b.strongest(focus)
	// A grouped neighbour reached only through facts left out still counts
	// in its group, so the groups add up to the neighbours.
	for id, key := range grouped {
		b.group(key, b.ds.Entity(id))
	}
	b.finishGroups()
	name := focus
	if e := b.ds.Entity(focus); e != nil {
		name = e.Name
	}
	lines := []string{m.Title}
	drawn := direct + among
	info := fmt.Sprintf("%d facts; %d neighbours: the %d with the most sources drawn, %d in +N groups", len(facts), len(nb), len(visible)-1, len(grouped))
	lines = append(lines, info)
	lines = append(lines, fmt.Sprintf("Drawn: %d facts: %d of %s with a drawn neighbour, %d among those neighbours (one edge per pair)", drawn, direct, name, among),
		fmt.Sprintf("Labelled: the %d relations of %s with each neighbour stated by the most sources; its others on one \"+k relations\" edge", hubRelations, name))
	var rest []string
	if toGroups > 0 {
		rest = append(rest, fmt.Sprintf("%d facts of %s with grouped neighbours counted on the +N edges", toGroups, name))
	}
	if dropped > 0 {
		rest = append(rest, fmt.Sprintf("%d facts among grouped neighbours not drawn", dropped))
	}
	if values > 0 {
		rest = append(rest, fmt.Sprintf("%d facts with a literal value not drawn", values))
	}
	if len(rest) > 0 {
		lines = append(lines, strings.Join(rest, "; "))
	}
	lines = append(lines, b.cardLine(name, direct+toGroups))
	b.p.caption = append(lines, b.sourcesLine(facts, true)...)
}

// cardLine reconciles an ego map with its entity's card, which counts
// every fact with the entity as subject or object, literal values
// included; linked is the number of those on the map.
func (b *planBuilder) cardLine(name string, linked int) string {
	if n := b.p.m.CardFacts; n > 0 {
		return fmt.Sprintf("%s's card lists %d facts: the %d linking it to another entity are counted here; the other %d have a literal value (an office, a statement, an amount) and are not drawn", name, n, linked, n-linked)
	}
	return "Facts with a literal value (offices, statements) are on the entity's card, not on its map"
}

// backbone draws the overview: the m.Backbone entities with the highest
// evidence-weighted degree, edges between them aggregated per pair and
// polarity, and the other entities collapsed into "+N" nodes per cluster
// or type, linked to the backbone by counted edges.
func (b *planBuilder) backbone(facts []*graph.Fact) {
	m := b.p.m
	var rel []*graph.Fact
	values := 0
	for _, f := range facts {
		if f.HasObject() {
			rel = append(rel, f)
		} else {
			values++
		}
	}
	score := evidence(rel, "")
	all := map[string]bool{}
	for _, f := range rel {
		all[f.Subject], all[f.Object] = true, true
	}
	ranked := rank(all, score)
	core := map[string]bool{}
	for i, id := range ranked {
		if i < m.Backbone {
			core[id] = true
		}
	}
	var between, toGroups, unlinked, dropped int
	for _, f := range rel {
		s, o := f.Subject, f.Object
		switch {
		case core[s] && core[o]:
			b.entity(s)
			b.entity(o)
			b.aggregate("pair", f, s, o, b.predicate(f.Predicate).Polarity)
			between++
		case m.Thumbnail:
			dropped++
		case core[s] || core[o]:
			in, out := s, o
			if !core[s] {
				in, out = o, s
			}
			e := b.ds.Entity(out)
			g := b.group(groupKey(e, out), e)
			b.entity(in)
			b.aggregate("group", f, in, g.id, "")
			toGroups++
		default:
			dropped++
		}
	}
	// Each group keeps its groupLinks strongest links to the backbone, so
	// the periphery does not become a hairball of its own.
	byGroup := map[string][]*drawEdge{}
	for _, e := range b.p.edges {
		if e.kind == "group" {
			byGroup[e.to] = append(byGroup[e.to], e)
		}
	}
	weak := map[*drawEdge]bool{}
	for _, es := range byGroup {
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].facts) > len(es[j].facts) })
		for _, e := range es[min(len(es), groupLinks):] {
			weak[e] = true
			toGroups -= len(e.facts)
			unlinked += len(e.facts)
		}
	}
	kept := b.p.edges[:0]
	for _, e := range b.p.edges {
		if !weak[e] {
			kept = append(kept, e)
		}
	}
	b.p.edges = kept
	for _, id := range ranked {
		if !core[id] && !m.Thumbnail {
			e := b.ds.Entity(id)
			b.group(groupKey(e, id), e)
		}
	}
	b.finishGroups()
	// The strongest pairs carry a label with their count.
	var pairs []*drawEdge
	for _, e := range b.p.edges {
		if e.kind == "pair" {
			pairs = append(pairs, e)
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return len(pairs[i].sources) > len(pairs[j].sources) })
	for i, e := range pairs {
		e.label = i < 15 && !m.Thumbnail
	}
	core0 := len(core)
	lines := []string{m.Title}
	lines = append(lines, fmt.Sprintf("The %d of %d entities with the most evidence (sources per relation); the other %d in +N groups by cluster or type", core0, len(all), len(all)-core0))
	lines = append(lines, fmt.Sprintf("%d of %d facts drawn: %d among these entities, one edge per pair and polarity; %d with grouped entities on the +N edges", between+toGroups, len(facts), between, toGroups))
	var rest []string
	if unlinked > 0 {
		rest = append(rest, fmt.Sprintf("%d facts on weaker links to +N groups not drawn", unlinked))
	}
	if dropped > 0 {
		rest = append(rest, fmt.Sprintf("%d facts among grouped entities not drawn", dropped))
	}
	if values > 0 {
		rest = append(rest, fmt.Sprintf("%d facts with a literal value not drawn", values))
	}
	if len(rest) > 0 {
		lines = append(lines, strings.Join(rest, "; "))
	}
	b.p.caption = append(lines, b.sourcesLine(facts, true)...)
}

// path draws a path's hops: one edge per hop and direction, the ends
// marked.
func (b *planBuilder) path(all []*graph.Fact) {
	m := b.p.m
	n := 0
	seen := map[string]bool{}
	var facts []*graph.Fact
	for _, h := range m.Hops {
		b.entity(h.From)
		b.entity(h.To)
		for _, f := range h.Facts {
			from, to := h.From, h.To
			if f.Subject == h.To {
				from, to = h.To, h.From
			}
			e := b.aggregate("hop", f, from, to, "")
			e.highlight, e.label = true, true
			n++
			if !seen[f.ID] {
				seen[f.ID] = true
				facts = append(facts, f)
			}
		}
	}
	for _, id := range m.Ends {
		if nd := b.nodes[id]; nd != nil {
			nd.end = true
		}
	}
	// Polarity of a hop edge: its facts' if they agree, else neutral.
	for _, e := range b.p.edges {
		e.polarity = b.commonPolarity(e.facts)
	}
	lines := []string{m.Title}
	lines = append(lines, fmt.Sprintf("%d hops between %d entities, %d facts; one edge per hop and direction, its line the weakest evidence among its facts", len(b.p.edges), len(b.nodes), len(facts)))
	b.p.caption = append(lines, b.sourcesLine(facts, true)...)
}

func (b *planBuilder) captionPlain(facts []*graph.Fact) []string {
	m := b.p.m
	lines := []string{m.Title}
	drawn := 0
	for _, f := range facts {
		if !m.Compact || f.HasObject() {
			drawn++
		}
	}
	srcs := b.sources(facts)
	info := fmt.Sprintf("%d facts from %s", len(facts), graph.Count(len(srcs), "source"))
	if drawn < len(facts) {
		info = fmt.Sprintf("%d of %d facts drawn: %d facts with a literal value are not drawn", drawn, len(facts), len(facts)-drawn)
	}
	direct := 0
	name := m.Focus
	if m.Focus != "" {
		for _, f := range facts {
			if f.HasObject() && (f.Subject == m.Focus || f.Object == m.Focus) {
				direct++
			}
		}
		if e := b.ds.Entity(m.Focus); e != nil {
			name = e.Name
		}
		info += fmt.Sprintf(": %d of %s with a neighbour, %d among the neighbours", direct, name, drawn-direct)
	}
	if !m.AsOf.IsZero() {
		info += " · as of " + m.AsOf.String()
	}
	lines = append(lines, info)
	if m.Focus != "" {
		lines = append(lines, b.cardLine(name, direct))
	}
	return append(lines, b.sourcesLine(facts, false)...)
}

func (b *planBuilder) sources(facts []*graph.Fact) []string {
	srcs := map[string]bool{}
	for _, f := range facts {
		srcs[f.Source] = true
	}
	var cites []string
	for _, s := range b.ds.Sources {
		if srcs[s.ID] {
			cites = append(cites, citation.Short(s))
		}
	}
	return cites
}

// sourcesLine cites the sources of facts, after the as-of date when asOf.
func (b *planBuilder) sourcesLine(facts []*graph.Fact, asOf bool) []string {
	var out []string
	if m := b.p.m; asOf && !m.AsOf.IsZero() {
		out = append(out, "As of "+m.AsOf.String())
	}
	if cites := b.sources(facts); len(cites) > 0 {
		out = append(out, "Sources: "+strings.Join(cites, "; "))
	}
	return out
}
