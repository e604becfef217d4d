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
	src   Store
	ds    *graph.Dataset      // what has been read so far
	read  map[quad.IRI]bool   // nodes whose subject quads have been read
	whole bool                // ds is the whole graph
	keyed map[string][]string // name key → entity ids, looked up so far
	all   map[quad.IRI]bool   // classes whose every node has been read
	adj   func(context.Context, string) (others []string, facts [][]string, err error)
	deg   func(context.Context, string) (int, error)
}

// Store is where a Reader reads quads from: storeread.Store, over a Cayley
// quad store and itkg's indexes.
type Store interface {
	// All lists every quad.
	All(ctx context.Context) ([]quad.Quad, error)
	// QuadsWith lists the quads that have one of values in direction dir.
	QuadsWith(ctx context.Context, dir quad.Direction, values []quad.Value) ([]quad.Quad, error)
	// QuadsUpTo lists the quads that have v in direction dir, unless
	// more than max match (complete is then false).
	QuadsUpTo(ctx context.Context, dir quad.Direction, v quad.Value, max int) (quads []quad.Quad, complete bool, err error)
	// Nodes lists the subject quads of nodes.
	Nodes(ctx context.Context, nodes []quad.IRI) ([]quad.Quad, error)
	// Entities lists the descriptions of entities, their edge quads
	// left out when the store can; whole are the IRIs to read whole.
	Entities(ctx context.Context, iris []quad.IRI) (quads []quad.Quad, whole []quad.IRI, err error)
	// Small reports whether the store is cheap to read whole.
	Small(ctx context.Context) bool
	// Indexed reports whether the store has itkg's adjacency and
	// descriptions indexes.
	Indexed() bool
	// Neighbours and Degrees are the adjacency index's lookups, or nil.
	Neighbours() func(context.Context, string) (others []string, facts [][]string, err error)
	Degrees() func(context.Context, string) (int, error)
}

// NewReader returns a Reader over qs through Cayley's indexes alone;
// FromStore(storeread.New(qs).WithIndexes(s)) adds itkg's.
func NewReader(qs cgraph.QuadStore) *Reader {
	return FromStore(storeread.New(qs))
}

// FromStore returns a Reader over src.
func FromStore(src Store) *Reader {
	ds := &graph.Dataset{}
	ds.Index()
	return &Reader{src: src, ds: ds, read: map[quad.IRI]bool{},
		keyed: map[string][]string{}, all: map[quad.IRI]bool{},
		adj: src.Neighbours(), deg: src.Degrees()}
}

// InMemory returns a Reader over a dataset held in memory whole: the
// in-memory source of every question, answered by the same code as from a
// store (tests, and callers that loaded the data themselves).
func InMemory(ds *graph.Dataset) *Reader {
	ds.Index()
	return &Reader{ds: ds, whole: true, read: map[quad.IRI]bool{},
		keyed: map[string][]string{}, all: map[quad.IRI]bool{}}
}

// Dataset returns what has been read so far, sorted by id.
func (r *Reader) Dataset() *graph.Dataset {
	if !r.whole {
		r.ds.Index()
	}
	return r.ds
}

// All reads the whole graph, in one pass over the store.
func (r *Reader) All(ctx context.Context) (*graph.Dataset, error) {
	if r.whole {
		return r.Dataset(), nil
	}
	quads, err := r.src.All(ctx)
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

// Small reports whether the store is small enough, and has a fast enough
// scan, to be read whole: graph searches then read it whole, and a server
// keeps it in memory.
func (r *Reader) Small(ctx context.Context) bool { return r.small(ctx) }

// indexed reports whether the Reader's store has itkg's indexes (see also
// manyFacts).
func (r *Reader) indexed() bool { return r.src != nil && r.src.Indexed() }

func (r *Reader) small(ctx context.Context) bool {
	return r.whole || r.src.Small(ctx)
}

func isStoreError(err error) bool { return storeread.IsError(err) }

// unread returns the nodes of iris not read before, and marks them read.
func (r *Reader) unread(iris []quad.IRI) []quad.IRI {
	if r.whole {
		return nil
	}
	var todo []quad.IRI
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
	quads, err := r.src.Nodes(ctx, todo)
	if err != nil {
		return err
	}
	return r.merge(quads)
}

// merge adds what quads say to what has been read.
func (r *Reader) merge(quads []quad.Quad) error {
	part, err := graph.FromQuads(quads)
	if err != nil {
		return err
	}
	r.ds.Merge(part)
	return nil
}

// entities reads the description of every entity not read before: its
// type, name, aliases, description and cluster, without the edge quads
// where the store can leave them out. An IRI that names something other
// than an entity is read whole.
func (r *Reader) entities(ctx context.Context, iris []quad.IRI) error {
	todo := r.unread(iris)
	if len(todo) == 0 {
		return nil
	}
	quads, whole, err := r.src.Entities(ctx, todo)
	if err != nil {
		return err
	}
	if err := r.merge(quads); err != nil {
		return err
	}
	for _, iri := range whole {
		r.read[iri] = false
	}
	return r.nodes(ctx, whole)
}

// subjectsOf lists the subjects of the quads <?> pred obj, through the
// store's object index.
func (r *Reader) subjectsOf(ctx context.Context, pred quad.IRI, obj quad.Value) ([]quad.IRI, error) {
	quads, err := r.src.QuadsWith(ctx, quad.Object, []quad.Value{obj})
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
		quads, err := r.src.QuadsWith(ctx, dir, []quad.Value{node})
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
