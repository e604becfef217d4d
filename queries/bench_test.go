package queries_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cayleygraph/cayley/graph/memstore"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/benchdata"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/synthetic"
)

// The benchmarks time one question on a dataset read back from a bolt
// store (the store is opened and read once, outside the timing), asked of
// one in-memory Reader (queries.InMemory), as a server keeps a small
// store: ns/op is the time per question once the Reader's lookups are
// built; the "+index" case includes building them, as a one-shot command
// pays it.

func BenchmarkPath(b *testing.B) {
	ctx := context.Background()
	ds := fixture.Dataset(b, fixture.CorpusData())
	r := queries.InMemory(ds)
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
				if _, err := r.Path(ctx, bc.from, bc.to, bc.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("corpus/shortest+index", func(b *testing.B) {
		for b.Loop() {
			if _, err := queries.InMemory(ds).Path(ctx, "fatemiyoun-division", "al-qaeda", queries.PathOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	syn, quads := synDataset(b, 100_000)
	sr := queries.InMemory(syn)
	b.Run(fmt.Sprintf("synthetic-%dk-quads/shortest", quads/1000), func(b *testing.B) {
		i := 0
		for b.Loop() {
			from, to := synthetic.EntityID(int64(i%1000)), synthetic.EntityID(int64(1000+(i*7)%1500))
			if _, err := sr.Path(ctx, from, to, queries.PathOptions{}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

func BenchmarkNeighbors(b *testing.B) {
	ctx := context.Background()
	ds := fixture.Dataset(b, fixture.CorpusData())
	r := queries.InMemory(ds)
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
				if _, err := r.Neighborhood(ctx, bc.id, queries.NeighborOptions{Depth: bc.depth}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	syn, quads := synDataset(b, 100_000)
	sr := queries.InMemory(syn)
	b.Run(fmt.Sprintf("synthetic-%dk-quads/depth-2", quads/1000), func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := sr.Neighborhood(ctx, synthetic.EntityID(int64(i%2500)), queries.NeighborOptions{Depth: 2}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// synDataset is a synthetic graph of about n quads, as a dataset, with
// the number of quads.
func synDataset(b *testing.B, n int64) (*graph.Dataset, int) {
	qs, _ := benchdata.Quads(b, n)
	ds, err := queries.NewReader(memstore.New(qs...)).All(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return ds, len(qs)
}
