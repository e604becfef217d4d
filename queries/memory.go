package queries

import (
	"context"
	"slices"
	"sync"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

// memory is the Source of a dataset held in memory whole. Its lookups
// are built, on first use, from the dataset's own quads (graph.Quads), so
// that it finds what a store's indexes find: one quad schema, read the
// same way from both sources. It is safe for concurrent use.
type memory struct {
	ds      *graph.Dataset
	negated bool // negated facts are edges too

	once  sync.Once
	with  map[said][]quad.IRI // description quads' subjects, by what they say
	links map[string]graph.Links
}

// said is what a description quad says of its subject.
type said struct {
	pred quad.IRI
	obj  quad.Value
}

func newMemory(ds *graph.Dataset, negated bool) *memory {
	return &memory{ds: ds, negated: negated}
}

func (m *memory) index() {
	m.once.Do(func() {
		m.with = map[said][]quad.IRI{}
		for _, q := range graph.Quads(m.ds) {
			subj, ok := q.Subject.(quad.IRI)
			if !ok || graph.IsEdge(q) {
				continue
			}
			p, _ := q.Predicate.(quad.IRI)
			k := said{p, q.Object}
			m.with[k] = append(m.with[k], subj)
		}
		m.links = graph.Adjacency(m.ds, m.negated)
	})
}

func (m *memory) All(context.Context) (*graph.Dataset, error) { return m.ds, nil }

func (m *memory) Read(context.Context, []quad.IRI) (*graph.Dataset, error) { return m.ds, nil }

func (m *memory) Facts(context.Context, []string) (*graph.Dataset, error) { return m.ds, nil }

func (m *memory) Every(context.Context, quad.IRI) (*graph.Dataset, error) { return m.ds, nil }

func (m *memory) Small(context.Context) bool { return true }

// facts lists the ids of the facts among iris.
func facts(iris []quad.IRI) []string {
	var ids []string
	for _, iri := range iris {
		if id, ok := graph.TrimPrefix(iri, "fact:"); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

func (m *memory) FactsWith(_ context.Context, pred quad.IRI, obj quad.Value) ([]string, error) {
	m.index()
	return facts(m.with[said{pred, obj}]), nil
}

func (m *memory) FactsNaming(_ context.Context, entity string) ([]string, error) {
	m.index()
	iri := graph.EntityIRI(entity)
	var ids []string
	for _, p := range []quad.IRI{graph.PredSubject, graph.PredObject, graph.PredClaimedBy} {
		ids = append(ids, facts(m.with[said{p, iri}])...)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

func (m *memory) Digests(context.Context, string) (*graph.Dataset, error) { return m.ds, nil }

func (m *memory) Named(_ context.Context, key string) ([]string, error) {
	m.index()
	var ids []string
	for _, iri := range m.with[said{graph.PredNameKey, quad.String(key)}] {
		ids = append(ids, string(iri))
	}
	slices.Sort(ids)
	return ids, nil
}

func (m *memory) Edges(_ context.Context, entity string, _ int) (others []string, facts [][]string, complete bool, err error) {
	m.index()
	l := m.links[entity]
	return l.Others, l.Facts, true, nil
}

func (m *memory) Degree(_ context.Context, entity string) (int, bool, error) {
	m.index()
	return len(m.links[entity].Others), true, nil
}
