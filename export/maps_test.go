package export_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
)

// egoFacts is what queries.EgoFacts gives at depth 1: the entity-object
// facts among id and its neighbours.
func egoFacts(ds *graph.Dataset, id string) ([]*graph.Fact, int) {
	in := map[string]bool{id: true}
	for _, f := range ds.Facts {
		if f.HasObject() && f.Subject == id {
			in[f.Object] = true
		}
		if f.HasObject() && f.Object == id {
			in[f.Subject] = true
		}
	}
	var facts []*graph.Fact
	for _, f := range ds.Facts {
		if f.HasObject() && in[f.Subject] && in[f.Object] {
			facts = append(facts, f)
		}
	}
	return facts, len(in) - 1
}

// fixtureMaps are one map of each kind on the fixture, small enough for
// golden files: a theme, an ego map grouped as a hub, a path, the
// overview's backbone and a gallery thumbnail.
func fixtureMaps(ds *graph.Dataset) map[string]export.Map {
	ego, n := egoFacts(ds, "lowland")
	hub := export.EgoMap(ds.Entity("lowland"), 1, ego, n, graph.Date{})
	hub.HubAbove, hub.HubShow, hub.CardFacts = 2, 1, 7
	over := export.OverviewMap(ds, nil, graph.Date{})
	over.Backbone = 3
	hops := []export.PathHop{
		{From: "upland", To: "lowland", Facts: []*graph.Fact{ds.Fact("beta-2023-003"), ds.Fact("alpha-2022-007")}},
		{From: "lowland", To: "green-brigade", Facts: []*graph.Fact{ds.Fact("alpha-2022-006"), ds.Fact("beta-2023-001")}},
	}
	return map[string]export.Map{
		"theme-water":   themeMap(ds, "water"),
		"ego-hub":       hub,
		"path":          export.PathMap(ds, hops, "upland", "green-brigade", graph.Date{}),
		"overview":      over,
		"core-water":    export.CoreMap(ds, ds.Theme("water"), nil, 3),
		"full-overview": export.FullOverviewMap(ds, nil, graph.Date{}),
	}
}

// TestMapKindsGolden compares the DOT of each kind of map with
// testdata/<kind>.dot.golden (-update rewrites them).
func TestMapKindsGolden(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	for name, m := range fixtureMaps(ds) {
		if name == "theme-water" {
			continue // TestDOTGolden
		}
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := export.DOT(&b, ds, m); err != nil {
				t.Fatal(err)
			}
			checkDOTGolden(t, name, b.Bytes())
		})
	}
}

// dotEdge is one edge of a DOT file as these tests read it.
type dotEdge struct {
	from, to, id, class, style string
	facts                      []string
}

var (
	edgeLine = regexp.MustCompile(`(?m)^\s*"([^"]+)" -> "([^"]+)" \[(.*)\];$`)
	nodeLine = regexp.MustCompile(`(?m)^\s*"([^"]+)" \[id="([^"]+)"(.*)\];$`)
	attr     = func(s, name string) string {
		m := regexp.MustCompile(`\b` + name + `="((?:[^"\\]|\\.)*)"`).FindStringSubmatch(s)
		if m == nil {
			return ""
		}
		return m[1]
	}
)

func dotOf(t *testing.T, ds *graph.Dataset, m export.Map) string {
	t.Helper()
	var b bytes.Buffer
	if err := export.DOT(&b, ds, m); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func edgesOf(dot string) []dotEdge {
	var out []dotEdge
	for _, m := range edgeLine.FindAllStringSubmatch(dot, -1) {
		e := dotEdge{from: m[1], to: m[2], id: attr(m[3], "id"), class: attr(m[3], "class"), style: attr(m[3], "style")}
		if e.style == "" {
			e.style = regexp.MustCompile(`style=(\w+)`).FindStringSubmatch(m[3])[1]
		}
		e.facts = strings.Split(strings.TrimPrefix(e.id, "edge_"), "_")
		out = append(out, e)
	}
	return out
}

// nodesOf maps element id to the rest of the node's attributes.
func nodesOf(dot string) map[string]string {
	out := map[string]string{}
	for _, m := range nodeLine.FindAllStringSubmatch(dot, -1) {
		out[m[2]] = m[3]
	}
	return out
}

// TestElementIDs: every node and edge has the id the web's script relies
// on, the same on every render, and an edge's id names every fact it
// draws.
func TestElementIDs(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	idForm := regexp.MustCompile(`^(node_[a-z0-9-]+|group_(cluster|type)-[a-z0-9-]+|value_[a-z0-9-]+)$`)
	for name, m := range fixtureMaps(ds) {
		t.Run(name, func(t *testing.T) {
			dot := dotOf(t, ds, m)
			if again := dotOf(t, ds, m); again != dot {
				t.Errorf("two renders of %s differ", name)
			}
			nodes := nodesOf(dot)
			if len(nodes) == 0 {
				t.Fatalf("no nodes read from:\n%s", dot)
			}
			for id := range nodes {
				if !idForm.MatchString(id) {
					t.Errorf("node id %q is not node_<entity>, group_<key> or value_<fact>", id)
				}
			}
			drawn := map[string]bool{}
			for _, e := range edgesOf(dot) {
				for _, id := range e.facts {
					if ds.Fact(id) == nil {
						t.Errorf("edge %s names %q, not a fact", e.id, id)
					}
					if drawn[id] {
						t.Errorf("fact %s is drawn on two edges", id)
					}
					drawn[id] = true
				}
			}
		})
	}
}

// TestNoLegendInLayout: the legend is never part of the Graphviz graph.
func TestNoLegendInLayout(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	for name, m := range fixtureMaps(ds) {
		if dot := dotOf(t, ds, m); strings.Contains(strings.ToLower(dot), "legend") {
			t.Errorf("%s: DOT mentions a legend:\n%s", name, dot)
		}
	}
}

// TestLegendItemsOnlyUsed: a map's legend lists every style it draws and
// no other.
func TestLegendItemsOnlyUsed(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	for name, m := range fixtureMaps(ds) {
		t.Run(name, func(t *testing.T) {
			dot := dotOf(t, ds, m)
			used := map[string]bool{}
			for _, attrs := range nodesOf(dot) {
				class := attr(attrs, "class")
				for _, c := range strings.Fields(class) {
					if strings.HasPrefix(class, "entity ") && strings.HasPrefix(c, "type-") {
						used[c] = true
					}
				}
				if strings.HasPrefix(class, "group") {
					used["group"] = true
				}
			}
			for _, e := range edgesOf(dot) {
				c := strings.Fields(e.class)
				switch {
				case slices.Contains(c, "group"):
					used["group-edge"] = true
					continue
				case slices.Contains(c, "negated"):
					used["negated"] = true
				default:
					used["polarity-"+c[2]] = true
				}
				used["line-"+e.style] = true
				if slices.Contains(c, "hop") {
					used["hop"] = true
				}
			}
			listed := map[string]bool{}
			for _, it := range export.LegendItems(ds, m) {
				key := it.Key
				if it.Kind == "edge" && strings.HasPrefix(key, "modality-") {
					key = "line-" + it.Style
				}
				if key == "focus" || key == "end" || key == "cluster" || key == "width" {
					continue // checked below
				}
				listed[key] = true
				if it.Label == "" || it.Stroke == "" {
					t.Errorf("legend item %+v lacks a label or stroke", it)
				}
			}
			for k := range used {
				if !listed[k] {
					t.Errorf("map draws %s; the legend does not list it", k)
				}
			}
			for k := range listed {
				if !used[k] {
					t.Errorf("legend lists %s; the map does not draw it", k)
				}
			}
			hasItem := func(key string) bool {
				return slices.ContainsFunc(export.LegendItems(ds, m), func(it export.LegendItem) bool { return it.Key == key })
			}
			if got, want := hasItem("cluster"), strings.Contains(dot, "subgraph \"cluster_"); got != want {
				t.Errorf("legend lists cluster boxes: %v; map draws them: %v", got, want)
			}
			if got, want := hasItem("end"), strings.Contains(dot, "peripheries=2"); got != want {
				t.Errorf("legend lists path ends: %v; map marks them: %v", got, want)
			}
		})
	}
}

// TestStandaloneKey: an SVG file carries the key beside the drawing,
// outside its bounding box; with noKey, none.
func TestStandaloneKey(t *testing.T) {
	ctx := context.Background()
	ds := fixture.Dataset(t, fixture.FixtureData())
	r := renderer(t)
	for name, m := range fixtureMaps(ds) {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := export.RenderFile(ctx, r, &out, ds, m, false); err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Width  string `xml:"width,attr"`
				Height string `xml:"height,attr"`
				Inner  struct {
					Width  string `xml:"width,attr"`
					Height string `xml:"height,attr"`
				} `xml:"svg"`
				G []struct {
					ID        string `xml:"id,attr"`
					Transform string `xml:"transform,attr"`
					Items     []struct {
						Class string `xml:"class,attr"`
					} `xml:"g"`
				} `xml:"g"`
			}
			if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatalf("not XML: %v", err)
			}
			w, _ := strconv.ParseFloat(doc.Inner.Width, 64)
			h, _ := strconv.ParseFloat(doc.Inner.Height, 64)
			if w <= 0 || h <= 0 {
				t.Fatalf("no nested drawing with a size: %+v", doc.Inner)
			}
			var found bool
			for _, g := range doc.G {
				if g.ID != "key" {
					continue
				}
				found = true
				var x, y float64
				if _, err := fmtSscanf(g.Transform, &x, &y); err != nil {
					t.Fatalf("key transform %q: %v", g.Transform, err)
				}
				if x < w && y < h {
					t.Errorf("key at (%.0f, %.0f) lies inside the drawing's %.0f × %.0f box", x, y, w, h)
				}
				if want := len(export.LegendItems(ds, m)); len(g.Items) != want {
					t.Errorf("key has %d items, want %d", len(g.Items), want)
				}
			}
			if !found {
				t.Errorf("no key in the SVG file")
			}
			out.Reset()
			if err := export.RenderFile(ctx, r, &out, ds, m, true); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(out.Bytes(), []byte(`id="key"`)) {
				t.Errorf("noKey: the SVG has a key")
			}
		})
	}
}

func fmtSscanf(s string, x, y *float64) (int, error) {
	m := regexp.MustCompile(`^translate\(([0-9.]+),([0-9.]+)\)$`).FindStringSubmatch(s)
	if m == nil {
		return 0, strconvErr(s)
	}
	*x, _ = strconv.ParseFloat(m[1], 64)
	*y, _ = strconv.ParseFloat(m[2], 64)
	return 2, nil
}

type strconvErr string

func (e strconvErr) Error() string { return "not translate(x,y): " + string(e) }

// TestHubEgoMap: Iran's ego map draws at most HubKeep neighbours plus
// "+N" groups whose counts add up to the other neighbours; expanding a
// group draws its members.
func TestHubEgoMap(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	facts, n := egoFacts(ds, "iran")
	if n <= export.HubNeighbours {
		t.Fatalf("iran has %d neighbours, not a hub", n)
	}
	m := export.EgoMap(ds.Entity("iran"), 1, facts, n, graph.Date{})
	dot := dotOf(t, ds, m)
	nodes := nodesOf(dot)
	entities, members := 0, 0
	groupLabel := regexp.MustCompile(`label="\+(\d+) `)
	var groupKeys []string
	for id, attrs := range nodes {
		switch {
		case strings.HasPrefix(id, "node_"):
			entities++
		case strings.HasPrefix(id, "group_"):
			g := groupLabel.FindStringSubmatch(attrs)
			if g == nil {
				t.Fatalf("group %s has no +N label: %s", id, attrs)
			}
			k, _ := strconv.Atoi(g[1])
			members += k
			groupKeys = append(groupKeys, strings.TrimPrefix(id, "group_"))
		}
	}
	if entities-1 > export.HubKeep {
		t.Errorf("%d neighbours drawn, want at most %d", entities-1, export.HubKeep)
	}
	if entities-1+members != n {
		t.Errorf("%d drawn + %d in groups = %d, want the %d neighbours", entities-1, members, entities-1+members, n)
	}
	if !strings.Contains(nodes["node_iran"], "penwidth=") {
		t.Errorf("the focus is not highlighted: %s", nodes["node_iran"])
	}
	// Expanding the largest group draws its members instead.
	slices.Sort(groupKeys)
	key := groupKeys[0]
	m.Expand = []string{key}
	exp := nodesOf(dotOf(t, ds, m))
	if _, ok := exp["group_"+key]; ok {
		t.Errorf("group %s still drawn after expanding it", key)
	}
	if len(exp) <= len(nodes) {
		t.Errorf("expanding %s drew %d nodes, before %d", key, len(exp), len(nodes))
	}
}

// TestPathMapHops: a path map draws exactly one edge per hop and
// direction, carrying every fact of the hop.
func TestPathMapHops(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	m := fixtureMaps(ds)["path"]
	edges := edgesOf(dotOf(t, ds, m))
	want := map[string][]string{
		"upland>lowland":        {"beta-2023-003"},
		"lowland>upland":        {"alpha-2022-007"},
		"green-brigade>lowland": {"alpha-2022-006", "beta-2023-001"},
	}
	if len(edges) != len(want) {
		t.Fatalf("%d edges, want %d: %+v", len(edges), len(want), edges)
	}
	for _, e := range edges {
		w, ok := want[e.from+">"+e.to]
		if !ok || !slices.Equal(e.facts, w) {
			t.Errorf("edge %s→%s carries %v, want %v", e.from, e.to, e.facts, w)
		}
		if !strings.Contains(e.class, "hop") {
			t.Errorf("edge %s is not drawn as a hop: %s", e.id, e.class)
		}
	}
}

// TestMergedEdgesOneModality: on every theme map and on Iran's ego map of
// the corpus, a relation edge merges only facts of one modality, negation
// and stage.
func TestMergedEdgesOneModality(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	maps := []export.Map{}
	for _, th := range ds.Themes {
		maps = append(maps, themeMap(ds, th.ID))
	}
	facts, n := egoFacts(ds, "iran")
	maps = append(maps, export.EgoMap(ds.Entity("iran"), 1, facts, n, graph.Date{}))
	merged := 0
	for _, m := range maps {
		for _, e := range edgesOf(dotOf(t, ds, m)) {
			if !strings.Contains(e.class, "relation") {
				continue
			}
			first := ds.Fact(e.facts[0])
			for _, id := range e.facts[1:] {
				merged++
				f := ds.Fact(id)
				if f.Modality != first.Modality || f.Negated != first.Negated || f.Stage != first.Stage {
					t.Errorf("%s: edge %s merges %s (%s) with %s (%s)", m.ID, e.id, first.ID, first.Modality, f.ID, f.Modality)
				}
				if !strings.Contains(e.class, "modality-"+f.Modality) {
					t.Errorf("%s: edge %s class %q lacks its modality", m.ID, e.id, e.class)
				}
			}
		}
	}
	if merged == 0 {
		t.Fatal("no merged edges checked")
	}
}

// TestOverviewCaption: the overview's caption counts add up to the facts
// it was given.
func TestOverviewCaption(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	m := export.OverviewMap(ds, nil, graph.Date{})
	// Caption lines wrap; read them as one text.
	dot := strings.ReplaceAll(dotOf(t, ds, m), `</td></tr><tr><td align="left">`, " ")
	num := func(pattern string) int {
		t.Helper()
		g := regexp.MustCompile(pattern).FindStringSubmatch(dot)
		if g == nil {
			return 0
		}
		n, _ := strconv.Atoi(g[1])
		return n
	}
	drawn := num(`(\d+) of \d+ facts drawn`)
	total := num(`\d+ of (\d+) facts drawn`)
	among := num(`drawn: (\d+) among these entities`)
	grouped := num(`(\d+) with grouped entities on the \+N edges`)
	weak := num(`(\d+) facts on weaker links`)
	amongGrouped := num(`(\d+) facts among grouped entities not drawn`)
	values := num(`(\d+) facts with a literal value not drawn`)
	if total != len(ds.Facts) {
		t.Errorf("caption says %d facts, the corpus has %d", total, len(ds.Facts))
	}
	if among+grouped != drawn || drawn+weak+amongGrouped+values != total {
		t.Errorf("caption counts do not add up: %d+%d drawn of %d; %d+%d+%d not drawn; total %d", among, grouped, drawn, weak, amongGrouped, values, total)
	}
	if values == 0 || drawn == 0 {
		t.Errorf("caption lacks a count: drawn %d, values %d", drawn, values)
	}
	ents := regexp.MustCompile(`The (\d+) of (\d+) entities`).FindStringSubmatch(dot)
	if ents == nil || ents[1] != strconv.Itoa(export.OverviewBackbone) {
		t.Errorf("caption does not say it draws %d entities: %v", export.OverviewBackbone, ents)
	}
}

// TestNegatedAndStaged: a negated fact is never merged with the same
// relation stated, reads "NOT ..." as graph.RelationLabel has it, and gets
// its own style and legend entry; a staged one names its stage.
func TestNegatedAndStaged(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	stated := ds.Fact("beta-2023-003") // Upland cooperates with Lowland
	neg := *stated
	neg.ID, neg.Negated = "beta-2023-903", true
	staged := *stated
	staged.ID, staged.Stage = "beta-2023-904", "planned"
	m := export.Map{ID: "t", Title: "t", Facts: []*graph.Fact{stated, &neg, &staged}}
	dot := dotOf(t, ds, m)
	edges := edgesOf(dot)
	if len(edges) != 3 {
		t.Fatalf("%d edges, want the stated, the negated and the planned relation apart:\n%s", len(edges), dot)
	}
	label := graph.RelationLabel(ds.Predicate(stated.Predicate).Label, true, "")
	if !strings.Contains(dot, `label="`+label) {
		t.Errorf("no edge labelled %q:\n%s", label, dot)
	}
	if planned := graph.RelationLabel(ds.Predicate(stated.Predicate).Label, false, "planned"); !strings.Contains(dot, `label="`+planned) {
		t.Errorf("no edge labelled %q", planned)
	}
	for _, e := range edges {
		negated := strings.Contains(e.class, "negated")
		if negated != (e.facts[0] == neg.ID) {
			t.Errorf("edge %s: class %q", e.id, e.class)
		}
	}
	items := export.LegendItems(ds, m)
	if !slices.ContainsFunc(items, func(it export.LegendItem) bool { return it.Key == "negated" }) {
		t.Errorf("legend lacks the negated style: %+v", items)
	}
}
