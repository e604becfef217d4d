package synthetic_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/synthetic"
)

func generate(t *testing.T, n int64, seed uint64) ([]byte, synthetic.Stats) {
	t.Helper()
	vocab := fixture.Load(t, fixture.CorpusData())
	var buf bytes.Buffer
	w := nquads.NewWriter(&buf)
	st, err := synthetic.Generate(context.Background(), w, vocab, synthetic.Options{Quads: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	return buf.Bytes(), st
}

func TestDeterministic(t *testing.T) {
	a, _ := generate(t, 5000, 7)
	b, _ := generate(t, 5000, 7)
	c, _ := generate(t, 5000, 8)
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different graphs")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds gave the same graph")
	}
}

// TestShape reads a generated graph back as a dataset: it must have the
// corpus's shape (every fact with a source, quote, modality and themes
// that exist; entities with types) and about the requested size.
func TestShape(t *testing.T) {
	for _, n := range []int64{1000, 20000} {
		raw, st := generate(t, n, 1)
		var quads []quad.Quad
		r := nquads.NewReader(bytes.NewReader(raw), false)
		for {
			q, err := r.ReadQuad()
			if err != nil {
				break
			}
			quads = append(quads, q)
		}
		if int64(len(quads)) != st.Quads || st.Quads < n || st.Quads > n+40 {
			t.Errorf("n=%d: wrote %d quads (stats say %d), want about %d", n, len(quads), st.Quads, n)
		}
		ds, err := queries.NewReader(memstore.New(quads...)).All(context.Background())
		if err != nil {
			t.Fatalf("n=%d: reading the graph back: %v", n, err)
		}
		if int64(len(ds.Facts)) != st.Facts || int64(len(ds.Entities)) != st.Entities || int64(len(ds.Sources)) != st.Sources {
			t.Errorf("n=%d: read %d facts, %d entities, %d sources; stats say %+v", n, len(ds.Facts), len(ds.Entities), len(ds.Sources), st)
		}
		hubs := map[string]int{}
		for _, f := range ds.Facts {
			if ds.Source(f.Source) == nil || ds.Predicate(f.Predicate) == nil || ds.Entity(f.Subject) == nil ||
				(f.HasObject() && ds.Entity(f.Object) == nil) || f.Quote == "" || f.Modality == "" || len(f.Themes) == 0 {
				t.Fatalf("n=%d: fact %s is not shaped like a curated fact: %+v", n, f.ID, f)
			}
			for _, th := range f.Themes {
				if ds.Theme(th) == nil {
					t.Fatalf("fact %s has unknown theme %s", f.ID, th)
				}
			}
			hubs[f.Subject]++
		}
		most := 0
		for _, c := range hubs {
			most = max(most, c)
		}
		if n >= 20000 && most < 10*len(ds.Facts)/len(ds.Entities) {
			t.Errorf("n=%d: the busiest entity has %d facts; want hubs (10x the mean)", n, most)
		}
	}
}
