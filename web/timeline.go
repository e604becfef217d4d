package web

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// The timeline is drawn on the server as an SVG with an axis: one lane per
// actor, theme or source, every dated fact a bar over its period (a
// year-only date spans its year, an approximate one is drawn fuzzy), and
// a last lane of the facts that describe the state at the time of writing,
// placed at their article's date. Geometry is in SVG attributes, not style
// attributes, which the Content-Security-Policy forbids.

// chartShape is the geometry of one drawing of the timeline: wide, with
// the lane names in a left gutter, or narrow (for small screens), each
// name in rows above its lane's bars. A name longer than the gutter (or
// the narrow chart) is wrapped onto at most NameLines lines.
type chartShape struct {
	Width, Gutter, NameRow float64
	NameLines              int
}

var (
	wideChart   = chartShape{Width: 1000, Gutter: 170, NameLines: 3}
	narrowChart = chartShape{Width: 420, Gutter: 4, NameRow: 14, NameLines: 2}
)

// tlNameCharW is the mean width of a character of a lane name, to wrap
// names before they run into the bars: .lane-name is 11 units high in
// style.css, and names measured 5.3–6.0 units a character in Chromium
// (6.8 for "Akhtar Mohammad Mansour", which still fits in one line).
const tlNameCharW = 0.55 * 11

const (
	tlBarH    = 9.0
	tlRowGap  = 3.0
	tlLaneGap = 10.0
	tlAxis    = 24.0
	tlMaxRows = 12 // rows a lane packs its bars into; more overlap
	tlLanes   = 16 // lanes drawn; the rest share an "other" lane
)

type timelineData struct {
	By      string
	Years   []yearGroup
	Index   []int // every year with a fact, for the index
	Chart   *timelineChart
	Narrow  *timelineChart // the same for small screens
	Dated   int
	AsOf    []asOfGroup
	Undated int
}

type yearGroup struct {
	Year  string
	Facts []queries.TimelineEntry
}

// asOfGroup is the undated facts of one source: what it says holds at the
// time it was written.
type asOfGroup struct {
	Source queries.SourceRef
	AsOf   string
	Facts  []queries.FactView
}

type timelineChart struct {
	Width, Height float64
	NameRow       bool // lane names above the bars, not beside them
	Ticks         []tlTick
	Lanes         []tlLane
}

type tlTick struct {
	X     float64
	Year  int
	Label bool // labelled; the others are minor ticks
}

type tlLane struct {
	Name   string
	Lines  []tlLine // the name as drawn, wrapped
	Short  bool     // the name is cut: its tooltip gives it whole
	Y, H   float64
	Bars   []tlBar
	AsOf   bool // the lane of facts as of their article's date
	Shaded bool
}

// tlLine is a line of a lane's name and its baseline.
type tlLine struct {
	Text string
	Y    float64
}

type tlBar struct {
	X, Y, W float64
	Class   string
	Href    string
	Title   string
}

// span is the period a fact covers, for the axis: its date, or its
// start and end; open says the period has no end.
func span(f queries.FactView) (from, to time.Time, open, ok bool) {
	parse := func(s string) graph.Date {
		d, _ := graph.ParseDate(strings.TrimPrefix(s, "~"))
		return d
	}
	switch {
	case f.Date != "":
		d := parse(f.Date)
		return d.First(), d.Last().AddDate(0, 0, 1), false, !d.IsZero()
	case f.Start != "":
		s, e := parse(f.Start), parse(f.End)
		if e.IsZero() {
			return s.First(), s.Last().AddDate(0, 0, 1), true, !s.IsZero()
		}
		return s.First(), e.Last().AddDate(0, 0, 1), false, !s.IsZero()
	case f.End != "":
		e := parse(f.End)
		return e.First(), e.Last().AddDate(0, 0, 1), false, !e.IsZero()
	}
	return time.Time{}, time.Time{}, false, false
}

// laneOf names the lane a fact goes in.
func laneOf(by string, f queries.FactView) string {
	switch by {
	case "theme":
		if len(f.Themes) > 0 {
			return f.Themes[0]
		}
		return "no theme"
	case "source":
		return f.Source.Cite()
	}
	return f.Subject.Name
}

func buildChart(shape chartShape, by string, dated []queries.TimelineEntry, asOf []asOfGroup) *timelineChart {
	type item struct {
		f        queries.FactView
		from, to time.Time
		open     bool
	}
	lanes := map[string][]item{}
	var lo, hi time.Time
	for _, e := range dated {
		from, to, open, ok := span(e.FactView)
		if !ok {
			continue
		}
		name := laneOf(by, e.FactView)
		lanes[name] = append(lanes[name], item{e.FactView, from, to, open})
		if lo.IsZero() || from.Before(lo) {
			lo = from
		}
		if to.After(hi) {
			hi = to
		}
	}
	for _, g := range asOf {
		d, err := graph.ParseDate(strings.TrimPrefix(g.AsOf, "~"))
		if err == nil && !d.IsZero() {
			if lo.IsZero() || d.First().Before(lo) {
				lo = d.First()
			}
			if d.Last().After(hi) {
				hi = d.Last()
			}
		}
	}
	if lo.IsZero() {
		return nil
	}
	y0, y1 := lo.Year(), hi.Year()+1
	// Years with more facts are drawn wider, so the busy recent years are
	// readable and the sparse decades before them stay on the axis: each
	// year is 1 + 8·√(its facts / the busiest year's) wide, in proportion.
	count := make([]int, y1-y0+1)
	busiest := 1
	for _, items := range lanes {
		for _, it := range items {
			i := it.from.Year() - y0
			count[i]++
			busiest = max(busiest, count[i])
		}
	}
	start := make([]float64, y1-y0+2)
	for i := range count {
		start[i+1] = start[i] + 1 + 8*math.Sqrt(float64(count[i])/float64(busiest))
	}
	total := start[y1-y0]
	x := func(t time.Time) float64 {
		i := min(max(t.Year()-y0, 0), y1-y0)
		begin := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		frac := float64(t.Sub(begin)) / float64(begin.AddDate(1, 0, 0).Sub(begin))
		return shape.Gutter + (shape.Width-shape.Gutter-8)*(start[i]+frac*(start[i+1]-start[i]))/total
	}
	c := &timelineChart{Width: shape.Width, NameRow: shape.NameRow > 0}
	lastLabel := -100.0
	for y := y0; y <= y1; y++ {
		tx := x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		label := y < y1 && tx-lastLabel >= 24
		if label {
			lastLabel = tx
		}
		c.Ticks = append(c.Ticks, tlTick{X: tx, Year: y, Label: label})
	}
	// The busiest lanes first; past tlLanes the rest share one.
	names := make([]string, 0, len(lanes))
	for n := range lanes {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if len(lanes[names[i]]) != len(lanes[names[j]]) {
			return len(lanes[names[i]]) > len(lanes[names[j]])
		}
		return names[i] < names[j]
	})
	if len(names) > tlLanes {
		other := "other (" + graph.Count(len(names)-tlLanes+1, by) + ")"
		for _, n := range names[tlLanes-1:] {
			lanes[other] = append(lanes[other], lanes[n]...)
		}
		names = append(names[:tlLanes-1], other)
	}
	y := tlAxis
	for i, n := range names {
		items := lanes[n]
		sort.SliceStable(items, func(a, b int) bool { return items[a].from.Before(items[b].from) })
		var rowEnd []float64
		lane := tlLane{Name: n, Y: y, Shaded: i%2 == 0}
		nameH := shape.name(&lane)
		top := y + 4 + shape.NameRow*float64(len(lane.Lines))
		for _, it := range items {
			x0, x1 := x(it.from), x(it.to)
			if x1-x0 < 3 {
				x1 = x0 + 3
			}
			row := -1
			for r, end := range rowEnd {
				if end+1 <= x0 {
					row = r
					break
				}
			}
			if row < 0 {
				if len(rowEnd) < tlMaxRows {
					rowEnd = append(rowEnd, 0)
					row = len(rowEnd) - 1
				} else {
					row = len(rowEnd) - 1
				}
			}
			rowEnd[row] = max(rowEnd[row], x1)
			class := "bar " + it.f.Predicate.Polarity
			if it.f.Approximate || strings.HasPrefix(it.f.Date, "~") {
				class += " fuzzy"
			}
			if it.open {
				class += " open"
			}
			if it.f.Modality == "speculative" {
				class += " speculative"
			}
			lane.Bars = append(lane.Bars, tlBar{X: x0, Y: top + float64(row)*(tlBarH+tlRowGap), W: x1 - x0, Class: class,
				Href: "/fact/" + it.f.ID, Title: fmt.Sprintf("%s %s — %s → %s (%s)", it.f.When(), it.f.Subject.Name, it.f.Relation(), objectText(it.f), it.f.Source.Cite())})
		}
		lane.H = max(8+shape.NameRow*float64(len(lane.Lines))+float64(max(len(rowEnd), 1))*(tlBarH+tlRowGap), nameH)
		c.Lanes = append(c.Lanes, lane)
		y += lane.H + tlLaneGap
	}
	if len(asOf) > 0 {
		lane := tlLane{Name: "as of the article", Y: y, AsOf: true, Shaded: len(names)%2 == 0}
		nameH := shape.name(&lane)
		top := y + 4 + shape.NameRow*float64(len(lane.Lines))
		for i, g := range asOf {
			d, err := graph.ParseDate(strings.TrimPrefix(g.AsOf, "~"))
			if err != nil || d.IsZero() {
				continue
			}
			row := float64(i % 3)
			lane.Bars = append(lane.Bars, tlBar{X: x(d.First()), Y: top + row*(tlBarH+tlRowGap), W: max(x(d.Last().AddDate(0, 0, 1))-x(d.First()), 3),
				Class: "bar asof", Href: "#asof-" + g.Source.ID,
				Title: fmt.Sprintf("%s: %s undated, as of %s", g.Source.Cite(), graph.Count(len(g.Facts), "fact"), g.AsOf)})
		}
		lane.H = max(8+shape.NameRow*float64(len(lane.Lines))+3*(tlBarH+tlRowGap), nameH)
		c.Lanes = append(c.Lanes, lane)
		y += lane.H + tlLaneGap
	}
	c.Height = y
	return c
}

// name wraps the lane's name into the lines drawn, each as wide as the
// gutter (or the narrow chart) holds, and gives the height they take.
func (shape chartShape) name(lane *tlLane) float64 {
	room, lineH := shape.Gutter-10, 12.0
	if shape.NameRow > 0 {
		room, lineH = shape.Width-8, shape.NameRow
	}
	var lines []string
	lines, lane.Short = wrapName(lane.Name, int(room/tlNameCharW), shape.NameLines)
	for i, l := range lines {
		lane.Lines = append(lane.Lines, tlLine{Text: l, Y: lane.Y + 13 + float64(i)*lineH})
	}
	return 6 + lineH*float64(len(lines))
}

// wrapName breaks name at spaces into lines of at most n characters,
// cutting a longer word, and keeps at most maxLines of them: a name
// longer still ends in "…" on the last line kept, and short reports it.
func wrapName(name string, n, maxLines int) (lines []string, short bool) {
	var cur []rune
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if len(cur) > 0 && len(cur)+1+len(r) <= n {
			cur = append(append(cur, ' '), r...)
			continue
		}
		if len(cur) > 0 {
			lines = append(lines, string(cur))
		}
		for len(r) > n {
			lines = append(lines, string(r[:n]))
			r = r[n:]
		}
		cur = r
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, string(cur))
	}
	if len(lines) > maxLines {
		last := []rune(lines[maxLines-1])
		if len(last) >= n {
			last = last[:n-1]
		}
		return append(lines[:maxLines-1], string(last)+"…"), true
	}
	return lines, false
}

func (s *Server) timelinePage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	rd := st.reader()
	q := r.URL.Query()
	p := &page{Title: "Timeline", Nav: "timeline", Form: s.form(ctx, st, q, "/timeline")}
	by := q.Get("lanes")
	switch by {
	case "actor", "theme", "source":
	default:
		by = "actor"
	}
	data := &timelineData{By: by}
	p.Data = data
	flt, err := rd.Filter(ctx, filterSpec(q))
	if err != nil {
		if statusOf(err) >= 500 {
			return "", nil, err
		}
		p.Error = err.Error()
		return "timeline", p, nil
	}
	tl, err := rd.Timeline(ctx, flt)
	if err != nil {
		return "", nil, err
	}
	var dated []queries.TimelineEntry
	for _, e := range tl.Dated {
		if !(hideNegated(q) && e.Negated) {
			dated = append(dated, e)
		}
	}
	yearAt := map[string]int{}
	for _, e := range dated {
		year := yearOf(e)
		i, ok := yearAt[year]
		if !ok {
			i = len(data.Years)
			yearAt[year] = i
			data.Years = append(data.Years, yearGroup{Year: year})
		}
		data.Years[i].Facts = append(data.Years[i].Facts, e)
	}
	sort.SliceStable(data.Years, func(i, j int) bool { return data.Years[i].Year < data.Years[j].Year })
	for _, g := range data.Years {
		var y int
		if _, err := fmt.Sscanf(g.Year, "%d", &y); err == nil {
			data.Index = append(data.Index, y)
		}
	}
	bySource := map[string]int{}
	for _, f := range keepViews(q, tl.Undated) {
		i, ok := bySource[f.Source.ID]
		if !ok {
			i = len(data.AsOf)
			bySource[f.Source.ID] = i
			data.AsOf = append(data.AsOf, asOfGroup{Source: f.Source, AsOf: f.AsOf})
		}
		data.AsOf[i].Facts = append(data.AsOf[i].Facts, f)
		data.Undated++
	}
	sort.SliceStable(data.AsOf, func(i, j int) bool { return data.AsOf[i].AsOf < data.AsOf[j].AsOf })
	data.Dated = len(dated)
	data.Chart = buildChart(wideChart, by, dated, data.AsOf)
	data.Narrow = buildChart(narrowChart, by, dated, data.AsOf)
	return "timeline", p, nil
}

// yearOf is the year under which the index lists a dated fact: the year
// of the date it is ordered by (queries.TimelineOf): its date, or else its
// start, or else, for a period open at its start ("..2023-02"), its end.
func yearOf(e queries.TimelineEntry) string {
	year := cmp.Or(e.Date, e.Start, e.End)
	if len(year) > 4 {
		year = year[:4]
	}
	return year
}
