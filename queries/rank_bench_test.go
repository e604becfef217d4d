package queries_test

import (
	"context"
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/benchdata"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/storeread"
)

// BenchmarkRank ranks the entities of synthetic stores of 100k and 1M
// quads each way (read whole once, as `itkg rank` does), and at 100k times
// gonum's BetweennessWeighted beside it: the alternative itkg's own Brandes
// replaced, which keeps every shortest path in memory. Peak-heap figures are
// reported as MB; docs/scaling.md has the last run.
func BenchmarkRank(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int64{100_000, 1_000_000} {
		b.Run(benchdata.Label(n), func(b *testing.B) {
			s := benchdata.Store(b, n)
			ds, err := queries.FromStore(storeread.New(s.QS).WithIndexes(s)).All(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for _, by := range queries.RankKinds {
				b.Run(by, func(b *testing.B) {
					for b.Loop() {
						if _, err := queries.Rank(ctx, ds, queries.RankOptions{By: by, Limit: 20}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			if n > 100_000 {
				return
			}
			b.Run("gonum-betweenness-weighted", func(b *testing.B) {
				g := gonumGraph(ds)
				var before runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				for b.Loop() {
					network.BetweennessWeighted(g, path.DijkstraAllPaths(g))
				}
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/1e6, "MB-alloc/op")
				b.ReportMetric(float64(g.Nodes().Len()), "entities")
			})
		})
	}
}

// gonumGraph is the evidence graph of ds for gonum: one edge per related
// pair, length 1/sources.
func gonumGraph(ds *graph.Dataset) *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
	ids := map[string]int64{}
	id := func(e string) int64 {
		if i, ok := ids[e]; ok {
			return i
		}
		ids[e] = int64(len(ids))
		return ids[e]
	}
	srcs := map[[2]int64]map[string]bool{}
	for _, f := range ds.Facts {
		if !f.HasObject() || f.Subject == f.Object || f.Negated || f.Modality == "speculative" {
			continue
		}
		a, c := id(f.Subject), id(f.Object)
		if a > c {
			a, c = c, a
		}
		if srcs[[2]int64{a, c}] == nil {
			srcs[[2]int64{a, c}] = map[string]bool{}
		}
		srcs[[2]int64{a, c}][f.Source] = true
	}
	for k, s := range srcs {
		g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(k[0]), simple.Node(k[1]), 1/float64(len(s))))
	}
	return g
}
