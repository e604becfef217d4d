package store_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/store"
)

// TestPageCycle points a branch element of a built store back at its own
// page, as a flipped byte did in TestFlippedBytes: bbolt's cursor would
// loop on it for ever, growing its stack; verification reports the store
// damaged instead, at once.
func TestPageCycle(t *testing.T) {
	ctx := context.Background()
	opts := store.Options{Addr: filepath.Join(t.TempDir(), "graph.bolt")}
	if _, err := store.Build(ctx, opts, fixture.CorpusData()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(opts.Addr)
	if err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(opts.Addr, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ps := db.Info().PageSize
	db.Close()
	// The first branch page: point its first child at itself.
	branch := -1
	for id := 2; id*ps < len(b); id++ {
		p := b[id*ps:]
		if binary.LittleEndian.Uint64(p) == uint64(id) && binary.LittleEndian.Uint16(p[8:])&0x01 != 0 /* a branch page */ &&
			binary.LittleEndian.Uint16(p[10:]) > 0 {
			branch = id
			break
		}
	}
	if branch < 0 {
		t.Fatal("the corpus store has no branch page")
	}
	binary.LittleEndian.PutUint64(b[branch*ps+16+8:] /* past the page header, the first element's child */, uint64(branch))
	if err := os.WriteFile(opts.Addr, b, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = store.OpenRead(ctx, opts)
	var damaged *store.DamagedError
	if !errors.As(err, &damaged) || !strings.Contains(err.Error(), "reached twice") {
		t.Fatalf("opening a store whose page %d leads to itself: %v", branch, err)
	}
	t.Logf("page %d leading to itself: %v (after %s)", branch, err, time.Since(start).Round(time.Millisecond))
}
