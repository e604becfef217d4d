package queries_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
)

// cardFacts lists a card's fact ids in card order: its relations' facts,
// then its claims.
func cardFacts(c queries.Card) []string {
	var ids []string
	for _, r := range c.Relations {
		for _, f := range r.Facts {
			ids = append(ids, f.ID)
		}
	}
	for _, f := range c.Claims {
		ids = append(ids, f.ID)
	}
	return ids
}

// TestPages reads the card of the corpus's busiest entity and the list of
// all its facts page by page, and checks that the pages, put together, are
// the whole answer in order, each saying where it is, and that relations
// keep their full count on a page that lists part of them.
func TestPages(t *testing.T) {
	ctx := context.Background()
	r := queries.InMemory(fixture.Load(t, fixture.CorpusData()))
	whole, err := r.Card(ctx, "iran", queries.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, rel := range whole.Relations {
		counts[relKey(rel)] = len(rel.Facts)
	}
	all := cardFacts(whole)
	if whole.Page != nil || len(all) < 100 {
		t.Fatalf("the whole card: page %v, %d facts; want no page and a long card", whole.Page, len(all))
	}
	for _, size := range []int{1, 7, 50, len(all)} {
		var got []string
		for off := 0; off < len(all)+size; off += size {
			c, err := r.CardPage(ctx, "iran", queries.Filter{}, queries.Page{Offset: off, Limit: size})
			if err != nil {
				t.Fatal(err)
			}
			if c.Page == nil || c.Page.Total != len(all) || c.Page.Offset != min(off, len(all)) {
				t.Fatalf("page at %d of %d: %+v; want offset %d of total %d", off, size, c.Page, off, len(all))
			}
			if c.Entity.Facts != whole.Entity.Facts || c.First != whole.First || c.Last != whole.Last || !slices.Equal(c.Themes, whole.Themes) {
				t.Errorf("page at %d: the entity's summary differs from the whole card's", off)
			}
			for _, rel := range c.Relations {
				if want := counts[relKey(rel)]; rel.Count() != want {
					t.Errorf("page at %d: %s counts %d facts, want %d", off, rel.Label, rel.Count(), want)
				}
			}
			got = append(got, cardFacts(c)...)
		}
		if !slices.Equal(got, all) {
			t.Errorf("pages of %d put together: %d facts, want the card's %d in its order", size, len(got), len(all))
		}
	}
	list, err := r.FactList(ctx, queries.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for off := 0; off < len(list); off += 40 {
		page, info, err := r.FactPage(ctx, queries.Filter{}, queries.Page{Offset: off, Limit: 40})
		if err != nil {
			t.Fatal(err)
		}
		if info.Total != len(list) || len(page) != min(40, len(list)-off) {
			t.Fatalf("fact page at %d: %d facts, %+v", off, len(page), info)
		}
		for _, v := range page {
			got = append(got, v.ID)
		}
	}
	var want []string
	for _, v := range list {
		want = append(want, v.ID)
	}
	if !slices.Equal(got, want) {
		t.Error("the fact list's pages put together differ from the list")
	}
}

// relKey tells a card's relations apart.
func relKey(r queries.Relation) string {
	other := r.Value
	if r.Other != nil {
		other = r.Other.ID
	}
	return fmt.Sprint(r.Direction, r.Predicate, other, r.Negated, r.Stage)
}
