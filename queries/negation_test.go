package queries_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/storeread"
)

// negationData is the fixture with a negated and a staged fact added as
// a curator would write them: Alpha says Lowland does NOT cooperate with the
// Green Brigade, against Beta's positive fact below, and that Upland signed
// (but did not carry out) the River Accord's water transfer.
func negationData(t *testing.T) loaders.Data {
	fsys := fixture.MapFS(t, fixture.FixtureData())
	fsys["facts/beta-2023.yaml"].Data = append(fsys["facts/beta-2023.yaml"].Data, []byte(`
- id: beta-2023-901
  subject: lowland
  predicate: cooperates_with
  object: green-brigade
  start: "2020"
  themes: [security]
  modality: asserted
  quote: "Upland and Lowland cooperate against the Green Brigade."
  note: "Test fact: the positive side of a negation conflict."
`)...)
	fsys["facts/alpha-2022.yaml"].Data = append(fsys["facts/alpha-2022.yaml"].Data, []byte(`
- id: alpha-2022-901
  subject: lowland
  predicate: cooperates_with
  object: green-brigade
  negated: true
  themes: [security]
  modality: asserted
  quote: "The Green Brigade attacked Lowland in 1997, killing nine diplomats."
- id: alpha-2022-902
  subject: upland
  predicate: signs
  object: river-accord
  stage: signed
  themes: [water]
  modality: asserted
  quote: "In May 2022, Upland and Lowland signed the River Accord."
`)...)
	return loaders.Data{FS: fstest.MapFS(fsys), Display: "testdata/fixture"}
}

// TestNegatedFacts asks an analyst's questions of negated and staged facts
// in a real bolt store: cards and fact lists show them, paths do not walk
// them unless asked, and conflicts pairs a negated fact with the positive
// one another source gives.
func TestNegatedFacts(t *testing.T) {
	ctx := context.Background()
	s := fixture.Bolt(t, negationData(t))
	r := func() *queries.Reader { return queries.FromStore(storeread.New(s.QS).WithIndexes(s)) }

	// The store holds no edge quad asserting what the article denies.
	ds, err := r().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range graph.Quads(ds) {
		if q.Label == graph.FactIRI("alpha-2022-901") && q.Subject == graph.EntityIRI("lowland") {
			t.Errorf("negated fact has an edge quad: %v", q)
		}
	}

	card, err := r().Card(ctx, "lowland", queries.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, rel := range card.Relations {
		if rel.Other != nil && rel.Other.ID == "green-brigade" && rel.Predicate == "cooperates_with" {
			labels = append(labels, rel.Label)
		}
	}
	if strings.Join(labels, "|") != "cooperates with|NOT cooperates with" && strings.Join(labels, "|") != "NOT cooperates with|cooperates with" {
		t.Errorf("card relations with the Green Brigade = %q, want the positive and the negated one apart", labels)
	}

	facts, err := r().FactList(ctx, queries.Filter{Entity: "upland", Predicates: []string{"signs"}})
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	present.WriteFactsText(&text, facts)
	if !strings.Contains(text.String(), "Upland —signs [signed]→ River Accord") {
		t.Errorf("staged fact text:\n%s", text.String())
	}

	negated, err := r().FactList(ctx, queries.Filter{Entity: "lowland", Source: "alpha-2022"})
	if err != nil {
		t.Fatal(err)
	}
	text.Reset()
	present.WriteFactsText(&text, negated)
	if !strings.Contains(text.String(), "Lowland —NOT cooperates with→ Green Brigade") {
		t.Errorf("negated fact text:\n%s", text.String())
	}

	// Only the negated fact and beta-2023-901 link Lowland and the Green
	// Brigade besides the attacks; with attacks excluded, the path runs
	// through beta-2023-901 alone, and without it only --include-negated finds one.
	only := queries.Filter{Source: "alpha-2022", Predicates: []string{"cooperates_with"}}
	p, err := r().Path(ctx, "lowland", "green-brigade", queries.PathOptions{Filter: only})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Paths) != 0 {
		t.Errorf("path over a negated fact: %+v", p.Paths)
	}
	p, err = r().Path(ctx, "lowland", "green-brigade", queries.PathOptions{Filter: only, IncludeNegated: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Paths) != 1 || p.Paths[0].Length != 1 {
		t.Errorf("path with --include-negated = %+v, want the one-hop negated link", p.Paths)
	}
	nb, err := r().Neighborhood(ctx, "lowland", queries.NeighborOptions{Filter: only})
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Neighbors) != 0 {
		t.Errorf("neighbours over a negated fact: %+v", nb.Neighbors)
	}

	all, err := r().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range queries.ConflictsOfKind(queries.Conflicts(all, queries.Filter{}), queries.ConflictNegation) {
		got = append(got, conflictDigest(c))
	}
	want := "negation Lowland —cooperates with→ Green Brigade: beta-2023(Lowland —cooperates with→ Green Brigade (2020..)) beta-2023-901 | alpha-2022(Lowland —NOT cooperates with→ Green Brigade (undated)) alpha-2022-901"
	if strings.Join(got, "\n") != want {
		t.Errorf("negation conflicts:\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}
