package queries

import (
	"context"
	"sort"

	"github.com/itkg/itkg/graph"
)

// NeighborOptions choose a neighbourhood.
type NeighborOptions struct {
	Depth      int    // hops from the centre; 0 means 1
	Filter     Filter // only facts passing it are edges
	MaxVisited int    // most entities visited; 0 means DefaultMaxVisited
	// IncludeNegated walks negated facts too; by default they link nothing.
	IncludeNegated bool
}

// Neighbor is an entity near the centre: how many hops away, and the
// relations that bring it there from the entities one hop nearer.
type Neighbor struct {
	Entity   Ref    `json:"entity"`
	Type     string `json:"type"`
	Distance int    `json:"distance"`
	Via      []Hop  `json:"via"`
}

// Neighborhood is every entity within Depth hops of Center.
type Neighborhood struct {
	Center    Ref             `json:"center"`
	Depth     int             `json:"depth"`
	Filters   []FilterSetting `json:"filters"`
	Neighbors []Neighbor      `json:"neighbors"`
	Truncated bool            `json:"truncated,omitempty"` // stopped at MaxVisited
}

// Neighbors lists the entities within opt.Depth hops of entity id,
// nearest first, then by name, walking entity-object facts both ways. It
// is the one implementation behind Reader.Neighborhood, over a store or a
// dataset in memory (InMemory).
func (g *entityGraph) Neighbors(id string, opt NeighborOptions) (*Neighborhood, error) {
	if g.entity(id) == nil {
		if g.err != nil {
			return nil, g.err
		}
		return nil, &NotFoundError{Name: id}
	}
	ds := g.ds
	if opt.Depth <= 0 {
		opt.Depth = 1
	}
	if opt.MaxVisited <= 0 {
		opt.MaxVisited = DefaultMaxVisited
	}
	v := g.view(opt.Filter)
	nb := &Neighborhood{Center: EntityRef(ds, id), Depth: opt.Depth, Filters: opt.Filter.Settings(), Neighbors: []Neighbor{}}
	if nb.Filters == nil {
		nb.Filters = []FilterSetting{}
	}
	center := g.node(id)
	dist := map[int32]int{center: 0}
	parents := map[int32][]int32{}
	front := []int32{center}
	var order []int32
	for l := 1; l <= opt.Depth && len(front) > 0 && !nb.Truncated; l++ {
		var next []int32
		for _, u := range front {
			for _, a := range v.arcs(u) {
				if !v.usable(a.edge) {
					continue
				}
				d, seen := dist[a.to]
				switch {
				case !seen:
					if len(dist) >= opt.MaxVisited {
						nb.Truncated = true
						continue
					}
					dist[a.to] = l
					next = append(next, a.to)
					order = append(order, a.to)
					parents[a.to] = append(parents[a.to], u)
				case d == l:
					parents[a.to] = append(parents[a.to], u)
				}
			}
		}
		front = next
	}
	g.need(order)
	for _, n := range order {
		nid := g.ids[n]
		nr := Neighbor{Entity: EntityRef(ds, nid), Distance: dist[n]}
		if e := ds.Entity(nid); e != nil {
			nr.Type = e.Type
		}
		ps := parents[n]
		sort.Slice(ps, func(i, j int) bool { return g.ids[ps[i]] < g.ids[ps[j]] })
		for _, p := range ps {
			nr.Via = append(nr.Via, v.hop(p, n))
		}
		nb.Neighbors = append(nb.Neighbors, nr)
	}
	sort.SliceStable(nb.Neighbors, func(i, j int) bool {
		a, b := nb.Neighbors[i], nb.Neighbors[j]
		if a.Distance != b.Distance {
			return a.Distance < b.Distance
		}
		if a.Entity.Name != b.Entity.Name {
			return a.Entity.Name < b.Entity.Name
		}
		return a.Entity.ID < b.Entity.ID
	})
	return nb, g.err
}

// Ego is what an ego map draws: an entity's neighbourhood, the facts
// between its entities, and the dataset that holds what printing them
// needs.
type Ego struct {
	*Neighborhood
	Facts []*graph.Fact
	Data  *graph.Dataset
}

// EgoFacts answers an ego map: entity id's neighbourhood within depth
// hops, and every fact passing flt between two entities of it.
func (r *Reader) EgoFacts(ctx context.Context, id string, depth int, flt Filter) (*Ego, error) {
	nb, err := r.Neighborhood(ctx, id, NeighborOptions{Depth: depth, Filter: flt})
	if err != nil {
		return nil, err
	}
	in := map[string]bool{id: true}
	var ids []string
	for _, n := range nb.Neighbors {
		in[n.Entity.ID] = true
		ids = append(ids, n.Entity.ID)
	}
	ds, err := r.Around(ctx, append(ids, id)...)
	if err != nil {
		return nil, err
	}
	ego := &Ego{Neighborhood: nb, Data: ds}
	for _, f := range Facts(ds, flt) {
		if f.HasObject() && in[f.Subject] && in[f.Object] {
			ego.Facts = append(ego.Facts, f)
		}
	}
	return ego, nil
}
