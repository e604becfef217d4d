package store_test

import (
	"context"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/internal/benchdata"
	"github.com/itkg/itkg/store"
)

// BenchmarkLoad writes synthetic graphs of 10k, 100k and 1M quads into a
// fresh bolt store from memory, reporting quads per second and the most
// live heap (as of each garbage collection) the load added to what the
// benchmark already held (the input itself). Heap in use would count the
// garbage the collector lets grow to the size of the input before it
// runs. The whole process, file mappings included, is measured by
// scripts/bench.
func BenchmarkLoad(b *testing.B) {
	for _, n := range benchdata.Sizes {
		qs, _ := benchdata.Quads(b, n)
		b.Run(benchdata.Label(n), func(b *testing.B) {
			var peak, base uint64
			for b.Loop() {
				path := filepath.Join(b.TempDir(), "load.bolt")
				runtime.GC()
				base = liveHeap()
				stop := sampleHeap(&peak)
				if _, err := store.Replace(context.Background(), store.Options{Addr: path}, quad.NewReader(qs), store.Info{Origin: store.OriginLoad}, nil); err != nil {
					b.Fatal(err)
				}
				stop()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
			b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "added-live-heap-MB")
		})
	}
}

// liveHeap is the heap the last garbage collection found live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeap records the largest live heap, sampled every 10 ms, until
// stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			*peak = max(*peak, liveHeap())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}
