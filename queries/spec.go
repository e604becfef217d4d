package queries

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/itkg/itkg/graph"
)

// FilterSpec is a filter as a user writes it: entity names rather than
// ids, dates as text. Reader.Filter checks it against the store and turns
// it into a Filter; every error names the flag at fault.
type FilterSpec struct {
	Entity     string   // --entity: id, name or alias
	ClaimedBy  string   // --claimed-by: id, name or alias
	Theme      string   // --theme
	Source     string   // --source
	Event      string   // --event
	Predicates []string // --predicate
	Exclude    []string // --exclude-predicate
	Modalities []string // --modality
	Since      string   // --since: YYYY, YYYY-MM or YYYY-MM-DD
	Until      string   // --until
	AsOf       string   // --as-of
	Grep       string   // --grep
}

// InputError is a question the store cannot answer as asked: a filter
// naming no theme, an impossible date. Servers answer it with 400.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }

func (e *InputError) Unwrap() error { return e.Err }

// Filter resolves spec against the store. A mistake in spec is an
// *InputError (or a *NotFoundError or *AmbiguousError for a name).
func (r *Reader) Filter(ctx context.Context, spec FilterSpec) (Filter, error) {
	flt, err := r.filter(ctx, spec)
	var nf *NotFoundError
	var amb *AmbiguousError
	if err != nil && !errors.As(err, &nf) && !errors.As(err, &amb) && !isStoreError(err) {
		err = &InputError{Err: err}
	}
	return flt, err
}

func (r *Reader) filter(ctx context.Context, spec FilterSpec) (Filter, error) {
	flt := Filter{Predicates: spec.Predicates, Exclude: spec.Exclude, Modalities: spec.Modalities,
		Theme: spec.Theme, Source: spec.Source, Event: spec.Event, Grep: spec.Grep}
	for _, n := range []struct {
		flag, name string
		id         *string
	}{{"--entity", spec.Entity, &flt.Entity}, {"--claimed-by", spec.ClaimedBy, &flt.ClaimedBy}} {
		if n.name == "" {
			continue
		}
		e, err := r.Resolve(ctx, n.name)
		if err != nil {
			return flt, fmt.Errorf("%s: %w", n.flag, err)
		}
		*n.id = e.ID
	}
	if err := r.CheckFilter(ctx, flt); err != nil {
		return flt, err
	}
	for _, m := range spec.Modalities {
		if !slices.Contains(graph.Modalities, m) {
			return flt, fmt.Errorf("--modality: unknown modality %q (want %s)", m, strings.Join(graph.Modalities, ", "))
		}
	}
	for _, d := range []struct {
		flag string
		in   string
		out  *graph.Date
	}{{"--since", spec.Since, &flt.Since}, {"--until", spec.Until, &flt.Until}, {"--as-of", spec.AsOf, &flt.AsOf}} {
		var err error
		if *d.out, err = graph.ParseDate(d.in); err != nil {
			return flt, fmt.Errorf("%s: %w", d.flag, err)
		}
	}
	if !flt.Since.IsZero() && !flt.Until.IsZero() && flt.Since.First().After(flt.Until.Last()) {
		return flt, fmt.Errorf("--since %s is after --until %s", flt.Since, flt.Until)
	}
	return flt, nil
}
