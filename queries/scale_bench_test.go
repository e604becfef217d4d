package queries_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/itkg/itkg/internal/benchdata"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
	"github.com/itkg/itkg/storeread"
	"github.com/itkg/itkg/synthetic"
)

// BenchmarkScale times the questions analysts ask most on synthetic bolt
// stores of 10k, 100k and 1M quads, each question with a new Reader (with
// the store's indexes, as the command line uses), as one
// command run reads a store: nothing is cached between questions but
// what the operating system keeps, the store's file read once into its
// page cache first (benchdata.Warm). Besides ns/op (the mean) it reports the
// 50th and 99th percentile latencies in milliseconds. The stores are built
// once into the temporary directory (the 1M one takes about ten seconds).
func BenchmarkScale(b *testing.B) {
	for _, n := range benchdata.Sizes {
		b.Run(benchdata.Label(n), func(b *testing.B) { benchScale(b, n) })
	}
}

func benchScale(b *testing.B, n int64) {
	ctx := context.Background()
	{
		s := benchdata.Store(b, n)
		benchdata.Warm(b, s)
		reader := func() *queries.Reader { return queries.FromStore(storeread.New(s.QS).WithIndexes(s)) }
		entities, _ := synthetic.Size(n)
		r := rand.New(rand.NewPCG(7, 7))
		entity := func() string { return synthetic.EntityID(r.Int64N(entities)) }
		run := func(name string, q func() error) {
			b.Run(name, func(b *testing.B) {
				var ds []time.Duration
				for b.Loop() {
					start := time.Now()
					if err := q(); err != nil {
						b.Fatal(err)
					}
					ds = append(ds, time.Since(start))
				}
				reportPercentiles(b, ds)
			})
		}
		run("path", func() error {
			a, b := entity(), entity()
			for a == b {
				b = entity()
			}
			_, err := reader().Path(ctx, a, b, queries.PathOptions{})
			return err
		})
		run("neighbors", func() error {
			_, err := reader().Neighborhood(ctx, entity(), queries.NeighborOptions{Depth: 1})
			return err
		})
		run("show", func() error {
			_, err := reader().Card(ctx, entity(), queries.Filter{})
			return err
		})
		run("show-by-name", func() error {
			_, err := reader().Card(ctx, fmt.Sprintf("synthetic entity %d", r.Int64N(entities)), queries.Filter{})
			return err
		})
		run("gizmo", func() error {
			_, err := queries.GizmoResults(ctx, s.QS, fmt.Sprintf(`g.V("<%s>").Out().All()`, entity()), 100)
			return err
		})
		// Cold: open the store, answer, close, as a command does.
		run("cold-open-show", func() error {
			c, err := store.OpenRead(ctx, s.Options)
			if err != nil {
				return err
			}
			defer c.Close()
			_, err = queries.FromStore(storeread.New(c.QS).WithIndexes(c)).Card(ctx, entity(), queries.Filter{})
			return err
		})
	}
}

// reportPercentiles reports the 50th and 99th percentile of ds.
func reportPercentiles(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	at := func(p float64) float64 {
		return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))]) / 1e6
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
