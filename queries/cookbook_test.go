package queries_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/itkg/itkg/docs"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
)

// recipe is one query of docs/gizmo.md with the answer it promises.
type recipe struct {
	title, query, expect string
}

// cookbook reads the recipes of docs/gizmo.md; every one must show the
// answer it promises.
func cookbook(t *testing.T) []recipe {
	t.Helper()
	var rs []recipe
	for _, r := range docs.Recipes() {
		if r.Expect == "" {
			t.Errorf("recipe %q has no Expect: ```json block after its query", r.Title)
			continue
		}
		rs = append(rs, recipe{title: r.Title, query: r.Query, expect: r.Expect})
	}
	return rs
}

// TestCookbook runs every query of docs/gizmo.md against the real corpus in
// a bolt store and checks the answer holds what the recipe shows, so the
// docs cannot rot.
func TestCookbook(t *testing.T) {
	s := fixture.Bolt(t, fixture.CorpusData())
	rs := cookbook(t)
	if len(rs) < 15 {
		t.Errorf("docs/gizmo.md has %d tested recipes, want at least 15", len(rs))
	}
	for _, r := range rs {
		t.Run(r.title, func(t *testing.T) {
			var want []any
			if err := json.Unmarshal([]byte(r.expect), &want); err != nil {
				t.Fatalf("Expect block is not a JSON array: %v", err)
			}
			res, err := queries.GizmoResults(context.Background(), s.QS, r.query, queries.DefaultGizmoLimit)
			if err != nil {
				t.Fatalf("query failed: %v\n%s", err, r.query)
			}
			got := normalise(t, res)
			if len(want) == 0 && len(got) != 0 {
				t.Errorf("want no results, got %d: %v", len(got), got)
			}
			for _, w := range want {
				if !anyMatches(got, w) {
					t.Errorf("no result matches %v\nquery:\n%s\nresults (%d): %v", w, r.query, len(got), got)
				}
			}
		})
	}
}

// normalise passes results through JSON so numbers compare as float64.
func normalise(t *testing.T, res []any) []any {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var out []any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// anyMatches reports whether some result matches want: equal for scalars,
// and for objects equal on every key want lists.
func anyMatches(got []any, want any) bool {
	for _, g := range got {
		wm, wok := want.(map[string]any)
		gm, gok := g.(map[string]any)
		if !wok || !gok {
			if reflect.DeepEqual(g, want) {
				return true
			}
			continue
		}
		ok := true
		for k, v := range wm {
			if !reflect.DeepEqual(gm[k], v) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
