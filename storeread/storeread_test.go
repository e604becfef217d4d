package storeread_test

import (
	"context"
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
	about := 0
	for _, f := range want.Facts {
		if f.Subject == "iran" || f.Object == "iran" {
			about++
		}
	}
	if hub == nil || about < 64 {
		t.Fatal("the corpus has no hub iran with more facts than a description has quads")
	}
	fact := want.Facts[0]
	for _, tt := range []struct {
		name string
		st   *storeread.Store
	}{
		{"cayley", storeread.New(s.QS)},
		{"indexes", storeread.New(s.QS).WithIndexes(s)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			all, err := tt.st.All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ds, err := graph.FromQuads(all)
			if err != nil {
				t.Fatal(err)
			}
			if len(ds.Facts) != len(want.Facts) || len(ds.Entities) != len(want.Entities) {
				t.Errorf("All: %d facts, %d entities; want %d, %d", len(ds.Facts), len(ds.Entities), len(want.Facts), len(want.Entities))
			}

			// A hub's description comes without its edges.
			quads, whole, err := tt.st.Entities(ctx, []quad.IRI{graph.EntityIRI(hub.ID)})
			if err != nil {
				t.Fatal(err)
			}
			if len(whole) != 0 {
				t.Errorf("Entities: %v to read whole, want none", whole)
			}
			for _, q := range quads {
				if graph.IsEdge(q) {
					t.Fatalf("Entities read the edge quad %v", q)
				}
			}
			part, err := graph.FromQuads(quads)
			if err != nil {
				t.Fatal(err)
			}
			got := part.Entity(hub.ID)
			if got == nil || got.Name != hub.Name || !slices.Equal(got.Aliases, hub.Aliases) || got.Type != hub.Type {
				t.Errorf("Entities: read %+v, want %+v", got, hub)
			}

			// A fact's node holds the whole fact.
			quads, err = tt.st.Nodes(ctx, []quad.IRI{graph.FactIRI(fact.ID)})
			if err != nil {
				t.Fatal(err)
			}
			if part, err = graph.FromQuads(quads); err != nil {
				t.Fatal(err)
			}
			if f := part.Fact(fact.ID); f == nil || f.Quote != fact.Quote || f.Subject != fact.Subject || f.Predicate != fact.Predicate {
				t.Errorf("Nodes: read %+v, want %+v", f, fact)
			}

			// A bounded read stops past its bound and reads nothing.
			if quads, complete, err := tt.st.QuadsUpTo(ctx, quad.Object, graph.EntityIRI(hub.ID), 3); err != nil || complete || len(quads) != 0 {
				t.Errorf("QuadsUpTo(3) on a hub: %d quads, complete %v, err %v; want none, false, nil", len(quads), complete, err)
			}
			quads, complete, err := tt.st.QuadsUpTo(ctx, quad.Subject, graph.FactIRI(fact.ID), 1000)
			if err != nil || !complete || len(quads) == 0 {
				t.Errorf("QuadsUpTo(1000) on a fact: %d quads, complete %v, err %v", len(quads), complete, err)
			}
		})
	}
}
