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
// it into a Filter; every error is a *FieldError naming the field at
// fault.
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

// FieldError is a mistake in one field of a question. Field is the
// field's name as the library knows it ("since", "theme", "claimed-by"),
// Value what was asked; each front end names the field its own way (the
// command line "--since", the web "since=").
type FieldError struct {
	Field, Value string
	Err          error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

func (e *FieldError) Unwrap() error { return e.Err }

func fieldError(field, value string, err error) error {
	return &FieldError{Field: field, Value: value, Err: err}
}

// PeriodError is a question whose period ends before it starts: the
// "since" field after the "until" one.
type PeriodError struct{ Since, Until graph.Date }

func (e *PeriodError) Error() string {
	return fmt.Sprintf("since %s is after until %s", e.Since, e.Until)
}

// Naming is how a front end names a question's fields in messages.
type Naming struct {
	// Field names a field at fault, given what was asked: the command line
	// "--since", the web "since=2023-13".
	Field func(field, value string) string
	// Setting names a field with its value: "--since 2024", "since=2024".
	Setting func(field, value string) string
}

// Describe is err's message with the fields a *FieldError or a
// *PeriodError in it names written as n names them.
func Describe(err error, n Naming) string {
	msg := err.Error()
	var fe *FieldError
	var pe *PeriodError
	switch {
	case errors.As(err, &fe):
		return strings.Replace(msg, fe.Error(), n.Field(fe.Field, fe.Value)+": "+fe.Err.Error(), 1)
	case errors.As(err, &pe):
		return strings.Replace(msg, pe.Error(), n.Setting("since", pe.Since.String())+" is after "+n.Setting("until", pe.Until.String()), 1)
	}
	return msg
}

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
	}{{"entity", spec.Entity, &flt.Entity}, {"claimed-by", spec.ClaimedBy, &flt.ClaimedBy}} {
		if n.name == "" {
			continue
		}
		e, err := r.Resolve(ctx, n.name)
		if err != nil {
			return flt, fieldError(n.flag, n.name, err)
		}
		*n.id = e.ID
	}
	if err := r.CheckFilter(ctx, flt); err != nil {
		return flt, err
	}
	for _, m := range spec.Modalities {
		if !slices.Contains(graph.Modalities, m) {
			return flt, fieldError("modality", m, fmt.Errorf("unknown modality %q (want %s)", m, strings.Join(graph.Modalities, ", ")))
		}
	}
	for _, d := range []struct {
		flag string
		in   string
		out  *graph.Date
	}{{"since", spec.Since, &flt.Since}, {"until", spec.Until, &flt.Until}, {"as-of", spec.AsOf, &flt.AsOf}} {
		var err error
		if *d.out, err = graph.ParseDate(d.in); err != nil {
			return flt, fieldError(d.flag, d.in, err)
		}
	}
	if !flt.Since.IsZero() && !flt.Until.IsZero() && flt.Since.First().After(flt.Until.Last()) {
		return flt, &PeriodError{Since: flt.Since, Until: flt.Until}
	}
	return flt, nil
}
