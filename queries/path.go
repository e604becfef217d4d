package queries

import (
	"errors"
	"sort"
)

// Defaults for Paths.
const (
	DefaultMaxHops   = 4
	DefaultPathLimit = 10
)

// PathOptions choose which chains Paths looks for.
type PathOptions struct {
	Filter     Filter // only facts passing it are edges
	All        bool   // every simple path up to MaxHops, not only the shortest
	MaxHops    int    // longest path All lists; 0 means DefaultMaxHops
	Limit      int    // most paths listed; 0 means DefaultPathLimit
	MaxVisited int    // most entities a search visits; 0 means DefaultMaxVisited
	// IncludeNegated walks negated facts too ("A does not criticize B");
	// by default they link nothing.
	IncludeNegated bool
}

// Path is one chain of relations between two entities. Paths over the same
// entities are one Path: parallel facts are merged into its hops.
type Path struct {
	Length   int   `json:"hops"`
	Entities []Ref `json:"entities"`
	Hops     []Hop `json:"steps"`
}

// PathResult answers a path question.
type PathResult struct {
	From    Ref             `json:"from"`
	To      Ref             `json:"to"`
	All     bool            `json:"all"`
	MaxHops int             `json:"max_hops,omitempty"` // with All
	Filters []FilterSetting `json:"filters"`
	Paths   []Path          `json:"paths"`
	// Shortest is the length of the shortest chain under the filter, 0
	// when there is none (or, with All, none within MaxHops).
	Shortest int `json:"shortest"`
	// More says paths were left out at the limit.
	More bool `json:"more,omitempty"`
	// Truncated says the search stopped at MaxVisited entities: "no path"
	// means "none found".
	Truncated bool `json:"truncated,omitempty"`
	// BlockedBy explains an empty answer the filters caused.
	BlockedBy *Blocked `json:"blocked_by,omitempty"`
}

// Blocked says which filters removed the last path: the graph without
// filters has a path of Shortest hops, and dropping any one of Filters
// alone restores one. Filters is empty when only dropping several filters
// together does.
type Blocked struct {
	Shortest int             `json:"unfiltered_shortest"`
	Filters  []FilterSetting `json:"filters"`
}

// FactIDs lists the facts the answer's paths rest on, each once, in the
// order the paths first use them.
func (r *PathResult) FactIDs() []string {
	var ids []string
	seen := map[string]bool{}
	for _, p := range r.Paths {
		for _, h := range p.Hops {
			for _, st := range h.Relations {
				for _, f := range st.Facts {
					if !seen[f.ID] {
						seen[f.ID] = true
						ids = append(ids, f.ID)
					}
				}
			}
		}
	}
	return ids
}

// ErrSameEntity is returned when a path is asked from an entity to itself.
var ErrSameEntity = errors.New("FROM and TO are the same entity")

// Paths finds the shortest relation chains between entities from and to
// (ids), walking entity-object facts in both directions; with opt.All,
// every simple chain up to opt.MaxHops, shortest first. Chains are listed
// in a stable order (by the ids of the entities they pass). It is the one
// implementation behind Reader.Path, over a store or a dataset in memory
// (InMemory).
func (g *entityGraph) Paths(from, to string, opt PathOptions) (*PathResult, error) {
	for _, id := range []string{from, to} {
		if g.entity(id) == nil {
			if g.err != nil {
				return nil, g.err
			}
			return nil, &NotFoundError{Name: id}
		}
	}
	ds := g.ds
	if from == to {
		return nil, ErrSameEntity
	}
	if opt.MaxHops <= 0 {
		opt.MaxHops = DefaultMaxHops
	}
	if opt.Limit <= 0 {
		opt.Limit = DefaultPathLimit
	}
	if opt.MaxVisited <= 0 {
		opt.MaxVisited = DefaultMaxVisited
	}
	res := &PathResult{From: EntityRef(ds, from), To: EntityRef(ds, to), All: opt.All,
		Filters: opt.Filter.Settings(), Paths: []Path{}}
	if res.Filters == nil {
		res.Filters = []FilterSetting{}
	}
	bound := 0
	if opt.All {
		res.MaxHops = opt.MaxHops
		bound = opt.MaxHops
	}
	a, b := g.node(from), g.node(to)
	v := g.view(opt.Filter)
	sr := v.search(a, b, opt.MaxVisited, bound)
	res.Truncated = sr.truncated
	if sr.d < 0 {
		res.BlockedBy = g.blockedBy(a, b, opt, bound)
		return res, g.err
	}
	res.Shortest = sr.d
	budget := opt.MaxVisited
	var walks [][]int32
	if !opt.All {
		// The search's own record of the shortest paths: no entity beyond
		// it is read, so a hub met on the way is never expanded.
		walks = sr.walks(opt.Limit+1, &budget)
	} else {
		dist := v.distancesTo(b, opt.MaxHops)
		for l := sr.d; l <= opt.MaxHops && len(walks) < opt.Limit+1; l++ {
			walks = append(walks, v.walks(a, b, l, dist, opt.Limit+1-len(walks), &budget)...)
		}
	}
	if len(walks) > opt.Limit {
		// One walk more than shown was looked for, to say there are more.
		walks, res.More = walks[:opt.Limit], true
	}
	g.prefetch(walks)
	for _, walk := range walks {
		res.Paths = append(res.Paths, v.path(walk))
	}
	if budget <= 0 {
		res.Truncated = true
	}
	return res, g.err
}

// blockedBy finds which filters removed every path, or nil when the
// filters are not to blame.
func (g *entityGraph) blockedBy(from, to int32, opt PathOptions, bound int) *Blocked {
	settings := opt.Filter.settings()
	if len(settings) == 0 {
		return nil
	}
	d, _ := g.view(Filter{}).shortest(from, to, opt.MaxVisited, bound)
	if d < 0 {
		return nil
	}
	b := &Blocked{Shortest: d, Filters: []FilterSetting{}}
	for _, s := range settings {
		flt := opt.Filter
		s.drop(&flt)
		if d, _ := g.view(flt).shortest(from, to, opt.MaxVisited, bound); d > 0 {
			b.Filters = append(b.Filters, s.FilterSetting)
		}
	}
	return b
}

// shortest is the length of the shortest chain from → to, or -1; see
// search.
func (v *view) shortest(from, to int32, maxVisited, bound int) (int, bool) {
	sr := v.search(from, to, maxVisited, bound)
	return sr.d, sr.truncated
}

// hubCost is what a search counts for an entity with more edges than
// probeCap: far more than any entity whose edges it has read.
const (
	probeCap = 500
	hubCost  = 1 << 20
)

// searchState is a bidirectional breadth-first search between two
// entities, and the record it keeps of the shortest paths it found.
type searchState struct {
	v         *view
	from, to  int32
	dF, dB    []int32           // distance from `from` / to `to`, plus one; 0 unreached
	fp, bp    map[int32][]int32 // parents one step nearer `from` / `to`
	fc        map[int32][]int32 // children one step further from `from`
	lf, lb    int               // levels each side has reached
	d         int               // the shortest length, -1 for none
	truncated bool              // stopped at maxVisited entities
}

// search finds the length of the shortest chain from → to by a
// bidirectional breadth-first search, or -1; bound > 0 gives up past that
// length. Each step expands, by one whole level, the side whose frontier
// has fewer edges (hubs count as hubCost): a hub reached from one side is
// usually met from the other without reading its thousands of edges.
func (v *view) search(from, to int32, maxVisited, bound int) *searchState {
	s := &searchState{v: v, from: from, to: to, d: -1,
		fp: map[int32][]int32{}, bp: map[int32][]int32{}, fc: map[int32][]int32{}}
	s.grow()
	s.dF[from], s.dB[to] = 1, 1
	frontF, frontB := []int32{from}, []int32{to}
	visited := 2
	for len(frontF) > 0 && len(frontB) > 0 {
		if bound > 0 && s.lf+s.lb >= bound {
			return s
		}
		fwd := v.cheaper(frontF, frontB)
		front, dist, other, parents := frontF, &s.dF, &s.dB, s.fp
		if !fwd {
			front, dist, other, parents = frontB, &s.dB, &s.dF, s.bp
		}
		best := -1
		var next []int32
		for _, u := range front {
			du := (*dist)[u]
			as := v.arcs(u)
			s.grow()
			for _, a := range as {
				if !v.usable(a.edge) {
					continue
				}
				w := a.to
				switch dw := (*dist)[w]; {
				case dw == 0:
					(*dist)[w] = du + 1
					next = append(next, w)
					visited++
				case dw != du+1:
					continue
				}
				parents[w] = append(parents[w], u)
				if fwd {
					s.fc[u] = append(s.fc[u], w)
				}
				if dOther := (*other)[w]; dOther > 0 {
					if l := int(du) + int(dOther) - 1; best < 0 || l < best {
						best = l
					}
				}
			}
		}
		if fwd {
			frontF, s.lf = next, s.lf+1
		} else {
			frontB, s.lb = next, s.lb+1
		}
		if best > 0 {
			s.d = best
			return s
		}
		if visited > maxVisited {
			s.truncated = true
			return s
		}
	}
	return s
}

func (s *searchState) grow() {
	n := len(s.v.ids)
	s.dF = grow(s.dF, n, 0)
	s.dB = grow(s.dB, n, 0)
}

// cheaper reports whether expanding frontier a reads no more edges than
// expanding b. It sums the two frontiers' degrees in turns and stops as
// soon as one sum is complete and not above the other, so that it reads
// no more of either frontier than it must.
func (v *view) cheaper(a, b []int32) bool {
	i, j, ca, cb := 0, 0, 0, 0
	for {
		switch {
		case i == len(a) && ca <= cb:
			return true
		case j == len(b) && cb <= ca:
			return false
		case i < len(a) && (ca <= cb || j == len(b)):
			ca += v.degree(a[i])
			i++
		default:
			cb += v.degree(b[j])
			j++
		}
	}
}

// onPath reports whether x, at place i, can lie on a shortest path: both
// its distances, where the search knows them, must agree with i.
func (s *searchState) onPath(x int32, i int) bool {
	if int(x) < len(s.dF) && s.dF[x] > 0 && int(s.dF[x])-1 != i {
		return false
	}
	known := int(x) < len(s.dB) && s.dB[x] > 0
	if known && s.d-int(s.dB[x])+1 != i {
		return false
	}
	// Every entity of a shortest path within the backward search's reach
	// was reached by it.
	return known || i < s.d-s.lb
}

// walks lists up to limit shortest chains in the order of the ids of the
// entities they pass, from the parents the search recorded: a step runs
// from a forward parent to its child, or from an entity to its backward
// parent. Each entity entered spends one unit of budget.
func (s *searchState) walks(limit int, budget *int) [][]int32 {
	var out [][]int32
	stack := []int32{s.from}
	var walk func(u int32)
	walk = func(u int32) {
		i := len(stack) - 1
		if i == s.d {
			if u == s.to {
				out = append(out, append([]int32(nil), stack...))
			}
			return
		}
		next := append(append([]int32(nil), s.fc[u]...), s.bp[u]...)
		sort.Slice(next, func(a, b int) bool { return s.v.ids[next[a]] < s.v.ids[next[b]] })
		for k, w := range next {
			if len(out) >= limit || *budget <= 0 {
				return
			}
			if (k > 0 && w == next[k-1]) || !s.onPath(w, i+1) {
				continue
			}
			*budget--
			stack = append(stack, w)
			walk(w)
			stack = stack[:len(stack)-1]
		}
	}
	walk(s.from)
	return out
}

// distancesTo gives the distance to `to` of every entity within depth hops
// of it, -1 for the others.
func (v *view) distancesTo(to int32, depth int) []int32 {
	dist := grow([]int32(nil), len(v.ids), -1)
	dist[to] = 0
	front := []int32{to}
	for l := int32(1); int(l) <= depth && len(front) > 0; l++ {
		var next []int32
		for _, u := range front {
			as := v.arcs(u)
			dist = grow(dist, len(v.ids), -1)
			for _, a := range as {
				if dist[a.to] < 0 && v.usable(a.edge) {
					dist[a.to] = l
					next = append(next, a.to)
				}
			}
		}
		front = next
	}
	return dist
}

// walks lists up to limit simple chains of exactly length hops from → to,
// in depth-first order over neighbours sorted by id. dist prunes entities
// too far from `to`; each entity entered spends one unit of budget.
func (v *view) walks(from, to int32, length int, dist []int32, limit int, budget *int) [][]int32 {
	var out [][]int32
	stack := []int32{from}
	on := grow([]bool(nil), len(v.ids), false)
	on[from] = true
	var walk func(u int32)
	walk = func(u int32) {
		depth := len(stack) - 1
		if u == to {
			if depth == length {
				out = append(out, append([]int32(nil), stack...))
			}
			return
		}
		as := v.arcs(u)
		on = grow(on, len(v.ids), false)
		for _, a := range as {
			if len(out) >= limit || *budget <= 0 {
				return
			}
			dv := int32(-1) // entities the distance search did not reach
			if int(a.to) < len(dist) {
				dv = dist[a.to]
			}
			if on[a.to] || dv < 0 || depth+1+int(dv) > length || !v.usable(a.edge) {
				continue
			}
			*budget--
			on[a.to] = true
			stack = append(stack, a.to)
			walk(a.to)
			stack = stack[:len(stack)-1]
			on[a.to] = false
		}
	}
	walk(from)
	return out
}

func (v *view) path(walk []int32) Path {
	p := Path{Length: len(walk) - 1, Entities: make([]Ref, len(walk)), Hops: make([]Hop, 0, len(walk)-1)}
	for i, n := range walk {
		p.Entities[i] = EntityRef(v.ds, v.ids[n])
		if i > 0 {
			p.Hops = append(p.Hops, v.hop(walk[i-1], n))
		}
	}
	return p
}

// grow extends s with fill to length n: a graph over a store gains
// entities as searches read it.
func grow[T any](s []T, n int, fill T) []T {
	for len(s) < n {
		s = append(s, fill)
	}
	return s
}
