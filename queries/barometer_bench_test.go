package queries_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/itkg/itkg/internal/benchdata"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/storeread"
	"github.com/itkg/itkg/synthetic"
)

// BenchmarkBarometerScale times `itkg barometer` on synthetic bolt stores
// of 100k and 1M quads, each question with a new Reader over the store's
// indexes, as one command reads a store: a random pair of entities, and
// the two largest hubs (the generator's Zipf picks put them at ids 0 and
// 7919 mod the number of entities). Besides ns/op it reports the 50th and
// 99th percentile latencies in milliseconds, and the mean number of facts
// between the pair.
func BenchmarkBarometerScale(b *testing.B) {
	for _, n := range benchdata.Sizes {
		if n < 100_000 {
			continue
		}
		b.Run(benchdata.Label(n), func(b *testing.B) { benchBarometer(b, n) })
	}
}

func benchBarometer(b *testing.B, n int64) {
	ctx := context.Background()
	s := benchdata.Store(b, n)
	benchdata.Warm(b, s)
	entities, _ := synthetic.Size(n)
	r := rand.New(rand.NewPCG(11, 11))
	run := func(name string, pair func() (string, string)) {
		b.Run(name, func(b *testing.B) {
			var ds []time.Duration
			var facts int
			for b.Loop() {
				a, c := pair()
				start := time.Now()
				bm, err := queries.FromStore(storeread.New(s.QS).WithIndexes(s)).Barometer(ctx, a, c, queries.BarometerOptions{BySource: true})
				if err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(start))
				t := bm.Series[0].Total
				facts += t.Facts + t.Neutral + t.Negated
			}
			reportPercentiles(b, ds)
			b.ReportMetric(float64(facts)/float64(len(ds)), "facts/op")
		})
	}
	run("random-pair", func() (string, string) {
		a, c := r.Int64N(entities), r.Int64N(entities)
		for a == c {
			c = r.Int64N(entities)
		}
		return synthetic.EntityID(a), synthetic.EntityID(c)
	})
	run("hubs", func() (string, string) {
		return synthetic.EntityID(0), synthetic.EntityID(7919 % entities)
	})
}
