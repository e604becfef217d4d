package store_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
)

func factCount(t *testing.T, s *store.Store) int {
	t.Helper()
	ds, err := queries.Read(context.Background(), s.QS)
	if err != nil {
		t.Fatal(err)
	}
	return len(ds.Facts)
}

func TestOpenBuildsOnce(t *testing.T) {
	ctx := context.Background()
	opts := store.Options{Path: filepath.Join(t.TempDir(), "graph.bolt")}
	var log bytes.Buffer
	s, err := store.Open(ctx, opts, fixture.FixtureData(), &log)
	if err != nil {
		t.Fatal(err)
	}
	if n := factCount(t, s); n != 10 {
		t.Errorf("facts = %d, want 10", n)
	}
	s.Close()
	if !strings.Contains(log.String(), "building") {
		t.Errorf("first open log = %q, want a building message", log.String())
	}
	log.Reset()
	s, err = store.Open(ctx, opts, fixture.FixtureData(), &log)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if log.Len() != 0 {
		t.Errorf("second open log = %q, want no rebuild", log.String())
	}
}

func TestOpenRebuildsWhenDataChanges(t *testing.T) {
	ctx := context.Background()
	opts := store.Options{Path: filepath.Join(t.TempDir(), "graph.bolt")}
	fsys := fstest.MapFS{}
	base := os.DirFS(fixture.Dir())
	for _, f := range []string{"sources.yaml", "entities.yaml", "predicates.yaml", "themes.yaml", "clusters.yaml", "facts/alpha-2022.yaml", "facts/beta-2023.yaml"} {
		b, err := fs.ReadFile(base, f)
		if err != nil {
			t.Fatal(err)
		}
		fsys[f] = &fstest.MapFile{Data: b}
	}
	d := store.Data{FS: fsys, Display: "data"}
	s, err := store.Open(ctx, opts, d, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	delete(fsys, "facts/beta-2023.yaml")
	var log bytes.Buffer
	s, err = store.Open(ctx, opts, d, &log)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := factCount(t, s); n != 7 {
		t.Errorf("facts after removing beta = %d, want 7", n)
	}
	if !strings.Contains(log.String(), "the data changed") {
		t.Errorf("log = %q, want a rebuild message", log.String())
	}
}

// TestInterruptedBuildKeepsOldStore cancels a build and checks that the
// previous store is still there, complete, and that no temporary file is
// left behind.
func TestInterruptedBuildKeepsOldStore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "graph.bolt")
	ds := fixture.Load(t, fixture.FixtureData())
	quads := graph.Quads(ds)
	if _, err := store.BuildBolt(context.Background(), path, quads, "old", time.Second); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := store.BuildBolt(ctx, path, quads[:3], "new", time.Second)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build error = %v, want context.Canceled", err)
	}
	s, err := store.OpenBolt(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Hash != "old" || factCount(t, s) != 10 {
		t.Errorf("after an interrupted build: hash %q, %d facts; want the old store", s.Hash, factCount(t, s))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestBuildWaitsForLockThenGivesUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "graph.bolt")
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	f.WriteString("4242\n")
	start := time.Now()
	_, err = store.BuildBolt(context.Background(), path, nil, "h", 200*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "another itkg process (pid 4242) holds the lock") {
		t.Fatalf("build error = %v, want a message naming the lock holder", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond || waited > 3*time.Second {
		t.Errorf("waited %s, want about 200ms", waited)
	}
}

func TestOpenMissingAndGarbage(t *testing.T) {
	dir := t.TempDir()
	_, err := store.OpenBolt(filepath.Join(dir, "none.bolt"), time.Second)
	if !errors.Is(err, store.ErrNoStore) {
		t.Errorf("missing store error = %v, want ErrNoStore", err)
	}
	garbage := filepath.Join(dir, "garbage.bolt")
	os.WriteFile(garbage, bytes.Repeat([]byte("not a bolt file "), 1000), 0o644)
	_, err = store.OpenBolt(garbage, time.Second)
	if err == nil || !strings.Contains(err.Error(), "rebuild it with `itkg build`") {
		t.Errorf("garbage store error = %v", err)
	}
	// Open treats an unreadable store as a cache miss and rebuilds it.
	s, err := store.Open(context.Background(), store.Options{Path: garbage}, fixture.FixtureData(), &bytes.Buffer{})
	if err != nil {
		t.Fatalf("Open over garbage: %v", err)
	}
	defer s.Close()
	if n := factCount(t, s); n != 10 {
		t.Errorf("facts = %d, want 10", n)
	}
}
