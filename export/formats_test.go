package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"

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

// TestQuadFormatsLoadBack exports a theme as N-Quads and as JSON-LD, loads
// each into a fresh memory store, and compares what the store holds with
// the theme's subgraph.
func TestQuadFormatsLoadBack(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	m := themeMap(ds, "water")
	want := snapshot(graph.Subset(ds, m.Facts))
	for _, format := range []string{"nquads", "jsonld"} {
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
				if format == "jsonld" {
					q = quad.Quad{Subject: export.CompactIRI(q.Subject), Predicate: export.CompactIRI(q.Predicate),
						Object: export.CompactIRI(q.Object), Label: export.CompactIRI(q.Label)}
				}
				qs = append(qs, q)
			}
			if n := len(graph.Quads(graph.Subset(ds, m.Facts))); len(qs) != n {
				t.Errorf("read back %d quads, want %d", len(qs), n)
			}
			got, err := queries.Read(context.Background(), memstore.New(qs...))
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
	})
	t.Run("unknown", func(t *testing.T) {
		err := export.Write(io.Discard, "png", ds, m)
		if err == nil || !strings.Contains(err.Error(), `unknown format "png"`) {
			t.Errorf("png error = %v", err)
		}
	})
}
