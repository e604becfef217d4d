package web

import (
	"strings"
	"testing"
	"time"

	"github.com/itkg/itkg/queries"
)

func TestSpan(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name     string
		f        queries.FactView
		from, to string
		open, ok bool
	}{
		{"a year spans the year", queries.FactView{Date: "2021"}, "2021-01-01", "2022-01-01", false, true},
		{"a month spans the month", queries.FactView{Date: "2023-02"}, "2023-02-01", "2023-03-01", false, true},
		{"a day is one day", queries.FactView{Date: "2022-11-15"}, "2022-11-15", "2022-11-16", false, true},
		{"an approximate year", queries.FactView{Date: "~1997"}, "1997-01-01", "1998-01-01", false, true},
		{"a period", queries.FactView{Start: "1996", End: "2001-10"}, "1996-01-01", "2001-11-01", false, true},
		{"an open period", queries.FactView{Start: "2021-08"}, "2021-08-01", "2021-09-01", true, true},
		{"undated", queries.FactView{}, "", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, open, ok := span(tt.f)
			if ok != tt.ok || open != tt.open {
				t.Fatalf("open %v ok %v, want %v %v", open, ok, tt.open, tt.ok)
			}
			if ok && (!from.Equal(day(tt.from)) || !to.Equal(day(tt.to))) {
				t.Errorf("%s … %s, want %s … %s", from.Format(time.DateOnly), to.Format(time.DateOnly), tt.from, tt.to)
			}
		})
	}
}

// TestBuildChart checks the drawing's rules: one lane per actor, a year
// as wide as its year on the axis, approximate dates fuzzy, and undated
// facts in their own lane at their article's date.
func TestBuildChart(t *testing.T) {
	fact := func(id, subject, date string, approx bool) queries.TimelineEntry {
		f := queries.FactView{ID: id, Subject: queries.Ref{ID: subject, Name: subject}, Date: date, Approximate: approx}
		f.Predicate.Polarity = "hostile"
		return queries.TimelineEntry{Period: date, FactView: f}
	}
	dated := []queries.TimelineEntry{fact("a-1", "Taliban", "1997", true), fact("a-2", "Iran", "2021-08-15", false), fact("a-3", "Iran", "2021", false)}
	asOf := []asOfGroup{{Source: queries.SourceRef{ID: "src"}, AsOf: "2024-05", Facts: make([]queries.FactView, 3)}}
	c := buildChart(wideChart, "actor", dated, asOf)
	if c == nil {
		t.Fatal("no chart")
	}
	var names []string
	bars := map[string]tlBar{}
	for _, l := range c.Lanes {
		names = append(names, l.Name)
		for _, b := range l.Bars {
			bars[b.Href] = b
		}
	}
	if got := strings.Join(names, ", "); got != "Iran, Taliban, as of the article" {
		t.Errorf("lanes %s", got)
	}
	if b := bars["/fact/a-1"]; !strings.Contains(b.Class, "fuzzy") || !strings.Contains(b.Class, "hostile") {
		t.Errorf("approximate fact drawn %q", b.Class)
	}
	if b := bars["/fact/a-2"]; strings.Contains(b.Class, "fuzzy") {
		t.Errorf("exact fact drawn %q", b.Class)
	}
	// The year 2021 bar runs from the 2021 tick to the 2022 tick.
	var x2021, x2022 float64
	for _, tk := range c.Ticks {
		switch tk.Year {
		case 2021:
			x2021 = tk.X
		case 2022:
			x2022 = tk.X
		}
	}
	if b := bars["/fact/a-3"]; b.X != x2021 || b.X+b.W < x2022-0.01 || b.X+b.W > x2022+0.01 {
		t.Errorf("2021 drawn from %.1f to %.1f, the year's ticks at %.1f and %.1f", b.X, b.X+b.W, x2021, x2022)
	}
	if b, ok := bars["#asof-src"]; !ok || !strings.Contains(b.Title, "3 facts undated, as of 2024-05") {
		t.Errorf("as-of mark %+v", b)
	}
}
