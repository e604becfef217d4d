package queries

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

// DefaultMaxVisited bounds the graph searches of Paths and Neighbors: how
// many entities a search may visit before it gives up, so that a question
// about two unrelated entities in a large graph still returns at once.
const DefaultMaxVisited = 20000

// Step is one relation between the two entities of a hop, in its true
// direction, with every fact that states it.
//
// Text reads the relation along the walk from the hop's From to its To:
// "A —part of→ B" when the facts say A part of B, "A ←part of— B" when they
// say B part of A. A symmetric predicate holds both ways and always reads
// forward.
type Step struct {
	Subject   Ref          `json:"subject"`
	Predicate PredicateRef `json:"predicate"`
	Object    Ref          `json:"object"`
	Forward   bool         `json:"forward"` // the facts' subject is the hop's From (or the predicate is symmetric)
	Text      string       `json:"text"`
	Sources   []string     `json:"sources"`
	Facts     []FactView   `json:"facts"`
}

// Hop is one link of a chain: two adjacent entities and every relation
// between them that passed the filter (parallel facts merged).
type Hop struct {
	From      Ref    `json:"from"`
	To        Ref    `json:"to"`
	Relations []Step `json:"relations"`
}

// Graph is the undirected entity graph of a dataset, indexed once for
// many path and neighbourhood questions: its edges are the entity-object
// facts (value facts are not edges), parallel facts between two entities
// forming one edge. Filters apply per question, as the search meets edges.
//
// A Graph built by NewGraph holds the whole dataset, is read-only and safe
// for concurrent use. A Graph from Reader.Graph reads the store as
// searches reach it: an entity's edges when a search first steps on it
// (one index lookup, no fact details), a fact's details only when a filter
// must judge it or an answer prints it. Such a Graph is for one goroutine.
type Graph struct {
	ds    *graph.Dataset
	ids   []string
	index map[string]int32
	adj   [][]arc         // per entity, by neighbour id
	edges [][]*graph.Fact // per edge, by fact id

	// For a Graph over a store:
	src     *Reader
	ctx     context.Context
	loaded  []bool           // per entity: its edges have been read
	hub     map[int32]bool   // entities with more than probeCap edge quads, not read
	pending [][]string       // per edge: ids of facts not read yet
	edgeOf  map[uint64]int32 // edgeKey of its ends → edge
	spare   []arc            // unused room for the first arc of entities met
	degs    map[int32]int    // degrees read from the adjacency index
	placed  map[string]bool  // facts put on an edge
	err     error            // the first store error met
}

// arc is one end of an edge as seen from an entity.
type arc struct{ to, edge int32 }

// edgeKey names the unordered pair of entities a and b.
func edgeKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(uint32(b))
}

// pairKey names an unordered pair of entity ids.
type pairKey struct{ a, b string }

func pairOf(x, y string) pairKey {
	if x > y {
		x, y = y, x
	}
	return pairKey{x, y}
}

// NewGraph indexes the entity graph of ds. Negated facts are not edges:
// "A does not cooperate with B" links nothing (see NewGraphWithNegated).
func NewGraph(ds *graph.Dataset) *Graph { return newGraph(ds, false) }

// NewGraphWithNegated indexes the entity graph of ds with negated facts as
// edges too, for `path --include-negated`.
func NewGraphWithNegated(ds *graph.Dataset) *Graph { return newGraph(ds, true) }

func newGraph(ds *graph.Dataset, negated bool) *Graph {
	g := &Graph{ds: ds, index: map[string]int32{}, edgeOf: map[uint64]int32{}}
	for _, e := range ds.Entities {
		g.node(e.ID)
	}
	for _, f := range ds.Facts {
		if !f.HasObject() || f.Object == f.Subject || (f.Negated && !negated) {
			continue
		}
		e := g.link(f.Subject, f.Object)
		g.edges[e] = append(g.edges[e], f)
	}
	for _, as := range g.adj {
		g.sortArcs(as)
	}
	return g
}

// graph returns the entity graph of the store; with negated, negated facts
// are edges too. Negated facts have no edge quad, so neither Cayley's
// indexes nor the adjacency index lead to them: such a graph is read whole.
func (r *Reader) graph(ctx context.Context, negated bool) (*Graph, error) {
	if negated {
		ds, err := r.All(ctx)
		if err != nil {
			return nil, err
		}
		return NewGraphWithNegated(ds), nil
	}
	if r.small(ctx) && !r.indexed() {
		if _, err := r.All(ctx); err != nil {
			return nil, err
		}
	}
	if r.whole {
		return NewGraph(r.ds), nil
	}
	return &Graph{ds: r.ds, index: map[string]int32{}, edgeOf: map[uint64]int32{},
		src: r, ctx: ctx, placed: map[string]bool{}, hub: map[int32]bool{}, degs: map[int32]int{}}, nil
}

// reserve makes room for n more entities and edges.
func (g *Graph) reserve(n int) {
	g.ids = slices.Grow(g.ids, n)
	g.adj = slices.Grow(g.adj, n)
	g.edges = slices.Grow(g.edges, n)
	if g.src != nil {
		g.loaded = slices.Grow(g.loaded, n)
		g.pending = slices.Grow(g.pending, n)
	}
}

// node returns the index of entity id, adding it when new.
func (g *Graph) node(id string) int32 {
	i, ok := g.index[id]
	if !ok {
		i = int32(len(g.ids))
		g.index[id] = i
		g.ids = append(g.ids, id)
		g.adj = append(g.adj, nil)
		if g.src != nil {
			g.loaded = append(g.loaded, false)
		}
	}
	return i
}

// link returns the edge between entities x and y, adding it when new.
func (g *Graph) link(x, y string) int32 {
	a, b := g.node(x), g.node(y)
	if e, ok := g.edgeOf[edgeKey(a, b)]; ok {
		return e
	}
	return g.newEdge(a, b)
}

// newEdge adds an edge between entities a and b, which have none.
func (g *Graph) newEdge(a, b int32) int32 {
	e := int32(len(g.edges))
	g.edgeOf[edgeKey(a, b)] = e
	g.edges = append(g.edges, nil)
	if g.src != nil {
		g.pending = append(g.pending, nil)
	}
	g.addArc(a, arc{b, e})
	g.addArc(b, arc{a, e})
	return e
}

// addArc appends x to the arcs of entity u. An entity's first arc comes
// out of a shared block: loading a hub meets thousands of entities that
// each get one arc back to it, and most never get another.
func (g *Graph) addArc(u int32, x arc) {
	if g.adj[u] != nil {
		g.adj[u] = append(g.adj[u], x)
		return
	}
	if len(g.spare) == 0 {
		g.spare = make([]arc, 1024)
	}
	g.adj[u] = g.spare[:1:1] // a second arc moves it out of the block
	g.adj[u][0] = x
	g.spare = g.spare[1:]
}

func (g *Graph) sortArcs(as []arc) {
	slices.SortFunc(as, func(x, y arc) int { return strings.Compare(g.ids[x.to], g.ids[y.to]) })
}

// arcs returns the edges of entity u, reading them from the store first
// when the graph has not seen them yet.
func (g *Graph) arcs(u int32) []arc {
	if g.src != nil && !g.loaded[u] {
		g.load(u, 0)
	}
	return g.adj[u]
}

// degree is the number of edges of entity u; for an entity whose edges
// the graph has not read and that has more than probeCap edge quads,
// hubCost, without reading them. With an adjacency index the degree is
// exact, and read without reading the edges.
func (g *Graph) degree(u int32) int {
	if g.src == nil || g.loaded[u] {
		return len(g.adj[u])
	}
	if g.src.adj != nil {
		if d, ok := g.degs[u]; ok {
			return d
		}
		if g.src.deg == nil {
			g.load(u, 0)
			return len(g.adj[u])
		}
		d, err := g.src.deg(g.ctx, g.ids[u])
		if err != nil && g.err == nil {
			g.err = err
		}
		g.degs[u] = d
		return d
	}
	if g.hub[u] || !g.load(u, probeCap) {
		g.hub[u] = true
		return hubCost
	}
	return len(g.adj[u])
}

// load reads the facts linking entity u to other entities, their ids and
// ends only, from the edge quads; with max > 0, only when there are no
// more than max quads to read (it reports whether it read them).
func (g *Graph) load(u int32, max int) bool {
	if g.src.adj != nil {
		g.loadIndexed(u)
		return true
	}
	if max <= 0 {
		max = math.MaxInt
	}
	iri := graph.EntityIRI(g.ids[u])
	var all []quad.Quad
	for _, dir := range []quad.Direction{quad.Subject, quad.Object} {
		quads, complete, err := g.src.src.QuadsUpTo(g.ctx, dir, iri, max-len(all))
		if err != nil {
			if g.err == nil {
				g.err = err
			}
			g.loaded[u] = true // the error ends the search; do not read again
			return true
		}
		if !complete {
			return false
		}
		all = append(all, quads...)
	}
	g.loaded[u] = true
	for _, q := range all {
		label, _ := q.Label.(quad.IRI)
		fact, ok := graph.TrimPrefix(label, "fact:")
		if !ok || q.Subject == label || g.placed[fact] {
			continue // not an edge quad, or an edge met from its other end
		}
		s, _ := q.Subject.(quad.IRI)
		o, isEntity := q.Object.(quad.IRI)
		if !isEntity || s == o {
			continue // a value fact, or a fact about one entity
		}
		g.placed[fact] = true
		e := g.link(string(s), string(o))
		g.pending[e] = append(g.pending[e], fact)
	}
	g.sortArcs(g.adj[u])
	return true
}

// loadIndexed reads entity u's edges from the adjacency index, which
// lists the other entities in id order.
func (g *Graph) loadIndexed(u int32) {
	g.loaded[u] = true
	others, facts, err := g.src.adj(g.ctx, g.ids[u])
	if err != nil {
		if g.err == nil {
			g.err = err
		}
		return
	}
	// The edges to entities loaded before came with their own lists.
	before := len(g.adj[u])
	g.reserve(len(others))
	g.adj[u] = slices.Grow(g.adj[u], len(others))
	for i, o := range others {
		v := g.node(o)
		if v == u || g.loaded[v] {
			continue
		}
		e := g.newEdge(u, v)
		g.pending[e] = facts[i]
	}
	if before > 0 {
		g.sortArcs(g.adj[u])
	}
}

// edgeFacts returns the facts of edge e, reading the ones not read yet.
func (g *Graph) edgeFacts(e int32) []*graph.Fact {
	if g.src == nil || len(g.pending[e]) == 0 {
		return g.edges[e]
	}
	g.readFacts([]int32{e})
	return g.edges[e]
}

// readFacts reads the facts not read yet of edges es, in one batch.
func (g *Graph) readFacts(es []int32) {
	var ids []string
	for _, e := range es {
		ids = append(ids, g.pending[e]...)
	}
	if len(ids) == 0 {
		return
	}
	if err := g.src.Facts(g.ctx, ids); err != nil && g.err == nil {
		g.err = err
	}
	for _, e := range es {
		for _, id := range g.pending[e] {
			if f := g.ds.Fact(id); f != nil {
				g.edges[e] = append(g.edges[e], f)
			}
		}
		g.pending[e] = nil
		sort.Slice(g.edges[e], func(i, j int) bool { return g.edges[e][i].ID < g.edges[e][j].ID })
	}
}

// prefetch reads, in one batch each, the entities of walks and the facts
// of their edges, before answers print them: a store answers a batch of
// lookups in little more time than one.
func (g *Graph) prefetch(walks [][]int32) {
	if g.src == nil {
		return
	}
	var nodes, es []int32
	for _, w := range walks {
		nodes = append(nodes, w...)
		for i := 1; i < len(w); i++ {
			if e := g.edge(w[i-1], w[i]); e >= 0 && len(g.pending[e]) > 0 {
				es = append(es, e)
			}
		}
	}
	slices.Sort(es)
	g.need(nodes)
	g.readFacts(slices.Compact(es))
}

// entity returns entity id, reading it from the store when needed; nil
// when there is none.
func (g *Graph) entity(id string) *graph.Entity {
	if e := g.ds.Entity(id); e != nil || g.src == nil {
		return e
	}
	e, err := g.src.Entity(g.ctx, id)
	if err != nil && g.err == nil {
		g.err = err
	}
	return e
}

// need reads the entities at these indexes that the graph has not read,
// before an answer names them.
func (g *Graph) need(nodes []int32) {
	if g.src == nil {
		return
	}
	var iris []quad.IRI
	for _, n := range nodes {
		if g.ds.Entity(g.ids[n]) == nil {
			iris = append(iris, graph.EntityIRI(g.ids[n]))
		}
	}
	if err := g.src.entities(g.ctx, iris); err != nil && g.err == nil {
		g.err = err
	}
}

// view is the graph as one question's filter sees it: an edge is usable
// when one of its facts passes. Edges are checked once, when first met.
type view struct {
	*Graph
	flt   Filter
	open  bool   // no filter: every edge is usable
	state []int8 // per edge: 0 unchecked, 1 usable, 2 filtered out
}

func (g *Graph) view(flt Filter) *view {
	return &view{Graph: g, flt: flt, open: len(flt.settings()) == 0}
}

func (v *view) usable(e int32) bool {
	if v.open {
		return true
	}
	for int(e) >= len(v.state) {
		v.state = append(v.state, 0)
	}
	switch v.state[e] {
	case 1:
		return true
	case 2:
		return false
	}
	v.state[e] = 2
	for _, f := range v.edgeFacts(e) {
		if v.flt.Match(v.ds, f) {
			v.state[e] = 1
			return true
		}
	}
	return false
}

// facts lists the facts of edge e passing the filter.
func (v *view) facts(e int32) []*graph.Fact {
	var out []*graph.Fact
	for _, f := range v.edgeFacts(e) {
		if v.open || v.flt.Match(v.ds, f) {
			out = append(out, f)
		}
	}
	return out
}

// edge finds the edge between entities a and b, or -1.
func (g *Graph) edge(a, b int32) int32 {
	if e, ok := g.edgeOf[edgeKey(a, b)]; ok {
		return e
	}
	return -1
}

// hop describes the link from → to with its relations, most sources first.
func (v *view) hop(a, b int32) Hop {
	n, from, to := v, v.ids[a], v.ids[b]
	h := Hop{From: EntityRef(n.ds, from), To: EntityRef(n.ds, to), Relations: []Step{}}
	fs := v.facts(v.edge(a, b))
	SortFacts(fs)
	idx := map[string]int{}
	for _, f := range fs {
		p := n.ds.Predicate(f.Predicate)
		sym := p != nil && p.Symmetric
		subj, obj := f.Subject, f.Object
		if sym && subj != from {
			subj, obj = obj, subj
		}
		key := f.Predicate + "\x00" + subj
		i, ok := idx[key]
		if !ok {
			v := ViewFact(n.ds, f)
			st := Step{Subject: EntityRef(n.ds, subj), Predicate: v.Predicate, Object: EntityRef(n.ds, obj),
				Forward: subj == from, Sources: []string{}, Facts: []FactView{}}
			st.Text = stepText(h.From.Name, h.To.Name, v.Relation(), st.Forward)
			i = len(h.Relations)
			idx[key] = i
			h.Relations = append(h.Relations, st)
		}
		st := &h.Relations[i]
		st.Facts = append(st.Facts, ViewFact(n.ds, f))
		if !contains(st.Sources, f.Source) {
			st.Sources = append(st.Sources, f.Source)
		}
	}
	for i := range h.Relations {
		sort.Strings(h.Relations[i].Sources)
	}
	sort.SliceStable(h.Relations, func(i, j int) bool {
		a, b := h.Relations[i], h.Relations[j]
		if len(a.Sources) != len(b.Sources) {
			return len(a.Sources) > len(b.Sources)
		}
		if a.Forward != b.Forward {
			return a.Forward
		}
		return a.Predicate.Label < b.Predicate.Label
	})
	return h
}

// stepText writes a relation read along a walk from → to: forward
// "From —label→ To", backward "From ←label— To".
func stepText(from, to, label string, forward bool) string {
	if forward {
		return fmt.Sprintf("%s —%s→ %s", from, label, to)
	}
	return fmt.Sprintf("%s ←%s— %s", from, label, to)
}
