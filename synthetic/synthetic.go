// Package synthetic generates graphs with the shape of the curated corpus,
// for benchmarks and scale tests: sources, entities with names, aliases and
// types, and facts with the full provenance the loaders write (quote,
// source, dates at mixed precision, themes, modality, claimants, values,
// amounts), over the corpus's own vocabulary of predicates, themes and
// clusters. Half the entities a fact names are picked with a Zipf law, so
// a few hubs carry many facts, as Iran and the Taliban do in the corpus;
// the other half uniformly, so most entities have a few. Output is deterministic
// for a seed. Nothing generated is a claim about the world: every name says
// it is synthetic.
package synthetic

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

// Version changes whenever Generate's output for a seed does, so that
// stores cached from an earlier version are not mistaken for current ones.
const Version = "2"

// Options size and seed a graph.
type Options struct {
	Quads int64  // about this many quads; whole facts are written until it is reached
	Seed  uint64 // the same seed gives the same graph
}

// Shape ratios measured on the curated corpus (608 facts, 193 entities,
// 5 sources, about 13 quads a fact all told).
const (
	quadsPerFact   = 13
	factsPerEntity = 3
	factsPerSource = 120
)

// Size is the number of entities and sources a graph of about quads
// quads has; entity ids run from EntityID(0) to EntityID(entities-1).
func Size(quads int64) (entities, sources int64) {
	facts := max(1, quads/quadsPerFact)
	return max(2, facts/factsPerEntity), max(1, facts/factsPerSource)
}

// Stats describe a generated graph.
type Stats struct {
	Quads, Facts, Entities, Sources int64
}

// Generate writes a synthetic graph to w. vocab supplies the predicates,
// themes and clusters (normally the curated corpus); its entities and facts
// are not used.
func Generate(ctx context.Context, w quad.Writer, vocab *graph.Dataset, opts Options) (Stats, error) {
	if len(vocab.Predicates) == 0 || len(vocab.Themes) == 0 {
		return Stats{}, fmt.Errorf("synthetic: the vocabulary needs predicates and themes")
	}
	if opts.Quads < 1 {
		return Stats{}, fmt.Errorf("synthetic: want at least one quad, not %d", opts.Quads)
	}
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	nEntities, nSources := Size(opts.Quads)

	var st Stats
	emit := func(ds *graph.Dataset) error {
		qs := graph.Quads(ds)
		if _, err := w.WriteQuads(qs); err != nil {
			return err
		}
		st.Quads += int64(len(qs))
		return nil
	}
	head := &graph.Dataset{Predicates: vocab.Predicates, Themes: vocab.Themes, Clusters: vocab.Clusters}
	for i := range nSources {
		head.Sources = append(head.Sources, source(r, i))
	}
	if err := emit(head); err != nil {
		return st, err
	}
	st.Sources = nSources

	// Entities in chunks, so memory stays flat however large the graph.
	const chunk = 5000
	for i := int64(0); i < nEntities; i += chunk {
		ds := &graph.Dataset{}
		for j := i; j < min(i+chunk, nEntities); j++ {
			ds.Entities = append(ds.Entities, entity(r, j, vocab.Clusters))
		}
		if err := emit(ds); err != nil {
			return st, err
		}
	}
	st.Entities = nEntities

	zipf := rand.NewZipf(r, 1.2, 4, uint64(nEntities-1))
	pick := func() int64 {
		if r.IntN(2) == 0 {
			return r.Int64N(nEntities) // the long tail: most entities have a few facts
		}
		// The hubs, spread over the id space so that low ids are not special.
		return int64((zipf.Uint64() * 7919) % uint64(nEntities))
	}
	for n := int64(0); st.Quads < opts.Quads; {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		ds := &graph.Dataset{}
		for range chunk {
			ds.Facts = append(ds.Facts, fact(r, n, pick, nEntities, nSources, vocab))
			n++
		}
		// Keep to the budget: write facts one chunk at a time, then trim
		// the last chunk to the facts needed.
		qs := graph.Quads(ds)
		if st.Quads+int64(len(qs)) > opts.Quads {
			ds.Facts = trim(ds.Facts, opts.Quads-st.Quads)
		}
		if err := emit(ds); err != nil {
			return st, err
		}
		st.Facts += int64(len(ds.Facts))
	}
	return st, nil
}

// trim keeps the facts whose quads reach budget.
func trim(facts []*graph.Fact, budget int64) []*graph.Fact {
	var n int64
	for i, f := range facts {
		n += int64(len(graph.Quads(&graph.Dataset{Facts: []*graph.Fact{f}})))
		if n >= budget {
			return facts[:i+1]
		}
	}
	return facts
}

func source(r *rand.Rand, i int64) *graph.Source {
	year := 2015 + r.IntN(11)
	return &graph.Source{
		ID:        fmt.Sprintf("syn-source-%d", i),
		Title:     fmt.Sprintf("Synthetic article %d", i),
		Authors:   []string{fmt.Sprintf("Synthetic Author %d", r.IntN(500))},
		Publisher: "synthetic",
		Published: graph.Date{Year: year, Month: 1 + r.IntN(12)},
		File:      fmt.Sprintf("syn-source-%d.txt", i),
	}
}

func entity(r *rand.Rand, i int64, clusters []*graph.Cluster) *graph.Entity {
	e := &graph.Entity{
		ID:          EntityID(i),
		Name:        fmt.Sprintf("Synthetic Entity %d", i),
		Type:        graph.EntityTypes[r.IntN(len(graph.EntityTypes))],
		Description: "A synthetic entity, generated for benchmarks.",
	}
	for a := range r.IntN(3) {
		e.Aliases = append(e.Aliases, fmt.Sprintf("SE%d-%c", i, 'a'+a))
	}
	if len(clusters) > 0 && r.IntN(10) == 0 {
		e.Cluster = clusters[r.IntN(len(clusters))].ID
	}
	return e
}

// EntityID is the id of the i-th synthetic entity.
func EntityID(i int64) string { return fmt.Sprintf("syn-e-%d", i) }

func fact(r *rand.Rand, n int64, pick func() int64, nEntities, nSources int64, vocab *graph.Dataset) *graph.Fact {
	s := pick()
	o := pick()
	if o == s {
		o = (o + 1 + r.Int64N(nEntities-1)) % nEntities
	}
	f := &graph.Fact{
		ID:        fmt.Sprintf("syn-%d", n),
		Source:    fmt.Sprintf("syn-source-%d", r.Int64N(nSources)),
		Subject:   EntityID(s),
		Predicate: vocab.Predicates[r.IntN(len(vocab.Predicates))].ID,
		Object:    EntityID(o),
		Quote:     fmt.Sprintf("Synthetic quote for fact %d.", n),
		Modality:  modality(r),
	}
	f.Themes = []string{vocab.Themes[r.IntN(len(vocab.Themes))].ID}
	if r.IntN(3) == 0 {
		if t := vocab.Themes[r.IntN(len(vocab.Themes))].ID; t != f.Themes[0] {
			f.Themes = append(f.Themes, t)
		}
	}
	switch x := r.IntN(100); {
	case x < 8: // a value fact
		f.Object = ""
		f.Value = fmt.Sprintf("synthetic value %d", n)
		if x < 3 {
			a := float64(r.IntN(100000))
			f.Amount, f.Unit = &a, "units"
		}
	}
	f.Date = date(r)
	if r.IntN(10) == 0 {
		f.ClaimedBy = EntityID(pick())
	}
	if r.IntN(50) == 0 {
		f.Event = fmt.Sprintf("syn-event-%d", r.IntN(1000))
	}
	return f
}

func modality(r *rand.Rand) string {
	switch x := r.IntN(100); {
	case x < 70:
		return "asserted"
	case x < 83:
		return "reported"
	case x < 93:
		return "assessed"
	}
	return "speculative"
}

// date is undated for one fact in seven, else a year, month or day
// between 1990 and 2025.
func date(r *rand.Rand) graph.Date {
	switch x := r.IntN(7); {
	case x == 0:
		return graph.Date{}
	case x < 3:
		return graph.Date{Year: 1990 + r.IntN(36)}
	case x < 5:
		return graph.Date{Year: 1990 + r.IntN(36), Month: 1 + r.IntN(12)}
	}
	return graph.Date{Year: 1990 + r.IntN(36), Month: 1 + r.IntN(12), Day: 1 + r.IntN(28)}
}
