package queries

import (
	"context"
	"fmt"
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

// entityGraph is the undirected entity graph a path or neighbourhood
// search walks: its edges are the entity-object facts (value facts are not
// edges), parallel facts between two entities forming one edge. Filters
// apply per question, as the search meets edges.
//
// It reads its Source as searches reach it: an entity's edges when a
// search first steps on it (Source.Edges, no fact details), a fact's
// details only when a filter must judge it or an answer prints it. It
// serves one question, in one goroutine.
type entityGraph struct {
	ds    *graph.Dataset // what has been read of the source
	ids   []string
	index map[string]int32
	adj   [][]arc         // per entity, by neighbour id
	edges [][]*graph.Fact // per edge, by fact id

	src     Source
	ctx     context.Context
	loaded  []bool           // per entity: its edges have been read
	hub     map[int32]bool   // entities with more than probeCap edge quads, not read
	pending [][]string       // per edge: ids of facts not read yet
	edgeOf  map[uint64]int32 // edgeKey of its ends → edge
	spare   []arc            // unused room for the first arc of entities met
	degs    map[int32]int    // degrees the source told without reading edges
	err     error            // the first error met
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

// graph returns the entity graph of the Reader's source; with negated,
// negated facts are edges too. Negated facts have no edge quad, so a
// store's indexes never lead to them: such a graph reads the source whole.
func (r *Reader) graph(ctx context.Context, negated bool) (*entityGraph, error) {
	src := r.src
	if negated {
		ds, err := r.src.All(ctx)
		if err != nil {
			return nil, err
		}
		src = newMemory(ds, true)
	}
	ds, err := src.Read(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &entityGraph{ds: ds, index: map[string]int32{}, edgeOf: map[uint64]int32{},
		src: src, ctx: ctx, hub: map[int32]bool{}, degs: map[int32]int{}}, nil
}

// reserve makes room for n more entities and edges.
func (g *entityGraph) reserve(n int) {
	g.ids = slices.Grow(g.ids, n)
	g.adj = slices.Grow(g.adj, n)
	g.edges = slices.Grow(g.edges, n)
	g.loaded = slices.Grow(g.loaded, n)
	g.pending = slices.Grow(g.pending, n)
}

// node returns the index of entity id, adding it when new.
func (g *entityGraph) node(id string) int32 {
	i, ok := g.index[id]
	if !ok {
		i = int32(len(g.ids))
		g.index[id] = i
		g.ids = append(g.ids, id)
		g.adj = append(g.adj, nil)
		g.loaded = append(g.loaded, false)
	}
	return i
}

// newEdge adds an edge between entities a and b, which have none.
func (g *entityGraph) newEdge(a, b int32) int32 {
	e := int32(len(g.edges))
	g.edgeOf[edgeKey(a, b)] = e
	g.edges = append(g.edges, nil)
	g.pending = append(g.pending, nil)
	g.addArc(a, arc{b, e})
	g.addArc(b, arc{a, e})
	return e
}

// addArc appends x to the arcs of entity u. An entity's first arc comes
// out of a shared block: loading a hub meets thousands of entities that
// each get one arc back to it, and most never get another.
func (g *entityGraph) addArc(u int32, x arc) {
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

func (g *entityGraph) sortArcs(as []arc) {
	slices.SortFunc(as, func(x, y arc) int { return strings.Compare(g.ids[x.to], g.ids[y.to]) })
}

// arcs returns the edges of entity u, reading them from the source first
// when the graph has not seen them yet.
func (g *entityGraph) arcs(u int32) []arc {
	if !g.loaded[u] {
		g.load(u, 0)
	}
	return g.adj[u]
}

// degree is the number of edges of entity u: exact when the graph has
// read them or the source can tell without reading them (an adjacency
// index, a dataset in memory); else, for an entity with more than
// probeCap edge quads, hubCost, without reading them.
func (g *entityGraph) degree(u int32) int {
	if g.loaded[u] {
		return len(g.adj[u])
	}
	if d, ok := g.degs[u]; ok {
		return d
	}
	if g.hub[u] {
		return hubCost
	}
	d, ok, err := g.src.Degree(g.ctx, g.ids[u])
	if err != nil && g.err == nil {
		g.err = err
	}
	if ok || err != nil {
		g.degs[u] = d
		return d
	}
	if !g.load(u, probeCap) {
		g.hub[u] = true
		return hubCost
	}
	return len(g.adj[u])
}

// load reads entity u's edges from the source, which lists the other
// entities in id order; with max > 0, only when there are no more than
// max quads to read (it reports whether it read them).
func (g *entityGraph) load(u int32, max int) bool {
	others, facts, complete, err := g.src.Edges(g.ctx, g.ids[u], max)
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
	g.loaded[u] = true
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
	return true
}

// edgeFacts returns the facts of edge e, reading the ones not read yet.
func (g *entityGraph) edgeFacts(e int32) []*graph.Fact {
	if len(g.pending[e]) > 0 {
		g.readFacts([]int32{e})
	}
	return g.edges[e]
}

// readFacts reads the facts not read yet of edges es, in one batch.
func (g *entityGraph) readFacts(es []int32) {
	var ids []string
	for _, e := range es {
		ids = append(ids, g.pending[e]...)
	}
	if len(ids) == 0 {
		return
	}
	g.use(g.src.Facts(g.ctx, ids))
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

// use takes what a read of the source answers: the dataset read so far,
// or the first error.
func (g *entityGraph) use(ds *graph.Dataset, err error) {
	if err != nil {
		if g.err == nil {
			g.err = err
		}
		return
	}
	g.ds = ds
}

// prefetch reads, in one batch each, the entities of walks and the facts
// of their edges, before answers print them: a store answers a batch of
// lookups in little more time than one.
func (g *entityGraph) prefetch(walks [][]int32) {
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

// entity returns entity id, reading it from the source when needed; nil
// when there is none.
func (g *entityGraph) entity(id string) *graph.Entity {
	if e := g.ds.Entity(id); e != nil {
		return e
	}
	g.use(g.src.Read(g.ctx, []quad.IRI{graph.EntityIRI(id)}))
	return g.ds.Entity(id)
}

// need reads the entities at these indexes that the graph has not read,
// before an answer names them.
func (g *entityGraph) need(nodes []int32) {
	var iris []quad.IRI
	for _, n := range nodes {
		if g.ds.Entity(g.ids[n]) == nil {
			iris = append(iris, graph.EntityIRI(g.ids[n]))
		}
	}
	if len(iris) > 0 {
		g.use(g.src.Read(g.ctx, iris))
	}
}

// view is the graph as one question's filter sees it: an edge is usable
// when one of its facts passes. Edges are checked once, when first met.
type view struct {
	*entityGraph
	flt   Filter
	open  bool   // no filter: every edge is usable
	state []int8 // per edge: 0 unchecked, 1 usable, 2 filtered out
}

func (g *entityGraph) view(flt Filter) *view {
	return &view{entityGraph: g, flt: flt, open: len(flt.settings()) == 0}
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
func (g *entityGraph) edge(a, b int32) int32 {
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
