package queries

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/storeread"
)

// Reader asks questions of a Source: each question (Card, Path, ...) is
// implemented once, reads what it needs through the Source's lookups, and
// decides the answer from the dataset they return.
//
// A Reader is as safe for concurrent use as its Source: one from InMemory
// is; one from FromStore is for one goroutine.
type Reader struct {
	src Source
}

// Source is where a Reader reads the graph from. Two kinds satisfy it: a
// store (storeread.Store, through Cayley's indexes and itkg's), which
// reads the part of the graph a question needs and keeps it, and a
// dataset held in memory whole (InMemory). Each read answers with a
// dataset holding what was asked for, and perhaps more: its lookups
// (Fact, Entity, ...) are current, and its lists are in id order after
// All and Every.
type Source interface {
	// All reads the whole graph.
	All(ctx context.Context) (*graph.Dataset, error)
	// Read reads the nodes iris: entities (their descriptions), sources,
	// predicates, themes, marks.
	Read(ctx context.Context, iris []quad.IRI) (*graph.Dataset, error)
	// Facts reads the facts ids and what printing them needs: their
	// entities, sources and predicates.
	Facts(ctx context.Context, ids []string) (*graph.Dataset, error)
	// FactsNaming lists the facts that have entity as subject or object,
	// or as their claimant; negated facts too.
	FactsNaming(ctx context.Context, entity string) ([]string, error)
	// Digests reads the facts naming entity (as FactsNaming lists them)
	// into a dataset with the sources and predicates they use and the
	// entities they name: what grouping, dating and naming them needs.
	// The facts may lack their quotes and notes, and the entities all but
	// their ids and names.
	Digests(ctx context.Context, entity string) (*graph.Dataset, error)
	// FactsWith lists the facts whose description says pred obj (the quad
	// schema of graph.Quads: graph.PredTheme, ProvDerivedFrom, ...).
	FactsWith(ctx context.Context, pred quad.IRI, obj quad.Value) ([]string, error)
	// Named lists, in id order, the entities whose name or an alias has
	// the name key key (graph.NameKey).
	Named(ctx context.Context, key string) ([]string, error)
	// Every reads every node of class: the entities of a type
	// (graph.TypeIRI), every theme, every mark.
	Every(ctx context.Context, class quad.IRI) (*graph.Dataset, error)
	// Edges lists the entities entity's edges in the entity graph lead to,
	// in id order, and the ids of each edge's facts; complete is false
	// when, with max > 0, the source would have had to read more than
	// max quads to tell.
	Edges(ctx context.Context, entity string, max int) (others []string, facts [][]string, complete bool, err error)
	// Degree is the number of entities entity's edges lead to, when the
	// source can tell without reading them (ok).
	Degree(ctx context.Context, entity string) (n int, ok bool, err error)
	// Small reports whether the source is cheap to read whole.
	Small(ctx context.Context) bool
}

var _ Source = (*storeread.Store)(nil)

// NewReader returns a Reader over qs through Cayley's indexes alone;
// FromStore(storeread.New(qs).WithIndexes(s)) adds itkg's.
func NewReader(qs cgraph.QuadStore) *Reader {
	return FromStore(storeread.New(qs))
}

// FromStore returns a Reader over a store-backed source.
func FromStore(src Source) *Reader { return &Reader{src: src} }

// InMemory returns a Reader over a dataset held in memory whole, safe for
// concurrent use: the in-memory Source, answered by the same code as a
// store (a server's small store, tests, callers that loaded the data
// themselves). It indexes ds (graph.Dataset.Index); ds must not change
// afterwards.
func InMemory(ds *graph.Dataset) *Reader {
	ds.Index()
	return &Reader{src: newMemory(ds, false)}
}

// All reads the whole graph, in one pass over the store.
func (r *Reader) All(ctx context.Context) (*graph.Dataset, error) { return r.src.All(ctx) }

// Small reports whether the source is small enough, and has a fast enough
// scan, to be read whole: a server then keeps it in memory.
func (r *Reader) Small(ctx context.Context) bool { return r.src.Small(ctx) }

func isStoreError(err error) bool { return storeread.IsError(err) }

// Entity reads entity id; nil when the graph has no such entity.
func (r *Reader) Entity(ctx context.Context, id string) (*graph.Entity, error) {
	ds, err := r.src.Read(ctx, []quad.IRI{graph.EntityIRI(id)})
	if err != nil {
		return nil, err
	}
	return ds.Entity(id), nil
}

// Facts reads the facts with these ids, and the entities, sources and
// predicates that printing them needs.
func (r *Reader) Facts(ctx context.Context, ids []string) (*graph.Dataset, error) {
	return r.src.Facts(ctx, ids)
}

// Around reads the facts that name any of the entities ids (as subject,
// object or claimant) and what printing them needs.
func (r *Reader) Around(ctx context.Context, ids ...string) (*graph.Dataset, error) {
	var facts []string
	for _, id := range ids {
		fs, err := r.src.FactsNaming(ctx, id)
		if err != nil {
			return nil, err
		}
		facts = append(facts, fs...)
	}
	return r.src.Facts(ctx, facts)
}

// Select reads the facts that may pass flt, and what printing them needs,
// through the most selective lookup the filter allows: an entity's facts,
// a claimant's, a source's, an event's, a theme's, a predicate's; failing
// all of those, the whole graph. The caller still applies flt (Facts) to
// the result.
func (r *Reader) Select(ctx context.Context, flt Filter) (*graph.Dataset, error) {
	var ids []string
	var err error
	with := func(pred quad.IRI, obj quad.Value) {
		var some []string
		if err == nil {
			some, err = r.src.FactsWith(ctx, pred, obj)
			ids = append(ids, some...)
		}
	}
	switch {
	case flt.Entity != "" || flt.Subject != "" || flt.Object != "":
		ids, err = r.src.FactsNaming(ctx, cmp.Or(flt.Entity, flt.Subject, flt.Object))
	case flt.ClaimedBy != "":
		with(graph.PredClaimedBy, graph.EntityIRI(flt.ClaimedBy))
	case flt.Source != "":
		with(graph.ProvDerivedFrom, graph.SourceIRI(flt.Source))
	case flt.Event != "":
		with(graph.PredEvent, quad.String(flt.Event))
	case flt.Theme != "":
		with(graph.PredTheme, graph.ThemeIRI(flt.Theme))
	case len(flt.Predicates) > 0:
		for _, p := range flt.Predicates {
			with(graph.PredPredicate, graph.EntityIRI(p))
		}
	default:
		// Every fact: one scan of the store beats reading them one by one.
		return r.src.All(ctx)
	}
	if err != nil {
		return nil, err
	}
	return r.src.Facts(ctx, ids)
}

// Resolve finds the entity a user means by name: its id, name or one of
// its aliases, ignoring case (graph.NameKey). Only a name that matches
// nothing reads every entity's names, to suggest the closest.
func (r *Reader) Resolve(ctx context.Context, name string) (*graph.Entity, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	key := graph.NameKey(name)
	if e, err := r.Entity(ctx, key); err != nil || e != nil {
		return e, err
	}
	ids, err := r.src.Named(ctx, key)
	if err != nil {
		return nil, err
	}
	iris := make([]quad.IRI, len(ids))
	for i, id := range ids {
		iris[i] = graph.EntityIRI(id)
	}
	ds, err := r.src.Read(ctx, iris)
	if err != nil {
		return nil, err
	}
	var found []*graph.Entity
	for _, id := range ids {
		if e := ds.Entity(id); e != nil {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		all, err := r.Entities(ctx)
		if err != nil {
			return nil, err
		}
		return nil, &NotFoundError{Name: name, Suggestions: suggestions(all, key)}
	}
	return nil, &AmbiguousError{Name: name, Candidates: found}
}

// Themes reads every theme.
func (r *Reader) Themes(ctx context.Context) ([]*graph.Theme, error) {
	ds, err := r.src.Every(ctx, graph.ClassTheme)
	if err != nil {
		return nil, err
	}
	return ds.Themes, nil
}

// Entities reads every entity, in id order.
func (r *Reader) Entities(ctx context.Context) ([]*graph.Entity, error) {
	var ds *graph.Dataset
	for _, t := range graph.EntityTypes {
		var err error
		if ds, err = r.src.Every(ctx, graph.TypeIRI(t)); err != nil {
			return nil, err
		}
	}
	if ds == nil {
		return nil, nil
	}
	return ds.Entities, nil
}

// CheckFilter reports an error when flt names a theme, source or
// predicate the graph lacks, naming the field as the user gave it.
func (r *Reader) CheckFilter(ctx context.Context, flt Filter) error {
	var iris []quad.IRI
	if flt.Theme != "" {
		iris = append(iris, graph.ThemeIRI(flt.Theme))
	}
	if flt.Source != "" {
		iris = append(iris, graph.SourceIRI(flt.Source))
	}
	for _, p := range append(slices.Clone(flt.Predicates), flt.Exclude...) {
		iris = append(iris, graph.EntityIRI(p))
	}
	ds, err := r.src.Read(ctx, iris)
	if err != nil {
		return err
	}
	if flt.Theme != "" && ds.Theme(flt.Theme) == nil {
		themes, err := r.Themes(ctx)
		if err != nil {
			return err
		}
		var ids []string
		for _, t := range themes {
			ids = append(ids, t.ID)
		}
		return fieldError("theme", flt.Theme, fmt.Errorf("unknown theme %q (themes: %s)", flt.Theme, strings.Join(ids, ", ")))
	}
	if flt.Source != "" && ds.Source(flt.Source) == nil {
		return fieldError("source", flt.Source, fmt.Errorf("unknown source %q", flt.Source))
	}
	for _, f := range []struct {
		field string
		ids   []string
	}{{"predicate", flt.Predicates}, {"exclude-predicate", flt.Exclude}} {
		for _, p := range f.ids {
			if ds.Predicate(p) == nil {
				return fieldError(f.field, p, fmt.Errorf("unknown predicate %q", p))
			}
		}
	}
	return nil
}
