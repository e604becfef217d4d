package loaders

import (
	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

// Quads turns a dataset into quads, following docs/schema.md: each fact is
// one edge labelled with the fact's IRI, plus metadata quads about the fact
// under the same label; sources, entities, predicates, themes and clusters
// carry their own metadata.
func Quads(ds *graph.Dataset) []quad.Quad {
	var qs []quad.Quad
	add := func(s quad.Value, p quad.IRI, o quad.Value, label quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
	}
	str := func(s string) quad.Value { return quad.String(s) }

	for _, s := range ds.Sources {
		iri := graph.SourceIRI(s.ID)
		add(iri, graph.RDFType, graph.ClassSource, nil)
		add(iri, graph.DCTitle, str(s.Title), nil)
		add(iri, graph.PredTitlePrinted, quad.Bool(s.TitlePrinted), nil)
		for _, a := range s.Authors {
			add(iri, graph.DCCreator, str(a), nil)
		}
		add(iri, graph.DCPublisher, str(s.Publisher), nil)
		add(iri, graph.DCIssued, str(s.Published.String()), nil)
		add(iri, graph.PredApproximate, quad.Bool(s.Approximate), nil)
		if s.Window != "" {
			add(iri, graph.PredWindow, str(s.Window), nil)
		}
		add(iri, graph.PredFile, str(s.File), nil)
	}
	for _, t := range ds.Themes {
		iri := graph.ThemeIRI(t.ID)
		add(iri, graph.RDFType, graph.ClassTheme, nil)
		add(iri, graph.RDFSLabel, str(t.Title), nil)
		add(iri, graph.SchemaDesc, str(t.Description), nil)
	}
	for _, c := range ds.Clusters {
		iri := graph.ClusterIRI(c.ID)
		add(iri, graph.RDFType, graph.ClassCluster, nil)
		add(iri, graph.RDFSLabel, str(c.Title), nil)
		if c.Description != "" {
			add(iri, graph.SchemaDesc, str(c.Description), nil)
		}
	}
	for _, p := range ds.Predicates {
		iri := graph.EntityIRI(p.ID)
		add(iri, graph.RDFType, graph.ClassPredicate, nil)
		add(iri, graph.RDFSLabel, str(p.Label), nil)
		add(iri, graph.PredInverse, str(p.Inverse), nil)
		add(iri, graph.PredPolarity, str(p.Polarity), nil)
		add(iri, graph.PredSymmetric, quad.Bool(p.Symmetric), nil)
		for _, c := range p.Contradicts {
			add(iri, graph.PredContradicts, graph.EntityIRI(c), nil)
		}
		add(iri, graph.SchemaDesc, str(p.Description), nil)
	}
	types := map[string]bool{}
	for _, e := range ds.Entities {
		iri := graph.EntityIRI(e.ID)
		if !types[e.Type] {
			types[e.Type] = true
			add(graph.TypeIRI(e.Type), graph.RDFType, graph.ClassEntityType, nil)
		}
		add(iri, graph.RDFType, graph.TypeIRI(e.Type), nil)
		add(iri, graph.RDFSLabel, str(e.Name), nil)
		for _, a := range e.Aliases {
			add(iri, graph.SchemaAltName, str(a), nil)
		}
		add(iri, graph.SchemaDesc, str(e.Description), nil)
		if e.Cluster != "" {
			add(iri, graph.PredCluster, graph.ClusterIRI(e.Cluster), nil)
		}
	}
	for _, f := range ds.Facts {
		label := graph.FactIRI(f.ID)
		meta := func(p quad.IRI, o quad.Value) { add(label, p, o, label) }
		var obj quad.Value = graph.EntityIRI(f.Object)
		if !f.HasObject() {
			obj = str(f.Value)
		}
		add(graph.EntityIRI(f.Subject), graph.EntityIRI(f.Predicate), obj, label)
		meta(graph.RDFType, graph.ClassFact)
		meta(graph.PredSubject, graph.EntityIRI(f.Subject))
		meta(graph.PredPredicate, graph.EntityIRI(f.Predicate))
		if f.HasObject() {
			meta(graph.PredObject, obj)
		} else {
			meta(graph.PredValue, obj)
		}
		if f.Amount != nil {
			meta(graph.PredAmount, quad.Float(*f.Amount))
			meta(graph.PredUnit, str(f.Unit))
		}
		meta(graph.ProvDerivedFrom, graph.SourceIRI(f.Source))
		meta(graph.PredQuote, str(f.Quote))
		if !f.Date.IsZero() {
			meta(graph.DCDate, str(f.Date.String()))
		}
		if !f.Start.IsZero() {
			meta(graph.PredStart, str(f.Start.String()))
		}
		if !f.End.IsZero() {
			meta(graph.PredEnd, str(f.End.String()))
		}
		if f.Approximate {
			meta(graph.PredApproximate, quad.Bool(true))
		}
		for _, t := range f.Themes {
			meta(graph.PredTheme, graph.ThemeIRI(t))
		}
		meta(graph.PredModality, str(f.Modality))
		if f.ClaimedBy != "" {
			meta(graph.PredClaimedBy, graph.EntityIRI(f.ClaimedBy))
		}
		if f.Event != "" {
			meta(graph.PredEvent, str(f.Event))
		}
		if f.Note != "" {
			meta(graph.RDFSComment, str(f.Note))
		}
	}
	return qs
}
