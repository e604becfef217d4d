package queries_test

import (
	"context"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/itkg/itkg/internal/benchdata"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/storeread"
	"github.com/itkg/itkg/synthetic"
)

// BenchmarkHubCard reads the card of the synthetic graph's busiest entity
// (syn-e-0, the first of its hubs) at each store size and prints it as
// JSON, as `itkg show syn-e-0 -o json` does, and reports how far the live
// heap rose above what it was before (peak-heap-MiB, sampled every
// 100 µs) and the facts the entity has: the whole card, and its first page
// of 100 facts (`show --limit 100`). docs/scaling.md has the figures.
func BenchmarkHubCard(b *testing.B) {
	for _, n := range benchdata.Sizes {
		for _, pg := range []struct {
			name string
			page queries.Page
		}{{"whole", queries.Page{}}, {"page-100", queries.Page{Limit: 100}}} {
			b.Run(benchdata.Label(n)+"/"+pg.name, func(b *testing.B) { benchHubCard(b, n, pg.page) })
		}
	}
}

func benchHubCard(b *testing.B, n int64, page queries.Page) {
	ctx := context.Background()
	s := benchdata.Store(b, n)
	benchdata.Warm(b, s)
	hub := synthetic.EntityID(0)
	var peak uint64
	facts := 0
	for b.Loop() {
		runtime.GC()
		stop := watchHeap()
		c, err := queries.FromStore(storeread.New(s.QS).WithIndexes(s)).CardPage(ctx, hub, queries.Filter{}, page)
		if err != nil {
			b.Fatal(err)
		}
		if err := queries.WriteJSON(io.Discard, c); err != nil {
			b.Fatal(err)
		}
		facts = c.Entity.Facts
		peak = max(peak, stop())
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(facts), "facts")
}

// watchHeap samples the live heap until the returned function is called,
// which returns the highest figure seen less the first.
func watchHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var mu sync.Mutex
	high := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				v := read()
				mu.Lock()
				high = max(high, v)
				mu.Unlock()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		high = max(high, read())
		return high - base
	}
}
