package graph

import "github.com/cayleygraph/quad"

// QuadsVersion changes whenever the mapping between datasets and quads
// (Quads, FromQuads) changes, so that stores built by an older itkg are
// rebuilt: it is part of the data's hash.
const QuadsVersion = "4"

// Quads turns a dataset into quads, following docs/schema.md: each fact is
// one edge labelled with the fact's IRI, plus metadata quads about the fact
// under the same label; sources, entities, predicates, themes and clusters
// carry their own metadata.
func Quads(ds *Dataset) []quad.Quad {
	var qs []quad.Quad
	add := func(s quad.Value, p quad.IRI, o quad.Value, label quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
	}
	str := func(s string) quad.Value { return quad.String(s) }

	for _, s := range ds.Sources {
		iri := SourceIRI(s.ID)
		add(iri, RDFType, ClassSource, nil)
		add(iri, DCTitle, str(s.Title), nil)
		add(iri, PredTitlePrinted, quad.Bool(s.TitlePrinted), nil)
		for _, a := range s.Authors {
			add(iri, DCCreator, str(a), nil)
		}
		add(iri, DCPublisher, str(s.Publisher), nil)
		add(iri, DCIssued, str(s.Published.String()), nil)
		add(iri, PredApproximate, quad.Bool(s.Approximate), nil)
		if s.Window != "" {
			add(iri, PredWindow, str(s.Window), nil)
		}
		add(iri, PredFile, str(s.File), nil)
	}
	for _, t := range ds.Themes {
		iri := ThemeIRI(t.ID)
		add(iri, RDFType, ClassTheme, nil)
		add(iri, RDFSLabel, str(t.Title), nil)
		add(iri, SchemaDesc, str(t.Description), nil)
	}
	for _, c := range ds.Clusters {
		iri := ClusterIRI(c.ID)
		add(iri, RDFType, ClassCluster, nil)
		add(iri, RDFSLabel, str(c.Title), nil)
		if c.Description != "" {
			add(iri, SchemaDesc, str(c.Description), nil)
		}
	}
	for _, p := range ds.Predicates {
		iri := EntityIRI(p.ID)
		add(iri, RDFType, ClassPredicate, nil)
		add(iri, RDFSLabel, str(p.Label), nil)
		add(iri, PredInverse, str(p.Inverse), nil)
		add(iri, PredPolarity, str(p.Polarity), nil)
		add(iri, PredWeight, quad.Float(p.Weight), nil)
		if p.WeightReason != "" {
			add(iri, PredWeightReason, str(p.WeightReason), nil)
		}
		add(iri, PredSymmetric, quad.Bool(p.Symmetric), nil)
		for _, c := range p.Contradicts {
			add(iri, PredContradicts, EntityIRI(c), nil)
		}
		add(iri, SchemaDesc, str(p.Description), nil)
	}
	for _, m := range ds.Marks {
		iri := MarkIRI(m.Fact)
		add(iri, RDFType, ClassMark, nil)
		add(iri, DCDate, str(m.Date.String()), nil)
		add(iri, RDFSLabel, str(m.Label), nil)
		add(iri, PredEvidence, FactIRI(m.Fact), nil)
	}
	types := map[string]bool{}
	for _, e := range ds.Entities {
		iri := EntityIRI(e.ID)
		if !types[e.Type] {
			types[e.Type] = true
			add(TypeIRI(e.Type), RDFType, ClassEntityType, nil)
		}
		add(iri, RDFType, TypeIRI(e.Type), nil)
		add(iri, RDFSLabel, str(e.Name), nil)
		keys := map[string]bool{}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if k := NameKey(n); !keys[k] {
				keys[k] = true
				add(iri, PredNameKey, str(k), nil)
			}
		}
		for _, a := range e.Aliases {
			add(iri, SchemaAltName, str(a), nil)
		}
		add(iri, SchemaDesc, str(e.Description), nil)
		if e.Cluster != "" {
			add(iri, PredCluster, ClusterIRI(e.Cluster), nil)
		}
	}
	for _, f := range ds.Facts {
		label := FactIRI(f.ID)
		meta := func(p quad.IRI, o quad.Value) { add(label, p, o, label) }
		var obj quad.Value = EntityIRI(f.Object)
		if !f.HasObject() {
			obj = str(f.Value)
		}
		// A negated fact's triple would assert what the article denies: it
		// has no edge quad, only its description.
		if !f.Negated {
			add(EntityIRI(f.Subject), EntityIRI(f.Predicate), obj, label)
		}
		meta(RDFType, ClassFact)
		meta(PredSubject, EntityIRI(f.Subject))
		meta(PredPredicate, EntityIRI(f.Predicate))
		if f.HasObject() {
			meta(PredObject, obj)
		} else {
			meta(PredValue, obj)
		}
		if f.Amount != nil {
			meta(PredAmount, quad.Float(*f.Amount))
			meta(PredUnit, str(f.Unit))
		}
		meta(ProvDerivedFrom, SourceIRI(f.Source))
		meta(PredQuote, str(f.Quote))
		if !f.Date.IsZero() {
			meta(DCDate, str(f.Date.String()))
		}
		if !f.Start.IsZero() {
			meta(PredStart, str(f.Start.String()))
		}
		if !f.End.IsZero() {
			meta(PredEnd, str(f.End.String()))
		}
		if f.Approximate {
			meta(PredApproximate, quad.Bool(true))
		}
		for _, t := range f.Themes {
			meta(PredTheme, ThemeIRI(t))
		}
		meta(PredModality, str(f.Modality))
		if f.ClaimedBy != "" {
			meta(PredClaimedBy, EntityIRI(f.ClaimedBy))
		}
		if f.Event != "" {
			meta(PredEvent, str(f.Event))
		}
		if f.Negated {
			meta(PredNegated, quad.Bool(true))
		}
		if f.Stage != "" {
			meta(PredStage, str(f.Stage))
		}
		for _, l := range f.Links {
			meta(LinkPredicate(l), FactIRI(l.Fact))
		}
		if f.Note != "" {
			meta(RDFSComment, str(f.Note))
		}
	}
	return qs
}

// IsEdge reports whether q is a fact's edge quad (subject, predicate,
// object, labelled with the fact), as against the quads describing the
// fact, which have the fact itself as subject: the one rule for telling
// them apart, in FromQuads, the store's indexes and the queries.
func IsEdge(q quad.Quad) bool {
	label, ok := q.Label.(quad.IRI)
	if !ok || q.Subject == q.Label {
		return false
	}
	_, fact := TrimPrefix(label, "fact:")
	return fact
}

// Subset returns the part of ds that facts need: the facts, the entities
// they name (subject, object, claimant), and the sources, predicates,
// themes and clusters those use.
func Subset(ds *Dataset, facts []*Fact) *Dataset {
	sub := &Dataset{}
	seen := map[string]bool{}
	for _, f := range facts {
		seen["f\x00"+f.ID] = true
	}
	for _, m := range ds.Marks {
		if seen["f\x00"+m.Fact] {
			sub.Marks = append(sub.Marks, m)
		}
	}
	once := func(kind, id string) bool {
		if id == "" || seen[kind+"\x00"+id] {
			return false
		}
		seen[kind+"\x00"+id] = true
		return true
	}
	for _, f := range facts {
		sub.Facts = append(sub.Facts, f)
		for _, id := range []string{f.Subject, f.Object, f.ClaimedBy} {
			if e := ds.Entity(id); e != nil && once("e", id) {
				sub.Entities = append(sub.Entities, e)
				if c := ds.Cluster(e.Cluster); c != nil && once("c", c.ID) {
					sub.Clusters = append(sub.Clusters, c)
				}
			}
		}
		if p := ds.Predicate(f.Predicate); p != nil && once("p", p.ID) {
			sub.Predicates = append(sub.Predicates, p)
		}
		if s := ds.Source(f.Source); s != nil && once("s", s.ID) {
			sub.Sources = append(sub.Sources, s)
		}
		for _, t := range f.Themes {
			if th := ds.Theme(t); th != nil && once("t", t) {
				sub.Themes = append(sub.Themes, th)
			}
		}
	}
	sub.Index()
	return sub
}
