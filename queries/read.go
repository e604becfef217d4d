package queries

import (
	"fmt"
	"strconv"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

type reader struct {
	sources    map[string]*graph.Source
	entities   map[string]*graph.Entity
	predicates map[string]*graph.Predicate
	themes     map[string]*graph.Theme
	clusters   map[string]*graph.Cluster
	facts      map[string]*graph.Fact
	marks      map[string]*graph.Mark
	typeIRIs   map[quad.IRI]bool
	pending    []quad.Quad // entity and predicate quads, resolved once types are known
}

func newReader() *reader {
	return &reader{
		sources: map[string]*graph.Source{}, entities: map[string]*graph.Entity{},
		predicates: map[string]*graph.Predicate{}, themes: map[string]*graph.Theme{},
		clusters: map[string]*graph.Cluster{}, facts: map[string]*graph.Fact{},
		marks:    map[string]*graph.Mark{},
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

func (r *reader) fact(label quad.IRI) *graph.Fact {
	id, _ := graph.TrimPrefix(label, "fact:")
	f := r.facts[id]
	if f == nil {
		f = &graph.Fact{ID: id}
		r.facts[id] = f
	}
	return f
}

func (r *reader) add(q quad.Quad) {
	subj := iriOf(q.Subject)
	if subj == graph.StoreIRI {
		return // the store's record of itself, not part of the graph
	}
	if label := iriOf(q.Label); label != "" {
		if _, ok := graph.TrimPrefix(label, "fact:"); ok {
			if subj == label {
				r.factMeta(r.fact(label), q)
			}
			// The edge quad itself carries nothing the metadata lacks.
			return
		}
	}
	if id, ok := graph.TrimPrefix(subj, "source:"); ok {
		r.sourceMeta(id, q)
		return
	}
	if id, ok := graph.TrimPrefix(subj, "theme:"); ok {
		t := r.themes[id]
		if t == nil {
			t = &graph.Theme{ID: id}
			r.themes[id] = t
		}
		titled(q, &t.Title, &t.Description)
		return
	}
	if id, ok := graph.TrimPrefix(subj, "cluster:"); ok {
		c := r.clusters[id]
		if c == nil {
			c = &graph.Cluster{ID: id}
			r.clusters[id] = c
		}
		titled(q, &c.Title, &c.Description)
		return
	}
	if id, ok := graph.TrimPrefix(subj, "mark:"); ok {
		m := r.marks[id]
		if m == nil {
			m = &graph.Mark{Fact: id}
			r.marks[id] = m
		}
		switch q.Predicate {
		case graph.DCDate:
			m.Date, _ = graph.ParseDate(text(q.Object))
		case graph.RDFSLabel:
			m.Label = text(q.Object)
		}
		return
	}
	if _, ok := graph.TrimPrefix(subj, "type:"); ok {
		return
	}
	r.pending = append(r.pending, q)
}

// titled reads the label and description quads themes and clusters share.
func titled(q quad.Quad, title, desc *string) {
	switch q.Predicate {
	case graph.RDFSLabel:
		*title = text(q.Object)
	case graph.SchemaDesc:
		*desc = text(q.Object)
	}
}

func (r *reader) sourceMeta(id string, q quad.Quad) {
	s := r.sources[id]
	if s == nil {
		s = &graph.Source{ID: id}
		r.sources[id] = s
	}
	switch q.Predicate {
	case graph.DCTitle:
		s.Title = text(q.Object)
	case graph.PredTitlePrinted:
		s.TitlePrinted = boolOf(q.Object)
	case graph.DCCreator:
		s.Authors = append(s.Authors, text(q.Object))
	case graph.DCPublisher:
		s.Publisher = text(q.Object)
	case graph.DCIssued:
		s.Published, _ = graph.ParseDate(text(q.Object))
	case graph.PredApproximate:
		s.Approximate = boolOf(q.Object)
	case graph.PredWindow:
		s.Window = text(q.Object)
	case graph.PredFile:
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

func (r *reader) factMeta(f *graph.Fact, q quad.Quad) {
	date := func() graph.Date { d, _ := graph.ParseDate(text(q.Object)); return d }
	switch q.Predicate {
	case graph.PredSubject:
		f.Subject = text(q.Object)
	case graph.PredPredicate:
		f.Predicate = text(q.Object)
	case graph.PredObject:
		f.Object = text(q.Object)
	case graph.PredValue:
		f.Value = text(q.Object)
	case graph.PredAmount:
		a := number(q.Object)
		f.Amount = &a
	case graph.PredUnit:
		f.Unit = text(q.Object)
	case graph.ProvDerivedFrom:
		f.Source, _ = graph.TrimPrefix(iriOf(q.Object), "source:")
	case graph.PredQuote:
		f.Quote = text(q.Object)
	case graph.DCDate:
		f.Date = date()
	case graph.PredStart:
		f.Start = date()
	case graph.PredEnd:
		f.End = date()
	case graph.PredApproximate:
		f.Approximate = boolOf(q.Object)
	case graph.PredTheme:
		t, _ := graph.TrimPrefix(iriOf(q.Object), "theme:")
		f.Themes = append(f.Themes, t)
	case graph.PredModality:
		f.Modality = text(q.Object)
	case graph.PredClaimedBy:
		f.ClaimedBy = text(q.Object)
	case graph.PredEvent:
		f.Event = text(q.Object)
	case graph.PredNegated:
		f.Negated = boolOf(q.Object)
	case graph.PredStage:
		f.Stage = text(q.Object)
	case graph.RDFSComment:
		f.Note = text(q.Object)
	default:
		if rel, in, ok := graph.LinkOf(iriOf(q.Predicate)); ok {
			id, _ := graph.TrimPrefix(iriOf(q.Object), "fact:")
			f.Links = append(f.Links, graph.FactLink{Relation: rel, Fact: id, Incoming: in})
		}
	}
}

func (r *reader) dataset() (*graph.Dataset, error) {
	// Entities and predicates share bare IRIs; rdf:type tells them apart.
	isPred := map[quad.IRI]bool{}
	for _, q := range r.pending {
		if q.Predicate == graph.RDFType && q.Object == graph.ClassPredicate {
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
				p = &graph.Predicate{ID: string(subj)}
				r.predicates[string(subj)] = p
			}
			switch q.Predicate {
			case graph.RDFSLabel:
				p.Label = text(q.Object)
			case graph.PredInverse:
				p.Inverse = text(q.Object)
			case graph.PredPolarity:
				p.Polarity = text(q.Object)
			case graph.PredWeight:
				p.Weight = number(q.Object)
			case graph.PredWeightReason:
				p.WeightReason = text(q.Object)
			case graph.PredSymmetric:
				p.Symmetric = boolOf(q.Object)
			case graph.PredContradicts:
				p.Contradicts = append(p.Contradicts, text(q.Object))
			case graph.SchemaDesc:
				p.Description = text(q.Object)
			}
			continue
		}
		e := r.entities[string(subj)]
		if e == nil {
			e = &graph.Entity{ID: string(subj)}
			r.entities[string(subj)] = e
		}
		switch q.Predicate {
		case graph.RDFType:
			e.Type, _ = graph.TrimPrefix(iriOf(q.Object), "type:")
		case graph.RDFSLabel:
			e.Name = text(q.Object)
		case graph.SchemaAltName:
			e.Aliases = append(e.Aliases, text(q.Object))
		case graph.SchemaDesc:
			e.Description = text(q.Object)
		case graph.PredCluster:
			e.Cluster, _ = graph.TrimPrefix(iriOf(q.Object), "cluster:")
		}
	}
	ds := &graph.Dataset{}
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
		graph.SortLinks(f.Links)
		ds.Facts = append(ds.Facts, f)
	}
	for _, m := range r.marks {
		ds.Marks = append(ds.Marks, m)
	}
	ds.Index()
	return ds, nil
}
