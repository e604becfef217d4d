package storeread_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/storeread"
)

// TestReads reads the corpus from a real bolt store, through Cayley's
// indexes alone and with itkg's, and checks each read against the
// dataset the store was built from.
func TestReads(t *testing.T) {
	ctx := context.Background()
	want := fixture.Load(t, fixture.CorpusData())
	s := fixture.Bolt(t, fixture.CorpusData())
	hub := want.Entity("iran")
	var about, edges []string
	others := map[string]bool{}
	for _, f := range want.Facts {
		if f.Subject == hub.ID || f.Object == hub.ID || f.ClaimedBy == hub.ID {
			about = append(about, f.ID)
		}
		if f.HasObject() && !f.Negated && f.Subject != f.Object && (f.Subject == hub.ID || f.Object == hub.ID) {
			edges = append(edges, f.ID)
			others[f.Subject], others[f.Object] = true, true
		}
	}
	delete(others, hub.ID)
	if len(edges) < 64 {
		t.Fatal("the corpus has no hub iran with more facts than a description has quads")
	}
	fact := want.Facts[0]
	for _, tt := range []struct {
		name string
		st   func() *storeread.Store
	}{
		{"cayley", func() *storeread.Store { return storeread.New(s.QS) }},
		{"indexes", func() *storeread.Store { return storeread.New(s.QS).WithIndexes(s) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := tt.st().All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(ds.Facts) != len(want.Facts) || len(ds.Entities) != len(want.Entities) {
				t.Errorf("All: %d facts, %d entities; want %d, %d", len(ds.Facts), len(ds.Entities), len(want.Facts), len(want.Entities))
			}

			// A hub's description comes without its facts.
			st := tt.st()
			part, err := st.Read(ctx, []quad.IRI{graph.EntityIRI(hub.ID)})
			if err != nil {
				t.Fatal(err)
			}
			got := part.Entity(hub.ID)
			if got == nil || got.Name != hub.Name || !slices.Equal(got.Aliases, hub.Aliases) || got.Type != hub.Type {
				t.Errorf("Read: read %+v, want %+v", got, hub)
			}
			if len(part.Facts) != 0 {
				t.Errorf("Read of an entity read %d facts", len(part.Facts))
			}

			// A fact is read whole, with what printing it needs.
			if part, err = st.Facts(ctx, []string{fact.ID}); err != nil {
				t.Fatal(err)
			}
			if f := part.Fact(fact.ID); f == nil || f.Quote != fact.Quote || f.Subject != fact.Subject || f.Predicate != fact.Predicate {
				t.Errorf("Facts: read %+v, want %+v", f, fact)
			}
			if part.Source(fact.Source) == nil || part.Entity(fact.Subject) == nil || part.Predicate(fact.Predicate) == nil {
				t.Errorf("Facts: the fact's source, subject or predicate was not read")
			}

			// The hub's facts, negated and claimed ones too.
			ids, err := st.FactsNaming(ctx, hub.ID)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, about) {
				t.Errorf("FactsNaming: %d facts, want %d", len(ids), len(about))
			}
			// Their digests are the facts less quote and note, with the
			// sources and predicates they use and the names of what they
			// name.
			dds, err := tt.st().Digests(ctx, hub.ID)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := st.Facts(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, d := range dds.Facts {
				if d.Subject != hub.ID && d.Object != hub.ID && d.ClaimedBy != hub.ID {
					continue // a store read whole has the other facts too
				}
				n++
				w := *whole.Fact(d.ID)
				if tt.name == "indexes" {
					w.Quote, w.Note = "", ""
				}
				if !reflect.DeepEqual(*d, w) {
					t.Fatalf("Digests: %+v\nwant %+v", *d, w)
				}
				if dds.Source(d.Source) == nil || dds.Predicate(d.Predicate) == nil {
					t.Fatalf("Digests: the source or predicate of %s was not read", d.ID)
				}
				named := []string{d.Subject}
				if d.HasObject() {
					named = append(named, d.Object)
				}
				if d.ClaimedBy != "" {
					named = append(named, d.ClaimedBy)
				}
				for _, e := range named {
					if got := dds.Entity(e); got == nil || got.Name != want.Entity(e).Name {
						t.Fatalf("Digests: %s names %s, read as %+v", d.ID, e, got)
					}
				}
			}
			if n != len(about) {
				t.Errorf("Digests: %d facts, want %d", n, len(about))
			}
			named, err := st.Named(ctx, graph.NameKey(hub.Aliases[0]))
			if err != nil || !slices.Contains(named, hub.ID) {
				t.Errorf("Named(%q) = %v, %v; want %s among them", hub.Aliases[0], named, err, hub.ID)
			}

			// The hub's edges: a bounded read stops past its bound, unless
			// the adjacency index answers in one lookup.
			if _, _, complete, err := st.Edges(ctx, hub.ID, 3); err != nil || complete != (tt.name == "indexes") {
				t.Errorf("Edges(3) on a hub: complete %v, err %v", complete, err)
			}
			nbs, facts, complete, err := st.Edges(ctx, hub.ID, 0)
			if err != nil || !complete || len(nbs) != len(others) {
				t.Fatalf("Edges: %d neighbours, complete %v, err %v; want %d", len(nbs), complete, err, len(others))
			}
			var all []string
			for _, fs := range facts {
				all = append(all, fs...)
			}
			slices.Sort(all)
			if !slices.IsSorted(nbs) || !slices.Equal(all, edges) {
				t.Errorf("Edges: %d facts over %d neighbours, want %d, in id order", len(all), len(nbs), len(edges))
			}
		})
	}
}
