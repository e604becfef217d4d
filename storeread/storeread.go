// Package storeread reads itkg's graph from a Cayley quad store: through
// Cayley's iterators, and through itkg's own indexes (store.Store's
// Scanner, Neighbours, Degrees and Descriptions) when the store has them.
// Its Store is the store-backed queries.Source: it reads the part of the
// graph a question needs, keeps what it has read, and answers with it;
// package queries decides the answers.
package storeread

import (
	"context"
	"errors"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

// Store reads the graph from a Cayley quad store, a part at a time: an
// entity card reads the entity's facts and what they name, a path search
// the neighbourhoods it walks. Questions about the whole graph read it
// whole (All). What has been read is kept, so later reads fetch only what
// is new; every read answers with the dataset of everything read so far.
//
// Like the store's iterators, a Store is not safe for concurrent use; a
// server that keeps a small store in memory reads it whole (All) and asks
// its questions of the dataset (queries.InMemory).
type Store struct {
	qs   cgraph.QuadStore
	vals map[any]quad.Value // node values by ref key
	scan func(context.Context) ([]quad.Quad, error)
	adj  func(context.Context, string) (others []string, facts [][]string, err error)
	deg  func(context.Context, string) (int, error)
	desc func(context.Context, []quad.IRI) ([]quad.Quad, error)
	name func(ctx context.Context, id string, descriptions bool) ([]string, []quad.Quad, map[string]string, error)
	// refs of entityPreds, looked up once
	predRefs []cgraph.Ref

	ds    *graph.Dataset      // what has been read so far
	read  map[quad.IRI]bool   // nodes whose subject quads have been read
	whole bool                // ds is the whole graph
	keyed map[string][]string // name key → entity ids, looked up so far
	every map[quad.IRI]bool   // classes whose every node has been read
	// the entity graph of ds, once it is whole
	adjacency map[string]graph.Links
}

// New returns a Store reading qs through Cayley's indexes alone.
func New(qs cgraph.QuadStore) *Store {
	ds := &graph.Dataset{}
	ds.Index()
	return &Store{qs: qs, vals: map[any]quad.Value{}, ds: ds, read: map[quad.IRI]bool{},
		keyed: map[string][]string{}, every: map[quad.IRI]bool{}}
}

// WithScan gives All a faster way to list every quad than Cayley's
// iterator (store.Store.Scanner); nil keeps the iterator.
func (s *Store) WithScan(scan func(context.Context) ([]quad.Quad, error)) *Store {
	s.scan = scan
	return s
}

// WithNeighbours gives graph searches an adjacency index
// (store.Store.Neighbours and Degrees): an entity's linked entities, in id
// order, and the facts linking them, in one lookup, and the number of
// those entities without reading them; nil keeps Cayley's indexes.
func (s *Store) WithNeighbours(adj func(context.Context, string) (others []string, facts [][]string, err error), deg func(context.Context, string) (int, error)) *Store {
	s.adj, s.deg = adj, deg
	if adj == nil {
		s.deg = nil
	}
	return s
}

// WithDescriptions gives reads a descriptions index
// (store.Store.Descriptions): the quads of a node, edge quads left out, in
// one lookup; nil keeps Cayley's indexes.
func (s *Store) WithDescriptions(desc func(context.Context, []quad.IRI) ([]quad.Quad, error)) *Store {
	s.desc = desc
	return s
}

// WithNaming gives reads a naming index (store.Store.Naming): the facts
// naming an entity, their descriptions less quote and note, and the labels
// of the entities they name, in one lookup; nil keeps Cayley's indexes.
func (s *Store) WithNaming(name func(ctx context.Context, id string, descriptions bool) ([]string, []quad.Quad, map[string]string, error)) *Store {
	s.name = name
	return s
}

// Indexes is what a store offers beside Cayley's for faster reads
// (store.Store): each a nil function when the store lacks it.
type Indexes interface {
	Scanner() func(context.Context) ([]quad.Quad, error)
	Neighbours() func(context.Context, string) (others []string, facts [][]string, err error)
	Degrees() func(context.Context, string) (int, error)
	Descriptions() func(context.Context, []quad.IRI) ([]quad.Quad, error)
	Naming() func(ctx context.Context, id string, descriptions bool) ([]string, []quad.Quad, map[string]string, error)
}

// WithIndexes gives the Store every index x has.
func (s *Store) WithIndexes(x Indexes) *Store {
	return s.WithScan(x.Scanner()).WithNeighbours(x.Neighbours(), x.Degrees()).WithDescriptions(x.Descriptions()).WithNaming(x.Naming())
}

// indexed reports whether the Store has the adjacency and descriptions
// indexes, with which reading what a question needs beats reading even a
// store the size of the corpus whole (docs/scaling.md).
func (s *Store) indexed() bool { return s.adj != nil && s.desc != nil }

// smallStore is the size in quads under which, without itkg's indexes, a
// graph search or a question naming many facts reads the whole store
// first: one scan of a store the size of the corpus costs less than
// walking its hubs through Cayley's indexes.
const smallStore = 50000

// Small reports whether the store is small enough, and has a fast enough
// scan, to be read whole.
func (s *Store) Small(ctx context.Context) bool {
	if s.whole {
		return true
	}
	if s.scan == nil {
		return false
	}
	st, err := s.qs.Stats(ctx, false)
	return err == nil && st.Quads.Size < smallStore
}

// allQuads lists every quad of the store: with the scanner WithScan gave, or
// else by one pass of Cayley's iterator and one batch lookup of every node
// value, several times faster than reading quad by quad.
func (s *Store) allQuads(ctx context.Context) ([]quad.Quad, error) {
	if s.scan != nil {
		return s.scan(ctx)
	}
	prims, err := s.collect(ctx, s.qs.QuadsAllIterator(), nil)
	if err != nil {
		return nil, err
	}
	return s.resolve(ctx, prims)
}

// Error marks a failure to read the store, as opposed to a question the
// store cannot answer.
type Error struct{ Err error }

func (e *Error) Error() string { return "reading the store: " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// IsError reports whether err is, or wraps, a failure to read the store.
func IsError(err error) bool {
	var se *Error
	return errors.As(err, &se)
}

// refs looks up the store's refs of values; nil for values it lacks.
func (s *Store) refs(ctx context.Context, values []quad.Value) ([]cgraph.Ref, error) {
	if bq, ok := s.qs.(cgraph.BatchQuadStore); ok {
		if _, kv := s.qs.(*ckv.QuadStore); kv {
			refs, err := bq.RefsOf(ctx, values)
			if err != nil {
				return nil, err
			}
			for i, ref := range refs {
				if ref == ckv.Int64Value(0) {
					refs[i] = nil // the key-value stores' "not found"
				}
			}
			return refs, nil
		}
	}
	refs := make([]cgraph.Ref, len(values))
	for i, v := range values {
		refs[i] = s.qs.ValueOf(v)
	}
	return refs, nil
}

// quadsWith returns every quad that has one of values in direction dir.
func (s *Store) quadsWith(ctx context.Context, dir quad.Direction, values []quad.Value) ([]quad.Quad, error) {
	refs, err := s.refs(ctx, values)
	if err != nil {
		return nil, &Error{err}
	}
	var prims []cgraph.Ref
	for _, ref := range refs {
		if ref == nil {
			continue
		}
		if prims, err = s.collect(ctx, s.qs.QuadIterator(dir, ref), prims); err != nil {
			return nil, err
		}
	}
	return s.resolve(ctx, prims)
}

// quadsUpTo returns the quads that have v in direction dir, unless more
// than max match (complete is then false and nothing is returned).
func (s *Store) quadsUpTo(ctx context.Context, dir quad.Direction, v quad.Value, max int) (quads []quad.Quad, complete bool, err error) {
	refs, err := s.refs(ctx, []quad.Value{v})
	if err != nil || refs[0] == nil {
		return nil, err == nil, err
	}
	it := s.qs.QuadIterator(dir, refs[0])
	var prims []cgraph.Ref
	for it.Next(ctx) {
		if prims = append(prims, it.Result()); len(prims) > max {
			it.Close()
			return nil, false, nil
		}
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return nil, false, &Error{err}
	}
	quads, err = s.resolve(ctx, prims)
	return quads, err == nil, err
}

// collect appends the refs it yields to prims and closes it.
func (s *Store) collect(ctx context.Context, it cgraph.Iterator, prims []cgraph.Ref) ([]cgraph.Ref, error) {
	for it.Next(ctx) {
		prims = append(prims, it.Result())
	}
	err := it.Err()
	it.Close()
	if err != nil {
		return nil, &Error{err}
	}
	return prims, nil
}

// resolve turns quad refs into quads, looking the values of their nodes
// up in one batch and keeping them for later calls.
func (s *Store) resolve(ctx context.Context, prims []cgraph.Ref) ([]quad.Quad, error) {
	var need []cgraph.Ref
	pending := map[any]bool{}
	for _, p := range prims {
		for _, d := range quad.Directions {
			n := s.qs.QuadDirection(p, d)
			if n == nil {
				continue
			}
			k := n.Key()
			if _, ok := s.vals[k]; !ok && !pending[k] {
				pending[k] = true
				need = append(need, n)
			}
		}
	}
	if len(need) > 0 {
		vals, err := cgraph.ValuesOf(ctx, s.qs, need)
		if err != nil {
			return nil, &Error{err}
		}
		for i, n := range need {
			s.vals[n.Key()] = vals[i]
		}
	}
	quads := make([]quad.Quad, 0, len(prims))
	for _, p := range prims {
		var q quad.Quad
		for _, d := range quad.Directions {
			if n := s.qs.QuadDirection(p, d); n != nil {
				q.Set(d, s.vals[n.Key()])
			}
		}
		quads = append(quads, q)
	}
	return quads, nil
}

// nodeQuads reads the subject quads of nodes: all there is to know about an
// entity, source, predicate, theme, cluster or fact.
func (s *Store) nodeQuads(ctx context.Context, nodes []quad.IRI) ([]quad.Quad, error) {
	if len(nodes) == 0 {
		return nil, nil
	}
	if s.desc != nil {
		// The edge quads the index leaves out carry nothing graph.FromQuads
		// reads.
		quads, err := s.desc(ctx, nodes)
		if err != nil {
			return nil, &Error{err}
		}
		return quads, nil
	}
	vals := make([]quad.Value, len(nodes))
	for i, n := range nodes {
		vals[i] = n
	}
	return s.quadsWith(ctx, quad.Subject, vals)
}

// entityPreds are the predicates of an entity's own description.
var entityPreds = []quad.Value{graph.RDFType, graph.RDFSLabel, graph.SchemaAltName, graph.SchemaDesc, graph.PredCluster}

// entityQuads reads the description of the entities iris: their type, name,
// aliases, description and cluster, without the edge quads a hub has by
// the thousand on Cayley's key-value stores. The IRIs in whole name
// something other than an entity; the caller reads them whole (nodeQuads).
func (s *Store) entityQuads(ctx context.Context, iris []quad.IRI) (quads []quad.Quad, whole []quad.IRI, err error) {
	if s.desc != nil {
		quads, err = s.nodeQuads(ctx, iris) // one lookup each, without the edges
		return quads, nil, err
	}
	if _, kv := s.qs.(*ckv.QuadStore); !kv {
		// Other stores return a lookup's matches in no fixed order, and
		// aliases must keep theirs: read the entities whole, in id order.
		quads, err = s.nodeQuads(ctx, iris)
		return quads, nil, err
	}
	if len(iris) == 0 {
		return nil, nil, nil
	}
	todo := make([]quad.Value, len(iris))
	for i, iri := range iris {
		todo[i] = iri
	}
	refs, err := s.refs(ctx, todo)
	if err != nil {
		return nil, nil, &Error{err}
	}
	// Most entities have a few dozen quads: read them whole, all in one
	// batch. A hub's quads are mostly its edges, by the thousand: read
	// its description through one (subject, predicate) lookup each.
	var prims []cgraph.Ref
	var hubs []int
	for i, ref := range refs {
		if ref == nil {
			continue
		}
		first := len(prims)
		it := s.qs.QuadIterator(quad.Subject, ref)
		for it.Next(ctx) {
			if prims = append(prims, it.Result()); len(prims)-first > entityCap {
				prims = prims[:first]
				hubs = append(hubs, i)
				break
			}
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return nil, nil, &Error{err}
		}
	}
	if quads, err = s.resolve(ctx, prims); err != nil {
		return nil, nil, err
	}
	if len(hubs) > 0 {
		var described []quad.Quad
		if described, whole, err = s.describe(ctx, todo, refs, hubs); err != nil {
			return nil, nil, err
		}
		quads = append(quads, described...)
	}
	return quads, whole, nil
}

// entityCap is the number of quads above which entities reads an
// entity's description by index lookups instead of reading it whole.
const entityCap = 64

// describe reads the descriptions of the entities at positions hubs of
// nodes by (subject, predicate) lookups. Nodes whose type is not an entity
// type are returned in whole, to be read whole.
func (s *Store) describe(ctx context.Context, nodes []quad.Value, refs []cgraph.Ref, hubs []int) (quads []quad.Quad, whole []quad.IRI, err error) {
	if s.predRefs == nil {
		if s.predRefs, err = s.refs(ctx, entityPreds); err != nil {
			return nil, nil, err
		}
	}
	type found struct {
		subject, pred int
	}
	var hits []found
	var objs []cgraph.Ref
	for _, i := range hubs {
		for j, pref := range s.predRefs {
			if pref == nil {
				continue
			}
			it := shape.BuildIterator(s.qs, shape.QuadsAction{Result: quad.Object,
				Filter: map[quad.Direction]cgraph.Ref{quad.Subject: refs[i], quad.Predicate: pref}})
			for it.Next(ctx) {
				hits = append(hits, found{i, j})
				objs = append(objs, it.Result())
			}
			err := it.Err()
			it.Close()
			if err != nil {
				return nil, nil, &Error{err}
			}
		}
	}
	vals, err := cgraph.ValuesOf(ctx, s.qs, objs)
	if err != nil {
		return nil, nil, &Error{err}
	}
	others := map[int]bool{}
	for k, h := range hits {
		if t, _ := vals[k].(quad.IRI); entityPreds[h.pred] == graph.RDFType && !strings.HasPrefix(string(t), "type:") {
			others[h.subject] = true
		}
	}
	for k, h := range hits {
		if !others[h.subject] {
			quads = append(quads, quad.Quad{Subject: nodes[h.subject], Predicate: entityPreds[h.pred], Object: vals[k]})
		}
	}
	for i := range others {
		iri := nodes[i].(quad.IRI)
		whole = append(whole, iri)
	}
	return quads, whole, nil
}
