package export

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"

	cite "github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/graph"
)

// Formats lists the formats itkg export writes. Write takes all but svg
// (which needs a Renderer) and csv (two files: WriteCSVFiles). PNG is left
// out: go-graphviz's PNG output loses node outlines and draws edges as
// blobs (see docs/maps.md). docs/formats.md says which tools read each.
var Formats = []string{"svg", "dot", "graphml", "gml", "gexf", "csv", "jsonld", "nquads", "cayley", "json", "csl-json"}

// Write writes the map's subgraph in format: dot; graphml, gml and gexf
// (for Gephi, yEd, Cytoscape, networkx, igraph); jsonld and nquads (every
// provenance quad as RDF 1.1 with absolute IRIs); cayley (the same quads in
// the store's own short IRIs, for itkg load and cayley load); or json
// (nodes and links for D3 or Cytoscape.js); or csl-json (a citation of
// every fact, for Zotero and citeproc processors).
func Write(w io.Writer, format string, ds *graph.Dataset, m Map) error {
	switch format {
	case "dot":
		return DOT(w, ds, m)
	case "cayley":
		return writeQuads(nquads.NewWriter(w), graph.Quads(graph.Subset(ds, m.Facts)))
	case "nquads", "jsonld":
		qs, err := RDFQuads(graph.Quads(graph.Subset(ds, m.Facts)))
		if err != nil {
			return fmt.Errorf("%s: %w", format, err)
		}
		if format == "jsonld" {
			return writeQuads(jsonld.NewWriter(w), qs)
		}
		return writeQuads(nquads.NewWriter(w), qs)
	case "json":
		return writeJSON(w, ds, m)
	case "graphml":
		return writeGraphML(w, ds, m)
	case "gml":
		return writeGML(w, ds, m)
	case "gexf":
		return writeGEXF(w, ds, m)
	case "csv":
		return fmt.Errorf("csv writes two files (elements and connections); give a file name")
	case "csl-json":
		items := make([]cite.Item, 0, len(m.Facts))
		for _, f := range m.Facts {
			if s := ds.Source(f.Source); s != nil {
				items = append(items, cite.Item{Source: s, Fact: f, URL: m.Links + factPage(m, f.ID)})
			}
		}
		return cite.Write(w, "csl-json", items)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

func writeQuads(qw quad.WriteCloser, qs []quad.Quad) error {
	if _, err := qw.WriteQuads(qs); err != nil {
		qw.Close()
		return err
	}
	return qw.Close()
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
				name += " (" + graph.FormatAmount(*f.Amount) + " " + f.Unit + ")"
			}
			sg.Nodes = append(sg.Nodes, node{ID: target, Name: name, Type: "value", Value: true})
		}
		l := link{ID: f.ID, Source: f.Subject, Target: target, Predicate: f.Predicate, Label: f.Predicate,
			Polarity: "neutral", Modality: f.Modality, Themes: f.Themes, SourceID: f.Source, Quote: f.Quote}
		if p := ds.Predicate(f.Predicate); p != nil {
			l.Label, l.Polarity = p.Label, p.Polarity
		}
		l.Date = f.Period()
		if s := ds.Source(f.Source); s != nil {
			l.Citation = cite.Short(s)
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
	return writeXML(w, doc)
}

// writeGML writes GML as its readers (networkx, igraph, yEd, Cytoscape)
// take it: ASCII only, every other character, and the double quote and
// ampersand, written as &#NNNN; entities. Nodes get integer ids as GML
// requires, with the itkg id kept as an attribute; the graph is a
// multigraph, one edge per fact.
func writeGML(w io.Writer, ds *graph.Dataset, m Map) error {
	sg := collect(ds, m)
	q := gmlString
	var b strings.Builder
	b.WriteString("graph [\n  directed 1\n  multigraph 1\n  label " + q(m.Title) + "\n")
	index := map[string]int{}
	for i, n := range sg.Nodes {
		index[n.ID] = i
		fmt.Fprintf(&b, "  node [\n    id %d\n    itkg_id %s\n    label %s\n    type %s\n    cluster %s\n  ]\n", i, q(n.ID), q(n.Name), q(n.Type), q(n.Cluster))
	}
	for _, l := range sg.Links {
		fmt.Fprintf(&b, "  edge [\n    source %d\n    target %d\n    fact %s\n    predicate %s\n    label %s\n    polarity %s\n    date %s\n    modality %s\n    source_id %s\n    source_citation %s\n    quote %s\n  ]\n",
			index[l.Source], index[l.Target], q(l.ID), q(l.Predicate), q(l.Label), q(l.Polarity), q(l.Date), q(l.Modality), q(l.SourceID), q(l.Citation), q(l.Quote))
	}
	b.WriteString("]\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// gmlString quotes s as a GML string: printable ASCII stays, " and &
// become &quot; and &amp; (the entities every GML reader here decodes), and
// every other character a decimal character entity, &#8212; for an em dash.
func gmlString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString("&quot;")
		case r == '&':
			b.WriteString("&amp;")
		case r < ' ' || r > '~':
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// factPage is the path of a fact's page under m.Links, or "" when the map
// links to no pages.
func factPage(m Map, id string) string {
	if m.Links == "" {
		return ""
	}
	return "fact/" + id
}

// writeXML writes doc as an indented XML document: GraphML, GEXF.
func writeXML(w io.Writer, doc any) error {
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
