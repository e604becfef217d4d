package queries_test

import (
	"context"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/storeread"
)

// TestSourcesAgree holds the two kinds of Source to one another: for every
// entity, theme, source, predicate, claimant, event and name of the
// corpus, the dataset in memory and a bolt store (through Cayley's indexes
// alone, and through itkg's) list the same facts, entities and edges.
func TestSourcesAgree(t *testing.T) {
	ctx := context.Background()
	s := fixture.Bolt(t, fixture.CorpusData())
	full, err := queries.NewReader(s.QS).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	full.Index()
	mem := queries.MemorySource(full)
	type lookup struct {
		name string
		ask  func(queries.Source) ([]string, error)
	}
	var lookups []lookup
	sorted := func(ids []string, err error) ([]string, error) {
		slices.Sort(ids)
		return ids, err
	}
	with := func(pred quad.IRI, obj quad.Value) {
		lookups = append(lookups, lookup{"FactsWith " + string(pred) + " " + obj.String(), func(src queries.Source) ([]string, error) {
			return sorted(src.FactsWith(ctx, pred, obj))
		}})
	}
	for _, e := range full.Entities {
		lookups = append(lookups, lookup{"FactsNaming " + e.ID, func(src queries.Source) ([]string, error) {
			return sorted(src.FactsNaming(ctx, e.ID))
		}}, lookup{"Edges " + e.ID, func(src queries.Source) ([]string, error) {
			others, facts, complete, err := src.Edges(ctx, e.ID, 0)
			if !complete {
				t.Errorf("Edges(%s, 0) incomplete", e.ID)
			}
			out := slices.Clone(others)
			for i := range facts {
				out = append(out, facts[i]...)
			}
			return out, err
		}}, lookup{"Digests " + e.ID, func(src queries.Source) ([]string, error) {
			ds, err := src.Digests(ctx, e.ID)
			if err != nil {
				return nil, err
			}
			var out []string
			for _, f := range ds.Facts {
				if f.Subject == e.ID || f.Object == e.ID || f.ClaimedBy == e.ID {
					out = append(out, f.ID+" "+f.Predicate+" "+f.Source+" "+f.When().String()+" "+entityName(ds, f.Object))
				}
			}
			slices.Sort(out)
			return out, nil
		}})
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			lookups = append(lookups, lookup{"Named " + n, func(src queries.Source) ([]string, error) {
				return src.Named(ctx, graph.NameKey(n))
			}})
		}
		with(graph.PredClaimedBy, graph.EntityIRI(e.ID))
	}
	for _, th := range full.Themes {
		with(graph.PredTheme, graph.ThemeIRI(th.ID))
	}
	for _, so := range full.Sources {
		with(graph.ProvDerivedFrom, graph.SourceIRI(so.ID))
	}
	for _, p := range full.Predicates {
		with(graph.PredPredicate, graph.EntityIRI(p.ID))
	}
	events := map[string]bool{}
	for _, f := range full.Facts {
		if f.Event != "" && !events[f.Event] {
			events[f.Event] = true
			with(graph.PredEvent, quad.String(f.Event))
		}
	}
	found := 0
	for _, src := range []struct {
		name string
		new  func() queries.Source
	}{
		{"cayley", func() queries.Source { return storeread.New(s.QS) }},
		{"indexes", func() queries.Source { return storeread.New(s.QS).WithIndexes(s) }},
	} {
		st := src.new()
		for _, l := range lookups {
			want, err := l.ask(mem)
			if err != nil {
				t.Fatalf("%s in memory: %v", l.name, err)
			}
			got, err := l.ask(st)
			if err != nil {
				t.Fatalf("%s from %s: %v", l.name, src.name, err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %s lists %v, memory %v", l.name, src.name, got, want)
			}
			found += len(want)
		}
	}
	t.Logf("%d lookups, %d items listed", len(lookups), found)
	if len(lookups) < 1000 || found < 10000 {
		t.Errorf("%d lookups found %d items: too few to compare", len(lookups), found)
	}
}

// entityName is the name ds gives entity id, or "" for none.
func entityName(ds *graph.Dataset, id string) string {
	if e := ds.Entity(id); e != nil {
		return e.Name
	}
	return ""
}
