// Package benchdata gives benchmarks synthetic graphs of a given size, as
// quads and as bolt stores built once and kept in the system's temporary
// directory for later runs.
package benchdata

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/itkg/itkg/data"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/store"
	"github.com/itkg/itkg/synthetic"
)

// Sizes are the store sizes the scale benchmarks measure, in quads.
var Sizes = []int64{10_000, 100_000, 1_000_000}

// Label names a size: "10k", "1M".
func Label(n int64) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

// Quads generates about n synthetic quads (seed 1) over the corpus's
// vocabulary.
func Quads(tb testing.TB, n int64) ([]quad.Quad, synthetic.Stats) {
	tb.Helper()
	vocab, err := loaders.Load(data.FS, "data")
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	w := nquads.NewWriter(&buf)
	st, err := synthetic.Generate(context.Background(), w, vocab, synthetic.Options{Quads: n, Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	w.Close()
	qs, err := quad.ReadAll(nquads.NewReader(&buf, false))
	if err != nil {
		tb.Fatal(err)
	}
	return qs, st
}

// Store opens, read-only, a bolt store of about n synthetic quads, built
// on first use into the temporary directory and kept there: a 1M-quad
// store takes half a minute to build. The file name carries the data's
// hash, synthetic.Version and store.LayoutVersion, so a change to any
// builds afresh.
func Store(tb testing.TB, n int64) *store.Store {
	tb.Helper()
	hash, err := loaders.Hash(data.FS)
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(os.TempDir(), "itkg-bench")
	path := filepath.Join(dir, fmt.Sprintf("v%s.%s-%.12s-%s.bolt", synthetic.Version, store.LayoutVersion, hash, Label(n)))
	opts := store.Options{Addr: path}
	if _, err := os.Stat(path); err != nil {
		qs, _ := Quads(tb, n)
		if _, err := store.Replace(context.Background(), opts, quad.NewReader(qs), store.Info{Origin: store.OriginLoad}, nil); err != nil {
			tb.Fatal(err)
		}
	}
	s, err := store.OpenRead(context.Background(), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Warm reads a bolt store's file once, so that the operating system holds
// it in its page cache, as it does for a store in use: latencies measured
// after it do not depend on how long ago the file was last read (this
// project's machines page out memory left idle, page cache included).
// Cold figures are measured apart, by opening the store in new processes.
func Warm(tb testing.TB, s *store.Store) {
	tb.Helper()
	f, err := os.Open(s.Options.Addr)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(io.Discard, f); err != nil {
		tb.Fatal(err)
	}
}
