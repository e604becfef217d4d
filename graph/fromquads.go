package graph

import (
	"fmt"
	"strconv"

	"github.com/cayleygraph/quad"
)

// FromQuads is the inverse of Quads: it rebuilds the dataset that quads
// describe, from the whole store or any part of it (the items whose quads
// are missing are missing from the result). The store's record of itself
// and the edge quads, which repeat what the facts' descriptions say, are
// skipped.
func FromQuads(quads []quad.Quad) (*Dataset, error) {
	rd := newReader()
	for _, q := range quads {
		rd.add(q)
	}
	return rd.dataset()
}

// reader gathers quads into dataset items.
type reader struct {
	sources    map[string]*Source
	entities   map[string]*Entity
	predicates map[string]*Predicate
	themes     map[string]*Theme
	clusters   map[string]*Cluster
	facts      map[string]*Fact
	marks      map[string]*Mark
	typeIRIs   map[quad.IRI]bool
	pending    []quad.Quad // entity and predicate quads, resolved once types are known
}

func newReader() *reader {
	return &reader{
		sources: map[string]*Source{}, entities: map[string]*Entity{},
		predicates: map[string]*Predicate{}, themes: map[string]*Theme{},
		clusters: map[string]*Cluster{}, facts: map[string]*Fact{},
		marks:    map[string]*Mark{},
		typeIRIs: map[quad.IRI]bool{},
	}
}

func iriOf(v quad.Value) quad.IRI {
	if iri, ok := v.(quad.IRI); ok {
		return iri
	}
	return ""
}

func text(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.IRI:
		return string(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v.Native())
}

func boolOf(v quad.Value) bool {
	b, ok := v.(quad.Bool)
	return ok && bool(b)
}

func (r *reader) fact(label quad.IRI) *Fact {
	id, _ := TrimPrefix(label, "fact:")
	f := r.facts[id]
	if f == nil {
		f = &Fact{ID: id}
		r.facts[id] = f
	}
	return f
}

func (r *reader) add(q quad.Quad) {
	subj := iriOf(q.Subject)
	if subj == StoreIRI {
		return // the store's record of itself, not part of the graph
	}
	if label := iriOf(q.Label); label != "" {
		if _, ok := TrimPrefix(label, "fact:"); ok {
			if subj == label {
				r.factMeta(r.fact(label), q)
			}
			// The edge quad itself carries nothing the metadata lacks.
			return
		}
	}
	if id, ok := TrimPrefix(subj, "source:"); ok {
		r.sourceMeta(id, q)
		return
	}
	if id, ok := TrimPrefix(subj, "theme:"); ok {
		t := r.themes[id]
		if t == nil {
			t = &Theme{ID: id}
			r.themes[id] = t
		}
		titled(q, &t.Title, &t.Description)
		return
	}
	if id, ok := TrimPrefix(subj, "cluster:"); ok {
		c := r.clusters[id]
		if c == nil {
			c = &Cluster{ID: id}
			r.clusters[id] = c
		}
		titled(q, &c.Title, &c.Description)
		return
	}
	if id, ok := TrimPrefix(subj, "mark:"); ok {
		m := r.marks[id]
		if m == nil {
			m = &Mark{Fact: id}
			r.marks[id] = m
		}
		switch q.Predicate {
		case DCDate:
			m.Date, _ = ParseDate(text(q.Object))
		case RDFSLabel:
			m.Label = text(q.Object)
		}
		return
	}
	if _, ok := TrimPrefix(subj, "type:"); ok {
		return
	}
	r.pending = append(r.pending, q)
}

// titled reads the label and description quads themes and clusters share.
func titled(q quad.Quad, title, desc *string) {
	switch q.Predicate {
	case RDFSLabel:
		*title = text(q.Object)
	case SchemaDesc:
		*desc = text(q.Object)
	}
}

func (r *reader) sourceMeta(id string, q quad.Quad) {
	s := r.sources[id]
	if s == nil {
		s = &Source{ID: id}
		r.sources[id] = s
	}
	switch q.Predicate {
	case DCTitle:
		s.Title = text(q.Object)
	case PredTitlePrinted:
		s.TitlePrinted = boolOf(q.Object)
	case DCCreator:
		s.Authors = append(s.Authors, text(q.Object))
	case DCPublisher:
		s.Publisher = text(q.Object)
	case DCIssued:
		s.Published, _ = ParseDate(text(q.Object))
	case PredApproximate:
		s.Approximate = boolOf(q.Object)
	case PredWindow:
		s.Window = text(q.Object)
	case PredFile:
		s.File = text(q.Object)
	}
}

// number reads a numeric literal, whichever way a store typed it.
func number(v quad.Value) float64 {
	switch v := v.(type) {
	case quad.Float:
		return float64(v)
	case quad.Int:
		return float64(v)
	}
	a, _ := strconv.ParseFloat(text(v), 64)
	return a
}

func (r *reader) factMeta(f *Fact, q quad.Quad) {
	date := func() Date { d, _ := ParseDate(text(q.Object)); return d }
	switch q.Predicate {
	case PredSubject:
		f.Subject = text(q.Object)
	case PredPredicate:
		f.Predicate = text(q.Object)
	case PredObject:
		f.Object = text(q.Object)
	case PredValue:
		f.Value = text(q.Object)
	case PredAmount:
		a := number(q.Object)
		f.Amount = &a
	case PredUnit:
		f.Unit = text(q.Object)
	case ProvDerivedFrom:
		f.Source, _ = TrimPrefix(iriOf(q.Object), "source:")
	case PredQuote:
		f.Quote = text(q.Object)
	case DCDate:
		f.Date = date()
	case PredStart:
		f.Start = date()
	case PredEnd:
		f.End = date()
	case PredApproximate:
		f.Approximate = boolOf(q.Object)
	case PredTheme:
		t, _ := TrimPrefix(iriOf(q.Object), "theme:")
		f.Themes = append(f.Themes, t)
	case PredModality:
		f.Modality = text(q.Object)
	case PredClaimedBy:
		f.ClaimedBy = text(q.Object)
	case PredEvent:
		f.Event = text(q.Object)
	case PredNegated:
		f.Negated = boolOf(q.Object)
	case PredStage:
		f.Stage = text(q.Object)
	case RDFSComment:
		f.Note = text(q.Object)
	default:
		if rel, in, ok := LinkOf(iriOf(q.Predicate)); ok {
			id, _ := TrimPrefix(iriOf(q.Object), "fact:")
			f.Links = append(f.Links, FactLink{Relation: rel, Fact: id, Incoming: in})
		}
	}
}

func (r *reader) dataset() (*Dataset, error) {
	// Entities and predicates share bare IRIs; rdf:type tells them apart.
	isPred := map[quad.IRI]bool{}
	for _, q := range r.pending {
		if q.Predicate == RDFType && q.Object == ClassPredicate {
			isPred[iriOf(q.Subject)] = true
		}
	}
	for _, q := range r.pending {
		subj := iriOf(q.Subject)
		if subj == "" {
			continue
		}
		if isPred[subj] {
			p := r.predicates[string(subj)]
			if p == nil {
				p = &Predicate{ID: string(subj)}
				r.predicates[string(subj)] = p
			}
			switch q.Predicate {
			case RDFSLabel:
				p.Label = text(q.Object)
			case PredInverse:
				p.Inverse = text(q.Object)
			case PredPolarity:
				p.Polarity = text(q.Object)
			case PredWeight:
				p.Weight = number(q.Object)
			case PredWeightReason:
				p.WeightReason = text(q.Object)
			case PredSymmetric:
				p.Symmetric = boolOf(q.Object)
			case PredContradicts:
				p.Contradicts = append(p.Contradicts, text(q.Object))
			case SchemaDesc:
				p.Description = text(q.Object)
			}
			continue
		}
		e := r.entities[string(subj)]
		if e == nil {
			e = &Entity{ID: string(subj)}
			r.entities[string(subj)] = e
		}
		switch q.Predicate {
		case RDFType:
			e.Type, _ = TrimPrefix(iriOf(q.Object), "type:")
		case RDFSLabel:
			e.Name = text(q.Object)
		case SchemaAltName:
			e.Aliases = append(e.Aliases, text(q.Object))
		case SchemaDesc:
			e.Description = text(q.Object)
		case PredCluster:
			e.Cluster, _ = TrimPrefix(iriOf(q.Object), "cluster:")
		}
	}
	ds := &Dataset{}
	for _, s := range r.sources {
		ds.Sources = append(ds.Sources, s)
	}
	for _, e := range r.entities {
		if e.Type == "" {
			return nil, fmt.Errorf("reading the store: node <%s> has no rdf:type; is this an itkg store?", e.ID)
		}
		ds.Entities = append(ds.Entities, e)
	}
	for _, p := range r.predicates {
		ds.Predicates = append(ds.Predicates, p)
	}
	for _, t := range r.themes {
		ds.Themes = append(ds.Themes, t)
	}
	for _, c := range r.clusters {
		ds.Clusters = append(ds.Clusters, c)
	}
	for _, f := range r.facts {
		SortLinks(f.Links)
		ds.Facts = append(ds.Facts, f)
	}
	for _, m := range r.marks {
		ds.Marks = append(ds.Marks, m)
	}
	ds.Index()
	return ds, nil
}
