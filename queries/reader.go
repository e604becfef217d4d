package queries

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

// Reader reads from a quad store the part of the graph a question needs,
// through the store's indexes: an entity card reads the entity's facts and
// what they name, a path search the neighbourhoods it walks. Questions
// about the whole graph read it whole (All). What has been read is kept,
// so later questions on the same Reader read only what is new.
//
// A Reader is not safe for concurrent use until All has read the whole
// graph: from then on it only reads what it holds, and any number of
// goroutines may ask it questions.
type Reader struct {
	qs    cgraph.QuadStore
	ds    *graph.Dataset      // what has been read so far
	vals  map[any]quad.Value  // node values by ref key
	read  map[quad.IRI]bool   // nodes whose subject quads have been read
	whole bool                // ds is the whole graph
	keyed map[string][]string // name key → entity ids, looked up so far
	all   map[quad.IRI]bool   // classes whose every node has been read
	scan  func(context.Context) ([]quad.Quad, error)
	adj   func(context.Context, string) (others []string, facts [][]string, err error)
	deg   func(context.Context, string) (int, error)
	desc  func(context.Context, []quad.IRI) ([]quad.Quad, error)
	// refs of entityPreds, looked up once
	predRefs []cgraph.Ref
}

// NewReader returns a Reader over qs.
func NewReader(qs cgraph.QuadStore) *Reader {
	ds := &graph.Dataset{}
	ds.Index()
	return &Reader{qs: qs, ds: ds, vals: map[any]quad.Value{}, read: map[quad.IRI]bool{},
		keyed: map[string][]string{}, all: map[quad.IRI]bool{}}
}

// InMemory returns a Reader over a dataset held in memory whole: the
// in-memory source of every question, answered by the same code as from a
// store (tests, and callers that loaded the data themselves).
func InMemory(ds *graph.Dataset) *Reader {
	r := NewReader(nil)
	ds.Index()
	r.ds, r.whole = ds, true
	return r
}

// WithScan gives All a faster way to list every quad than Cayley's
// iterator (store.Store.Scanner); nil keeps the iterator.
func (r *Reader) WithScan(scan func(context.Context) ([]quad.Quad, error)) *Reader {
	r.scan = scan
	return r
}

// WithNeighbours gives graph searches an adjacency index
// (store.Store.Neighbours and Degrees): an entity's linked entities, in id
// order, and the facts linking them, in one lookup, and the number of
// those entities without reading them; nil keeps Cayley's indexes.
func (r *Reader) WithNeighbours(adj func(context.Context, string) (others []string, facts [][]string, err error), deg func(context.Context, string) (int, error)) *Reader {
	r.adj, r.deg = adj, deg
	if adj == nil {
		r.deg = nil
	}
	return r
}

// WithDescriptions gives reads a descriptions index
// (store.Store.Descriptions): the quads of a node, edge quads left out, in
// one lookup; nil keeps Cayley's indexes.
func (r *Reader) WithDescriptions(desc func(context.Context, []quad.IRI) ([]quad.Quad, error)) *Reader {
	r.desc = desc
	return r
}

// Indexes is what a store offers beside Cayley's for faster reads
// (store.Store): each a nil function when the store lacks it.
type Indexes interface {
	Scanner() func(context.Context) ([]quad.Quad, error)
	Neighbours() func(context.Context, string) (others []string, facts [][]string, err error)
	Degrees() func(context.Context, string) (int, error)
	Descriptions() func(context.Context, []quad.IRI) ([]quad.Quad, error)
}

// WithIndexes gives the Reader every index s has.
func (r *Reader) WithIndexes(s Indexes) *Reader {
	return r.WithScan(s.Scanner()).WithNeighbours(s.Neighbours(), s.Degrees()).WithDescriptions(s.Descriptions())
}

// Dataset returns what has been read so far, sorted by id.
func (r *Reader) Dataset() *graph.Dataset {
	if !r.whole {
		r.ds.Index()
	}
	return r.ds
}

// All reads the whole graph: with the scanner WithScan gave, or else by
// one pass of Cayley's iterator and one batch lookup of every node value,
// several times faster than reading quad by quad.
func (r *Reader) All(ctx context.Context) (*graph.Dataset, error) {
	if r.whole {
		return r.Dataset(), nil
	}
	quads, err := r.allQuads(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := graph.FromQuads(quads)
	if err != nil {
		return nil, err
	}
	r.ds, r.whole = ds, true
	return ds, nil
}

func (r *Reader) allQuads(ctx context.Context) ([]quad.Quad, error) {
	if r.scan != nil {
		return r.scan(ctx)
	}
	prims, err := r.collect(ctx, r.qs.QuadsAllIterator(), nil)
	if err != nil {
		return nil, err
	}
	return r.resolve(ctx, prims)
}

// smallStore is the size in quads under which, without itkg's indexes, a
// graph search or a question naming many facts reads the whole store
// first: one scan of a store the size of the corpus costs less than
// walking its hubs through Cayley's indexes.
const smallStore = 50000

// Small reports whether the store is small enough, and has a fast enough
// scan, to be read whole: graph searches then read it whole, and a server
// keeps it in memory.
func (r *Reader) Small(ctx context.Context) bool { return r.small(ctx) }

// indexed reports whether the Reader has the store's adjacency and
// descriptions indexes, with which reading what a question needs beats
// reading even a store the size of the corpus whole (docs/scaling.md; see
// also manyFacts).
func (r *Reader) indexed() bool { return r.adj != nil && r.desc != nil }

func (r *Reader) small(ctx context.Context) bool {
	if r.whole {
		return true
	}
	if r.scan == nil {
		return false
	}
	st, err := r.qs.Stats(ctx, false)
	return err == nil && st.Quads.Size < smallStore
}

// storeError marks a failure to read the store, as opposed to a question
// the store cannot answer.
type storeError struct{ err error }

func (e *storeError) Error() string { return "reading the store: " + e.err.Error() }

func (e *storeError) Unwrap() error { return e.err }

func isStoreError(err error) bool {
	var se *storeError
	return errors.As(err, &se)
}

// refs looks up the store's refs of values; nil for values it lacks.
func (r *Reader) refs(ctx context.Context, values []quad.Value) ([]cgraph.Ref, error) {
	if bq, ok := r.qs.(cgraph.BatchQuadStore); ok {
		if _, kv := r.qs.(*ckv.QuadStore); kv {
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
		refs[i] = r.qs.ValueOf(v)
	}
	return refs, nil
}

// quadsWith returns every quad that has one of values in direction dir.
func (r *Reader) quadsWith(ctx context.Context, dir quad.Direction, values []quad.Value) ([]quad.Quad, error) {
	refs, err := r.refs(ctx, values)
	if err != nil {
		return nil, &storeError{err}
	}
	var prims []cgraph.Ref
	for _, ref := range refs {
		if ref == nil {
			continue
		}
		if prims, err = r.collect(ctx, r.qs.QuadIterator(dir, ref), prims); err != nil {
			return nil, err
		}
	}
	return r.resolve(ctx, prims)
}

// quadsUpTo returns the quads that have v in direction dir, unless more
// than max match (complete is then false and nothing is returned).
func (r *Reader) quadsUpTo(ctx context.Context, dir quad.Direction, v quad.Value, max int) (quads []quad.Quad, complete bool, err error) {
	refs, err := r.refs(ctx, []quad.Value{v})
	if err != nil || refs[0] == nil {
		return nil, err == nil, err
	}
	it := r.qs.QuadIterator(dir, refs[0])
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
		return nil, false, &storeError{err}
	}
	quads, err = r.resolve(ctx, prims)
	return quads, err == nil, err
}

// collect appends the refs it yields to prims and closes it.
func (r *Reader) collect(ctx context.Context, it cgraph.Iterator, prims []cgraph.Ref) ([]cgraph.Ref, error) {
	for it.Next(ctx) {
		prims = append(prims, it.Result())
	}
	err := it.Err()
	it.Close()
	if err != nil {
		return nil, &storeError{err}
	}
	return prims, nil
}

// resolve turns quad refs into quads, looking the values of their nodes
// up in one batch and keeping them for later calls.
func (r *Reader) resolve(ctx context.Context, prims []cgraph.Ref) ([]quad.Quad, error) {
	var need []cgraph.Ref
	pending := map[any]bool{}
	for _, p := range prims {
		for _, d := range quad.Directions {
			n := r.qs.QuadDirection(p, d)
			if n == nil {
				continue
			}
			k := n.Key()
			if _, ok := r.vals[k]; !ok && !pending[k] {
				pending[k] = true
				need = append(need, n)
			}
		}
	}
	if len(need) > 0 {
		vals, err := cgraph.ValuesOf(ctx, r.qs, need)
		if err != nil {
			return nil, &storeError{err}
		}
		for i, n := range need {
			r.vals[n.Key()] = vals[i]
		}
	}
	quads := make([]quad.Quad, 0, len(prims))
	for _, p := range prims {
		var q quad.Quad
		for _, d := range quad.Directions {
			if n := r.qs.QuadDirection(p, d); n != nil {
				q.Set(d, r.vals[n.Key()])
			}
		}
		quads = append(quads, q)
	}
	return quads, nil
}

// unread returns the nodes of iris not read before, and marks them read.
func (r *Reader) unread(iris []quad.IRI) []quad.Value {
	if r.whole {
		return nil
	}
	var todo []quad.Value
	for _, iri := range iris {
		if iri != "" && !r.read[iri] {
			r.read[iri] = true
			todo = append(todo, iri)
		}
	}
	return todo
}

// nodes reads the subject quads of every node not read before: all there
// is to know about an entity, source, predicate, theme, cluster or fact.
func (r *Reader) nodes(ctx context.Context, iris []quad.IRI) error {
	todo := r.unread(iris)
	if len(todo) == 0 {
		return nil
	}
	var quads []quad.Quad
	var err error
	if r.desc != nil {
		// The edge quads the index leaves out carry nothing datasetOf
		// reads.
		nodes := make([]quad.IRI, len(todo))
		for i, v := range todo {
			nodes[i] = v.(quad.IRI)
		}
		if quads, err = r.desc(ctx, nodes); err != nil {
			return &storeError{err}
		}
	} else if quads, err = r.quadsWith(ctx, quad.Subject, todo); err != nil {
		return err
	}
	part, err := graph.FromQuads(quads)
	if err != nil {
		return err
	}
	r.ds.Merge(part)
	return nil
}

// entityPreds are the predicates of an entity's own description.
var entityPreds = []quad.Value{graph.RDFType, graph.RDFSLabel, graph.SchemaAltName, graph.SchemaDesc, graph.PredCluster}

// entities reads the description of every entity not read before: its
// type, name, aliases, description and cluster, without the edge quads a
// hub has by the thousand on Cayley's key-value stores (other stores
// return lookups in no fixed order, and aliases must keep theirs, so there
// entities are read whole). An IRI that names something other than an
// entity is read whole.
func (r *Reader) entities(ctx context.Context, iris []quad.IRI) error {
	if r.desc != nil {
		return r.nodes(ctx, iris) // one lookup each, without the edges
	}
	if _, kv := r.qs.(*ckv.QuadStore); !kv {
		// Other stores return a lookup's matches in no fixed order, and
		// aliases must keep theirs: read the entities whole, in id order.
		return r.nodes(ctx, iris)
	}
	todo := r.unread(iris)
	if len(todo) == 0 {
		return nil
	}
	refs, err := r.refs(ctx, todo)
	if err != nil {
		return err
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
		it := r.qs.QuadIterator(quad.Subject, ref)
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
			return &storeError{err}
		}
	}
	quads, err := r.resolve(ctx, prims)
	if err != nil {
		return err
	}
	var whole []quad.IRI
	if len(hubs) > 0 {
		var described []quad.Quad
		if described, whole, err = r.describe(ctx, todo, refs, hubs); err != nil {
			return err
		}
		quads = append(quads, described...)
	}
	part, err := graph.FromQuads(quads)
	if err != nil {
		return err
	}
	r.ds.Merge(part)
	return r.nodes(ctx, whole)
}

// entityCap is the number of quads above which entities reads an
// entity's description by index lookups instead of reading it whole.
const entityCap = 64

// describe reads the descriptions of the entities at positions hubs of
// nodes by (subject, predicate) lookups. Nodes whose type is not an entity
// type are returned in whole, to be read whole.
func (r *Reader) describe(ctx context.Context, nodes []quad.Value, refs []cgraph.Ref, hubs []int) (quads []quad.Quad, whole []quad.IRI, err error) {
	if r.predRefs == nil {
		if r.predRefs, err = r.refs(ctx, entityPreds); err != nil {
			return nil, nil, err
		}
	}
	type found struct {
		subject, pred int
	}
	var hits []found
	var objs []cgraph.Ref
	for _, i := range hubs {
		for j, pref := range r.predRefs {
			if pref == nil {
				continue
			}
			it := shape.BuildIterator(r.qs, shape.QuadsAction{Result: quad.Object,
				Filter: map[quad.Direction]cgraph.Ref{quad.Subject: refs[i], quad.Predicate: pref}})
			for it.Next(ctx) {
				hits = append(hits, found{i, j})
				objs = append(objs, it.Result())
			}
			err := it.Err()
			it.Close()
			if err != nil {
				return nil, nil, &storeError{err}
			}
		}
	}
	vals, err := cgraph.ValuesOf(ctx, r.qs, objs)
	if err != nil {
		return nil, nil, &storeError{err}
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
		r.read[iri] = false
		whole = append(whole, iri)
	}
	return quads, whole, nil
}

// subjectsOf lists the subjects of the quads <?> pred obj, through the
// store's object index.
func (r *Reader) subjectsOf(ctx context.Context, pred quad.IRI, obj quad.Value) ([]quad.IRI, error) {
	quads, err := r.quadsWith(ctx, quad.Object, []quad.Value{obj})
	if err != nil {
		return nil, err
	}
	var out []quad.IRI
	for _, q := range quads {
		if q.Predicate == pred {
			if iri, ok := q.Subject.(quad.IRI); ok {
				out = append(out, iri)
			}
		}
	}
	return out, nil
}

// Entity reads entity id; nil when the store has no such entity.
func (r *Reader) Entity(ctx context.Context, id string) (*graph.Entity, error) {
	if err := r.entities(ctx, []quad.IRI{graph.EntityIRI(id)}); err != nil {
		return nil, err
	}
	return r.ds.Entity(id), nil
}

// Facts reads the facts with these ids, and the entities, sources and
// predicates that printing them needs.
func (r *Reader) Facts(ctx context.Context, ids []string) error {
	if r.whole {
		return nil
	}
	iris := make([]quad.IRI, len(ids))
	for i, id := range ids {
		iris[i] = graph.FactIRI(id)
	}
	if err := r.nodes(ctx, iris); err != nil {
		return err
	}
	var entities, others []quad.IRI
	for _, id := range ids {
		f := r.ds.Fact(id)
		if f == nil {
			continue
		}
		others = append(others, graph.SourceIRI(f.Source), graph.EntityIRI(f.Predicate))
		entities = append(entities, graph.EntityIRI(f.Subject))
		if f.HasObject() {
			entities = append(entities, graph.EntityIRI(f.Object))
		}
		if f.ClaimedBy != "" {
			entities = append(entities, graph.EntityIRI(f.ClaimedBy))
		}
	}
	if err := r.entities(ctx, entities); err != nil {
		return err
	}
	return r.nodes(ctx, others)
}

// factsNaming lists the facts that have node as subject or object, or
// claim it as their claimant, through the store's indexes: edge quads and
// the facts' descriptions (itkg:subject, itkg:object, itkg:claimedBy).
func (r *Reader) factsNaming(ctx context.Context, node quad.IRI) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	for _, dir := range []quad.Direction{quad.Subject, quad.Object} {
		quads, err := r.quadsWith(ctx, dir, []quad.Value{node})
		if err != nil {
			return nil, err
		}
		for _, q := range quads {
			label, _ := q.Label.(quad.IRI)
			subj, _ := q.Subject.(quad.IRI)
			var id string
			switch {
			case dir == quad.Object && subj == label &&
				(q.Predicate == graph.PredClaimedBy || q.Predicate == graph.PredSubject || q.Predicate == graph.PredObject):
				// the fact's own description names the node: this finds
				// negated facts, which have no edge quad
				id, _ = graph.TrimPrefix(label, "fact:")
			case graph.IsEdge(q):
				// an edge quad: the node is the fact's subject or object
				id, _ = graph.TrimPrefix(label, "fact:")
			}
			if id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

// Around reads the facts that name any of the entities ids (as subject,
// object or claimant) and what printing them needs.
func (r *Reader) Around(ctx context.Context, ids ...string) (*graph.Dataset, error) {
	if r.whole {
		return r.Dataset(), nil
	}
	var facts []string
	for _, id := range ids {
		fs, err := r.factsNaming(ctx, graph.EntityIRI(id))
		if err != nil {
			return nil, err
		}
		facts = append(facts, fs...)
	}
	return r.someFacts(ctx, facts)
}

// manyFacts is the number of facts above which, in a small store without
// itkg's indexes, reading the whole store is faster than reading the facts
// one by one. With the descriptions index, reading them one by one is
// faster even for every fact of the corpus. docs/scaling.md has the
// figures behind both.
const manyFacts = 150

// someFacts reads the facts ids, or the whole store when that is faster.
func (r *Reader) someFacts(ctx context.Context, ids []string) (*graph.Dataset, error) {
	if len(ids) > manyFacts && r.small(ctx) && !r.indexed() {
		return r.All(ctx)
	}
	if err := r.Facts(ctx, ids); err != nil {
		return nil, err
	}
	return r.Dataset(), nil
}

// Select reads the facts that may pass flt, and what printing them needs,
// through the most selective index the filter allows: an entity's facts,
// a theme's, a source's, a claimant's, a predicate's; failing all of
// those, the whole graph. The caller still applies flt (Facts) to the result.
func (r *Reader) Select(ctx context.Context, flt Filter) (*graph.Dataset, error) {
	if r.whole {
		return r.Dataset(), nil
	}
	var ids []string
	var err error
	label := func(pred quad.IRI, obj quad.Value) ([]string, error) {
		iris, err := r.subjectsOf(ctx, pred, obj)
		var out []string
		for _, iri := range iris {
			if id, ok := graph.TrimPrefix(iri, "fact:"); ok {
				out = append(out, id)
			}
		}
		return out, err
	}
	switch {
	case flt.Entity != "" || flt.Subject != "" || flt.Object != "":
		e := cmp.Or(flt.Entity, flt.Subject, flt.Object)
		ids, err = r.factsNaming(ctx, graph.EntityIRI(e))
	case flt.ClaimedBy != "":
		ids, err = label(graph.PredClaimedBy, graph.EntityIRI(flt.ClaimedBy))
	case flt.Source != "":
		ids, err = label(graph.ProvDerivedFrom, graph.SourceIRI(flt.Source))
	case flt.Event != "":
		ids, err = label(graph.PredEvent, quad.String(flt.Event))
	case flt.Theme != "":
		ids, err = label(graph.PredTheme, graph.ThemeIRI(flt.Theme))
	case len(flt.Predicates) > 0:
		for _, p := range flt.Predicates {
			some, perr := label(graph.PredPredicate, graph.EntityIRI(p))
			if perr != nil {
				return nil, perr
			}
			ids = append(ids, some...)
		}
	default:
		// Every fact: one scan of the store beats reading them one by one.
		return r.All(ctx)
	}
	if err != nil {
		return nil, err
	}
	return r.someFacts(ctx, ids)
}

// listAll reads every node of a class.
func (r *Reader) listAll(ctx context.Context, class quad.IRI) error {
	if r.whole || r.all[class] {
		return nil
	}
	iris, err := r.subjectsOf(ctx, graph.RDFType, class)
	if err != nil {
		return err
	}
	r.all[class] = true
	if _, isType := graph.TrimPrefix(class, "type:"); isType {
		return r.entities(ctx, iris)
	}
	return r.nodes(ctx, iris)
}

// Resolve finds the entity a user means by name: its id, name or one of
// its aliases, ignoring case, as the function Resolve does on a dataset.
// Names are looked up through the entities' itkg:nameKey quads; only a
// name that matches nothing reads every entity's names, to suggest the
// closest.
func (r *Reader) Resolve(ctx context.Context, name string) (*graph.Entity, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	if r.whole {
		return Resolve(r.ds, name)
	}
	key := graph.NameKey(name)
	if e, err := r.Entity(ctx, key); err != nil || e != nil {
		return e, err
	}
	ids, ok := r.keyed[key]
	if !ok {
		iris, err := r.subjectsOf(ctx, graph.PredNameKey, quad.String(key))
		if err != nil {
			return nil, err
		}
		if err := r.entities(ctx, iris); err != nil {
			return nil, err
		}
		for _, iri := range iris {
			ids = append(ids, string(iri))
		}
		slices.Sort(ids)
		r.keyed[key] = ids
	}
	var found []*graph.Entity
	for _, id := range ids {
		if e := r.ds.Entity(id); e != nil {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		if err := r.allEntities(ctx); err != nil {
			return nil, err
		}
		return nil, &NotFoundError{Name: name, Suggestions: suggestions(r.ds, key)}
	}
	return nil, &AmbiguousError{Name: name, Candidates: found}
}

// Themes reads every theme.
func (r *Reader) Themes(ctx context.Context) ([]*graph.Theme, error) {
	if err := r.listAll(ctx, graph.ClassTheme); err != nil {
		return nil, err
	}
	return r.Dataset().Themes, nil
}

// Entities reads every entity.
func (r *Reader) Entities(ctx context.Context) ([]*graph.Entity, error) {
	if err := r.allEntities(ctx); err != nil {
		return nil, err
	}
	return r.Dataset().Entities, nil
}

// allEntities reads every entity, through the index of their types.
func (r *Reader) allEntities(ctx context.Context) error {
	if r.whole {
		return nil
	}
	for _, t := range graph.EntityTypes {
		class := graph.TypeIRI(t)
		if err := r.listAll(ctx, class); err != nil {
			return err
		}
	}
	return nil
}

// CheckFilter reports an error when flt names a theme, source or
// predicate the store lacks, naming the flag as the user gave it.
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
	if err := r.nodes(ctx, iris); err != nil {
		return err
	}
	if flt.Theme != "" && r.ds.Theme(flt.Theme) == nil {
		if err := r.listAll(ctx, graph.ClassTheme); err != nil {
			return err
		}
		var ids []string
		for _, t := range r.Dataset().Themes {
			ids = append(ids, t.ID)
		}
		return fieldError("theme", flt.Theme, fmt.Errorf("unknown theme %q (themes: %s)", flt.Theme, strings.Join(ids, ", ")))
	}
	if flt.Source != "" && r.ds.Source(flt.Source) == nil {
		return fieldError("source", flt.Source, fmt.Errorf("unknown source %q", flt.Source))
	}
	for _, f := range []struct {
		field string
		ids   []string
	}{{"predicate", flt.Predicates}, {"exclude-predicate", flt.Exclude}} {
		for _, p := range f.ids {
			if r.ds.Predicate(p) == nil {
				return fieldError(f.field, p, fmt.Errorf("unknown predicate %q", p))
			}
		}
	}
	return nil
}
