package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

const nsXSD = "http://www.w3.org/2001/XMLSchema#"

// RDFQuads turns store quads into RDF 1.1 terms: the store's bare ids
// (<iran>) become urn:itkg:id: IRIs, prefixed IRIs (<rdf:type>,
// <fact:ID>) are expanded, and booleans and numbers become xsd-typed
// literals in their XML Schema lexical form (the store's own typed form,
// "True"^^<schema:Boolean>, is not one). The nquads and jsonld exports both
// write these quads, so the two describe the same graph. It fails on an IRI
// that RDF cannot hold rather than write a file no RDF reader accepts.
func RDFQuads(qs []quad.Quad) ([]quad.Quad, error) {
	out := make([]quad.Quad, len(qs))
	for i, q := range qs {
		var terms [4]quad.Value
		for j, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			t, err := rdfTerm(v)
			if err != nil {
				return nil, fmt.Errorf("quad %d (%v): %w", i+1, q, err)
			}
			terms[j] = t
		}
		out[i] = quad.Quad{Subject: terms[0], Predicate: terms[1], Object: terms[2], Label: terms[3]}
	}
	return out, nil
}

func rdfTerm(v quad.Value) (quad.Value, error) {
	switch v := v.(type) {
	case nil, quad.String, quad.BNode:
		return v, nil
	case quad.IRI:
		return absIRI(v)
	case quad.Bool:
		return quad.TypedString{Value: quad.String(strconv.FormatBool(bool(v))), Type: nsXSD + "boolean"}, nil
	case quad.Int:
		return quad.TypedString{Value: quad.String(strconv.FormatInt(int64(v), 10)), Type: nsXSD + "integer"}, nil
	case quad.Float:
		return quad.TypedString{Value: quad.String(strconv.FormatFloat(float64(v), 'E', -1, 64)), Type: nsXSD + "double"}, nil
	case quad.TypedString:
		t, err := absIRI(v.Type)
		if err != nil {
			return nil, err
		}
		return quad.TypedString{Value: v.Value, Type: t.(quad.IRI)}, nil
	case quad.LangString:
		return v, nil
	}
	return nil, fmt.Errorf("value %v (%T) has no RDF form", v, v)
}

// absIRI expands iri to an absolute IRI and checks that RDF's IRIREF can
// hold it.
func absIRI(iri quad.IRI) (quad.Value, error) {
	full := iri.Full()
	if !strings.Contains(string(full), ":") {
		full = quad.IRI(graph.NSEntity + string(full))
	}
	if i := strings.IndexAny(string(full), "<>\"{}|^`\\ \t\r\n"); i >= 0 {
		return nil, fmt.Errorf("IRI %s holds %q, which RDF does not allow", iri, full[i])
	}
	return full, nil
}

// CompactIRI turns a value read back from the nquads or jsonld format into
// the form the store uses: IRIs short again (<iran>, <fact:ID>,
// <rdf:type>), and typed literals (xsd:string, xsd:boolean, xsd:double)
// plain values again, so `itkg load` of the cayley format and of these
// read back the same graph.
func CompactIRI(v quad.Value) quad.Value {
	if ts, ok := v.(quad.TypedString); ok {
		if ts.Type == nsXSD+"string" {
			return quad.String(ts.Value)
		}
		if pv, err := ts.ParseValue(); err == nil {
			return pv
		}
		return v
	}
	iri, ok := v.(quad.IRI)
	if !ok {
		return v
	}
	if id, ok := graph.TrimPrefix(iri, graph.NSEntity); ok {
		return quad.IRI(id)
	}
	return iri.Short()
}
