package export

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"strings"

	"github.com/itkg/itkg/graph"
)

// BarometerChart is what a barometer chart draws: one panel per pair of
// actors (several make small multiples on one time axis), each with one
// or more series of yearly scores, and the key events of the data.
type BarometerChart struct {
	Title    string
	Subtitle string // the scale, in one line
	Panels   []BarometerPanel
	Marks    []ChartMark
}

// BarometerPanel is one pair of actors.
type BarometerPanel struct {
	Title    string // "Iran — Taliban"
	Subtitle string // "47 facts from 5 sources; 22 speculative left out"
	Series   []BarometerLine
}

// BarometerLine is one series: the combined one, or one source's.
type BarometerLine struct {
	Label    string
	Combined bool // all sources together; drawn behind the sources' own
	Points   []BarometerDot
}

// BarometerDot is one year with a score.
type BarometerDot struct {
	Year                                 int
	Score                                float64
	Facts, Sources, Cooperative, Hostile int
	FactIDs                              []string
}

// ChartMark is a key event, drawn as a dashed line across the panels.
type ChartMark struct {
	Year, Month int
	Label, Fact string
}

// Chart geometry, in SVG user units (the viewBox; the chart scales to its
// container): sized so that text stays legible when a 1400-pixel window
// scales it up and a phone scales it down.
const (
	chartW      = 760.0
	chartLeft   = 68.0
	chartRight  = 16.0
	panelH      = 280.0 // one pair
	multiPanelH = 150.0 // each of several pairs
	panelGap    = 52.0  // a panel's title and its x axis labels
	markRowH    = 15.0
	chartFont   = `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"`
	maxPanels   = 20
	maxSeries   = 12
)

// Colours of the Okabe-Ito palette (colour-blind safe), as the maps use:
// cooperation bluish green, hostility vermillion.
var (
	coopColour    = "#009E73"
	hostileColour = "#D55E00"
	// Sources take the palette's other colours first, so that green and
	// vermillion keep their meaning where they can.
	sourceColours = []string{"#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#009E73", "#D55E00", "#F0E442"}
)

// WriteBarometerSVG draws a barometer chart as a standalone SVG document:
// scores on a fixed -10..+10 axis with a zero line, dots sized by the
// number of facts behind them (their count printed where it changes),
// key events as dashed lines labelled above the panels, and a legend.
// Each dot carries its facts' ids (data-facts) and a tooltip.
func WriteBarometerSVG(w io.Writer, c BarometerChart) error {
	if len(c.Panels) == 0 {
		return fmt.Errorf("barometer chart: no pair to draw")
	}
	if len(c.Panels) > maxPanels {
		return fmt.Errorf("barometer chart: %d pairs, at most %d in one chart", len(c.Panels), maxPanels)
	}
	for _, p := range c.Panels {
		if len(p.Series) > maxSeries {
			return fmt.Errorf("barometer chart: %s has %d series, at most %d drawn", p.Title, len(p.Series), maxSeries)
		}
	}
	d := newChartLayout(c)
	bw := bufio.NewWriter(w)
	d.write(bw, c)
	return bw.Flush()
}

type chartLayout struct {
	minYear, maxYear int
	plotW, plotH     float64
	head             float64 // height of title, subtitle and legend
	markRows         []int   // row of each mark's label
	markBand         float64
	bySource         bool
	legendRows       int
}

func newChartLayout(c BarometerChart) *chartLayout {
	d := &chartLayout{minYear: math.MaxInt, maxYear: math.MinInt, plotW: chartW - chartLeft - chartRight}
	for _, p := range c.Panels {
		for _, s := range p.Series {
			if !s.Combined {
				d.bySource = true
			}
			for _, pt := range s.Points {
				d.minYear, d.maxYear = min(d.minYear, pt.Year), max(d.maxYear, pt.Year)
			}
		}
	}
	if d.minYear > d.maxYear { // nothing to draw: a neutral span around the marks
		d.minYear, d.maxYear = 2020, 2025
	}
	d.plotH = panelH
	if len(c.Panels) > 1 {
		d.plotH = multiPanelH
	}
	d.head = 30
	if c.Subtitle != "" {
		d.head += 18
	}
	d.legendRows = len(d.legendItems(c, nil, 0))
	d.head += 22*float64(d.legendRows) + 4
	// Mark labels in rows, each placed in the first row where it does
	// not run into the label before it.
	var ends []float64
	for _, m := range d.visibleMarks(c.Marks) {
		x0, x1 := d.labelSpan(m)
		row := 0
		for row < len(ends) && x0 < ends[row]+8 {
			row++
		}
		if row == len(ends) {
			ends = append(ends, 0)
		}
		ends[row] = x1
		d.markRows = append(d.markRows, row)
	}
	d.markBand = float64(len(ends))*markRowH + 6
	return d
}

// visibleMarks are the marks within the chart's years.
func (d *chartLayout) visibleMarks(ms []ChartMark) []ChartMark {
	var out []ChartMark
	for _, m := range ms {
		if m.Year >= d.minYear && m.Year <= d.maxYear {
			out = append(out, m)
		}
	}
	return out
}

// labelSpan is where a mark's label runs: right of its line, or left of
// it when it would leave the chart.
func (d *chartLayout) labelSpan(m ChartMark) (float64, float64) {
	x := d.x(markYear(m))
	w := textWidth(m.Label, 11)
	if x+4+w > chartW-chartRight {
		return x - 4 - w, x - 4
	}
	return x + 4, x + 4 + w
}

// textWidth estimates the width of text in a sans-serif font of size px.
func textWidth(s string, px float64) float64 {
	return float64(len([]rune(s))) * px * 0.56
}

func markYear(m ChartMark) float64 {
	if m.Month == 0 {
		return float64(m.Year)
	}
	return float64(m.Year) - 0.5 + (float64(m.Month)-0.5)/12
}

// x places a year (the middle of it) on the chart.
func (d *chartLayout) x(year float64) float64 {
	span := float64(d.maxYear-d.minYear) + 1
	return chartLeft + (year-(float64(d.minYear)-0.5))/span*d.plotW
}

func (d *chartLayout) panelTop(i int) float64 {
	return d.head + d.markBand + float64(i)*(d.plotH+panelGap) + 22
}

func (d *chartLayout) y(top, score float64) float64 {
	return top + (10-score)/20*d.plotH
}

func dotRadius(facts int) float64 {
	return math.Min(2.5+1.7*math.Sqrt(float64(facts)), 12)
}

func (d *chartLayout) height(n int) float64 {
	return d.panelTop(n-1) + d.plotH + 34
}

func esc(s string) string { return html.EscapeString(s) }

// narrowStyle serves a phone, where the chart is scaled to about half its
// size: the titles and the axes' labels grow so that years and scores
// read at a glance, and the secondary text (subtitles, counts, the
// rotated axis title) gives way; the positions stay those of the wide
// layout, so nothing else moves.
const narrowStyle = `@media (max-width: 560px) {
  .title { font-size: 22px }
  .panel-title { font-size: 20px }
  .x-axis text, .y-axis text { font-size: 20px }
  .y-axis .tick-top { dominant-baseline: hanging }
  .y-axis .tick-bottom { transform: translateY(-9px) }
  .subtitle, .panel-subtitle, .count, .axis-title { display: none }
}`

func (d *chartLayout) write(w *bufio.Writer, c BarometerChart) {
	height := d.height(len(c.Panels))
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %.0f" width="100%%" style="max-width:%gpx" %s font-size="12" role="img" aria-label="%s">
<title>%s</title>
<style>%s</style>
<rect width="100%%" height="100%%" fill="#ffffff"/>
`, chartW, height, chartW*2, chartFont, esc(c.Title), esc(c.Title), narrowStyle)
	fmt.Fprintf(w, `<text class="title" x="%g" y="22" font-size="17" font-weight="bold">%s</text>`+"\n", chartLeft-50, esc(c.Title))
	y := 30.0
	if c.Subtitle != "" {
		y += 16
		fmt.Fprintf(w, `<text class="subtitle" x="%g" y="%g" font-size="12" fill="#444">%s</text>`+"\n", chartLeft-50, y, esc(c.Subtitle))
	}
	d.legendItems(c, w, y+22)
	marks := d.visibleMarks(c.Marks)
	for i, p := range c.Panels {
		d.panel(w, c, i, p, marks)
	}
	// Mark labels above the first panel, each with a line down to it;
	// the panels draw the lines across themselves, under their data.
	fmt.Fprintln(w, `<g class="marks">`)
	bottom := d.panelTop(0)
	for i, m := range marks {
		x := d.x(markYear(m))
		row := d.markRows[i]
		ly := d.head + float64(row)*markRowH + 12
		x0, _ := d.labelSpan(m)
		fmt.Fprintf(w, `<g class="mark" data-fact="%s"><title>%s: %s (evidence: %s)</title>`, esc(m.Fact), markDate(m), esc(m.Label), esc(m.Fact))
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555" stroke-width="1" stroke-dasharray="4 3"/>`, x, ly-9, x, bottom)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" font-size="11" fill="#222">%s</text></g>`+"\n", x0, ly, esc(m.Label))
	}
	fmt.Fprintln(w, `</g>`)
	fmt.Fprintln(w, `</svg>`)
}

func markDate(m ChartMark) string {
	if m.Month == 0 {
		return fmt.Sprint(m.Year)
	}
	return fmt.Sprintf("%04d-%02d", m.Year, m.Month)
}

// legendItem is one entry of the legend: a symbol and its label.
type legendItem struct {
	draw  func(w *bufio.Writer, x, y float64) float64 // returns the symbol's right edge
	label string
}

// legendItems lists the legend's entries and places them in rows that fit
// the chart's width; with w nil it only counts the rows.
func (d *chartLayout) legendItems(c BarometerChart, w *bufio.Writer, y float64) [][]legendItem {
	dot := func(fill string, r float64) func(*bufio.Writer, float64, float64) float64 {
		return func(w *bufio.Writer, x, y float64) float64 {
			fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="#fff" stroke-width="0.8"/>`, x+r, y, r, fill)
			return x + 2*r
		}
	}
	var items []legendItem
	if d.bySource {
		// One entry per series, from the first panel (by source, one pair).
		for i, s := range c.Panels[0].Series {
			if s.Combined {
				items = append(items, legendItem{func(w *bufio.Writer, x, y float64) float64 {
					fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#bbb" stroke-width="6" stroke-linecap="round"/>`, x+3, y, x+19, y)
					return x + 22
				}, s.Label})
				continue
			}
			items = append(items, legendItem{dot(sourceColours[(i-1+len(sourceColours))%len(sourceColours)], 5), s.Label})
		}
	} else {
		items = append(items, legendItem{dot(coopColour, 5), "cooperative year (score > 0)"}, legendItem{dot(hostileColour, 5), "hostile year (score < 0)"})
	}
	items = append(items, legendItem{func(w *bufio.Writer, x, y float64) float64 {
		for _, n := range []int{1, 5, 20} {
			r := dotRadius(n)
			fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="none" stroke="#555"/>`, x+r, y, r)
			x += 2*r + 3
		}
		return x
	}, "1, 5, 20 facts"}, legendItem{func(w *bufio.Writer, x, y float64) float64 {
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555" stroke-dasharray="4 3"/>`, x+4, y-7, x+4, y+7)
		return x + 6
	}, "key event"})
	// Symbols are at most 40 units wide; rows break before the edge.
	var rows [][]legendItem
	x := chartLeft - 50
	for _, it := range items {
		width := 40 + 4 + textWidth(it.label, 11.5) + 14
		if len(rows) == 0 || x+width > chartW-chartRight {
			rows = append(rows, nil)
			x = chartLeft - 50
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], it)
		x += width
	}
	if w == nil {
		return rows
	}
	fmt.Fprintln(w, `<g class="legend">`)
	for r, row := range rows {
		x := chartLeft - 50
		ry := y + float64(r)*22
		for _, it := range row {
			x = it.draw(w, x, ry)
			fmt.Fprintf(w, `<text x="%.1f" y="%.1f" font-size="11.5">%s</text>`+"\n", x+4, ry+4, esc(it.label))
			x += 4 + textWidth(it.label, 11.5) + 14
		}
	}
	fmt.Fprintln(w, `</g>`)
	return rows
}

func (d *chartLayout) panel(w *bufio.Writer, c BarometerChart, i int, p BarometerPanel, marks []ChartMark) {
	top := d.panelTop(i)
	left, right := chartLeft, chartLeft+d.plotW
	mid := d.y(top, 0)
	fmt.Fprintf(w, `<g class="panel" data-pair="%s">`+"\n", esc(p.Title))
	fmt.Fprintf(w, `<text class="panel-title" x="%g" y="%.1f" font-size="14" font-weight="bold">%s</text>`, chartLeft-50, top-12, esc(p.Title))
	if p.Subtitle != "" {
		fmt.Fprintf(w, `<text class="panel-subtitle" x="%.1f" y="%.1f" font-size="11.5" fill="#444">%s</text>`, chartLeft-50+textWidth(p.Title, 14)*1.05+10, top-12, esc(p.Subtitle))
	}
	fmt.Fprintln(w)
	// Background: cooperation above the zero line, hostility below.
	fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#eef7f2"/>`, left, top, d.plotW, mid-top)
	fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#fcefe8"/>`+"\n", left, mid, d.plotW, top+d.plotH-mid)
	// The y axis: the scale is fixed, so panels and pairs compare.
	fmt.Fprintln(w, `<g class="axis y-axis">`)
	ticks := []float64{-10, -5, 0, 5, 10}
	if d.plotH < 200 {
		ticks = []float64{-10, 0, 10}
	}
	for _, t := range ticks {
		ty := d.y(top, t)
		if t != 0 {
			fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#d6d6d6" stroke-width="0.8"/>`, left, ty, right, ty)
		}
		fill := "#222"
		switch {
		case t > 0:
			fill = coopColour
		case t < 0:
			fill = hostileColour
		}
		class := "tick"
		switch t {
		case 10:
			class += " tick-top"
		case -10:
			class += " tick-bottom"
		}
		fmt.Fprintf(w, `<text class="%s" x="%.1f" y="%.1f" text-anchor="end" font-size="11" fill="%s">%s</text>`+"\n", class, left-6, ty+4, fill, signed(t))
	}
	if d.plotH >= 200 {
		cx, cy := chartLeft-46, top+d.plotH/2
		fmt.Fprintf(w, `<text class="axis-title" x="%.1f" y="%.1f" transform="rotate(-90 %.1f %.1f)" text-anchor="middle" font-size="11" fill="#333"><tspan fill="%s">hostile</tspan> · score · <tspan fill="%s">cooperative</tspan></text>`+"\n",
			cx, cy, cx, cy, hostileColour, coopColour)
	}
	fmt.Fprintln(w, `</g>`)
	// The x axis: years, ticked so that labels never crowd.
	fmt.Fprintln(w, `<g class="axis x-axis">`)
	fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>`+"\n", left, top+d.plotH, right, top+d.plotH)
	step := yearStep(d.maxYear - d.minYear + 1)
	for yr := d.minYear; yr <= d.maxYear; yr++ {
		tx := d.x(float64(yr))
		if yr%step != 0 && !(yr == d.minYear && d.maxYear-d.minYear < step) {
			fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999"/>`, tx, top+d.plotH, tx, top+d.plotH+3)
			continue
		}
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>`, tx, top+d.plotH, tx, top+d.plotH+5)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11">%d</text>`+"\n", tx, top+d.plotH+17, yr)
	}
	fmt.Fprintln(w, `</g>`)
	// The zero line, over the background.
	fmt.Fprintf(w, `<line class="zero" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#222" stroke-width="1.3"/>`+"\n", left, mid, right, mid)
	for _, m := range marks {
		x := d.x(markYear(m))
		fmt.Fprintf(w, `<line class="mark-line" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555" stroke-width="1" stroke-dasharray="4 3"/>`+"\n", x, top, x, top+d.plotH)
	}
	empty := true
	for _, s := range p.Series {
		if len(s.Points) > 0 {
			empty = false
		}
	}
	if empty {
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="12" fill="#555">no cooperative or hostile facts between the two</text>`+"\n", left+d.plotW/2, mid-8)
	}
	n := 0
	for _, s := range p.Series {
		if !s.Combined {
			n++
		}
	}
	k := 0
	for si, s := range p.Series {
		if s.Combined && d.bySource {
			d.series(w, top, s, "#bbbbbb", 0, true)
			continue
		}
		colour := ""
		if d.bySource {
			colour = sourceColours[(si-1+len(sourceColours))%len(sourceColours)]
		}
		// Sources side by side within their year, so dots do not hide
		// each other.
		off := 0.0
		if n > 1 {
			slot := math.Min(d.plotW/float64(d.maxYear-d.minYear+1)/float64(n), 6)
			off = (float64(k) - float64(n-1)/2) * slot
		}
		k++
		d.series(w, top, s, colour, off, false)
	}
	fmt.Fprintln(w, `</g>`)
}

func signed(t float64) string {
	switch {
	case t > 0:
		return fmt.Sprintf("+%g", t)
	case t < 0:
		return fmt.Sprintf("−%g", -t)
	}
	return "0"
}

// yearStep is the spacing of labelled year ticks: at most about twelve.
func yearStep(span int) int {
	for _, s := range []int{1, 2, 5, 10, 20, 50} {
		if span/s <= 12 {
			return s
		}
	}
	return 100
}

// series draws one line: segments between consecutive years only (a gap
// in the data is a gap in the line), then a dot per year.
func (d *chartLayout) series(w *bufio.Writer, top float64, s BarometerLine, colour string, off float64, backdrop bool) {
	class := "series"
	if s.Combined {
		class += " combined"
	}
	fmt.Fprintf(w, `<g class="%s" data-series="%s">`+"\n", class, esc(s.Label))
	lineColour, width := colour, 1.6
	if colour == "" {
		lineColour = "#555"
	}
	if backdrop {
		width = 6
	}
	for i := 1; i < len(s.Points); i++ {
		a, b := s.Points[i-1], s.Points[i]
		if b.Year != a.Year+1 {
			continue
		}
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%g" stroke-linecap="round"/>`+"\n",
			d.x(float64(a.Year))+off, d.y(top, a.Score), d.x(float64(b.Year))+off, d.y(top, b.Score), lineColour, width)
	}
	for i, pt := range s.Points {
		px, py := d.x(float64(pt.Year))+off, d.y(top, pt.Score)
		r := dotRadius(pt.Facts)
		fill := colour
		if fill == "" {
			switch {
			case pt.Score > 0:
				fill = coopColour
			case pt.Score < 0:
				fill = hostileColour
			default:
				fill = "#777777"
			}
		}
		if backdrop {
			r = 3
		}
		fmt.Fprintf(w, `<g class="point" data-year="%d" data-facts="%s"><title>%s%d: score %s, %s (%d cooperative, %d hostile) from %s: %s</title>`,
			pt.Year, esc(strings.Join(pt.FactIDs, " ")), esc(seriesPrefix(s)), pt.Year, signedScore(pt.Score), graph.Count(pt.Facts, "fact"),
			pt.Cooperative, pt.Hostile, graph.Count(pt.Sources, "source"), esc(strings.Join(pt.FactIDs, ", ")))
		fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" fill-opacity="0.9" stroke="#ffffff" stroke-width="1"/>`, px, py, r, fill)
		// The count where it changes along the line, away from the zero
		// line, so runs of equal years are not labelled over and over.
		if !backdrop && !d.bySource && (i == 0 || s.Points[i-1].Year != pt.Year-1 || s.Points[i-1].Facts != pt.Facts) {
			ly := py - r - 3
			if pt.Score < 0 {
				ly = py + r + 10
			}
			fmt.Fprintf(w, `<text class="count" x="%.1f" y="%.1f" text-anchor="middle" font-size="9.5" fill="#333">%d</text>`, px, ly, pt.Facts)
		}
		fmt.Fprintln(w, `</g>`)
	}
	fmt.Fprintln(w, `</g>`)
}

func seriesPrefix(s BarometerLine) string {
	if s.Combined {
		return ""
	}
	return s.Label + ", "
}

func signedScore(x float64) string {
	if x > 0 {
		return fmt.Sprintf("+%.1f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

// WriteBarometerFile draws c into the file path, whole or not at all.
func WriteBarometerFile(path string, c BarometerChart) error {
	var b strings.Builder
	if err := WriteBarometerSVG(&b, c); err != nil {
		return err
	}
	if err := writeFileAtomic(path, []byte(b.String())); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
