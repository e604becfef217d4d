package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
)

// backends returns, for each persistent backend that runs here, options
// for a fresh store: files in a temporary directory, a fresh schema in the
// test PostgreSQL server.
func backends(t *testing.T) map[string]func(t *testing.T) store.Options {
	return map[string]func(t *testing.T) store.Options{
		store.Bolt: func(t *testing.T) store.Options {
			return store.Options{Backend: store.Bolt, Addr: filepath.Join(t.TempDir(), "graph.bolt")}
		},
		store.LevelDB: func(t *testing.T) store.Options {
			return store.Options{Backend: store.LevelDB, Addr: filepath.Join(t.TempDir(), "graph.leveldb")}
		},
		store.Postgres: func(t *testing.T) store.Options {
			return store.Options{Backend: store.Postgres, Addr: fixture.Postgres(t)}
		},
	}
}

func factCount(t *testing.T, s *store.Store) int {
	t.Helper()
	ds, err := queries.NewReader(s.QS).All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ds.Facts)
}

// fixtureFS copies the fixture data into a map the test can change.
func fixtureFS(t *testing.T) fstest.MapFS { return fixture.MapFS(t, fixture.FixtureData()) }

func TestBackendSuite(t *testing.T) {
	ctx := context.Background()
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			opts := fresh(t)
			t.Run("ErrNoStore", func(t *testing.T) {
				_, err := store.OpenRead(ctx, opts)
				if !errors.Is(err, store.ErrNoStore) {
					t.Fatalf("OpenRead of a missing store: err = %v, want ErrNoStore", err)
				}
			})
			fsys := fixtureFS(t)
			data := loaders.Data{FS: fsys, Display: "data"}
			t.Run("Build", func(t *testing.T) {
				st, err := store.Build(ctx, opts, data)
				if err != nil {
					t.Fatal(err)
				}
				ds, err := data.Load(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if want := int64(len(graph.Quads(ds))); st.Quads != want {
					t.Errorf("build wrote %d quads, want %d", st.Quads, want)
				}
				s, err := store.OpenRead(ctx, opts)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				hash, _ := loaders.Hash(fsys)
				if s.Info.Origin != store.OriginBuild || s.Info.Hash != hash || s.Info.Written.IsZero() {
					t.Errorf("info = %+v, want origin build and hash %s", s.Info, hash)
				}
				got, err := queries.NewReader(s.QS).All(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if a, b := nquads(t, got), nquads(t, ds); a != b {
					t.Errorf("the store does not hold what was built:\n got %d bytes of N-Quads\nwant %d", len(a), len(b))
				}
				checkIndexes(t, s, ds)
			})
			t.Run("Rebuild", func(t *testing.T) {
				beta := fsys["facts/beta-2023.yaml"]
				delete(fsys, "facts/beta-2023.yaml")
				defer func() { fsys["facts/beta-2023.yaml"] = beta }()
				if _, err := store.Build(ctx, opts, data); err != nil {
					t.Fatal(err)
				}
				s, err := store.OpenRead(ctx, opts)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if n := factCount(t, s); n != 7 {
					t.Errorf("facts after rebuilding without beta = %d, want 7", n)
				}
			})
			t.Run("FailedBuildKeepsOldStore", func(t *testing.T) {
				before := snapshot(t, opts)
				// A quad file whose last quad is incomplete: everything
				// before it is written, then the build fails.
				quads := graph.Quads(fixture.Load(t, fixture.FixtureData()))
				quads = append(quads, quad.Quad{Subject: quad.IRI("x"), Predicate: quad.IRI("y")})
				_, err := store.Replace(ctx, opts, quad.NewReader(quads), store.Info{Origin: store.OriginLoad}, nil)
				var bad *store.BadQuadError
				if !errors.As(err, &bad) || bad.N != int64(len(quads)) {
					t.Fatalf("err = %v, want a BadQuadError at quad %d", err, len(quads))
				}
				if after := snapshot(t, opts); after != before {
					t.Errorf("a failed build changed the store")
				}
				checkNoLeftovers(t, opts)
			})
			t.Run("CancelledBuildKeepsOldStore", func(t *testing.T) {
				before := snapshot(t, opts)
				cctx, cancel := context.WithCancel(ctx)
				cancel()
				_, err := store.Build(cctx, opts, loaders.Data{FS: os.DirFS(fixture.Dir()), Display: "fixture"})
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("cancelled build: err = %v, want context.Canceled", err)
				}
				if after := snapshot(t, opts); after != before {
					t.Errorf("a cancelled build changed the store")
				}
				checkNoLeftovers(t, opts)
			})
			t.Run("Append", func(t *testing.T) {
				extra := []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("b"), Object: quad.String("c")}}
				n, err := store.Append(ctx, opts, quad.NewReader(extra), nil)
				if err != nil || n != 1 {
					t.Fatalf("Append = %d, %v", n, err)
				}
				s, err := store.OpenRead(ctx, opts)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if s.Info.Origin != store.OriginLoad {
					t.Errorf("origin after append = %q, want load", s.Info.Origin)
				}
				if s.QS.ValueOf(quad.IRI("a")) == nil {
					t.Errorf("the appended quad is missing")
				}
				if s.Neighbours() != nil || s.Descriptions() != nil || s.Naming() != nil {
					t.Errorf("after an append in place itkg's indexes are still offered")
				}
			})
		})
	}
}

// snapshot is the store's contents as sorted N-Quads.
func snapshot(t *testing.T, opts store.Options) string {
	t.Helper()
	s, err := store.OpenRead(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := queries.NewReader(s.QS).All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return nquads(t, ds)
}

func nquads(t *testing.T, ds *graph.Dataset) string {
	t.Helper()
	var lines []string
	for _, q := range graph.Quads(ds) {
		lines = append(lines, q.NQuad())
	}
	return strings.Join(sortStrings(lines), "\n")
}

func sortStrings(ss []string) []string {
	out := append([]string(nil), ss...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// checkNoLeftovers fails when a build left a temporary file, generation
// directory or schema behind.
func checkNoLeftovers(t *testing.T, opts store.Options) {
	t.Helper()
	if opts.Backend == store.Postgres {
		return // the fixture drops every schema it made; the suite checks content
	}
	dir := filepath.Dir(opts.Addr)
	entries, _ := os.ReadDir(dir)
	gens := 0
	for _, e := range entries {
		switch {
		case strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".link-"):
			t.Errorf("temporary file %s left behind", e.Name())
		case strings.Contains(e.Name(), ".gen-"):
			gens++
		}
	}
	if gens > 1 {
		t.Errorf("%d leveldb generations left, want 1", gens)
	}
}

func TestOpenBuildsOnce(t *testing.T) {
	ctx := context.Background()
	opts := store.Options{Addr: filepath.Join(t.TempDir(), "graph.bolt")}
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
	opts := store.Options{Addr: filepath.Join(t.TempDir(), "graph.bolt")}
	fsys := fixtureFS(t)
	d := loaders.Data{FS: fsys, Display: "data"}
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

// TestOpenLeavesLoadedStore: a store filled by `itkg load` is not a cache
// of the data and is never rebuilt from it.
func TestOpenLeavesLoadedStore(t *testing.T) {
	ctx := context.Background()
	opts := store.Options{Addr: filepath.Join(t.TempDir(), "graph.bolt")}
	quads := graph.Quads(fixture.Load(t, fixture.FixtureData()))
	if _, err := store.Replace(ctx, opts, quad.NewReader(quads[:len(quads)/2]), store.Info{Origin: store.OriginLoad}, nil); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	s, err := store.Open(ctx, opts, fixture.FixtureData(), &log)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if log.Len() != 0 || s.Info.Origin != store.OriginLoad {
		t.Errorf("Open rebuilt a loaded store: log %q, info %+v", log.String(), s.Info)
	}
}

func TestSharedStoreIsNeverRebuilt(t *testing.T) {
	ctx := context.Background()
	opts := store.Options{Backend: store.Postgres, Addr: fixture.Postgres(t)}
	_, err := store.Open(ctx, opts, fixture.FixtureData(), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "holds no itkg graph yet: run `itkg build --backend postgres") {
		t.Fatalf("Open of an empty shared store: err = %v", err)
	}
	fsys := fixtureFS(t)
	delete(fsys, "facts/beta-2023.yaml")
	if _, err := store.Build(ctx, opts, loaders.Data{FS: fsys, Display: "other"}); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	s, err := store.Open(ctx, opts, fixture.FixtureData(), &log)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := factCount(t, s); n != 7 || !strings.Contains(log.String(), "was built from other data") {
		t.Errorf("facts = %d, log %q; want the shared store as it was (7 facts) and a warning", n, log.String())
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
	_, err = store.Build(context.Background(), store.Options{Addr: path, Timeout: 200 * time.Millisecond}, fixture.FixtureData())
	if err == nil || !strings.Contains(err.Error(), "another itkg process (pid 4242) holds the lock") {
		t.Fatalf("build error = %v, want a message naming the lock holder", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond || waited > 3*time.Second {
		t.Errorf("waited %s, want about 200ms", waited)
	}
}

func TestOpenGarbageRebuilds(t *testing.T) {
	for _, backend := range []string{store.Bolt, store.LevelDB} {
		t.Run(backend, func(t *testing.T) {
			dir := t.TempDir()
			opts := store.Options{Backend: backend, Addr: filepath.Join(dir, "graph")}
			if _, err := store.Build(context.Background(), opts, fixture.FixtureData()); err != nil {
				t.Fatal(err)
			}
			// Overwrite the store's files with garbage; on bolt, all but
			// the header with itkg's mark (the first two pages).
			real, _ := filepath.EvalSymlinks(opts.Addr)
			filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && filepath.Base(p) != "LOCK" {
					garbage := bytes.Repeat([]byte("not a store "), 1000)
					if backend == store.Bolt {
						b, _ := os.ReadFile(p)
						garbage = append(b[:8192:8192], bytes.Repeat([]byte("not a store "), (len(b)-8192)/12)...)
					}
					os.WriteFile(p, garbage, 0o644)
				}
				return nil
			})
			_, err := store.OpenRead(context.Background(), opts)
			var damaged *store.DamagedError
			if !errors.As(err, &damaged) {
				t.Fatalf("OpenRead of garbage: err = %v, want a DamagedError", err)
			}
			var log bytes.Buffer
			s, err := store.Open(context.Background(), opts, fixture.FixtureData(), &log)
			if err != nil {
				t.Fatalf("Open over garbage: %v", err)
			}
			defer s.Close()
			if n := factCount(t, s); n != 10 || !strings.Contains(log.String(), "damaged") {
				t.Errorf("facts = %d, log %q; want a rebuilt store and a message", n, log.String())
			}
		})
	}
}

// TestScanMatchesCayley holds the log scan to Cayley's own reading of the
// store, on a built store and on one with deleted quads (an append
// replaces the store's record of itself).
func TestScanMatchesCayley(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{store.Bolt, store.LevelDB} {
		t.Run(backend, func(t *testing.T) {
			opts := store.Options{Backend: backend, Addr: filepath.Join(t.TempDir(), "graph")}
			if _, err := store.Build(ctx, opts, fixture.CorpusData()); err != nil {
				t.Fatal(err)
			}
			extra := []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("b"), Object: quad.Int(3), Label: quad.IRI("l")}}
			if _, err := store.Append(ctx, opts, quad.NewReader(extra), nil); err != nil {
				t.Fatal(err)
			}
			s, err := store.OpenRead(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			scanned, err := s.Scanner()(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var viaCayley []quad.Quad
			it := s.QS.QuadsAllIterator()
			for it.Next(ctx) {
				viaCayley = append(viaCayley, s.QS.Quad(it.Result()))
			}
			it.Close()
			if a, b := sortedNQuads(scanned), sortedNQuads(viaCayley); a != b || len(scanned) < 8000 {
				t.Errorf("the scan read %d quads, Cayley %d; they differ or are too few", len(scanned), len(viaCayley))
			}
		})
	}
}

func sortedNQuads(qs []quad.Quad) string {
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = q.NQuad()
	}
	return strings.Join(sortStrings(lines), "\n")
}

// TestVerify: the full check passes a sound store; a store damaged in its
// middle is caught, by the open when the damage lies where opening reads,
// else by Verify, never by a crash.
func TestVerify(t *testing.T) {
	ctx := context.Background()
	opts := store.Options{Addr: filepath.Join(t.TempDir(), "graph.bolt")}
	if _, err := store.Build(ctx, opts, fixture.CorpusData()); err != nil {
		t.Fatal(err)
	}
	s, err := store.OpenRead(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(); err != nil {
		t.Fatalf("Verify of a sound store: %v", err)
	}
	s.Close()
	good, _ := os.ReadFile(opts.Addr)
	// bolt grows its file ahead of its data: damage the part in use, up to
	// the last page that is not all zeros.
	used := len(good)
	for used > 0 && good[used-1] == 0 {
		used--
	}
	for _, where := range []struct{ from, to int }{{64 << 10, used - 64<<10}, {used * 3 / 4, used}, {used / 2, used/2 + 4096}} {
		b := append([]byte(nil), good...)
		for i := where.from; i < where.to; i += 7 {
			b[i] ^= 0x5a
		}
		os.WriteFile(opts.Addr, b, 0o600)
		var damaged *store.DamagedError
		s, err := store.OpenRead(ctx, opts)
		if err == nil {
			err = s.Verify()
			s.Close()
		}
		if !errors.As(err, &damaged) {
			t.Errorf("bytes %d-%d damaged: %v, want a DamagedError from the open or from Verify", where.from, where.to, err)
		}
	}
}

// TestDamagedSharedStore: a PostgreSQL schema missing one of Cayley's
// tables, or the store's record of itself, is reported and never rebuilt.
func TestDamagedSharedStore(t *testing.T) {
	ctx := context.Background()
	url := fixture.Postgres(t)
	opts := store.Options{Backend: store.Postgres, Addr: url}
	if _, err := store.Build(ctx, opts, fixture.FixtureData()); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`DELETE FROM quads WHERE subject_hash IN (SELECT hash FROM nodes WHERE value_string = 'itkg:store')`); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(ctx, opts, fixture.FixtureData(), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "holds no record of what it holds") {
		t.Fatalf("Open of a store without its record: %v", err)
	}
	if _, err := db.Exec(`DROP TABLE nodes CASCADE`); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	_, err = store.Open(ctx, opts, fixture.FixtureData(), &log)
	var damaged *store.DamagedError
	if !errors.As(err, &damaged) || !strings.Contains(err.Error(), "itkg does not rebuild a shared store on its own") || log.Len() != 0 {
		t.Fatalf("Open of a schema without its nodes table: %v (log %q)", err, log.String())
	}
}

// checkIndexes compares a store's adjacency index with the dataset's
// entity-to-entity facts, and reads every fact back through its
// descriptions index.
func checkIndexes(t *testing.T, s *store.Store, ds *graph.Dataset) {
	t.Helper()
	describe := s.Descriptions()
	if describe == nil {
		t.Fatal("no descriptions index after a build")
	}
	var iris []quad.IRI
	for _, f := range ds.Facts {
		iris = append(iris, graph.FactIRI(f.ID))
	}
	described, err := describe(context.Background(), iris)
	if err != nil {
		t.Fatal(err)
	}
	quotes := 0
	for _, q := range described {
		if q.Predicate == graph.PredQuote {
			quotes++
		}
	}
	if quotes != len(ds.Facts) {
		t.Errorf("the descriptions of %d facts hold %d quotes", len(ds.Facts), quotes)
	}
	adj := s.Neighbours()
	if adj == nil {
		t.Fatal("no adjacency index after a build")
	}
	want := map[string][]string{}
	for _, f := range ds.Facts {
		if f.HasObject() && f.Subject != f.Object {
			want[f.Subject] = append(want[f.Subject], f.Object+" "+f.ID)
			want[f.Object] = append(want[f.Object], f.Subject+" "+f.ID)
		}
	}
	degree := s.Degrees()
	for _, e := range ds.Entities {
		others, facts, err := adj(context.Background(), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.IsSorted(others) || len(slices.Compact(slices.Clone(others))) != len(others) {
			t.Errorf("adjacency of %s: entities not in id order, or repeated: %v", e.ID, others)
		}
		if d, err := degree(context.Background(), e.ID); err != nil || d != len(others) {
			t.Errorf("degree of %s: %d, %v; the index lists %d entities", e.ID, d, err, len(others))
		}
		var got []string
		for i := range others {
			for _, f := range facts[i] {
				got = append(got, others[i]+" "+f)
			}
		}
		if a, b := strings.Join(sortStrings(got), ","), strings.Join(sortStrings(want[e.ID]), ","); a != b {
			t.Errorf("adjacency of %s: %s, want %s", e.ID, a, b)
		}
	}
	name := s.Naming()
	if name == nil {
		t.Fatal("no naming index after a build")
	}
	naming := map[string][]string{}
	for _, f := range ds.Facts {
		for _, e := range slices.Compact([]string{f.Subject, f.Object, f.ClaimedBy}) {
			if e != "" && (e != f.Object || f.HasObject()) {
				naming[e] = append(naming[e], f.ID)
			}
		}
	}
	for _, e := range ds.Entities {
		ids, quads, labels, err := name(context.Background(), e.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Compact(sortStrings(naming[e.ID]))
		if !slices.Equal(ids, want) {
			t.Errorf("naming of %s: %v, want %v", e.ID, ids, want)
		}
		for _, q := range quads {
			if q.Predicate == graph.PredQuote || q.Predicate == graph.RDFSComment {
				t.Fatalf("naming of %s keeps %v", e.ID, q)
			}
			if o, ok := q.Object.(quad.IRI); ok && (q.Predicate == graph.PredSubject || q.Predicate == graph.PredObject) {
				if labels[string(o)] != ds.Entity(string(o)).Name {
					t.Errorf("naming of %s: %s is named %q, want %q", e.ID, o, labels[string(o)], ds.Entity(string(o)).Name)
				}
			}
		}
	}
}
