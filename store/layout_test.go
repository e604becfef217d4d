package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/itkg/itkg/store/internal/kvlayout"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hkv "github.com/hidal-go/hidalgo/kv"
	bbolt "go.etcd.io/bbolt"

	"github.com/itkg/itkg/data"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/synthetic"
)

// TestLayoutMatchesCayley writes the same quads through Cayley's own writer
// and through kvlayout.Writer, and compares the two files key by key, with
// ids replaced by the values they stand for (the two number nodes in
// different orders). Reference counts are checked against the stored
// quads: Cayley's writer also counts the references of duplicate quads it
// drops, which the comparison leaves out.
func TestLayoutMatchesCayley(t *testing.T) {
	ds, err := loaders.Load(data.FS, "data")
	if err != nil {
		t.Fatal(err)
	}
	corpus := graph.Quads(ds)
	var syn collected
	if _, err := synthetic.Generate(context.Background(), &syn, ds, synthetic.Options{Quads: 30000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// Repeats inside one batch and across batches, one with another label.
	dups := append(append([]quad.Quad(nil), corpus[:50]...), corpus[:20]...)
	dups = append(dups, quad.Quad{Subject: corpus[3].Subject, Predicate: corpus[3].Predicate, Object: corpus[3].Object, Label: quad.IRI("other")})
	dups = append(dups, corpus...)
	for _, tc := range []struct {
		name  string
		quads []quad.Quad
		limit int // the sorters' memory
	}{
		{"corpus", corpus, kvlayout.SortMemory},
		{"synthetic", syn, kvlayout.SortMemory},
		{"synthetic, sorted in runs on disk", syn, 64 << 10},
		{"duplicates", dups, kvlayout.SortMemory},
		{"duplicates, sorted in runs on disk", dups, 4 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			want := writeWith(t, filepath.Join(dir, "cayley.bolt"), tc.quads, 0)
			got := writeWith(t, filepath.Join(dir, "itkg.bolt"), tc.quads, tc.limit)
			// Cayley's miscounts of the duplicates' references.
			want = slices.DeleteFunc(want, func(l string) bool { return strings.HasPrefix(l, "refs of ") })
			if len(got) < len(tc.quads) {
				t.Fatalf("only %d keys for %d quads", len(got), len(tc.quads))
			}
			if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("the files differ at line %d of %d/%d:\nitkg:   %s\ncayley: %s", i, len(got), len(want), got[i], want[i])
					}
				}
				t.Fatalf("itkg's file has %d lines, Cayley's %d", len(got), len(want))
			}
		})
	}
}

// writeWith writes quads into a new bolt store at path, in batches of
// batchSize, and returns its canonical dump: with kvlayout.Writer, whose
// sorters hold sortLimit bytes, or with Cayley's writer when sortLimit is 0.
func writeWith(t *testing.T, path string, quads []quad.Quad, sortLimit int) []string {
	t.Helper()
	ctx := context.Background()
	db, err := bbolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	kv := &boltKV{db: db}
	if err := ckv.Init(kv, kvOptions); err != nil {
		t.Fatal(err)
	}
	qs, err := ckv.New(kv, kvOptions)
	if err != nil {
		t.Fatal(err)
	}
	write, err := cayleyWriter(qs)
	if err != nil {
		t.Fatal(err)
	}
	var lw *kvlayout.Writer
	if sortLimit > 0 {
		lw = kvlayout.NewWriter(kv, sortLimit)
		defer lw.Close()
		write = func(qs []quad.Quad) error { return lw.Write(ctx, qs) }
	}
	for i := 0; i < len(quads); i += batchSize {
		if err := write(quads[i:min(i+batchSize, len(quads))]); err != nil {
			t.Fatal(err)
		}
	}
	if lw != nil {
		if err := lw.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		if n := lw.FewestSpills(); sortLimit < 1<<20 && n < 1 {
			t.Fatalf("a sorter wrote %d runs to disk with %d bytes of memory", n, sortLimit)
		}
	}
	// Both must read back the same through Cayley, and take a write after.
	extra := quad.Quad{Subject: quad.IRI("after"), Predicate: quad.IRI("p"), Object: quad.String("o")}
	if err := qs.ApplyDeltas([]cgraph.Delta{{Quad: extra, Action: cgraph.Add}}, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	lines := dump(t, db)
	db.Close()
	return lines
}

// dump lists every key of Cayley's buckets in a bolt file, ids replaced by
// values, sorted.
func dump(t *testing.T, db *bbolt.DB) []string {
	t.Helper()
	var lines []string
	err := db.View(func(tx *bbolt.Tx) error {
		vals := map[uint64]string{} // node id → value
		quads := map[uint64]*proto.Primitive{}
		byHash := map[string]string{}
		var maxID uint64
		err := tx.Bucket([]byte("log")).ForEach(func(k, v []byte) error {
			var p proto.Primitive
			if err := p.Unmarshal(v); err != nil {
				return err
			}
			if id := binary.BigEndian.Uint64(k); id != p.ID {
				return fmt.Errorf("log key %d holds primitive %d", id, p.ID)
			}
			maxID = max(maxID, p.ID)
			if p.Deleted {
				return fmt.Errorf("deleted primitive %d", p.ID)
			}
			if p.IsNode() {
				qv, err := pquads.UnmarshalValue(p.Value)
				if err != nil {
					return err
				}
				vals[p.ID] = quad.StringOf(qv)
				h := cgraph.HashOf(qv)
				byHash[string(h[:])] = vals[p.ID]
				return nil
			}
			quads[p.ID] = &p
			return nil
		})
		if err != nil {
			return err
		}
		quadText := func(id uint64) string {
			p := quads[id]
			if p == nil {
				return fmt.Sprintf("missing quad %d", id)
			}
			return fmt.Sprintf("%s %s %s %s", vals[p.Subject], vals[p.Predicate], vals[p.Object], vals[p.Label])
		}
		refs := map[string]uint64{}
		for id, p := range quads {
			lines = append(lines, "log quad "+quadText(id))
			for _, n := range []uint64{p.Subject, p.Predicate, p.Object, p.Label} {
				if n != 0 {
					refs[vals[n]]++
				}
			}
		}
		for _, v := range vals {
			lines = append(lines, "log node "+v)
		}
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				switch {
				case bytes.Equal(name, []byte("log")) || bytes.HasPrefix(name, []byte("itkg-")):
				case bytes.Equal(name, []byte("meta")):
					switch string(k) {
					case "horizon":
						if h := binary.LittleEndian.Uint64(v); h < maxID {
							lines = append(lines, fmt.Sprintf("horizon %d below id %d", h, maxID))
						}
					default:
						lines = append(lines, fmt.Sprintf("meta %s %x", k, v))
					}
				case name[0] == 'v' && len(name) == 3:
					id, _ := binary.Uvarint(v)
					if byHash[string(k)] != vals[id] {
						lines = append(lines, fmt.Sprintf("value bucket: hash of %q names %q", byHash[string(k)], vals[id]))
					}
					lines = append(lines, "v "+vals[id])
				case name[0] == 'n' && len(name) == 3:
					n, _ := binary.Uvarint(v)
					if want := refs[byHash[string(k)]]; n != want {
						lines = append(lines, fmt.Sprintf("refs of %q: %d, quads name it %d times", byHash[string(k)], n, want))
					}
					lines = append(lines, "n "+byHash[string(k)])
				default: // a quad index
					var key []string
					for i := 0; i+8 <= len(k); i += 8 {
						key = append(key, vals[binary.BigEndian.Uint64(k[i:])])
					}
					var list []string
					for b := v; len(b) > 0; {
						id, n := binary.Uvarint(b)
						list = append(list, quadText(id))
						b = b[n:]
					}
					lines = append(lines, fmt.Sprintf("%s %q → %q", name, key, list))
				}
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return lines
}

// TestDescriptionsRoundTrip: a description decodes to the quads encoded.
func TestDescriptionsRoundTrip(t *testing.T) {
	s := quad.IRI("fact:x-001")
	in := []quad.Quad{
		{Subject: s, Predicate: quad.IRI("itkg:quote"), Object: quad.String("a \"quote\""), Label: s},
		{Subject: s, Predicate: quad.IRI("itkg:amount"), Object: quad.Float(2.5), Label: s},
		{Subject: s, Predicate: quad.IRI("rdfs:label"), Object: quad.LangString{Value: "x", Lang: "en"}},
		{Subject: s, Predicate: quad.IRI("itkg:quote"), Object: quad.String("a \"quote\""), Label: quad.IRI("fact:other")},
		{Subject: s, Predicate: quad.IRI("itkg:amount"), Object: quad.Int(3), Label: s},
	}
	var b []byte
	for _, q := range in {
		var err error
		if b, err = kvlayout.EncodeDescribed(b, q); err != nil {
			t.Fatal(err)
		}
	}
	out, err := kvlayout.DecodeDescribed(nil, s, b, kvlayout.DescribedValues{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out) != fmt.Sprint(in) {
		t.Fatalf("decoded %v, want %v", out, in)
	}
	if _, err := kvlayout.DecodeDescribed(nil, s, b[:len(b)-3], kvlayout.DescribedValues{}); err == nil {
		t.Fatal("a cut description decoded without error")
	}
}

var _ hkv.KV = (*boltKV)(nil)

// collected is a quad.Writer into a slice.
type collected []quad.Quad

func (c *collected) WriteQuad(q quad.Quad) error { *c = append(*c, q); return nil }

func (c *collected) WriteQuads(qs []quad.Quad) (int, error) {
	*c = append(*c, qs...)
	return len(qs), nil
}

// TestDescriptionsMatchQuads: through the descriptions index, every
// subject reads back its quads (repeats once, edge quads left out), in
// input order.
func TestDescriptionsMatchQuads(t *testing.T) {
	ds, err := loaders.Load(data.FS, "data")
	if err != nil {
		t.Fatal(err)
	}
	quads := graph.Quads(ds)
	quads = append(quads, quads[:40]...)
	ctx := context.Background()
	opts := Options{Addr: filepath.Join(t.TempDir(), "s.bolt")}
	if _, err := Replace(ctx, opts, sliceReader(quads), Info{Origin: OriginLoad}, nil); err != nil {
		t.Fatal(err)
	}
	s, err := OpenRead(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	describe := s.Descriptions()
	if describe == nil {
		t.Fatal("a freshly written store has no descriptions index")
	}
	want := map[quad.IRI][]string{}
	seen := map[string]bool{}
	edges := 0
	for _, q := range quads {
		s, _ := q.Subject.(quad.IRI)
		if graph.IsEdge(q) {
			edges++
			continue
		}
		if k := q.NQuad(); !seen[k] {
			seen[k] = true
			want[s] = append(want[s], k)
		}
	}
	if edges < 500 || len(want) < 800 {
		t.Fatalf("%d edges and %d subjects: not the corpus", edges, len(want))
	}
	for subj, w := range want {
		got, err := describe(ctx, []quad.IRI{subj})
		if err != nil {
			t.Fatal(err)
		}
		var g []string
		for _, q := range got {
			g = append(g, q.NQuad())
		}
		if strings.Join(g, "\n") != strings.Join(w, "\n") {
			t.Fatalf("%s reads back\n%s\nwant\n%s", subj, strings.Join(g, "\n"), strings.Join(w, "\n"))
		}
	}
	if got, err := describe(ctx, []quad.IRI{"no-such-node"}); err != nil || len(got) != 0 {
		t.Fatalf("an unknown IRI reads back %v, %v", got, err)
	}
}

// TestOpenRebuildsOlderIndexes: a store built from the data whose indexes
// are in an older format (or missing) is rebuilt on open, as a cache; one
// loaded from a file is kept and read through Cayley's buckets.
func TestOpenRebuildsOlderIndexes(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		origin  string
		rebuild bool
	}{
		{"built", OriginBuild, true},
		{"loaded", OriginLoad, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Addr: filepath.Join(t.TempDir(), "graph.bolt")}
			d := loaders.Data{FS: data.FS, Display: "data"}
			quads, hash, err := load(context.Background(), d)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Replace(ctx, opts, sliceReader(quads), Info{Origin: tc.origin, Hash: hash}, nil); err != nil {
				t.Fatal(err)
			}
			// Mark the adjacency index as written in format 1.
			db, err := bbolt.Open(opts.Addr, 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = hkv.Update(ctx, &boltKV{db: db, sums: true}, func(tx hkv.Tx) error {
				return tx.Put(hkv.Key{kvlayout.AdjacencyBucket, kvlayout.IndexComplete}, []byte{1})
			})
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			var log strings.Builder
			s, err := Open(ctx, opts, d, &log)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if rebuilt := strings.Contains(log.String(), "older itkg"); rebuilt != tc.rebuild {
				t.Fatalf("rebuilt: %v, want %v (log %q)", rebuilt, tc.rebuild, log.String())
			}
			if current := s.indexesCurrent(); current != tc.rebuild {
				t.Errorf("indexes current after open: %v", current)
			}
			if !tc.rebuild && (s.Neighbours() != nil || s.Degrees() != nil) {
				t.Error("an adjacency index in an older format is offered to readers")
			}
		})
	}
}
