package queries_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

// randomDataset is a graph of n entities and about m facts from up to 3
// sources, so relations carry 1 to 3 sources of evidence.
func randomDataset(seed uint64, n, m int) *graph.Dataset {
	r := rand.New(rand.NewPCG(seed, seed))
	ds := &graph.Dataset{Predicates: []*graph.Predicate{{ID: "p", Label: "p"}}}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("e%05d", i)
		ds.Entities = append(ds.Entities, &graph.Entity{ID: id, Name: id})
	}
	for _, s := range []string{"s1", "s2", "s3"} {
		ds.Sources = append(ds.Sources, &graph.Source{ID: s})
	}
	for i := 0; i < m; i++ {
		a, b := r.IntN(n), r.IntN(n)
		ds.Facts = append(ds.Facts, &graph.Fact{ID: fmt.Sprintf("f%06d", i),
			Source: ds.Sources[r.IntN(3)].ID, Subject: ds.Entities[a].ID, Predicate: "p", Object: ds.Entities[b].ID, Modality: "asserted"})
	}
	ds.Index()
	return ds
}

// TestRankBetweennessMatchesGonum checks itkg's weighted Brandes against
// gonum's BetweennessWeighted (which needs all shortest paths in memory, so
// serves small graphs only) on random graphs.
func TestRankBetweennessMatchesGonum(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		t.Logf("seed %d", seed)
		ds := randomDataset(seed, 40, 90)
		got, err := queries.Rank(context.Background(), ds, queries.RankOptions{By: queries.RankBetweenness})
		if err != nil {
			t.Fatal(err)
		}
		// The same weighted graph for gonum: one edge per pair, length 1/sources.
		g := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
		ids := map[string]int64{}
		for i, e := range ds.Entities {
			ids[e.ID] = int64(i)
		}
		srcs := map[[2]int64]map[string]bool{}
		for _, f := range ds.Facts {
			a, b := ids[f.Subject], ids[f.Object]
			if a == b {
				continue
			}
			if a > b {
				a, b = b, a
			}
			if srcs[[2]int64{a, b}] == nil {
				srcs[[2]int64{a, b}] = map[string]bool{}
			}
			srcs[[2]int64{a, b}][f.Source] = true
		}
		for k, s := range srcs {
			g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(k[0]), simple.Node(k[1]), 1/float64(len(s))))
		}
		want := network.BetweennessWeighted(g, path.DijkstraAllPaths(g))
		for _, r := range got.Ranked {
			w := want[ids[r.Entity.ID]] / 2 // gonum counts each unordered pair from both ends
			if math.Abs(r.Score-w) > 1e-6*math.Max(1, w) {
				t.Errorf("seed %d: betweenness of %s = %g, gonum %g", seed, r.Entity.ID, r.Score, w)
			}
		}
	}
}

// TestRankCorpus ranks the real corpus: the hubs come first by degree,
// and brokerage between the Iranian state and the Taliban names entities
// of either cluster or between them.
func TestRankCorpus(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	ctx := context.Background()
	deg, err := queries.Rank(ctx, ds, queries.RankOptions{By: queries.RankDegree, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	var top []string
	for _, r := range deg.Ranked {
		top = append(top, r.Entity.ID)
	}
	if strings.Join(top[:2], " ") != "iran taliban" && strings.Join(top[:2], " ") != "taliban iran" {
		t.Errorf("top entities by degree = %v, want Iran and the Taliban first", top)
	}
	bet, err := queries.Rank(ctx, ds, queries.RankOptions{By: queries.RankBetweenness, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if bet.Ranked[0].Entity.ID != "iran" && bet.Ranked[0].Entity.ID != "taliban" {
		t.Errorf("top by betweenness = %s, want Iran or the Taliban", bet.Ranked[0].Entity.ID)
	}
	bro, err := queries.Rank(ctx, ds, queries.RankOptions{By: queries.RankBrokerage, Between: []string{"iran-state", "taliban-state"}, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if bro.Ranked[0].Score <= 0 {
		t.Errorf("no broker between the Iranian state and the Taliban: %+v", bro.Ranked)
	}
	var b bytes.Buffer
	if err := present.WriteRankingText(&b, bro); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", b.String())
	if _, err := queries.Rank(ctx, ds, queries.RankOptions{By: "pagerank"}); err == nil {
		t.Error("rank by pagerank: no error")
	}
	if _, err := queries.Rank(ctx, ds, queries.RankOptions{By: queries.RankBrokerage, Between: []string{"iran-state", "nowhere"}}); err == nil ||
		!strings.Contains(err.Error(), `no cluster "nowhere"`) {
		t.Errorf("unknown cluster: %v", err)
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 102: "102nd", 113: "113th"} {
		if got := queries.Ordinal(n); got != want {
			t.Errorf("Ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestRankSampled ranks a graph above ExactRankLimit: the estimate starts
// from RankPivots entities and still finds the hub every path crosses.
func TestRankSampled(t *testing.T) {
	n := queries.ExactRankLimit + 500
	ds := randomDataset(7, n, 0)
	// A chain of stars: entity 0 links the hubs 1..9, each hub its leaves.
	fact := func(a, b int) {
		ds.Facts = append(ds.Facts, &graph.Fact{ID: fmt.Sprintf("g%06d", len(ds.Facts)), Source: "s1",
			Subject: ds.Entities[a].ID, Predicate: "p", Object: ds.Entities[b].ID, Modality: "asserted"})
	}
	for h := 1; h < 10; h++ {
		fact(0, h)
	}
	for i := 10; i < n; i++ {
		fact(1+i%9, i)
	}
	ds.Index()
	r, err := queries.Rank(context.Background(), ds, queries.RankOptions{By: queries.RankBetweenness, Limit: 1, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seed 42: %+v", r.Ranked)
	if r.Pivots != queries.RankPivots || r.Ranked[0].Entity.ID != "e00000" {
		t.Errorf("sampled ranking = %d pivots, top %s; want %d pivots and e00000", r.Pivots, r.Ranked[0].Entity.ID, queries.RankPivots)
	}
}
