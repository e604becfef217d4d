package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
)

// snapshot prints a dataset's facts and entities as JSON for comparison.
func snapshot(ds *graph.Dataset) string {
	var b bytes.Buffer
	queries.WriteJSON(&b, queries.ViewFacts(ds, ds.Facts))
	queries.WriteJSON(&b, queries.Entities(ds, ""))
	return b.String()
}

// TestQuadFormatsLoadBack exports a theme in the store's own quads
// (cayley), as RDF N-Quads and as JSON-LD, loads each into a fresh memory
// store (the RDF ones compacted back to the store's IRIs), and compares
// what the store holds with the theme's subgraph.
func TestQuadFormatsLoadBack(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	m := themeMap(ds, "water")
	want := snapshot(graph.Subset(ds, m.Facts))
	for _, format := range []string{"cayley", "nquads", "jsonld"} {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			if err := export.Write(&b, format, ds, m); err != nil {
				t.Fatal(err)
			}
			var r quad.Reader = nquads.NewReader(&b, false)
			if format == "jsonld" {
				r = jsonld.NewReader(&b)
			}
			var qs []quad.Quad
			for {
				q, err := r.ReadQuad()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if format != "cayley" {
					q = quad.Quad{Subject: export.CompactIRI(q.Subject), Predicate: export.CompactIRI(q.Predicate),
						Object: export.CompactIRI(q.Object), Label: export.CompactIRI(q.Label)}
				}
				qs = append(qs, q)
			}
			if n := len(graph.Quads(graph.Subset(ds, m.Facts))); len(qs) != n {
				t.Errorf("read back %d quads, want %d", len(qs), n)
			}
			got, err := queries.NewReader(memstore.New(qs...)).All(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if g := snapshot(got); g != want {
				t.Errorf("%s round trip differs:\n%s", format, firstDiff(g, want))
			}
		})
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "got  " + al[i] + "\nwant " + bl[i]
		}
	}
	return "lengths differ"
}

func TestGraphFormats(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	m := themeMap(ds, "water")
	t.Run("json", func(t *testing.T) {
		var b bytes.Buffer
		if err := export.Write(&b, "json", ds, m); err != nil {
			t.Fatal(err)
		}
		var sg struct {
			Nodes []struct{ ID, Name, Type string }
			Links []struct{ ID, Source, Target, Polarity, Quote string }
		}
		if err := json.Unmarshal(b.Bytes(), &sg); err != nil {
			t.Fatal(err)
		}
		if len(sg.Links) != len(m.Facts) {
			t.Errorf("%d links for %d facts", len(sg.Links), len(m.Facts))
		}
		ids := map[string]bool{}
		for _, n := range sg.Nodes {
			ids[n.ID] = true
		}
		for _, l := range sg.Links {
			if !ids[l.Source] || !ids[l.Target] || l.Quote == "" {
				t.Errorf("link %+v has a dangling end or no quote", l)
			}
		}
	})
	t.Run("graphml", func(t *testing.T) {
		var b bytes.Buffer
		if err := export.Write(&b, "graphml", ds, m); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Graph struct {
				Nodes []struct {
					ID string `xml:"id,attr"`
				} `xml:"node"`
				Edges []struct {
					ID   string `xml:"id,attr"`
					Data []struct {
						Key   string `xml:"key,attr"`
						Value string `xml:",chardata"`
					} `xml:"data"`
				} `xml:"edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatalf("GraphML is not XML: %v", err)
		}
		if len(doc.Graph.Edges) != len(m.Facts) || len(doc.Graph.Nodes) == 0 {
			t.Errorf("%d edges, %d nodes", len(doc.Graph.Edges), len(doc.Graph.Nodes))
		}
		if !strings.Contains(b.String(), "Jo &#34;The Engineer&#34; Smith &lt;&amp; co&gt;") {
			t.Errorf("GraphML does not escape the fixture's name:\n%s", b.String())
		}
	})
	t.Run("gml", func(t *testing.T) {
		var b bytes.Buffer
		if err := export.Write(&b, "gml", ds, m); err != nil {
			t.Fatal(err)
		}
		for _, f := range m.Facts {
			if !strings.Contains(b.String(), `fact "`+f.ID+`"`) {
				t.Errorf("GML lacks fact %s", f.ID)
			}
		}
		if strings.Count(b.String(), "[") != strings.Count(b.String(), "]") {
			t.Error("GML brackets do not balance")
		}
		if !strings.Contains(b.String(), `label "Jo &quot;The Engineer&quot; Smith <&amp; co>"`) {
			t.Errorf("GML does not escape the fixture's name:\n%s", b.String())
		}
	})
	t.Run("gml ascii", func(t *testing.T) {
		// A copy of the fixture with the characters the corpus holds.
		ds := fixture.Dataset(t, fixture.FixtureData())
		m := themeMap(ds, "water")
		e := ds.Entity(m.Facts[0].Subject)
		e.Name = "Ḥaqqānī — “the” Network\tTab"
		var b bytes.Buffer
		if err := export.Write(&b, "gml", ds, m); err != nil {
			t.Fatal(err)
		}
		for i, c := range b.Bytes() {
			if c > 0x7e || (c < ' ' && c != '\n') {
				t.Fatalf("GML byte %d is %#x, not printable ASCII", i, c)
			}
		}
		want := `label "&#7716;aqq&#257;n&#299; &#8212; &#8220;the&#8221; Network&#9;Tab"`
		if !strings.Contains(b.String(), want) {
			t.Errorf("GML lacks %s", want)
		}
	})
	t.Run("unknown", func(t *testing.T) {
		err := export.Write(io.Discard, "png", ds, m)
		if err == nil || !strings.Contains(err.Error(), `unknown format "png"`) {
			t.Errorf("png error = %v", err)
		}
	})
}

// TestRDFFormats checks that nquads and jsonld are RDF 1.1 of the same
// quads: absolute IRIs only, xsd-typed literals, and the same set of
// quads read back from either.
func TestRDFFormats(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	m := themeMap(ds, "security")
	read := func(format string) map[string]bool {
		var b bytes.Buffer
		if err := export.Write(&b, format, ds, m); err != nil {
			t.Fatal(err)
		}
		var r quad.Reader = nquads.NewReader(&b, false)
		if format == "jsonld" {
			r = jsonld.NewReader(&b)
		}
		set := map[string]bool{}
		for {
			q, err := r.ReadQuad()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
				switch v := v.(type) {
				case quad.IRI:
					if !strings.HasPrefix(string(v), "urn:itkg:") && !strings.HasPrefix(string(v), "http://") {
						t.Errorf("%s: IRI <%s> is not absolute", format, v)
					}
				case quad.TypedString:
					if !strings.HasPrefix(string(v.Type), "http://www.w3.org/2001/XMLSchema#") {
						t.Errorf("%s: literal %v is not xsd-typed", format, v)
					}
				}
			}
			// The jsonld reader types plain strings as xsd:string, as
			// RDF 1.1 does; compare both in that form.
			if s, ok := q.Object.(quad.String); ok {
				q.Object = quad.TypedString{Value: s, Type: "http://www.w3.org/2001/XMLSchema#string"}
			}
			set[q.NQuad()] = true
		}
		return set
	}
	nq, ld := read("nquads"), read("jsonld")
	distinct := map[quad.Quad]bool{}
	for _, q := range graph.Quads(graph.Subset(ds, m.Facts)) {
		distinct[q] = true
	}
	if len(nq) != len(distinct) {
		t.Errorf("nquads holds %d distinct quads, the subgraph %d", len(nq), len(distinct))
	}
	for q := range nq {
		if !ld[q] {
			t.Errorf("nquads has %s, jsonld does not", q)
		}
	}
	for q := range ld {
		if !nq[q] {
			t.Errorf("jsonld has %s, nquads does not", q)
		}
	}
	var b bytes.Buffer
	if err := export.Write(&b, "nquads", ds, m); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<urn:itkg:id:`, `<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>`, `"false"^^<http://www.w3.org/2001/XMLSchema#boolean>`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("nquads lacks %s", want)
		}
	}
}

// TestGEXF checks the GEXF 1.3 document against the rules of the GEXF 1.3
// schema that itkg's output touches (no XSD is at hand to validate with):
// namespace and version, declared attribute ids, edges between declared
// nodes, labels as xsd:token, and spells with xsd:date bounds in order.
func TestGEXF(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	for _, theme := range []string{"water", "security", "empty"} {
		t.Run(theme, func(t *testing.T) {
			m := themeMap(ds, theme)
			var b bytes.Buffer
			if err := export.Write(&b, "gexf", ds, m); err != nil {
				t.Fatal(err)
			}
			type values struct {
				Values []struct {
					For   string `xml:"for,attr"`
					Value string `xml:"value,attr"`
				} `xml:"attvalue"`
			}
			var doc struct {
				XMLName xml.Name
				Version string `xml:"version,attr"`
				Graph   struct {
					Mode       string `xml:"mode,attr"`
					TimeFormat string `xml:"timeformat,attr"`
					Attributes []struct {
						Class string `xml:"class,attr"`
						Attrs []struct {
							ID   string `xml:"id,attr"`
							Type string `xml:"type,attr"`
						} `xml:"attribute"`
					} `xml:"attributes"`
					Nodes []struct {
						ID        string `xml:"id,attr"`
						Label     string `xml:"label,attr"`
						AttValues values `xml:"attvalues"`
					} `xml:"nodes>node"`
					Edges []struct {
						ID        string `xml:"id,attr"`
						Source    string `xml:"source,attr"`
						Target    string `xml:"target,attr"`
						Label     string `xml:"label,attr"`
						Kind      string `xml:"kind,attr"`
						AttValues values `xml:"attvalues"`
						Spells    *struct {
							Spell []struct {
								Start string `xml:"start,attr"`
								End   string `xml:"end,attr"`
							} `xml:"spell"`
						} `xml:"spells"`
					} `xml:"edges>edge"`
				} `xml:"graph"`
			}
			if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatalf("GEXF is not XML: %v", err)
			}
			if doc.XMLName.Space != "http://gexf.net/1.3" || doc.Version != "1.3" || doc.Graph.Mode != "dynamic" || doc.Graph.TimeFormat != "date" {
				t.Errorf("root %v version %q mode %q timeformat %q", doc.XMLName, doc.Version, doc.Graph.Mode, doc.Graph.TimeFormat)
			}
			declared := map[string]map[string]bool{}
			for _, a := range doc.Graph.Attributes {
				declared[a.Class] = map[string]bool{}
				for _, at := range a.Attrs {
					declared[a.Class][at.ID] = true
				}
			}
			isToken := func(s string) bool { return s == strings.Join(strings.Fields(s), " ") }
			nodes := map[string]bool{}
			for _, n := range doc.Graph.Nodes {
				nodes[n.ID] = true
				if !isToken(n.Label) {
					t.Errorf("node %s label %q is not an xsd:token", n.ID, n.Label)
				}
				for _, v := range n.AttValues.Values {
					if !declared["node"][v.For] {
						t.Errorf("node %s has undeclared attribute %q", n.ID, v.For)
					}
				}
			}
			if len(doc.Graph.Edges) != len(m.Facts) {
				t.Errorf("%d edges for %d facts", len(doc.Graph.Edges), len(m.Facts))
			}
			for i, e := range doc.Graph.Edges {
				f := m.Facts[i]
				if e.ID != f.ID || !nodes[e.Source] || !nodes[e.Target] || e.Kind != f.Predicate || !isToken(e.Label) {
					t.Errorf("edge %+v does not match fact %s or its nodes", e, f.ID)
				}
				for _, v := range e.AttValues.Values {
					if !declared["edge"][v.For] {
						t.Errorf("edge %s has undeclared attribute %q", e.ID, v.For)
					}
				}
				if f.When().IsZero() != (e.Spells == nil) {
					t.Errorf("edge %s: date %v, spells %v", e.ID, f.When(), e.Spells)
					continue
				}
				if e.Spells == nil {
					continue
				}
				if len(e.Spells.Spell) != 1 {
					t.Fatalf("edge %s has %d spells", e.ID, len(e.Spells.Spell))
				}
				s := e.Spells.Spell[0]
				start, err1 := time.Parse(time.DateOnly, s.Start)
				end, err2 := time.Parse(time.DateOnly, s.End)
				if (s.Start != "" && err1 != nil) || (s.End != "" && err2 != nil) || (s.Start != "" && s.End != "" && end.Before(start)) {
					t.Errorf("edge %s spell %+v is not an interval of xsd:dates", e.ID, s)
				}
				if !f.Date.IsZero() && (s.Start != f.Date.First().Format(time.DateOnly) || s.End != f.Date.Last().Format(time.DateOnly)) {
					t.Errorf("edge %s spell %+v does not cover date %s", e.ID, s, f.Date)
				}
			}
		})
	}
}

func TestRDFQuadsTerms(t *testing.T) {
	tests := []struct {
		name    string
		in      quad.Quad
		want    string // the N-Quad, when no error
		wantErr string
	}{
		{"short IRIs and a boolean", quad.Quad{Subject: quad.IRI("iran"), Predicate: quad.IRI("itkg:approximate"), Object: quad.Bool(true), Label: quad.IRI("fact:x-1")},
			`<urn:itkg:id:iran> <urn:itkg:vocab:approximate> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> <urn:itkg:fact:x-1> .`, ""},
		{"an amount", quad.Quad{Subject: quad.IRI("fact:x-1"), Predicate: quad.IRI("rdf:value"), Object: quad.Float(350000)},
			`<urn:itkg:fact:x-1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "3.5E+05"^^<http://www.w3.org/2001/XMLSchema#double> .`, ""},
		{"a string stays plain", quad.Quad{Subject: quad.IRI("iran"), Predicate: quad.IRI("rdfs:label"), Object: quad.String(`Iran "IR"`)},
			`<urn:itkg:id:iran> <http://www.w3.org/2000/01/rdf-schema#label> "Iran \"IR\"" .`, ""},
		{"an IRI RDF cannot hold", quad.Quad{Subject: quad.IRI("bad id"), Predicate: quad.IRI("rdfs:label"), Object: quad.String("x")},
			"", `quad 1 (<bad id> -- <rdfs:label> -> "x"): IRI <bad id> holds ' ', which RDF does not allow`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := export.RDFQuads([]quad.Quad{tt.in})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("RDFQuads error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got[0].NQuad() != tt.want {
				t.Errorf("RDFQuads(%v) = %s, want %s", tt.in, got[0].NQuad(), tt.want)
			}
			back := quad.Quad{Subject: export.CompactIRI(got[0].Subject), Predicate: export.CompactIRI(got[0].Predicate),
				Object: export.CompactIRI(got[0].Object), Label: export.CompactIRI(got[0].Label)}
			if back != tt.in {
				t.Errorf("CompactIRI gives %v back, want %v", back, tt.in)
			}
		})
	}
}
