package export

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/itkg/itkg/graph"
)

// GEXF 1.3 (gexf.net/1.3), the format Gephi reads natively. The graph is
// dynamic: each edge (one fact) that has a date or a period carries a
// spell over the days it covers, so Gephi's timeline plays the graph
// through time; undated facts carry none and stay visible throughout.
const gexfNS = "http://gexf.net/1.3"

type gexfAttr struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfAttrs struct {
	Class string     `xml:"class,attr"`
	Attrs []gexfAttr `xml:"attribute"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfSpell struct {
	Start string `xml:"start,attr,omitempty"`
	End   string `xml:"end,attr,omitempty"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Label  string      `xml:"label,attr"`
	Kind   string      `xml:"kind,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
	Spells *gexfSpells `xml:"spells"` // nil when undated: GEXF wants one spell or more
}

type gexfSpells struct {
	Spell []gexfSpell `xml:"spell"`
}

type gexfDoc struct {
	XMLName xml.Name `xml:"gexf"`
	XMLNS   string   `xml:"xmlns,attr"`
	Version string   `xml:"version,attr"`
	Meta    struct {
		Creator     string `xml:"creator"`
		Description string `xml:"description"`
	} `xml:"meta"`
	Graph struct {
		DefaultEdgeType    string      `xml:"defaultedgetype,attr"`
		Mode               string      `xml:"mode,attr"`
		TimeFormat         string      `xml:"timeformat,attr"`
		TimeRepresentation string      `xml:"timerepresentation,attr"`
		Attributes         []gexfAttrs `xml:"attributes"`
		Nodes              []gexfNode  `xml:"nodes>node"`
		Edges              []gexfEdge  `xml:"edges>edge"`
	} `xml:"graph"`
}

// gexfNodeAttrs and gexfEdgeAttrs are the attribute columns Gephi's data
// laboratory shows; the ids are the titles, so files read alike in tools
// that key values by id (networkx) and by title (Gephi).
var (
	gexfNodeAttrs = []gexfAttr{
		{"type", "type", "string"}, {"cluster", "cluster", "string"}, {"value", "value", "boolean"},
	}
	gexfEdgeAttrs = []gexfAttr{
		{"fact", "fact", "string"}, {"predicate", "predicate", "string"}, {"polarity", "polarity", "string"},
		{"modality", "modality", "string"}, {"negated", "negated", "boolean"}, {"date", "date", "string"},
		{"themes", "themes", "liststring"}, {"source", "source", "string"}, {"citation", "citation", "string"},
		{"claimed_by", "claimed_by", "string"}, {"quote", "quote", "string"},
	}
)

// writeGEXF writes GEXF 1.3: one node per entity or value, one edge per
// fact (id = the fact id, kind = the predicate, so Gephi keeps parallel
// relations apart), with the fact's date or period as a spell.
func writeGEXF(w io.Writer, ds *graph.Dataset, m Map) error {
	sg := collect(ds, m)
	doc := gexfDoc{XMLNS: gexfNS, Version: "1.3"}
	doc.Meta.Creator = "itkg"
	doc.Meta.Description = m.Title
	g := &doc.Graph
	g.DefaultEdgeType, g.Mode, g.TimeFormat, g.TimeRepresentation = "directed", "dynamic", "date", "interval"
	g.Attributes = []gexfAttrs{{"node", gexfNodeAttrs}, {"edge", gexfEdgeAttrs}}
	for _, n := range sg.Nodes {
		g.Nodes = append(g.Nodes, gexfNode{ID: n.ID, Label: token(n.Name), Values: nonEmpty(
			gexfValue{"type", n.Type}, gexfValue{"cluster", n.Cluster}, gexfValue{"value", strconv.FormatBool(n.Value)})})
	}
	facts := make(map[string]*graph.Fact, len(m.Facts))
	for _, f := range m.Facts {
		facts[f.ID] = f
	}
	for _, l := range sg.Links {
		f := facts[l.ID]
		e := gexfEdge{ID: l.ID, Source: l.Source, Target: l.Target, Label: token(l.Label), Kind: l.Predicate}
		negated := strconv.FormatBool(f.Negated)
		e.Values = nonEmpty(gexfValue{"fact", l.ID}, gexfValue{"predicate", l.Predicate}, gexfValue{"polarity", l.Polarity},
			gexfValue{"modality", l.Modality}, gexfValue{"negated", negated}, gexfValue{"date", l.Date},
			gexfValue{"themes", gexfList(l.Themes)}, gexfValue{"source", l.SourceID}, gexfValue{"citation", l.Citation},
			gexfValue{"claimed_by", f.ClaimedBy}, gexfValue{"quote", l.Quote})
		if s, ok := spell(f); ok {
			e.Spells = &gexfSpells{[]gexfSpell{s}}
		}
		g.Edges = append(g.Edges, e)
	}
	return writeXML(w, doc)
}

// spell is the interval of days a fact covers: a date stands for all of
// its days (2023-05 is 2023-05-01 to 2023-05-31); a period runs from the
// first day of its start to the last day of its end, and stays open on
// the side it does not state.
func spell(f *graph.Fact) (gexfSpell, bool) {
	const day = "2006-01-02"
	switch {
	case !f.Date.IsZero():
		return gexfSpell{Start: f.Date.First().Format(day), End: f.Date.Last().Format(day)}, true
	case !f.Start.IsZero() || !f.End.IsZero():
		var s gexfSpell
		if !f.Start.IsZero() {
			s.Start = f.Start.First().Format(day)
		}
		if !f.End.IsZero() {
			s.End = f.End.Last().Format(day)
		}
		return s, true
	}
	return gexfSpell{}, false
}

// gexfList writes a liststring value as Gephi reads it: [a, b].
func gexfList(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// token folds runs of white space into one space: GEXF labels are
// xsd:token.
func token(s string) string { return strings.Join(strings.Fields(s), " ") }

// nonEmpty drops the values that are empty, so a missing cluster or date
// reads as missing, not as an empty string.
func nonEmpty(vs ...gexfValue) []gexfValue {
	out := vs[:0]
	for _, v := range vs {
		if v.Value != "" {
			out = append(out, v)
		}
	}
	return out
}
