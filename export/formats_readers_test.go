package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/queries"
)

// readerScripts read an exported file with a reader no one here wrote and
// print what the reader found as JSON: nodes and edges (the reader's own
// counts), facts (the fact ids it carries), and per format what else
// there is to compare. Each runs as `python3 -c SCRIPT FILE...`.
var readerScripts = map[string]struct {
	modules []string // Python modules the script needs (Debian packages: scripts/install-readers.sh)
	script  string
}{
	"graphml": {[]string{"networkx"}, `
import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
    "facts": [k for _, _, k in g.edges(keys=True)],
    "labels": [d.get("label", "") for _, d in g.nodes(data=True)]}))
`},
	"gml": {[]string{"networkx", "igraph"}, `
import json, sys, warnings, networkx as nx, igraph
g = nx.read_gml(sys.argv[1], label="itkg_id")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # igraph 0.10 warns on the &#NNNN; entities it leaves undecoded
    ig = igraph.Graph.Read_GML(sys.argv[1])
print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
    "facts": [d["fact"] for _, _, d in g.edges(data=True)],
    "labels": [d.get("label", "") for _, d in g.nodes(data=True)],
    "igraph": {"nodes": ig.vcount(), "edges": ig.ecount(), "facts": ig.es["fact"],
               "ascii_labels": [l for l in ig.vs["label"] if "&#" not in l]}}))
`},
	"gexf": {[]string{"networkx"}, `
import json, sys, networkx as nx
from networkx.readwrite import gexf
# networkx 2.8 (Debian 12) knows GEXF up to 1.2draft; 3.x adds 1.3 with
# this namespace. Register it the way 3.x does; the parsing is networkx's.
if "1.3" not in gexf.GEXF.versions:
    gexf.GEXF.versions["1.3"] = dict(gexf.GEXF.versions["1.2draft"], NS_GEXF="http://gexf.net/1.3",
        NS_VIZ="http://gexf.net/1.3/viz", SCHEMALOCATION="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", VERSION="1.3")
g = nx.read_gexf(sys.argv[1])
print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
    "facts": [d["fact"] for _, _, d in g.edges(data=True)],
    "labels": [d.get("label", "") for _, d in g.nodes(data=True)],
    "spells": sum(1 for _, _, d in g.edges(data=True) if d.get("spells")),
    "mode": g.graph.get("mode")}))
`},
	"csl-json": {[]string{"citeproc"}, `
import json, sys
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
with open(sys.argv[1], encoding="utf-8") as f:
    items = json.load(f)
style = CitationStylesStyle("/usr/share/citation-style-language/styles/apa.csl", validate=False)
bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
for item in items:
    bib.register(Citation([CitationItem(item["id"])]))
print(json.dumps({"facts": [i["id"] for i in items], "rendered": len(bib.bibliography())}))
`},
	"csv": {nil, `
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    elements = list(csv.DictReader(f))
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    connections = list(csv.DictReader(f))
ids = {r["ID"] for r in elements}
print(json.dumps({"nodes": len(ids), "edges": len(connections),
    "facts": [r["ID"] for r in connections if r["From"] in ids and r["To"] in ids],
    "labels": [r["Label"] for r in elements]}))
`},
	"json": {[]string{"networkx"}, `
import json, sys, networkx as nx
from networkx.readwrite import json_graph
data = json.load(open(sys.argv[1], encoding="utf-8"))
try:  # networkx 3.4 renamed the links key's argument
    g = json_graph.node_link_graph(data, directed=True, multigraph=True, edges="links")
except TypeError:
    g = json_graph.node_link_graph(data, directed=True, multigraph=True, link="links")
print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
    "facts": [d["id"] for _, _, d in g.edges(data=True)],
    "labels": [d.get("name", "") for _, d in g.nodes(data=True)]}))
`},
	// nquads and jsonld are read together: both must give one set of quads.
	"nquads": {[]string{"rdflib"}, `
import json, sys, rdflib
from rdflib import RDF, XSD, Literal, URIRef
def quads(path, fmt):
    d = rdflib.ConjunctiveGraph()
    d.parse(path, format=fmt)
    out = set()
    for s, p, o, c in d.quads():
        # rdflib names the default graph after the file it read; RDF 1.1
        # makes "x" and "x"^^xsd:string one literal, rdflib 6 does not.
        g = c.identifier if str(c.identifier).startswith("urn:itkg:") else None
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o, g))
    return out
nq, ld = quads(sys.argv[1], "nquads"), quads(sys.argv[2], "json-ld")
fact = URIRef("urn:itkg:vocab:Fact")
facts = sorted({str(s)[len("urn:itkg:fact:"):] for s, p, o, _ in nq if p == RDF.type and o == fact})
# The fact edges: in a fact's graph, the one quad not about the fact.
edges = [(s, o) for s, p, o, c in nq if c is not None and s != c]
nodes = {s for s, _ in edges} | {o for _, o in edges}
print(json.dumps({"quads": len(nq), "jsonld_quads": len(ld), "only_nquads": len(nq - ld), "only_jsonld": len(ld - nq),
    "facts": facts, "edges": len(edges), "nodes": len(nodes)}))
`},
	"dot": {[]string{"pydot"}, `
import json, sys, pydot
g = pydot.graph_from_dot_file(sys.argv[1])[0]
nodes, edges = set(), []
def walk(sg):
    nodes.update(n.get_name().strip('"') for n in sg.get_nodes())
    edges.extend(sg.get_edges())
    for s in sg.get_subgraphs():
        walk(s)
walk(g)
print(json.dumps({"names": sorted(nodes), "edges": len(edges),
    "classes": [(e.get_attributes().get("id") or "").strip('"') for e in edges]}))
`},
	"svg": {nil, `
import json, sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
names, classes = [], []
for g in root.iter(ns + "g"):
    kind = (g.get("class") or "").split()
    if "node" in kind:
        names.append(g.find(ns + "title").text)
    elif "edge" in kind:
        classes.append(g.get("id") or "")
print(json.dumps({"names": names, "edges": len(classes), "classes": classes}))
`},
}

// python returns the Python that Debian's reader packages install into:
// $ITKG_PYTHON, else /usr/bin/python3, else python3 on PATH.
func python(t *testing.T) string {
	p := os.Getenv("ITKG_PYTHON")
	if p == "" {
		p = "/usr/bin/python3"
		if _, err := os.Stat(p); err != nil {
			p = "python3"
		}
	}
	if err := exec.Command(p, "-c", "pass").Run(); err != nil {
		missingReader(t, "python3 ("+p+")")
	}
	return p
}

// missingReader fails the test under CI, where scripts/install-readers.sh
// has run, and skips it elsewhere.
func missingReader(t *testing.T, what string) {
	t.Helper()
	msg := what + " is missing; scripts/install-readers.sh installs the readers from Debian"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// readerResult is what a reader script prints.
type readerResult struct {
	Nodes       int      `json:"nodes"`
	Edges       int      `json:"edges"`
	Facts       []string `json:"facts"`
	Labels      []string `json:"labels"`
	Spells      int      `json:"spells"`
	Rendered    int      `json:"rendered"` // references citeproc-py rendered
	Mode        string   `json:"mode"`
	Quads       int      `json:"quads"`
	JSONLDQuads int      `json:"jsonld_quads"`
	OnlyNQuads  int      `json:"only_nquads"`
	OnlyJSONLD  int      `json:"only_jsonld"`
	Names       []string `json:"names"`
	Classes     []string `json:"classes"`
	IGraph      *struct {
		Nodes       int      `json:"nodes"`
		Edges       int      `json:"edges"`
		Facts       []string `json:"facts"`
		ASCIILabels []string `json:"ascii_labels"`
	} `json:"igraph"`
}

func runReader(t *testing.T, py, format string, files ...string) readerResult {
	t.Helper()
	rs := readerScripts[format]
	for _, mod := range rs.modules {
		if err := exec.Command(py, "-c", "import "+mod).Run(); err != nil {
			missingReader(t, "Python module "+mod+" (for "+py+")")
		}
	}
	cmd := exec.Command(py, append([]string{"-c", rs.script}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the %s reader refused the export: %v\n%s", format, err, stderr.String())
	}
	var r readerResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("reader output %q: %v", out, err)
	}
	return r
}

// TestReaders exports the corpus, as the store holds it, in every format
// itkg export offers, reads each file back with a real reader (networkx,
// igraph, rdflib, pydot, Python's csv and XML parsers; Cayley's own reader
// for the cayley format) and compares its node, edge and fact counts with
// the store's. The data formats carry the whole graph (--all); the
// drawings (dot, svg) are checked on a theme map, since the overview
// drawing leaves value facts out by design.
func TestReaders(t *testing.T) {
	ctx := context.Background()
	py := python(t)
	ds := fixture.Dataset(t, fixture.CorpusData())
	all := export.Map{ID: "overview", Title: "The Iran–Taliban knowledge graph", Facts: ds.Facts, Layout: "sfdp", Compact: true}
	theme := themeMap(ds, "water")

	// What the store holds, counted here without the export code: one
	// node per entity named by a fact and one per literal value, one edge
	// per fact.
	nodesOf := func(m export.Map) (ids []string, labels map[string]bool) {
		seen := map[string]bool{}
		labels = map[string]bool{}
		for _, f := range m.Facts {
			ends := []string{f.Subject, "value:" + f.ID}
			if f.HasObject() {
				ends[1] = f.Object
			}
			for _, id := range ends {
				if !seen[id] {
					seen[id] = true
					ids = append(ids, id)
					if e := ds.Entity(id); e != nil {
						labels[e.Name] = true
					}
				}
			}
		}
		return ids, labels
	}
	factIDs := func(m export.Map) []string {
		var ids []string
		for _, f := range m.Facts {
			ids = append(ids, f.ID)
		}
		sort.Strings(ids)
		return ids
	}
	allNodes, allLabels := nodesOf(all)
	allFacts := factIDs(all)
	dated := 0
	for _, f := range all.Facts {
		if !f.When().IsZero() {
			dated++
		}
	}
	distinct := map[quad.Quad]bool{}
	for _, q := range graph.Quads(graph.Subset(ds, all.Facts)) {
		distinct[q] = true
	}
	if len(allFacts) < 600 || len(allNodes) < 300 {
		t.Fatalf("the corpus has %d facts and %d nodes; the test expects the whole corpus", len(allFacts), len(allNodes))
	}

	checkGraph := func(t *testing.T, who string, nodes, edges int, facts []string) {
		t.Helper()
		if nodes != len(allNodes) || edges != len(allFacts) {
			t.Errorf("%s read %d nodes and %d edges; the store has %d and %d", who, nodes, edges, len(allNodes), len(allFacts))
		}
		got := slices.Clone(facts)
		sort.Strings(got)
		if !slices.Equal(got, allFacts) {
			t.Errorf("%s read %d fact ids, not the store's %d facts", who, len(got), len(allFacts))
		}
	}
	checkLabels := func(t *testing.T, who string, labels []string) {
		t.Helper()
		got := map[string]bool{}
		for _, l := range labels {
			got[l] = true
		}
		for name := range allLabels {
			if !got[name] && !got[strings.Join(strings.Fields(name), " ")] {
				t.Errorf("%s lacks the entity name %q as it is in the store", who, name)
			}
		}
	}

	for _, format := range export.Formats {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "all."+format)
			write := func(m export.Map, path string) {
				t.Helper()
				var b bytes.Buffer
				if err := export.Write(&b, format, ds, m); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			switch format {
			case "graphml", "gexf", "json":
				write(all, file)
				r := runReader(t, py, format, file)
				checkGraph(t, "networkx", r.Nodes, r.Edges, r.Facts)
				checkLabels(t, "networkx", r.Labels)
				if format == "gexf" && (r.Spells != dated || r.Mode != "dynamic") {
					t.Errorf("networkx read %d edges with spells in a %q graph; the store has %d dated facts", r.Spells, r.Mode, dated)
				}
			case "gml":
				write(all, file)
				r := runReader(t, py, format, file)
				checkGraph(t, "networkx", r.Nodes, r.Edges, r.Facts)
				checkLabels(t, "networkx", r.Labels)
				checkGraph(t, "igraph", r.IGraph.Nodes, r.IGraph.Edges, r.IGraph.Facts)
				// igraph 0.10 decodes &quot; and &amp; but not &#NNNN;:
				// names in plain ASCII must come back whole.
				for _, l := range r.IGraph.ASCIILabels {
					if strings.Contains(l, "&quot;") || strings.Contains(l, "&amp;") {
						t.Errorf("igraph left an entity in %q", l)
					}
				}
			case "csv":
				el, conn, err := export.WriteCSVFiles(filepath.Join(dir, "all.csv"), ds, all)
				if err != nil {
					t.Fatal(err)
				}
				r := runReader(t, py, format, el, conn)
				checkGraph(t, "Python's csv", r.Nodes, r.Edges, r.Facts)
				checkLabels(t, "Python's csv", r.Labels)
			case "nquads":
				write(all, file)
				ld := filepath.Join(dir, "all.jsonld")
				var b bytes.Buffer
				if err := export.Write(&b, "jsonld", ds, all); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(ld, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				r := runReader(t, py, format, file, ld)
				if r.Quads != len(distinct) || r.JSONLDQuads != len(distinct) {
					t.Errorf("rdflib read %d quads from N-Quads and %d from JSON-LD; the store has %d", r.Quads, r.JSONLDQuads, len(distinct))
				}
				if r.OnlyNQuads != 0 || r.OnlyJSONLD != 0 {
					t.Errorf("N-Quads and JSON-LD differ: %d quads only in N-Quads, %d only in JSON-LD", r.OnlyNQuads, r.OnlyJSONLD)
				}
				// In RDF equal literals are one node: facts with the same
				// value share it.
				// A negated fact has no edge triple (it would assert what
				// its article denies), only its description.
				rdfNodes := map[string]bool{}
				edges := 0
				for _, f := range all.Facts {
					if f.Negated {
						continue
					}
					edges++
					rdfNodes["e:"+f.Subject] = true
					if f.HasObject() {
						rdfNodes["e:"+f.Object] = true
					} else {
						rdfNodes["v:"+f.Value] = true
					}
				}
				if r.Nodes != len(rdfNodes) {
					t.Errorf("rdflib read %d nodes on fact edges; the store has %d entities and distinct values", r.Nodes, len(rdfNodes))
				}
				if r.Edges != edges {
					t.Errorf("rdflib read %d fact edges; the store has %d facts that are not negated", r.Edges, edges)
				}
				got := slices.Clone(r.Facts)
				sort.Strings(got)
				if !slices.Equal(got, allFacts) {
					t.Errorf("rdflib read %d fact ids, not the store's %d facts", len(got), len(allFacts))
				}
			case "csl-json":
				write(all, file)
				r := runReader(t, py, format, file)
				got := slices.Clone(r.Facts)
				sort.Strings(got)
				if !slices.Equal(got, allFacts) || r.Rendered != len(allFacts) {
					t.Errorf("citeproc-py read %d items and rendered %d references; the store has %d facts", len(got), r.Rendered, len(allFacts))
				}
			case "jsonld":
				t.Skip("read by rdflib with nquads, in TestReaders/nquads")
			case "cayley":
				write(all, file)
				qf, err := loaders.OpenQuads(file, "nquads", nil) // as itkg load reads it
				if err != nil {
					t.Fatal(err)
				}
				defer qf.Close()
				qs, err := quad.ReadAll(qf)
				if err != nil {
					t.Fatal(err)
				}
				got, err := queries.NewReader(memstore.New(qs...)).All(ctx)
				if err != nil {
					t.Fatal(err)
				}
				m := export.Map{Facts: got.Facts}
				ids, _ := nodesOf(m)
				checkGraph(t, "Cayley's N-Quads reader", len(ids), len(got.Facts), factIDs(m))
			case "dot", "svg":
				var b bytes.Buffer
				if format == "dot" {
					if err := export.DOT(&b, ds, theme); err != nil {
						t.Fatal(err)
					}
				} else if err := export.RenderMap(ctx, renderer(t), &b, ds, theme); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				r := runReader(t, py, format, file)
				names := map[string]bool{}
				for _, n := range r.Names {
					names[n] = true
				}
				ids, _ := nodesOf(theme)
				for _, id := range ids {
					if !names[id] {
						t.Errorf("the %s reader found no node %s", format, id)
					}
				}
				// A drawn edge stands for one fact or several between the
				// same pair; its id lists theirs: edge_<fact>_<fact>...
				drawn := map[string]bool{}
				for _, c := range r.Classes {
					if rest, ok := strings.CutPrefix(c, "edge_"); ok {
						for _, id := range strings.Split(rest, "_") {
							drawn[id] = true
						}
					}
				}
				for _, id := range factIDs(theme) {
					if !drawn[id] {
						t.Errorf("the %s reader found no edge for fact %s", format, id)
					}
				}
				if r.Edges == 0 || r.Edges > len(theme.Facts) {
					t.Errorf("the %s reader found %d edges for %d facts", format, r.Edges, len(theme.Facts))
				}
			default:
				t.Fatalf("no reader checks format %q: add one to TestReaders", format)
			}
		})
	}
}
