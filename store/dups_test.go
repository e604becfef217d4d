package store_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/store"
)

// repeated reads n copies of one quad, then one other quad.
type repeated struct{ n, i int }

func (r *repeated) ReadQuad() (quad.Quad, error) {
	r.i++
	switch {
	case r.i <= r.n:
		return quad.Quad{Subject: quad.IRI("iran"), Predicate: quad.IRI("trades-with"), Object: quad.IRI("afghanistan"), Label: quad.IRI("fact:f1")}, nil
	case r.i == r.n+1:
		return quad.Quad{Subject: quad.IRI("fact:f1"), Predicate: quad.IRI("quote"), Object: quad.String("trade"), Label: quad.IRI("fact:f1")}, nil
	}
	return quad.Quad{}, io.EOF
}

func (r *repeated) Close() error { return nil }

// TestDuplicatesStoredOnce: a load of many copies of one quad stores it
// once, in a store no bigger than a load of one copy, with memory that
// does not grow with the copies. $ITKG_DUP_COPIES sets the copies (default
// 400,000).
func TestDuplicatesStoredOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	load := func(name string, n int) (stored int64, size int64, heap uint64) {
		path := filepath.Join(dir, name)
		runtime.GC()
		base := liveHeap()
		var peak uint64
		stop := sampleHeap(&peak)
		stored, err := store.Replace(ctx, store.Options{Addr: path}, &repeated{n: n}, store.Info{Origin: store.OriginLoad}, nil)
		stop()
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return stored, info.Size(), peak - min(peak, base)
	}
	const few = 100_000
	copies := 400_000
	if n, err := strconv.Atoi(os.Getenv("ITKG_DUP_COPIES")); err == nil {
		copies = n
	}
	stored1, size1, _ := load("one.bolt", 1)
	storedFew, _, heapFew := load("few.bolt", few)
	stored, size, heap := load("many.bolt", copies)
	mb := func(b uint64) float64 { return float64(b) / (1 << 20) }
	t.Logf("1 copy: %d quads, %d bytes; %d copies: %.1f MB added live heap; %d copies: %d quads, %d bytes, %.1f MB",
		stored1, size1, few, mb(heapFew), copies, stored, size, mb(heap))
	if stored1 != 2 || storedFew != 2 || stored != 2 {
		t.Errorf("stored %d, %d and %d quads, want 2", stored1, storedFew, stored)
	}
	if size > size1 {
		t.Errorf("the store of %d copies is %d bytes, of one copy %d", copies, size, size1)
	}
	// The sorters hold up to a fixed amount each, whatever the input.
	if heap > heapFew+8<<20 || heap > 48<<20 {
		t.Errorf("loading %d copies added %.1f MB of live heap, %d copies %.1f MB", copies, mb(heap), few, mb(heapFew))
	}
	s, err := store.OpenRead(ctx, store.Options{Addr: filepath.Join(dir, "many.bolt")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	quads, err := s.Scanner()(ctx)
	if err != nil || len(quads) != 2+2 { // and the store's record of itself (origin, time)
		t.Errorf("the store holds %d quads (%v), want 4", len(quads), err)
	}
}
