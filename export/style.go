package export

// nodeStyle is how an entity type is drawn. Shapes differ per type so maps
// read in greyscale; people are the only ellipses.
type nodeStyle struct {
	shape, fill, style string
}

var nodeStyles = map[string]nodeStyle{
	"country":                   {"box", "#cfe3f5", "rounded,filled,bold"},
	"government":                {"box", "#deebf7", "rounded,filled"},
	"state-body":                {"component", "#e7e1f5", "filled"},
	"armed-group":               {"hexagon", "#f6d3cf", "filled"},
	"political-group":           {"hexagon", "#fbe3c9", "filled"},
	"organization":              {"tab", "#e6e6e6", "filled"},
	"person":                    {"ellipse", "#fff3c4", "filled"},
	"place":                     {"house", "#dcefd6", "filled"},
	"waterway":                  {"cds", "#c7e4f2", "filled"},
	"infrastructure":            {"cylinder", "#ececec", "filled"},
	"agreement":                 {"note", "#fffbe6", "filled"},
	"event":                     {"octagon", "#f8dbe6", "filled"},
	"ethnic-or-religious-group": {"septagon", "#eddcf0", "filled"},
	"population":                {"septagon", "#f3eaf6", "filled,dashed"},
	"media":                     {"tab", "#f2f2f2", "filled,dashed"},
	"publication":               {"note", "#f2f2f2", "filled,dashed"},
	"practice":                  {"box", "#f7f7f7", "filled,dotted"},
}

func styleOf(typ string) nodeStyle {
	if s, ok := nodeStyles[typ]; ok {
		return s
	}
	return nodeStyle{"box", "#ffffff", "filled"}
}

// edgeStyle is how a polarity is drawn: a colour from the Okabe-Ito
// colour-blind-safe palette and a line form that survives greyscale
// (cooperative edges are double lines, hostile ones end in a bar).
type edgeStyle struct {
	color     string // Graphviz color list; "a:invis:a" draws a double line
	arrowhead string
	legend    string
}

var edgeStyles = map[string]edgeStyle{
	"cooperative": {"#0072B2:invis:#0072B2", "normal", "cooperative (double line)"},
	"hostile":     {"#D55E00", "tee", "hostile (bar end)"},
	"neutral":     {"#6E6E6E", "vee", "neutral (thin, open arrow)"},
}

func edgeStyleOf(polarity string) edgeStyle {
	if s, ok := edgeStyles[polarity]; ok {
		return s
	}
	return edgeStyles["neutral"]
}

// lineStyle is the line pattern of a modality: the source's own
// statements solid, reported claims dashed, speculation dotted. Dash is the
// SVG stroke-dasharray Graphviz writes for the style, for HTML legends.
type lineStyle struct {
	style, dash, legend string
}

var lineStyles = map[string]lineStyle{
	"asserted":    {"solid", "", "stated by the source"},
	"assessed":    {"solid", "", "assessed by the source"},
	"reported":    {"dashed", "5,2", "reported: a claim the source attributes"},
	"speculative": {"dotted", "1,5", "speculative: a possibility or forecast"},
}

// modalityDash is the Graphviz style of a modality's line.
func modalityDash(m string) string {
	if s, ok := lineStyles[m]; ok {
		return s.style
	}
	return "solid"
}

// negatedStyle draws a fact that something did not happen: grey whatever
// its polarity, with an open-circle end, its label reading "NOT ...".
var negatedStyle = edgeStyle{"#999999", "odot", "negated: stated not to have happened (NOT ...)"}

// groupEdgeStyle draws the counted edge to a "+N" group: light grey, no
// arrow, labelled with its number of facts.
var groupEdgeStyle = edgeStyle{"#b5b5b5", "none", "facts with the entities of a +N group (count)"}

// groupNodeStyle draws a "+N" group of collapsed entities.
var groupNodeStyle = nodeStyle{"box", "#f4f4f4", "rounded,filled,dashed"}

// clusterStyle is the box around a declared cluster of entities.
var clusterStyle = struct{ style, color, fontcolor string }{"rounded,dashed", "#9a9a9a", "#555555"}

// focusPen is the border width of the entity a map is about and of a
// path's ends; hopPen the width of a path's hops.
const (
	focusPen = 3.5
	hopPen   = 3.0
)

// modalityRank orders modalities from strongest to weakest evidence.
func modalityRank(m string) int {
	switch m {
	case "asserted":
		return 0
	case "assessed":
		return 1
	case "reported":
		return 2
	}
	return 3
}
