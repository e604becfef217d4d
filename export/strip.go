package export

import (
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"github.com/itkg/itkg/graph"
)

// TimelineStrip writes an SVG strip of m's dated facts along a time axis:
// one dot per fact, coloured by polarity, hollow for reported or
// speculative facts, with the evidence as a tooltip. Periods are bars.
func TimelineStrip(w io.Writer, ds *graph.Dataset, m Map) error {
	var dated []*graph.Fact
	for _, f := range m.Facts {
		if !f.When().IsZero() {
			dated = append(dated, f)
		}
	}
	sort.SliceStable(dated, func(i, j int) bool { return dated[i].When().Compare(dated[j].When()) < 0 })
	const width, left, right, lane = 1000.0, 40.0, 20.0, 9.0
	first, last := 2000, 2025
	if len(dated) > 0 {
		first, last = dated[0].When().Year, dated[0].Until().Year
		for _, f := range dated {
			first = min(first, f.When().Year)
			last = max(last, f.Until().Year)
		}
	}
	last++
	span := float64(last - first)
	x := func(d graph.Date, end bool) float64 {
		t := d.First()
		if end {
			t = d.Last()
		}
		frac := float64(t.Year()-first) + float64(t.YearDay())/366
		return left + (width-left-right)*frac/span
	}
	// Greedy lanes: a fact goes into the first lane whose last dot is far
	// enough to the left, so dots do not overlap.
	var laneEnd []float64
	type dot struct {
		f      *graph.Fact
		x1, x2 float64
		lane   int
	}
	var dots []dot
	for _, f := range dated {
		x1, x2 := x(f.When(), false), x(f.Until(), true)
		if f.End.IsZero() && f.Start.IsZero() {
			x2 = x1
		}
		l := 0
		for l < len(laneEnd) && laneEnd[l] > x1-lane {
			l++
		}
		if l == len(laneEnd) {
			laneEnd = append(laneEnd, 0)
		}
		laneEnd[l] = max(x1, x2)
		dots = append(dots, dot{f, x1, x2, l})
	}
	height := 40 + float64(max(len(laneEnd), 1))*lane + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif" font-size="10">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, "<title>%s: timeline (%d dated facts)</title>\n", html.EscapeString(m.Title), len(dated))
	axisY := height - 20
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#888"/>`+"\n", left, axisY, width-right, axisY)
	step := 1
	for span/float64(step) > 20 {
		step *= 2
	}
	for y := first; y <= last; y += step {
		xx := x(graph.Date{Year: y}, false)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#bbb"/><text x="%.1f" y="%.1f" text-anchor="middle" fill="#555">%d</text>`+"\n", xx, axisY, xx, axisY+4, xx, axisY+15, y)
	}
	for _, d := range dots {
		pol := "neutral"
		if p := ds.Predicate(d.f.Predicate); p != nil {
			pol = p.Polarity
		}
		color := strings.Split(edgeStyleOf(pol).color, ":")[0]
		y := 30 + float64(d.lane)*lane
		fill := color
		if d.f.Modality == "reported" || d.f.Modality == "speculative" {
			fill = "white"
		}
		fmt.Fprintf(&b, `<g id="%s" class="fact %s %s">`, html.EscapeString(m.ID+"-t-"+d.f.ID), pol, html.EscapeString(d.f.ID))
		fmt.Fprintf(&b, "<title>%s</title>", html.EscapeString(factTooltip(ds, d.f)))
		if d.x2 > d.x1+1 {
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3" stroke-opacity="0.5"/>`, d.x1, y, d.x2, y, color)
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.2" fill="%s" stroke="%s"/></g>`+"\n", d.x1, y, fill, color)
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="14" font-size="12" font-weight="bold">%s — timeline</text>`+"\n", left, html.EscapeString(m.Title))
	fmt.Fprintf(&b, `<text x="%.0f" y="14" text-anchor="end" fill="#555">filled: stated or assessed · hollow: reported or speculative · blue cooperative · orange hostile · grey neutral</text>`+"\n", width-right)
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
