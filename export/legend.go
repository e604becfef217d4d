package export

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/itkg/itkg/graph"
)

// LegendItem is one entry of a map's legend: a style the map uses and what
// it means. The web draws them as an HTML legend beside the map; WithKey
// draws them as a key beside a standalone SVG map. Both read the same style
// tables as DOT.
type LegendItem struct {
	Kind  string `json:"kind"`  // "node", "edge" or "cluster"
	Key   string `json:"key"`   // stable: "type-country", "polarity-hostile", "modality-reported", "negated", "group", "group-edge", "focus", "end", "hop", "width", "cluster"
	Label string `json:"label"` // what it means
	// Nodes and clusters.
	Shape string `json:"shape,omitempty"` // Graphviz shape name
	Fill  string `json:"fill,omitempty"`
	// Every kind.
	Stroke      string  `json:"stroke"`
	StrokeWidth float64 `json:"stroke_width"`
	Dash        string  `json:"dash,omitempty"`  // SVG stroke-dasharray; empty for solid
	Style       string  `json:"style,omitempty"` // Graphviz style
	// Edges.
	Double bool   `json:"double,omitempty"` // a double line (cooperative)
	Arrow  string `json:"arrow,omitempty"`  // Graphviz arrowhead name
}

// LegendItems lists the styles map m uses, in a fixed order: node types,
// the focus or path ends, "+N" groups, cluster boxes, edge polarities, line
// styles per modality, negated facts, group edges, and line width.
func LegendItems(ds *graph.Dataset, m Map) []LegendItem {
	return newPlan(ds, m).legend(ds)
}

func (p *plan) legend(ds *graph.Dataset) []LegendItem {
	types := map[string]bool{}
	var focus, end, groups, clusters bool
	for _, n := range p.nodes {
		switch n.kind {
		case "entity":
			types[n.typ] = true
			focus = focus || (n.focus && !n.end)
			end = end || n.end
			if n.cluster != "" && p.clusters {
				clusters = true
			}
		case "group":
			groups = true
			if strings.HasPrefix(n.key, "cluster-") && p.clusters {
				clusters = true
			}
		}
	}
	pols, mods := map[string]bool{}, map[string]bool{}
	var negated, groupEdges, hops, wide bool
	for _, e := range p.edges {
		if e.kind == "group" {
			groupEdges = true
			continue
		}
		mods[modalityDash(e.modality)] = true
		if e.negated {
			negated = true
		} else {
			pols[e.polarity] = true
		}
		hops = hops || e.kind == "hop"
		wide = wide || (e.kind != "hop" && len(e.sources) > 1)
	}
	var items []LegendItem
	for _, t := range graph.EntityTypes {
		if !types[t] {
			continue
		}
		st := styleOf(t)
		items = append(items, nodeItem("type-"+t, strings.ReplaceAll(t, "-", " "), st, 1))
	}
	if focus {
		st := nodeStyle{"box", "#ffffff", "rounded,bold"}
		items = append(items, nodeItem("focus", "the entity the map is about", st, focusPen))
	}
	if end {
		st := nodeStyle{"box", "#ffffff", "rounded"}
		items = append(items, nodeItem("end", "an end of the path (double border)", st, focusPen))
	}
	if groups {
		items = append(items, nodeItem("group", "+N: entities collapsed into a group", groupNodeStyle, 1))
	}
	if clusters {
		items = append(items, LegendItem{Kind: "cluster", Key: "cluster", Label: "a cluster of related entities", Shape: "box",
			Fill: "none", Stroke: clusterStyle.color, StrokeWidth: 1, Style: clusterStyle.style, Dash: lineStyles["reported"].dash})
	}
	for _, pol := range graph.Polarities {
		if !pols[pol] {
			continue
		}
		st := edgeStyleOf(pol)
		color, _, double := strings.Cut(st.color, ":")
		items = append(items, LegendItem{Kind: "edge", Key: "polarity-" + pol, Label: st.legend, Stroke: color,
			StrokeWidth: 1, Double: double, Arrow: st.arrowhead, Style: "solid"})
	}
	for _, mod := range []string{"asserted", "reported", "speculative"} {
		ls := lineStyles[mod]
		if !mods[ls.style] {
			continue
		}
		label := ls.legend
		if mod == "asserted" {
			label = "stated or assessed by the source"
		}
		items = append(items, LegendItem{Kind: "edge", Key: "modality-" + mod, Label: label, Stroke: "#444444",
			StrokeWidth: 1, Dash: ls.dash, Style: ls.style})
	}
	if negated {
		items = append(items, LegendItem{Kind: "edge", Key: "negated", Label: negatedStyle.legend, Stroke: negatedStyle.color,
			StrokeWidth: 1, Arrow: negatedStyle.arrowhead, Style: "solid"})
	}
	if hops {
		items = append(items, LegendItem{Kind: "edge", Key: "hop", Label: "a hop of the path: its facts in each direction (×N)",
			Stroke: "#444444", StrokeWidth: hopPen, Style: "solid"})
	}
	if groupEdges {
		items = append(items, LegendItem{Kind: "edge", Key: "group-edge", Label: groupEdgeStyle.legend, Stroke: groupEdgeStyle.color,
			StrokeWidth: 2, Arrow: groupEdgeStyle.arrowhead, Style: "solid"})
	}
	if wide {
		items = append(items, LegendItem{Kind: "edge", Key: "width", Label: "thicker: more sources; ×N: N facts merged",
			Stroke: "#444444", StrokeWidth: 2.8, Style: "solid"})
	}
	return items
}

func nodeItem(key, label string, st nodeStyle, pen float64) LegendItem {
	dash := ""
	switch {
	case strings.Contains(st.style, "dashed"):
		dash = lineStyles["reported"].dash
	case strings.Contains(st.style, "dotted"):
		dash = lineStyles["speculative"].dash
	}
	if strings.Contains(st.style, "bold") && pen < 2 {
		pen = 2
	}
	return LegendItem{Kind: "node", Key: key, Label: label, Shape: st.shape, Fill: st.fill, Stroke: "#000000",
		StrokeWidth: pen, Dash: dash, Style: st.style}
}

// The key's geometry, in the points Graphviz's SVG uses.
const (
	keyRow    = 18.0
	keySwatch = 38.0
	keyFont   = 10.0
	keyPad    = 10.0
	keyChar   = 5.6 // the advance of an average character at keyFont
)

// keyWidth is the width of one column of the key: its swatch and longest
// label.
func keyWidth(items []LegendItem) float64 {
	n := 0
	for _, it := range items {
		n = max(n, utf8.RuneCountInString(it.Label))
	}
	return keySwatch + 6 + keyChar*float64(n) + keyPad
}

var (
	svgOpen  = regexp.MustCompile(`(?s)<svg\b[^>]*>`)
	svgAttr  = regexp.MustCompile(`\b(width|height|viewBox)="([^"]*)"`)
	ptNumber = regexp.MustCompile(`^([0-9.]+)(pt|px)?$`)
)

// WithKey composes a Graphviz SVG drawing and a key of items into one SVG:
// the drawing unchanged in a nested <svg>, the key in its own group placed
// to its right (or below a drawing much wider than tall), never over it.
func WithKey(svg []byte, items []LegendItem) ([]byte, error) {
	if len(items) == 0 {
		return svg, nil
	}
	start := bytes.Index(svg, []byte("<svg"))
	if start < 0 {
		return nil, fmt.Errorf("key: no <svg> element in the drawing")
	}
	open := svgOpen.Find(svg[start:])
	if open == nil {
		return nil, fmt.Errorf("key: unterminated <svg> element")
	}
	var w, h float64
	var unit string
	for _, a := range svgAttr.FindAllSubmatch(open, -1) {
		if string(a[1]) == "viewBox" {
			continue
		}
		n := ptNumber.FindStringSubmatch(string(a[2]))
		if n == nil {
			return nil, fmt.Errorf("key: drawing %s %q is not a length", a[1], a[2])
		}
		v, _ := strconv.ParseFloat(n[1], 64)
		if string(a[1]) == "width" {
			w, unit = v, n[2]
		} else {
			h = v
		}
	}
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("key: drawing has no width and height")
	}
	keyH := keyPad*2 + keyRow*float64(len(items)+1)
	kw := keyWidth(items)
	var kx, ky, tw, th float64
	if w > 2.2*h && w > kw*2 {
		// Below a wide drawing, in columns.
		cols := max(1, int(w/(kw+keyPad)))
		rows := (len(items) + cols - 1) / cols
		kx, ky = 0, h
		tw, th = w, h+keyPad*2+keyRow*float64(rows+1)
	} else {
		kx, ky = w, 0
		tw, th = w+kw+keyPad, math.Max(h, keyH)
	}
	var b bytes.Buffer
	b.Write(svg[:start])
	fmt.Fprintf(&b, `<svg width="%.0f%s" height="%.0f%s" viewBox="0 0 %.2f %.2f" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`+"\n",
		tw, unit, th, unit, tw, th)
	b.WriteString(`<rect width="100%" height="100%" fill="white"/>` + "\n")
	// The drawing keeps its own viewBox, placed at the origin at its size.
	inner := svgAttr.ReplaceAllFunc(open, func(a []byte) []byte {
		m := svgAttr.FindSubmatch(a)
		switch string(m[1]) {
		case "width":
			return fmt.Appendf(nil, `x="0" y="0" width="%.2f"`, w)
		case "height":
			return fmt.Appendf(nil, `height="%.2f"`, h)
		}
		return a
	})
	b.Write(inner)
	b.Write(svg[start+len(open):])
	b.WriteString("\n")
	writeKey(&b, items, kx, ky, tw-kx, kw)
	b.WriteString("</svg>\n")
	return b.Bytes(), nil
}

// writeKey draws the key's items in rows (and columns when width allows).
func writeKey(b *bytes.Buffer, items []LegendItem, x, y, width, kw float64) {
	cols := max(1, int(width/(kw+keyPad)))
	fmt.Fprintf(b, `<g id="key" class="key" transform="translate(%.2f,%.2f)" font-family="Helvetica,Arial,sans-serif" font-size="%.0f">`+"\n", x+keyPad, y+keyPad, keyFont)
	fmt.Fprintf(b, `<text x="0" y="%.1f" font-weight="bold">Key</text>`+"\n", keyRow*0.7)
	rows := (len(items) + cols - 1) / cols
	for i, it := range items {
		col, row := i/rows, i%rows
		ox, oy := float64(col)*(kw+keyPad), keyRow*float64(row+1)
		fmt.Fprintf(b, `<g class="key-item %s" transform="translate(%.2f,%.2f)">`, htmlEscape(it.Key), ox, oy)
		swatch(b, it)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f">%s</text></g>`+"\n", keySwatch+6, keyRow*0.65, htmlEscape(it.Label))
	}
	b.WriteString("</g>\n")
}

// swatch draws one item's sample in a keySwatch × keyRow box.
func swatch(b *bytes.Buffer, it LegendItem) {
	stroke := fmt.Sprintf(`stroke="%s" stroke-width="%.1f"`, it.Stroke, it.StrokeWidth)
	if it.Dash != "" {
		stroke += fmt.Sprintf(` stroke-dasharray="%s"`, it.Dash)
	}
	fill := it.Fill
	if fill == "" {
		fill = "none"
	}
	x0, y0, w, h := 3.0, 3.0, keySwatch-6, keyRow-6
	if it.Kind == "edge" {
		y := keyRow / 2
		if it.Double {
			fmt.Fprintf(b, `<path d="M2,%.1fH%.1fM2,%.1fH%.1f" %s fill="none"/>`, y-1.5, keySwatch-6, y+1.5, keySwatch-6, stroke)
		} else {
			fmt.Fprintf(b, `<path d="M2,%.1fH%.1f" %s fill="none"/>`, y, keySwatch-6, stroke)
		}
		switch it.Arrow {
		case "normal", "vee":
			fmt.Fprintf(b, `<path d="M%.1f,%.1fL%.1f,%.1fL%.1f,%.1f" stroke="%s" fill="%s"/>`, keySwatch-8, y-3.5, keySwatch-2, y, keySwatch-8, y+3.5, it.Stroke, map[bool]string{true: it.Stroke, false: "none"}[it.Arrow == "normal"])
		case "tee":
			fmt.Fprintf(b, `<path d="M%.1f,%.1fV%.1f" stroke="%s" stroke-width="2"/>`, keySwatch-4, y-4, y+4, it.Stroke)
		case "odot":
			fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="3" stroke="%s" fill="white"/>`, keySwatch-4, y, it.Stroke)
		}
		return
	}
	if it.Kind == "cluster" {
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="4" fill="none" %s/>`, x0, y0, w, h, stroke)
		return
	}
	switch it.Shape {
	case "ellipse":
		fmt.Fprintf(b, `<ellipse cx="%.1f" cy="%.1f" rx="%.1f" ry="%.1f" fill="%s" %s/>`, x0+w/2, y0+h/2, w/2, h/2, fill, stroke)
	case "hexagon", "octagon", "septagon":
		n := map[string]int{"hexagon": 6, "octagon": 8, "septagon": 7}[it.Shape]
		var pts []string
		for i := range n {
			a := 2*math.Pi*float64(i)/float64(n) + math.Pi/float64(n) - math.Pi/2
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x0+w/2+w/2*math.Cos(a), y0+h/2+h/2*math.Sin(a)))
		}
		fmt.Fprintf(b, `<polygon points="%s" fill="%s" %s/>`, strings.Join(pts, " "), fill, stroke)
	case "house":
		fmt.Fprintf(b, `<polygon points="%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="%s" %s/>`,
			x0+w/2, y0, x0+w, y0+h*0.4, x0+w, y0+h, x0, y0+h, x0, y0+h*0.4, fill, stroke)
	case "cds":
		fmt.Fprintf(b, `<polygon points="%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="%s" %s/>`,
			x0, y0, x0+w-6, y0, x0+w, y0+h/2, x0+w-6, y0+h, x0, y0+h, fill, stroke)
	default:
		rx := 0.0
		if strings.Contains(it.Style, "rounded") || it.Shape == "cylinder" {
			rx = 4
		}
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="%.1f" fill="%s" %s/>`, x0, y0, w, h, rx, fill, stroke)
	}
}
