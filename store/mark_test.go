package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// TestMark: a bolt store itkg writes carries its mark in both copies of
// the header; a store of an itkg older than the mark (no mark, but its
// record on <itkg:store>) is still read and replaced; a file with neither
// is refused by reads and writes alike and left as it was.
func TestMark(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	quads := []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("b"), Object: quad.String("c")}}
	opts := Options{Backend: Bolt, Addr: filepath.Join(dir, "graph.bolt")}
	build := func(o Options) error {
		_, err := Replace(ctx, o, sliceReader(quads), Info{Origin: OriginLoad}, nil)
		return err
	}
	if err := build(opts); err != nil {
		t.Fatal(err)
	}
	if kind, err := sniffBolt(opts.Addr); kind != boltMarked || err != nil {
		t.Fatalf("a built store: kind %d, %v; want marked", kind, err)
	}
	// A store as itkg wrote them before the mark and the checksums.
	os.Remove(opts.Addr)
	err := writeBoltAs(opts.Addr, func(qs cgraph.QuadStore, kv hkv.KV, _ indexTable) error {
		job := newCopyJob(sliceReader(quads), nil)
		defer job.close()
		if err := job.intoLayout(ctx, kv); err != nil {
			return err
		}
		return writeInfo(qs, Info{Origin: OriginLoad})
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if kind, _ := sniffBolt(opts.Addr); kind != boltUnmarked {
		t.Fatalf("the mark was not cleared")
	}
	s, err := OpenRead(ctx, opts)
	if err != nil {
		t.Fatalf("a store older than the mark: %v", err)
	}
	s.Close()
	if err := build(opts); err != nil {
		t.Fatalf("rebuilding a store older than the mark: %v", err)
	}
	if kind, _ := sniffBolt(opts.Addr); kind != boltMarked {
		t.Fatalf("a rebuilt store has no mark")
	}
	// A store holding no record of an itkg graph, without the mark: an
	// empty Cayley store written by Cayley itself.
	other := Options{Backend: Bolt, Addr: filepath.Join(dir, "cayley.bolt")}
	if err := writeBoltAs(other.Addr, func(cgraph.QuadStore, hkv.KV, indexTable) error { return nil }, false); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(other.Addr)
	_, err = OpenRead(ctx, other)
	var foreign *ForeignError
	if !errors.As(err, &foreign) {
		t.Errorf("OpenRead of an unmarked Cayley store: %v, want a ForeignError", err)
	}
	if err := build(other); !errors.As(err, &foreign) {
		t.Errorf("Build over an unmarked Cayley store: %v, want a ForeignError", err)
	}
	if after, _ := os.ReadFile(other.Addr); string(after) != string(before) {
		t.Errorf("the unmarked Cayley store was changed")
	}
}
