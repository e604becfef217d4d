package graph_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/queries"
)

// TestQuadsRoundTrip maps the whole corpus to quads and back, in memory
// (graph.FromQuads) and through a bolt store (as every command reads it),
// and checks that every item comes back with every field: negation, stage,
// links, predicate weights, marks. Only Pos, where an item was written in
// the YAML, is not stored.
func TestQuadsRoundTrip(t *testing.T) {
	for _, d := range []loaders.Data{fixture.CorpusData(), fixture.FixtureData()} {
		want, err := d.Load(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		t.Run(d.Display+"/memory", func(t *testing.T) {
			got, err := graph.FromQuads(graph.Quads(want))
			if err != nil {
				t.Fatal(err)
			}
			compare(t, want, got)
		})
		t.Run(d.Display+"/bolt", func(t *testing.T) {
			s := fixture.Bolt(t, d)
			got, err := queries.NewReader(s.QS).All(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			compare(t, want, got)
		})
	}
}

// compare fails for each item of want that got lacks or holds otherwise,
// and for each item got has beyond want.
func compare(t *testing.T, want, got *graph.Dataset) {
	t.Helper()
	if len(want.Facts) == 0 {
		t.Fatal("no facts to compare")
	}
	kinds := []struct {
		name      string
		want, got any
	}{
		{"source", want.Sources, got.Sources},
		{"entity", want.Entities, got.Entities},
		{"predicate", want.Predicates, got.Predicates},
		{"theme", want.Themes, got.Themes},
		{"cluster", want.Clusters, got.Clusters},
		{"fact", want.Facts, got.Facts},
		{"mark", want.Marks, got.Marks},
	}
	for _, k := range kinds {
		w, g := byKey(t, k.want), byKey(t, k.got)
		for key, wv := range w {
			gv, ok := g[key]
			switch {
			case !ok:
				t.Errorf("%s %s is lost", k.name, key)
			case wv != gv:
				t.Errorf("%s %s differs:\n got %s\nwant %s", k.name, key, gv, wv)
			}
		}
		for key := range g {
			if _, ok := w[key]; !ok {
				t.Errorf("%s %s appears from nowhere", k.name, key)
			}
		}
	}
	checked := 0
	for _, f := range want.Facts {
		if f.Negated || f.Stage != "" || len(f.Links) > 0 || f.Amount != nil {
			checked++
		}
	}
	if checked == 0 {
		t.Error("no fact with negation, stage, links or amount: the test checks less than it says")
	}
}

// byKey lists a slice of items by id (a mark by its fact), each as JSON
// without its Pos and with nil and empty slices alike.
func byKey(t *testing.T, items any) map[string]string {
	t.Helper()
	out := map[string]string{}
	v := reflect.ValueOf(items)
	for i := range v.Len() {
		item := reflect.New(v.Index(i).Elem().Type()).Elem()
		item.Set(v.Index(i).Elem())
		item.FieldByName("Pos").SetZero()
		for j := range item.NumField() {
			if f := item.Field(j); f.Kind() == reflect.Slice && f.Len() == 0 {
				f.SetZero()
			}
		}
		key := ""
		if id := item.FieldByName("ID"); id.IsValid() {
			key = id.String()
		} else {
			key = item.FieldByName("Fact").String()
		}
		b, err := json.Marshal(item.Interface())
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := out[key]; dup {
			t.Errorf("two items with key %s", key)
		}
		out[key] = string(b)
	}
	return out
}
