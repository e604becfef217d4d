package export

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"

	"github.com/itkg/itkg/graph"
)

// Formats lists the formats Write takes besides svg (which needs a
// Renderer). PNG is left out: go-graphviz's PNG output loses node outlines
// and draws edges as blobs (see docs/maps.md).
var Formats = []string{"svg", "dot", "graphml", "gml", "jsonld", "nquads", "json"}

// Write writes the map's subgraph in format: dot, graphml, gml (for Gephi,
// yEd, Cytoscape), jsonld and nquads (every provenance quad, loadable back
// into Cayley), or json (nodes and edges for D3 or Cytoscape.js).
func Write(w io.Writer, format string, ds *graph.Dataset, m Map) error {
	switch format {
	case "dot":
		return DOT(w, ds, m)
	case "nquads":
		return writeQuads(nquads.NewWriter(w), graph.Quads(graph.Subset(ds, m.Facts)), false)
	case "jsonld":
		return writeQuads(jsonld.NewWriter(w), graph.Quads(graph.Subset(ds, m.Facts)), true)
	case "json":
		return writeJSON(w, ds, m)
	case "graphml":
		return writeGraphML(w, ds, m)
	case "gml":
		return writeGML(w, ds, m)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

func writeQuads(qw quad.WriteCloser, qs []quad.Quad, absolute bool) error {
	if absolute {
		// JSON-LD drops quads whose IRIs have no scheme, so bare ids become
		// urn:itkg:id: IRIs and prefixes are expanded. ExpandIRI undoes it.
		for i, q := range qs {
			qs[i] = quad.Quad{Subject: absIRI(q.Subject), Predicate: absIRI(q.Predicate), Object: absIRI(q.Object), Label: absIRI(q.Label)}
		}
	}
	if _, err := qw.WriteQuads(qs); err != nil {
		qw.Close()
		return err
	}
	return qw.Close()
}

func absIRI(v quad.Value) quad.Value {
	iri, ok := v.(quad.IRI)
	if !ok {
		return v
	}
	if full := iri.Full(); full != iri {
		return full
	}
	if !strings.Contains(string(iri), ":") {
		return quad.IRI(graph.NSEntity + string(iri))
	}
	return iri
}

// CompactIRI turns a value read back from the jsonld format into the form
// the store uses: IRIs short again (<iran>, <fact:ID>, <rdf:type>), and
// typed literals (xsd:string, xsd:boolean) plain values again.
func CompactIRI(v quad.Value) quad.Value {
	if ts, ok := v.(quad.TypedString); ok {
		if ts.Type == "http://www.w3.org/2001/XMLSchema#string" {
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

// node and link are the json format's shapes (D3 and Cytoscape.js both
// take a list of nodes and a list of links with source and target ids).
type node struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Cluster string `json:"cluster,omitempty"`
	Value   bool   `json:"value,omitempty"` // a literal, not an entity
}

type link struct {
	ID        string   `json:"id"` // the fact id
	Source    string   `json:"source"`
	Target    string   `json:"target"`
	Predicate string   `json:"predicate"`
	Label     string   `json:"label"`
	Polarity  string   `json:"polarity"`
	Date      string   `json:"date,omitempty"`
	Modality  string   `json:"modality"`
	Themes    []string `json:"themes"`
	SourceID  string   `json:"source_id"`
	Citation  string   `json:"citation"`
	Quote     string   `json:"quote"`
}

type subgraph struct {
	Title string `json:"title"`
	Nodes []node `json:"nodes"`
	Links []link `json:"links"`
}

// collect lists the map's nodes and one link per fact.
func collect(ds *graph.Dataset, m Map) subgraph {
	sg := subgraph{Title: m.Title, Nodes: []node{}, Links: []link{}}
	seen := map[string]bool{}
	addEntity := func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		n := node{ID: id, Name: id}
		if e := ds.Entity(id); e != nil {
			n = node{ID: id, Name: e.Name, Type: e.Type, Cluster: e.Cluster}
		}
		sg.Nodes = append(sg.Nodes, n)
	}
	for _, f := range m.Facts {
		addEntity(f.Subject)
		target := f.Object
		if f.HasObject() {
			addEntity(f.Object)
		} else {
			target = valueNodeID(f)
			name := f.Value
			if f.Amount != nil {
				name += " (" + formatAmount(*f.Amount) + " " + f.Unit + ")"
			}
			sg.Nodes = append(sg.Nodes, node{ID: target, Name: name, Type: "value", Value: true})
		}
		l := link{ID: f.ID, Source: f.Subject, Target: target, Predicate: f.Predicate, Label: f.Predicate,
			Polarity: "neutral", Modality: f.Modality, Themes: f.Themes, SourceID: f.Source, Quote: f.Quote}
		if p := ds.Predicate(f.Predicate); p != nil {
			l.Label, l.Polarity = p.Label, p.Polarity
		}
		if w := f.When(); !w.IsZero() {
			l.Date = w.String()
			if !f.End.IsZero() && f.End != w {
				l.Date += ".." + f.End.String()
			}
		}
		if s := ds.Source(f.Source); s != nil {
			l.Citation = citation(s)
		}
		sg.Links = append(sg.Links, l)
	}
	return sg
}

func writeJSON(w io.Writer, ds *graph.Dataset, m Map) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(collect(ds, m))
}

// writeGraphML writes GraphML with node and edge attributes declared as
// keys, which Gephi, yEd and Cytoscape read.
func writeGraphML(w io.Writer, ds *graph.Dataset, m Map) error {
	sg := collect(ds, m)
	type data struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
	type xnode struct {
		ID   string `xml:"id,attr"`
		Data []data `xml:"data"`
	}
	type xedge struct {
		ID     string `xml:"id,attr"`
		Source string `xml:"source,attr"`
		Target string `xml:"target,attr"`
		Data   []data `xml:"data"`
	}
	type key struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	}
	type xgraph struct {
		ID      string  `xml:"id,attr"`
		EdgeDef string  `xml:"edgedefault,attr"`
		Nodes   []xnode `xml:"node"`
		Edges   []xedge `xml:"edge"`
	}
	type graphml struct {
		XMLName xml.Name `xml:"graphml"`
		XMLNS   string   `xml:"xmlns,attr"`
		Keys    []key    `xml:"key"`
		Graph   xgraph   `xml:"graph"`
	}
	doc := graphml{XMLNS: "http://graphml.graphdrawing.org/xmlns", Graph: xgraph{ID: m.ID, EdgeDef: "directed"}}
	doc.Keys = []key{
		{"label", "node", "label", "string"}, {"type", "node", "type", "string"}, {"cluster", "node", "cluster", "string"},
		{"predicate", "edge", "predicate", "string"}, {"elabel", "edge", "label", "string"}, {"polarity", "edge", "polarity", "string"},
		{"date", "edge", "date", "string"}, {"modality", "edge", "modality", "string"}, {"source", "edge", "source", "string"},
		{"quote", "edge", "quote", "string"},
	}
	for _, n := range sg.Nodes {
		doc.Graph.Nodes = append(doc.Graph.Nodes, xnode{ID: n.ID, Data: []data{{"label", n.Name}, {"type", n.Type}, {"cluster", n.Cluster}}})
	}
	for _, l := range sg.Links {
		doc.Graph.Edges = append(doc.Graph.Edges, xedge{ID: l.ID, Source: l.Source, Target: l.Target, Data: []data{
			{"predicate", l.Predicate}, {"elabel", l.Label}, {"polarity", l.Polarity}, {"date", l.Date},
			{"modality", l.Modality}, {"source", l.Citation}, {"quote", l.Quote}}})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// writeGML writes GML; nodes get integer ids as GML requires, with the
// itkg id kept as an attribute.
func writeGML(w io.Writer, ds *graph.Dataset, m Map) error {
	sg := collect(ds, m)
	q := func(s string) string {
		// GML strings cannot hold a double quote; &quot; is the usual escape.
		return `"` + strings.ReplaceAll(strings.ReplaceAll(s, "&", "&amp;"), `"`, "&quot;") + `"`
	}
	var b strings.Builder
	b.WriteString("graph [\n  directed 1\n  label " + q(m.Title) + "\n")
	index := map[string]int{}
	for i, n := range sg.Nodes {
		index[n.ID] = i
		fmt.Fprintf(&b, "  node [\n    id %d\n    itkg_id %s\n    label %s\n    type %s\n    cluster %s\n  ]\n", i, q(n.ID), q(n.Name), q(n.Type), q(n.Cluster))
	}
	for _, l := range sg.Links {
		fmt.Fprintf(&b, "  edge [\n    source %d\n    target %d\n    fact %s\n    predicate %s\n    label %s\n    polarity %s\n    date %s\n    modality %s\n    source_citation %s\n    quote %s\n  ]\n",
			index[l.Source], index[l.Target], q(l.ID), q(l.Predicate), q(l.Label), q(l.Polarity), q(l.Date), q(l.Modality), q(l.Citation), q(l.Quote))
	}
	b.WriteString("]\n")
	_, err := io.WriteString(w, b.String())
	return err
}
