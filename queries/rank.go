package queries

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/itkg/itkg/graph"
)

// Ways Rank orders entities.
const (
	// RankDegree: evidence-weighted degree, the sum over an entity's
	// relations of the number of independent sources stating each.
	RankDegree = "degree"
	// RankBetweenness: the share of shortest paths between other entities
	// that pass through the entity, with a relation's length the inverse of
	// its number of sources (well-evidenced relations are short).
	RankBetweenness = "betweenness"
	// RankBrokerage: betweenness counted only over pairs of entities in
	// different clusters (or in the two clusters named): who links the
	// Iranian state to the Taliban, the jihadist groups to the rest.
	RankBrokerage = "brokerage"
)

// RankKinds lists the ways Rank orders entities.
var RankKinds = []string{RankDegree, RankBetweenness, RankBrokerage}

// ExactRankLimit is the most entities whose betweenness Rank computes
// exactly, from every entity; above it, from RankPivots sampled ones
// (Brandes and Pich's estimate), so a rank of a large store answers in
// seconds. docs/scaling.md has the figures.
const ExactRankLimit = 5000

// RankPivots is how many source entities the estimate samples.
const RankPivots = 256

// RankOptions says what Rank ranks and how.
type RankOptions struct {
	By     string
	Filter Filter
	// Negated and speculative facts are left out unless these are set: a
	// "does not cooperate" is no link, and a forecast no evidence yet.
	IncludeNegated, IncludeSpeculative bool
	// Between names two clusters for brokerage: only pairs with one entity
	// in each count. Empty: every pair of entities in different clusters.
	Between []string
	Limit   int    // most entities listed; 0 lists all
	Seed    uint64 // for the sampled estimate
}

// Ranked is one entity's place in a ranking.
type Ranked struct {
	Rank      int     `json:"rank"`
	Entity    Ref     `json:"entity"`
	Type      string  `json:"type"`
	Cluster   string  `json:"cluster,omitempty"`
	Score     float64 `json:"score"`
	Neighbors int     `json:"neighbors"` // distinct entities it is related to
	Facts     int     `json:"facts"`     // facts of those relations
}

// Ranking is the answer of Rank.
type Ranking struct {
	By       string   `json:"by"`
	Between  []string `json:"between,omitempty"`
	Entities int      `json:"entities"` // entities with at least one relation, all ranked
	Facts    int      `json:"facts"`    // facts counted as relations
	// Pivots is the number of entities a sampled estimate started from;
	// 0 when the scores are exact.
	Pivots int      `json:"pivots,omitempty"`
	Ranked []Ranked `json:"ranked"`
}

// evidenceGraph is the undirected entity graph Rank works on: one edge per
// related pair, weighted by the distinct sources stating any relation
// between the two. adj[i] and sources[i] run side by side.
type evidenceGraph struct {
	ids     []string
	adj     [][]int32 // neighbours of each entity, ascending
	sources [][]int32 // distinct sources of each of those relations
	facts   []int     // facts per entity
	counted int       // facts counted
}

func buildEvidenceGraph(ds *graph.Dataset, opt RankOptions) *evidenceGraph {
	g := &evidenceGraph{}
	index := map[string]int32{}
	node := func(id string) int32 {
		i, ok := index[id]
		if !ok {
			i = int32(len(g.ids))
			index[id] = i
			g.ids = append(g.ids, id)
			g.facts = append(g.facts, 0)
		}
		return i
	}
	srcIndex := map[string]int32{}
	type pairSource struct{ a, b, src int32 }
	seen := map[pairSource]bool{}
	count := map[[2]int32]int32{}
	for _, f := range Facts(ds, opt.Filter) {
		if !f.HasObject() || f.Subject == f.Object ||
			(f.Negated && !opt.IncludeNegated) || (f.Modality == "speculative" && !opt.IncludeSpeculative) {
			continue
		}
		a, b := node(f.Subject), node(f.Object)
		if a > b {
			a, b = b, a
		}
		src, ok := srcIndex[f.Source]
		if !ok {
			src = int32(len(srcIndex))
			srcIndex[f.Source] = src
		}
		if k := (pairSource{a, b, src}); !seen[k] {
			seen[k] = true
			count[[2]int32{a, b}]++
		}
		g.facts[a]++
		g.facts[b]++
		g.counted++
	}
	g.adj = make([][]int32, len(g.ids))
	g.sources = make([][]int32, len(g.ids))
	for k := range count {
		a, b := k[0], k[1]
		g.adj[a] = append(g.adj[a], b)
		g.adj[b] = append(g.adj[b], a)
	}
	for i, as := range g.adj {
		slices.Sort(as) // a stable order, whatever the map gave
		g.sources[i] = make([]int32, len(as))
		for j, o := range as {
			a, b := int32(i), o
			if a > b {
				a, b = b, a
			}
			g.sources[i][j] = count[[2]int32{a, b}]
		}
	}
	return g
}

// Rank orders the entities of ds by opt.By, highest first; ties by name.
func Rank(ctx context.Context, ds *graph.Dataset, opt RankOptions) (*Ranking, error) {
	if !slices.Contains(RankKinds, opt.By) {
		return nil, &InputError{Err: fmt.Errorf("rank by %q: want one of %s", opt.By, strings.Join(RankKinds, ", "))}
	}
	if len(opt.Between) != 0 && len(opt.Between) != 2 {
		return nil, &InputError{Err: fmt.Errorf("between: name two clusters, not %d", len(opt.Between))}
	}
	for _, c := range opt.Between {
		if ds.Cluster(c) == nil {
			return nil, &InputError{Err: fmt.Errorf("between: no cluster %q", c)}
		}
	}
	g := buildEvidenceGraph(ds, opt)
	res := &Ranking{By: opt.By, Between: opt.Between, Entities: len(g.ids), Facts: g.counted, Ranked: []Ranked{}}
	var score []float64
	switch opt.By {
	case RankDegree:
		score = make([]float64, len(g.ids))
		for i := range g.ids {
			for _, n := range g.sources[i] {
				score[i] += float64(n)
			}
		}
	default:
		cluster := make([]string, len(g.ids))
		for i, id := range g.ids {
			if e := ds.Entity(id); e != nil {
				cluster[i] = e.Cluster
			}
		}
		var pair func(s, t int32) bool // nil: every pair counts
		if opt.By == RankBrokerage {
			pair = func(s, t int32) bool {
				a, b := cluster[s], cluster[t]
				if len(opt.Between) == 2 {
					return a == opt.Between[0] && b == opt.Between[1] || a == opt.Between[1] && b == opt.Between[0]
				}
				return a != "" && b != "" && a != b
			}
		}
		var err error
		score, res.Pivots, err = g.betweenness(ctx, pair, opt.Seed)
		if err != nil {
			return nil, err
		}
	}
	for i, id := range g.ids {
		e := ds.Entity(id)
		r := Ranked{Entity: EntityRef(ds, id), Score: score[i], Neighbors: len(g.adj[i]), Facts: g.facts[i]}
		if e != nil {
			r.Type, r.Cluster = e.Type, e.Cluster
		}
		res.Ranked = append(res.Ranked, r)
	}
	sort.SliceStable(res.Ranked, func(i, j int) bool {
		a, b := res.Ranked[i], res.Ranked[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Entity.Name < b.Entity.Name
	})
	for i := range res.Ranked {
		res.Ranked[i].Rank = i + 1
		// Equal scores share a rank: "3rd" means two entities scored higher.
		if i > 0 && res.Ranked[i].Score == res.Ranked[i-1].Score {
			res.Ranked[i].Rank = res.Ranked[i-1].Rank
		}
	}
	if opt.Limit > 0 && len(res.Ranked) > opt.Limit {
		res.Ranked = res.Ranked[:opt.Limit]
	}
	return res, nil
}

// betweenness is Brandes' algorithm over the weighted graph (a relation's
// length is 1/sources), counting only the pairs pair accepts. Above
// ExactRankLimit entities it starts from RankPivots sampled entities and
// scales up (Brandes and Pich 2007). Each unordered pair is counted once.
func (g *evidenceGraph) betweenness(ctx context.Context, pair func(s, t int32) bool, seed uint64) ([]float64, int, error) {
	n := len(g.ids)
	cb := make([]float64, n)
	starts := make([]int32, n)
	for i := range starts {
		starts[i] = int32(i)
	}
	pivots := 0
	if n > ExactRankLimit {
		r := rand.New(rand.NewPCG(seed, seed^0x5eed))
		r.Shuffle(n, func(i, j int) { starts[i], starts[j] = starts[j], starts[i] })
		starts, pivots = starts[:RankPivots], RankPivots
	}
	// Lengths once: 1/sources for each arc.
	length := make([][]float64, n)
	for v := range g.adj {
		length[v] = make([]float64, len(g.adj[v]))
		for j, k := range g.sources[v] {
			length[v][j] = 1 / float64(k)
		}
	}
	dist := make([]float64, n)
	sigma := make([]float64, n)
	delta := make([]float64, n)
	preds := make([][]int32, n)
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	order := make([]int32, 0, n)
	q := &distQueue{}
	for k, s := range starts {
		if k%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		// Reset only what the last search reached: every entity it pushed
		// it also settled, so order holds them all.
		for _, v := range order {
			dist[v], sigma[v], delta[v] = math.Inf(1), 0, 0
			preds[v] = preds[v][:0]
		}
		order = order[:0]
		dist[s], sigma[s] = 0, 1
		*q = append((*q)[:0], distItem{node: s})
		for len(*q) > 0 {
			it := q.pop()
			v := it.node
			if it.dist > dist[v] {
				continue // a stale entry
			}
			order = append(order, v)
			for j, w := range g.adj[v] {
				d := dist[v] + length[v][j]
				switch {
				case d < dist[w]-1e-12:
					dist[w], sigma[w] = d, sigma[v]
					preds[w] = append(preds[w][:0], v)
					q.push(distItem{node: w, dist: d})
				case math.Abs(d-dist[w]) <= 1e-12:
					sigma[w] += sigma[v]
					preds[w] = append(preds[w], v)
				}
			}
		}
		// Dependencies, farthest first; a target t adds 1 only when the
		// pair (s, t) counts.
		for i := len(order) - 1; i >= 0; i-- {
			w := order[i]
			own := 0.0
			if w != s && (pair == nil || pair(s, w)) {
				own = 1
			}
			for _, v := range preds[w] {
				delta[v] += sigma[v] / sigma[w] * (own + delta[w])
			}
			if w != s {
				cb[w] += delta[w]
			}
		}
	}
	// Every unordered pair was counted from both ends (or, sampled, from
	// RankPivots of n starts).
	scale := 0.5
	if pivots > 0 {
		scale = 0.5 * float64(n) / float64(pivots)
	}
	for i := range cb {
		cb[i] *= scale
	}
	return cb, pivots, nil
}

type distItem struct {
	node int32
	dist float64
}

// distQueue is a binary min-heap of distItems by distance, typed so that
// a push allocates nothing (container/heap boxes every item).
type distQueue []distItem

func (q *distQueue) push(it distItem) {
	*q = append(*q, it)
	h := *q
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p].dist <= h[i].dist {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func (q *distQueue) pop() distItem {
	h := *q
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h) && h[l].dist < h[m].dist {
			m = l
		}
		if r < len(h) && h[r].dist < h[m].dist {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*q = h
	return top
}

// Ordinal is "1st", "2nd", "3rd", "4th", ... for rank sentences
// ("3rd of 193 by betweenness").
func Ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
