package queries

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/itkg/itkg/graph"
)

// The barometer's rules (docs/schema.md, "The relations barometer"): a
// year's score is the mean contribution of the pair's cooperative and
// hostile facts in that year, each contributing its predicate's weight,
// halved for an act not carried out (a stage). Negated facts and facts
// of neutral predicates contribute nothing; they are counted and listed.

// StageFactor is what an act not carried out (planned, pledged, agreed,
// signed, under way) contributes, as a share of its predicate's weight.
const StageFactor = 0.5

// MaxBarometerYears bounds the years one fact may cover: a longer period
// is a data error, not decades of points.
const MaxBarometerYears = 100

// MainPairs are the pairs of actors `itkg barometer --pairs main` draws.
var MainPairs = [][2]string{
	{"iran", "taliban"}, {"iran", "iskp"}, {"taliban", "iskp"}, {"iran", "pakistan"}, {"iran", "united-states"},
}

// BarometerOptions choose the facts a barometer counts.
type BarometerOptions struct {
	// Filter applies the usual fact filters; Since and Until bound the
	// years, not the facts, so a period that began earlier still counts in
	// the years it reaches.
	Filter Filter
	// IncludeSpeculative counts facts the sources put as a possibility or
	// forecast; they are left out by default (and counted as left out).
	IncludeSpeculative bool
	// BySource adds one series per source beside the combined one.
	BySource bool
}

// Barometer is the balance of cooperative and hostile facts between two
// actors, year by year.
type Barometer struct {
	A Ref `json:"a"`
	B Ref `json:"b"`
	// Series holds the combined series first (Source nil), then with
	// BySource one series per source, in source id order.
	Series []BarometerSeries `json:"series"`
	// Marks are the key events of the data (marks.yaml) in date order.
	Marks []MarkView `json:"marks"`
	// Speculative counts the speculative facts about the pair left out.
	Speculative int             `json:"speculative_left_out"`
	Settings    []FilterSetting `json:"filters,omitempty"`
}

// BarometerSeries is one line of the chart: all sources, or one.
type BarometerSeries struct {
	Source *SourceRef       `json:"source"` // nil for all sources combined
	Points []BarometerPoint `json:"points"`
	Total  BarometerCounts  `json:"total"` // distinct facts and sources over every year
}

// BarometerCounts counts the facts of a year (or of a series).
type BarometerCounts struct {
	// Facts counts the cooperative and hostile facts: those behind the score.
	Facts       int `json:"facts"`
	Sources     int `json:"sources"` // distinct sources of those facts
	Cooperative int `json:"cooperative"`
	Hostile     int `json:"hostile"`
	Staged      int `json:"staged"` // of Facts, acts not carried out (half weight)
	Neutral     int `json:"neutral"`
	Negated     int `json:"negated"`
}

// BarometerPoint is one year of a series.
type BarometerPoint struct {
	Year int `json:"year"`
	// Score is the mean contribution of the year's cooperative and hostile
	// facts, from -10 (use of force) to +10; nil when the year has none.
	Score *float64 `json:"score"`
	BarometerCounts
	// Evidence lists every fact counted in the year, by id.
	Evidence []BarometerFact `json:"evidence"`
}

// BarometerFact is a fact as one point counts it.
type BarometerFact struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	// Role is cooperative, hostile, neutral or negated.
	Role         string  `json:"role"`
	Weight       float64 `json:"weight"`       // the predicate's
	Contribution float64 `json:"contribution"` // to the score: the weight, halved for a stage; 0 for neutral and negated
	Stage        string  `json:"stage,omitempty"`
	// Dating says why the fact counts in this year: "date", "period" (a
	// year its start..end covers; an open end runs to its article's
	// publication), "end" (a period known only by its end) or "as_of"
	// (undated: its article's publication year).
	Dating string `json:"dating"`
}

// MarkView is a key event as charts annotate it.
type MarkView struct {
	Date  string `json:"date"`
	Year  int    `json:"year"`
	Month int    `json:"month,omitempty"`
	Label string `json:"label"`
	Fact  string `json:"fact"`
}

// BarometerError is a question the barometer cannot answer from the data.
type BarometerError struct{ Msg string }

func (e *BarometerError) Error() string { return e.Msg }

// BarometerOf computes the barometer of entities a and b (ids) over ds.
func BarometerOf(ds *graph.Dataset, a, b string, opts BarometerOptions) (*Barometer, error) {
	if a == b {
		return nil, &BarometerError{fmt.Sprintf("the barometer needs two different actors, got %s twice", a)}
	}
	flt := opts.Filter
	since, until := flt.Since, flt.Until
	flt.Since, flt.Until = graph.Date{}, graph.Date{}
	speculative := opts.IncludeSpeculative || slices.Contains(flt.Modalities, "speculative")
	bm := &Barometer{A: EntityRef(ds, a), B: EntityRef(ds, b), Marks: []MarkView{}, Settings: opts.Filter.Settings()}

	type counted struct {
		year int
		fact BarometerFact
	}
	var all []counted
	for _, f := range ds.Facts {
		if !f.HasObject() || !(f.Subject == a && f.Object == b || f.Subject == b && f.Object == a) {
			continue
		}
		if !flt.Match(ds, f) {
			continue
		}
		if f.Modality == "speculative" && !speculative {
			bm.Speculative++
			continue
		}
		years, dating, err := factYears(ds, f)
		if err != nil {
			return nil, err
		}
		bf := barometerFact(ds, f)
		for _, y := range years {
			if !since.IsZero() && y < since.Year || !until.IsZero() && y > until.Year {
				continue
			}
			bf.Dating = dating
			all = append(all, counted{y, bf})
		}
	}

	series := func(src *SourceRef) BarometerSeries {
		byYear := map[int][]BarometerFact{}
		for _, c := range all {
			if src == nil || c.fact.Source == src.ID {
				byYear[c.year] = append(byYear[c.year], c.fact)
			}
		}
		s := BarometerSeries{Source: src, Points: []BarometerPoint{}}
		years := make([]int, 0, len(byYear))
		for y := range byYear {
			years = append(years, y)
		}
		sort.Ints(years)
		var every []BarometerFact
		for _, y := range years {
			ev := byYear[y]
			sort.Slice(ev, func(i, j int) bool { return ev[i].ID < ev[j].ID })
			p := BarometerPoint{Year: y, BarometerCounts: countFacts(ev), Evidence: ev}
			if p.Facts > 0 {
				var sum float64
				for _, f := range ev {
					sum += f.Contribution
				}
				score := round2(sum / float64(p.Facts))
				p.Score = &score
			}
			s.Points = append(s.Points, p)
			every = append(every, ev...)
		}
		// A period counts in every year it covers; the total counts it once.
		seen := map[string]bool{}
		var distinct []BarometerFact
		for _, f := range every {
			if !seen[f.ID] {
				seen[f.ID] = true
				distinct = append(distinct, f)
			}
		}
		s.Total = countFacts(distinct)
		return s
	}
	bm.Series = append(bm.Series, series(nil))
	if opts.BySource {
		ids := map[string]bool{}
		for _, c := range all {
			ids[c.fact.Source] = true
		}
		for _, id := range sortedKeys(ids) {
			ref := SourceView(ds, id)
			bm.Series = append(bm.Series, series(&ref))
		}
	}
	for _, m := range ds.Marks {
		bm.Marks = append(bm.Marks, MarkView{Date: m.Date.String(), Year: m.Date.Year, Month: m.Date.Month, Label: m.Label, Fact: m.Fact})
	}
	return bm, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// barometerFact weighs one fact: negated facts and neutral predicates
// contribute nothing; an act not carried out contributes StageFactor of
// its weight.
func barometerFact(ds *graph.Dataset, f *graph.Fact) BarometerFact {
	bf := BarometerFact{ID: f.ID, Source: f.Source, Subject: f.Subject, Predicate: f.Predicate, Stage: f.Stage, Role: "neutral"}
	if p := ds.Predicate(f.Predicate); p != nil {
		bf.Weight = p.Weight
		if p.Polarity == "cooperative" || p.Polarity == "hostile" {
			bf.Role = p.Polarity
		}
	}
	switch {
	case f.Negated:
		bf.Role = "negated"
	case bf.Role == "neutral":
	case f.Stage != "":
		bf.Contribution = bf.Weight * StageFactor
	default:
		bf.Contribution = bf.Weight
	}
	return bf
}

// factYears lists the years a fact counts in: its date's; every year of
// its period (an open end runs to its article's publication year); the
// end year of a period known only by its end; or, undated, its article's
// publication year (the as-of rule of docs/schema.md).
func factYears(ds *graph.Dataset, f *graph.Fact) ([]int, string, error) {
	pub := 0
	if s := ds.Source(f.Source); s != nil {
		pub = s.Published.Year
	}
	var from, to int
	var dating string
	switch {
	case !f.Date.IsZero():
		from, to, dating = f.Date.Year, f.Date.Year, "date"
	case !f.Start.IsZero() && !f.End.IsZero():
		from, to, dating = f.Start.Year, f.End.Year, "period"
	case !f.Start.IsZero():
		from, to, dating = f.Start.Year, max(f.Start.Year, pub), "period"
	case !f.End.IsZero():
		from, to, dating = f.End.Year, f.End.Year, "end"
	case pub != 0:
		from, to, dating = pub, pub, "as_of"
	default:
		return nil, "", nil // undated, and its source unknown: no year to count it in
	}
	if to-from+1 > MaxBarometerYears {
		return nil, "", &BarometerError{fmt.Sprintf("fact %s covers %d years (%d..%d); the barometer counts periods of at most %d", f.ID, to-from+1, from, to, MaxBarometerYears)}
	}
	years := make([]int, 0, to-from+1)
	for y := from; y <= to; y++ {
		years = append(years, y)
	}
	return years, dating, nil
}

func countFacts(fs []BarometerFact) BarometerCounts {
	var c BarometerCounts
	sources := map[string]bool{}
	for _, f := range fs {
		switch f.Role {
		case "cooperative", "hostile":
			c.Facts++
			sources[f.Source] = true
			if f.Role == "cooperative" {
				c.Cooperative++
			} else {
				c.Hostile++
			}
			if f.Stage != "" {
				c.Staged++
			}
		case "negated":
			c.Negated++
		default:
			c.Neutral++
		}
	}
	c.Sources = len(sources)
	return c
}

// Barometer resolves the names a and b (id, name or alias) and computes
// their barometer, reading only the facts that name both, and the marks.
func (r *Reader) Barometer(ctx context.Context, a, b string, opts BarometerOptions) (*Barometer, error) {
	ea, err := r.Resolve(ctx, a)
	if err != nil {
		return nil, err
	}
	eb, err := r.Resolve(ctx, b)
	if err != nil {
		return nil, err
	}
	// The pair's facts name both actors: list each actor's facts (negated
	// facts too) and read only the facts on both lists, so that two hubs
	// in a store cost two index scans, not every fact of either.
	ids, err := r.src.FactsNaming(ctx, ea.ID)
	if err != nil {
		return nil, err
	}
	other, err := r.src.FactsNaming(ctx, eb.ID)
	if err != nil {
		return nil, err
	}
	both := make(map[string]bool, len(other))
	for _, id := range other {
		both[id] = true
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return !both[id] })
	if _, err := r.src.Facts(ctx, ids); err != nil {
		return nil, err
	}
	ds, err := r.src.Every(ctx, graph.ClassMark)
	if err != nil {
		return nil, err
	}
	return BarometerOf(ds, ea.ID, eb.ID, opts)
}
