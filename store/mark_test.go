package store

import (
	"context"
	"encoding/binary"
	"errors"
	"hash/fnv"
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
	unmark(t, opts.Addr) // as in a store written before the mark
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
	if err := writeBolt(other.Addr, func(cgraph.QuadStore, hkv.KV, indexTable) error { return nil }); err != nil {
		t.Fatal(err)
	}
	unmark(t, other.Addr)
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

// unmark clears itkg's mark from both copies of a bolt file's header.
func unmark(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, off := range []int64{0, defaultPageSize} {
		buf := make([]byte, metaEnd)
		f.ReadAt(buf, off)
		binary.NativeEndian.PutUint32(buf[metaFlagsAt:], 0)
		h := fnv.New64a()
		h.Write(buf[metaOffset:metaChecksumAt])
		binary.NativeEndian.PutUint64(buf[metaChecksumAt:], h.Sum64())
		f.WriteAt(buf, off)
	}
}
