package queries

import (
	"fmt"
	"io"
	"sort"
	"strings"

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
// A Graph is read-only and safe for concurrent use; build a new one after
// changing the dataset.
type Graph struct {
	ds    *graph.Dataset
	ids   []string
	index map[string]int32
	adj   [][]arc         // per entity, by neighbour id
	edges [][]*graph.Fact // per edge, in dataset order
}

// arc is one end of an edge as seen from an entity.
type arc struct{ to, edge int32 }

// pairKey names an unordered pair of entity ids.
type pairKey struct{ a, b string }

func pairOf(x, y string) pairKey {
	if x > y {
		x, y = y, x
	}
	return pairKey{x, y}
}

// NewGraph indexes the entity graph of ds.
func NewGraph(ds *graph.Dataset) *Graph {
	g := &Graph{ds: ds, index: map[string]int32{}}
	node := func(id string) int32 {
		i, ok := g.index[id]
		if !ok {
			i = int32(len(g.ids))
			g.index[id] = i
			g.ids = append(g.ids, id)
			g.adj = append(g.adj, nil)
		}
		return i
	}
	for _, e := range ds.Entities {
		node(e.ID)
	}
	edgeOf := map[pairKey]int32{}
	for _, f := range ds.Facts {
		if !f.HasObject() || f.Object == f.Subject {
			continue
		}
		k := pairOf(f.Subject, f.Object)
		e, ok := edgeOf[k]
		if !ok {
			e = int32(len(g.edges))
			edgeOf[k] = e
			g.edges = append(g.edges, nil)
			s, o := node(f.Subject), node(f.Object)
			g.adj[s] = append(g.adj[s], arc{o, e})
			g.adj[o] = append(g.adj[o], arc{s, e})
		}
		g.edges[e] = append(g.edges[e], f)
	}
	for _, as := range g.adj {
		sort.Slice(as, func(i, j int) bool { return g.ids[as[i].to] < g.ids[as[j].to] })
	}
	return g
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
	v := &view{Graph: g, flt: flt, open: len(flt.settings()) == 0}
	if !v.open {
		v.state = make([]int8, len(g.edges))
	}
	return v
}

func (v *view) usable(e int32) bool {
	if v.open {
		return true
	}
	switch v.state[e] {
	case 1:
		return true
	case 2:
		return false
	}
	v.state[e] = 2
	for _, f := range v.edges[e] {
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
	for _, f := range v.edges[e] {
		if v.open || v.flt.Match(v.ds, f) {
			out = append(out, f)
		}
	}
	return out
}

// edge finds the edge between entities a and b, or -1.
func (g *Graph) edge(a, b int32) int32 {
	as := g.adj[a]
	i := sort.Search(len(as), func(i int) bool { return g.ids[as[i].to] >= g.ids[b] })
	if i < len(as) && as[i].to == b {
		return as[i].edge
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
			st.Text = stepText(h.From.Name, h.To.Name, v.Predicate.Label, st.Forward)
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

// writeHopText prints a hop's relations, each with its evidence: the
// first maxFacts facts in full (all when maxFacts is 0), the ids of the
// rest.
func writeHopText(w io.Writer, h Hop, maxFacts int) {
	for _, st := range h.Relations {
		fmt.Fprintf(w, "%s   (%d fact%s; %s)\n", st.Text, len(st.Facts), plural(len(st.Facts)), strings.Join(st.Sources, ", "))
		writeFactsText(indent{w}, st.Facts, maxFacts)
	}
}

// writeFactsText prints facts in full, the first maxFacts of them (all
// when maxFacts is 0), then the ids of the rest.
func writeFactsText(w io.Writer, fs []FactView, maxFacts int) {
	for i, f := range fs {
		if maxFacts > 0 && i == maxFacts {
			rest := make([]string, 0, len(fs)-i)
			for _, f := range fs[i:] {
				rest = append(rest, f.ID)
			}
			fmt.Fprintf(w, "…and %d more: %s\n", len(rest), strings.Join(rest, ", "))
			return
		}
		WriteFactText(w, f)
	}
}
