package queries_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
)

// The benchmarks time one query on a dataset read back from a bolt store
// (the store is opened and read once, outside the timing): ns/op is the
// time per query on a Graph indexed once; the "+index" cases include
// indexing, as a one-shot command pays it.

func BenchmarkPath(b *testing.B) {
	ds := fixture.Dataset(b, fixture.CorpusData())
	g := queries.NewGraph(ds)
	for _, bc := range []struct {
		name     string
		from, to string
		opt      queries.PathOptions
	}{
		{"corpus/shortest", "fatemiyoun-division", "al-qaeda", queries.PathOptions{}},
		{"corpus/all-4-hops", "fatemiyoun-division", "al-qaeda", queries.PathOptions{All: true}},
		{"corpus/filtered-no-path", "fatemiyoun-division", "al-qaeda", queries.PathOptions{Filter: queries.Filter{Theme: "water"}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := g.Paths(bc.from, bc.to, bc.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("corpus/shortest+index", func(b *testing.B) {
		for b.Loop() {
			if _, err := queries.Paths(ds, "fatemiyoun-division", "al-qaeda", queries.PathOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	syn, quads := synthetic(9000)
	sg := queries.NewGraph(syn)
	b.Run(fmt.Sprintf("synthetic-%dk-quads/shortest", quads/1000), func(b *testing.B) {
		i := 0
		for b.Loop() {
			from, to := fmt.Sprintf("e%d", i%1000), fmt.Sprintf("e%d", 1000+(i*7)%2000)
			if _, err := sg.Paths(from, to, queries.PathOptions{}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

func BenchmarkNeighbors(b *testing.B) {
	ds := fixture.Dataset(b, fixture.CorpusData())
	g := queries.NewGraph(ds)
	for _, bc := range []struct {
		name  string
		id    string
		depth int
	}{
		{"corpus/quds-force-1", "quds-force", 1},
		{"corpus/iran-1", "iran", 1},
		{"corpus/taliban-2", "taliban", 2},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := g.Neighbors(bc.id, queries.NeighborOptions{Depth: bc.depth}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	syn, quads := synthetic(9000)
	sg := queries.NewGraph(syn)
	b.Run(fmt.Sprintf("synthetic-%dk-quads/depth-2", quads/1000), func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := sg.Neighbors(fmt.Sprintf("e%d", i%3000), queries.NeighborOptions{Depth: 2}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// synthetic builds a random graph of nFacts entity-object facts over
// nFacts/3 entities, with hubs as in the corpus, and returns it with the
// number of quads it makes in a store.
func synthetic(nFacts int) (*graph.Dataset, int) {
	r := rand.New(rand.NewPCG(1, 2))
	ds := &graph.Dataset{
		Sources: []*graph.Source{{ID: "s0", Published: graph.MustDate("2024")}, {ID: "s1", Published: graph.MustDate("2025")}},
		Themes:  []*graph.Theme{{ID: "t0", Title: "T0"}, {ID: "t1", Title: "T1"}},
	}
	preds := []string{"cooperates_with", "attacks", "part_of", "supports", "meets_with"}
	for _, p := range preds {
		ds.Predicates = append(ds.Predicates, &graph.Predicate{ID: p, Label: p, Inverse: p, Polarity: "neutral", Symmetric: p == "cooperates_with" || p == "meets_with"})
	}
	nEnt := nFacts / 3
	for i := range nEnt {
		ds.Entities = append(ds.Entities, &graph.Entity{ID: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("Entity %d", i), Type: "organization"})
	}
	pick := func() int {
		if r.IntN(5) == 0 {
			return r.IntN(20) // a hub
		}
		return r.IntN(nEnt)
	}
	for i := range nFacts {
		s, o := pick(), pick()
		if s == o {
			o = (o + 1) % nEnt
		}
		ds.Facts = append(ds.Facts, &graph.Fact{
			ID: fmt.Sprintf("f%d", i), Source: fmt.Sprintf("s%d", i%2), Subject: fmt.Sprintf("e%d", s),
			Predicate: preds[r.IntN(len(preds))], Object: fmt.Sprintf("e%d", o),
			Date: graph.Date{Year: 1990 + r.IntN(35)}, Themes: []string{fmt.Sprintf("t%d", i%2)},
			Quote: "a quote", Modality: "asserted",
		})
	}
	ds.Index()
	return ds, len(graph.Quads(ds))
}
