package storeread

import (
	"context"
	"slices"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

// The reads of queries.Source: each reads from the store only what it has
// not read before, and answers with the dataset of everything read so
// far. That dataset's lookups (Fact, Entity, ...) are always current; its
// lists are in id order after All and Every.

// manyFacts is the number of facts above which, in a small store without
// itkg's indexes, reading the whole store is faster than reading the facts
// one by one. With the descriptions index, reading them one by one is
// faster even for every fact of the corpus. docs/scaling.md has the
// figures behind both.
const manyFacts = 150

// All reads the whole graph, in one pass over the store.
func (s *Store) All(ctx context.Context) (*graph.Dataset, error) {
	if s.whole {
		return s.ds, nil
	}
	quads, err := s.allQuads(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := graph.FromQuads(quads)
	if err != nil {
		return nil, err
	}
	s.ds, s.whole = ds, true
	return ds, nil
}

// unread returns the nodes of iris not read before, and marks them read.
func (s *Store) unread(iris []quad.IRI) []quad.IRI {
	if s.whole {
		return nil
	}
	var todo []quad.IRI
	for _, iri := range iris {
		if iri != "" && !s.read[iri] {
			s.read[iri] = true
			todo = append(todo, iri)
		}
	}
	return todo
}

// nodes reads the subject quads of every node not read before: all there
// is to know about an entity, source, predicate, theme, cluster or fact.
func (s *Store) nodes(ctx context.Context, iris []quad.IRI) error {
	todo := s.unread(iris)
	if len(todo) == 0 {
		return nil
	}
	quads, err := s.nodeQuads(ctx, todo)
	if err != nil {
		return err
	}
	return s.merge(quads)
}

// merge adds what quads say to what has been read.
func (s *Store) merge(quads []quad.Quad) error {
	part, err := graph.FromQuads(quads)
	if err != nil {
		return err
	}
	s.ds.Merge(part)
	return nil
}

// Read reads the nodes iris: an entity's type, name, aliases, description
// and cluster (without the edge quads where the store can leave them
// out), or a source, predicate, theme or mark whole.
func (s *Store) Read(ctx context.Context, iris []quad.IRI) (*graph.Dataset, error) {
	todo := s.unread(iris)
	if len(todo) == 0 {
		return s.ds, nil
	}
	quads, whole, err := s.entityQuads(ctx, todo)
	if err != nil {
		return nil, err
	}
	if err := s.merge(quads); err != nil {
		return nil, err
	}
	for _, iri := range whole {
		s.read[iri] = false
	}
	return s.ds, s.nodes(ctx, whole)
}

// Facts reads the facts ids, and the entities, sources and predicates
// that printing them needs; in a small store without itkg's indexes, past
// manyFacts facts, the whole graph.
func (s *Store) Facts(ctx context.Context, ids []string) (*graph.Dataset, error) {
	if s.whole {
		return s.ds, nil
	}
	if len(ids) > manyFacts && !s.indexed() && s.Small(ctx) {
		return s.All(ctx)
	}
	iris := make([]quad.IRI, len(ids))
	for i, id := range ids {
		iris[i] = graph.FactIRI(id)
	}
	if err := s.nodes(ctx, iris); err != nil {
		return nil, err
	}
	var named []quad.IRI
	for _, id := range ids {
		f := s.ds.Fact(id)
		if f == nil {
			continue
		}
		named = append(named, graph.SourceIRI(f.Source), graph.EntityIRI(f.Predicate), graph.EntityIRI(f.Subject))
		if f.HasObject() {
			named = append(named, graph.EntityIRI(f.Object))
		}
		if f.ClaimedBy != "" {
			named = append(named, graph.EntityIRI(f.ClaimedBy))
		}
	}
	return s.Read(ctx, named)
}

// subjectsOf lists the subjects of the quads <?> pred obj, through the
// store's object index.
func (s *Store) subjectsOf(ctx context.Context, pred quad.IRI, obj quad.Value) ([]quad.IRI, error) {
	quads, err := s.quadsWith(ctx, quad.Object, []quad.Value{obj})
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

// FactsWith lists the facts whose description says pred obj: a theme's
// (graph.PredTheme), a source's, an event's, a claimant's, a predicate's.
func (s *Store) FactsWith(ctx context.Context, pred quad.IRI, obj quad.Value) ([]string, error) {
	iris, err := s.subjectsOf(ctx, pred, obj)
	var out []string
	for _, iri := range iris {
		if id, ok := graph.TrimPrefix(iri, "fact:"); ok {
			out = append(out, id)
		}
	}
	return out, err
}

// FactsNaming lists the facts that have entity as subject or object, or
// claim it as their claimant: through the naming index, or else Cayley's
// indexes, edge quads and the facts' descriptions (itkg:subject,
// itkg:object, itkg:claimedBy).
func (s *Store) FactsNaming(ctx context.Context, entity string) ([]string, error) {
	if s.name != nil {
		ids, _, _, err := s.name(ctx, entity, false)
		if err != nil {
			return nil, &Error{err}
		}
		return ids, nil
	}
	node := graph.EntityIRI(entity)
	var ids []string
	seen := map[string]bool{}
	for _, dir := range []quad.Direction{quad.Subject, quad.Object} {
		quads, err := s.quadsWith(ctx, dir, []quad.Value{node})
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

// Digests reads the facts naming entity (as FactsNaming lists them) into
// a dataset with the sources and predicates they use and the entities
// they name. With the naming index that is one lookup, and the dataset is
// apart from what the Store keeps: its facts lack their quotes and notes,
// and the entities it has not read have their ids and names only. Else
// the facts are read whole, and the dataset is the Store's.
func (s *Store) Digests(ctx context.Context, entity string) (*graph.Dataset, error) {
	if s.name == nil || s.whole {
		ids, err := s.FactsNaming(ctx, entity)
		if err != nil {
			return nil, err
		}
		return s.Facts(ctx, ids)
	}
	_, quads, labels, err := s.name(ctx, entity, true)
	if err != nil {
		return nil, &Error{err}
	}
	part, err := graph.FromQuads(quads)
	if err != nil {
		return nil, err
	}
	var used []quad.IRI
	for _, f := range part.Facts {
		used = append(used, graph.SourceIRI(f.Source), graph.EntityIRI(f.Predicate))
	}
	ds, err := s.Read(ctx, used)
	if err != nil {
		return nil, err
	}
	out := &graph.Dataset{Sources: slices.Clone(ds.Sources), Predicates: slices.Clone(ds.Predicates), Facts: part.Facts}
	for id, name := range labels {
		e := ds.Entity(id)
		if e == nil {
			e = &graph.Entity{ID: id, Name: name}
		}
		out.Entities = append(out.Entities, e)
	}
	out.Index()
	return out, nil
}

// Named lists, in id order, the entities whose name or one of whose
// aliases has the name key key (graph.NameKey), through the entities'
// itkg:nameKey quads.
func (s *Store) Named(ctx context.Context, key string) ([]string, error) {
	if ids, ok := s.keyed[key]; ok {
		return ids, nil
	}
	iris, err := s.subjectsOf(ctx, graph.PredNameKey, quad.String(key))
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(iris))
	for _, iri := range iris {
		ids = append(ids, string(iri))
	}
	slices.Sort(ids)
	s.keyed[key] = ids
	return ids, nil
}

// Every reads every node of class: every entity of a type (graph.TypeIRI),
// every theme, every mark.
func (s *Store) Every(ctx context.Context, class quad.IRI) (*graph.Dataset, error) {
	if s.whole {
		return s.ds, nil
	}
	if !s.every[class] {
		iris, err := s.subjectsOf(ctx, graph.RDFType, class)
		if err != nil {
			return nil, err
		}
		if _, err := s.Read(ctx, iris); err != nil {
			return nil, err
		}
		s.every[class] = true
	}
	s.ds.Index() // the lists in id order
	return s.ds, nil
}

// Edges lists the entities that entity's edges lead to, in id order, and
// the facts of each edge, unread: from the adjacency index, or else from
// the edge quads naming entity, unless more than max of those (max > 0)
// are to be read (complete is then false). In a small store without
// itkg's indexes it reads the whole graph first, which costs less than
// walking its hubs through Cayley's indexes.
func (s *Store) Edges(ctx context.Context, entity string, max int) (others []string, facts [][]string, complete bool, err error) {
	if !s.whole && !s.indexed() && s.Small(ctx) {
		if _, err := s.All(ctx); err != nil {
			return nil, nil, false, err
		}
	}
	switch {
	case s.whole:
		l := s.links()[entity]
		return l.Others, l.Facts, true, nil
	case s.adj != nil:
		others, facts, err = s.adj(ctx, entity)
		return others, facts, err == nil, err
	}
	if max <= 0 {
		max = int(^uint(0) >> 1)
	}
	iri := graph.EntityIRI(entity)
	var all []quad.Quad
	for _, dir := range []quad.Direction{quad.Subject, quad.Object} {
		quads, complete, err := s.quadsUpTo(ctx, dir, iri, max-len(all))
		if err != nil || !complete {
			return nil, nil, false, err
		}
		all = append(all, quads...)
	}
	byOther := map[string][]string{}
	for _, q := range all {
		if !graph.IsEdge(q) {
			continue
		}
		fact, _ := graph.TrimPrefix(q.Label.(quad.IRI), "fact:")
		subj, _ := q.Subject.(quad.IRI)
		obj, isEntity := q.Object.(quad.IRI)
		if !isEntity || subj == obj {
			continue // a value fact, or a fact about one entity
		}
		other := string(obj)
		if other == entity {
			other = string(subj)
		}
		byOther[other] = append(byOther[other], fact)
	}
	for o := range byOther {
		others = append(others, o)
	}
	slices.Sort(others)
	for _, o := range others {
		fs := byOther[o]
		slices.Sort(fs)
		facts = append(facts, slices.Compact(fs))
	}
	return others, facts, true, nil
}

// links is the entity graph of the whole dataset read, built on first
// use.
func (s *Store) links() map[string]graph.Links {
	if s.adjacency == nil {
		s.adjacency = graph.Adjacency(s.ds, false)
	}
	return s.adjacency
}

// Degree is the number of entities entity's edges lead to, when the store
// can tell without reading them (ok).
func (s *Store) Degree(ctx context.Context, entity string) (n int, ok bool, err error) {
	switch {
	case s.whole:
		return len(s.links()[entity].Others), true, nil
	case s.adj != nil && s.deg != nil:
		n, err = s.deg(ctx, entity)
		return n, err == nil, err
	}
	return 0, false, nil
}
