package queries

import (
	"slices"
	"sort"
	"strings"

	"github.com/itkg/itkg/graph"
)

// Filter selects facts. Zero fields select everything; set fields combine
// with AND.
type Filter struct {
	Entity     string   // entity id as subject or object
	Subject    string   // entity id
	Object     string   // entity id
	Predicates []string // any of these predicate ids
	Exclude    []string // none of these predicate ids
	Theme      string
	Source     string
	ClaimedBy  string
	Event      string
	Modalities []string // any of these modalities
	Since      graph.Date
	Until      graph.Date
	// AsOf keeps only what an analyst could have known on that date: facts
	// dated after it, or from sources published after it, are left out.
	AsOf graph.Date
	Grep string // case-insensitive substring of the quote, value or note
}

// Match reports whether fact f passes the filter.
func (flt Filter) Match(ds *graph.Dataset, f *graph.Fact) bool {
	switch {
	case flt.Entity != "" && f.Subject != flt.Entity && f.Object != flt.Entity:
		return false
	case flt.Subject != "" && f.Subject != flt.Subject:
		return false
	case flt.Object != "" && f.Object != flt.Object:
		return false
	case len(flt.Predicates) > 0 && !slices.Contains(flt.Predicates, f.Predicate):
		return false
	case slices.Contains(flt.Exclude, f.Predicate):
		return false
	case flt.Theme != "" && !f.HasTheme(flt.Theme):
		return false
	case flt.Source != "" && f.Source != flt.Source:
		return false
	case flt.ClaimedBy != "" && f.ClaimedBy != flt.ClaimedBy:
		return false
	case flt.Event != "" && f.Event != flt.Event:
		return false
	case len(flt.Modalities) > 0 && !slices.Contains(flt.Modalities, f.Modality):
		return false
	}
	if !flt.Since.IsZero() || !flt.Until.IsZero() {
		when := f.When()
		if when.IsZero() {
			return false
		}
		if !flt.Since.IsZero() && f.Until().Last().Before(flt.Since.First()) {
			return false
		}
		if !flt.Until.IsZero() && when.First().After(flt.Until.Last()) {
			return false
		}
	}
	if !flt.AsOf.IsZero() {
		if w := f.When(); !w.IsZero() && w.First().After(flt.AsOf.Last()) {
			return false
		}
		if s := ds.Source(f.Source); s != nil && s.Published.First().After(flt.AsOf.Last()) {
			return false
		}
	}
	if flt.Grep != "" {
		g := strings.ToLower(flt.Grep)
		if !strings.Contains(strings.ToLower(f.Quote), g) && !strings.Contains(strings.ToLower(f.Value), g) &&
			!strings.Contains(strings.ToLower(f.Note), g) {
			return false
		}
	}
	return true
}

// Facts returns the facts passing flt in chronological order (undated
// last), then by id.
func Facts(ds *graph.Dataset, flt Filter) []*graph.Fact {
	var out []*graph.Fact
	for _, f := range ds.Facts {
		if flt.Match(ds, f) {
			out = append(out, f)
		}
	}
	SortFacts(out)
	return out
}

// SortFacts orders facts by date (partial dates before the finer dates they
// contain, undated last), then by id.
func SortFacts(fs []*graph.Fact) {
	sort.SliceStable(fs, func(i, j int) bool {
		if c := fs[i].When().Compare(fs[j].When()); c != 0 {
			return c < 0
		}
		return fs[i].ID < fs[j].ID
	})
}
