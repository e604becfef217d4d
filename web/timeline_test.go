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

func TestWrapName(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		lines string
		short bool
	}{
		{"Iran", 24, "Iran", false},
		{"Akhtar Mohammad Mansour", 24, "Akhtar Mohammad Mansour", false},
		{"Islamic State Khorasan Province", 24, "Islamic State Khorasan|Province", false},
		{"Major water projects in western Afghanistan", 24, "Major water projects in|western Afghanistan", false},
		{"Afghan migrants in the specific cases of collaboration with Israeli intelligence", 24,
			"Afghan migrants in the|specific cases of|collaboration with…", true},
		{"Afghan migrants in the specific cases of collaboration with Israeli intelligence", 62,
			"Afghan migrants in the specific cases of collaboration with|Israeli intelligence", false},
		{"Hezb-e-Wahdat-e-Islami-Afghanistan", 12, "Hezb-e-Wahda|t-e-Islami-A|fghanistan", false},
		{"", 24, "", false},
	}
	for _, tt := range tests {
		lines, short := wrapName(tt.name, tt.n, 3)
		if got := strings.Join(lines, "|"); got != tt.lines || short != tt.short {
			t.Errorf("wrapName(%q, %d, 3) = %q, %v; want %q, %v", tt.name, tt.n, got, short, tt.lines, tt.short)
		}
		for _, l := range lines {
			if n := len([]rune(l)); n > tt.n {
				t.Errorf("wrapName(%q, %d, 3): line %q of %d characters", tt.name, tt.n, l, n)
			}
		}
	}
}

// TestLaneNames checks that a lane's name is drawn whole on as many lines
// as it needs, each within the gutter, and that the lane is tall enough
// for them: the next lane's name starts below the last line.
func TestLaneNames(t *testing.T) {
	long := "Major water projects in western Afghanistan"
	// The long name's lane, with the most facts, comes first.
	dated := []queries.TimelineEntry{
		{FactView: queries.FactView{ID: "a-1", Subject: queries.Ref{ID: "m", Name: long}, Date: "2021"}},
		{FactView: queries.FactView{ID: "a-2", Subject: queries.Ref{ID: "m", Name: long}, Date: "2021"}},
		{FactView: queries.FactView{ID: "a-3", Subject: queries.Ref{ID: "i", Name: "Iran"}, Date: "2022"}},
	}
	for _, shape := range []chartShape{wideChart, narrowChart} {
		c := buildChart(shape, "actor", dated, nil)
		if len(c.Lanes) != 2 || c.Lanes[0].Name != long {
			t.Fatalf("width %v: lanes %+v", shape.Width, c.Lanes)
		}
		lane, next := c.Lanes[0], c.Lanes[1]
		var text []string
		for _, l := range lane.Lines {
			text = append(text, l.Text)
		}
		if got := strings.Join(text, " "); got != long || lane.Short {
			t.Errorf("width %v: the lane's name is drawn %q (short %v)", shape.Width, text, lane.Short)
		}
		room := shape.Gutter - 10
		if shape.NameRow > 0 {
			room = shape.Width - 8
		}
		for _, l := range lane.Lines {
			if w := float64(len([]rune(l.Text))) * tlNameCharW; w > room {
				t.Errorf("width %v: the line %q takes %.0f units of %.0f", shape.Width, l.Text, w, room)
			}
		}
		if last := lane.Lines[len(lane.Lines)-1].Y; last+4 > lane.Y+lane.H || next.Lines[0].Y-11 < last+3 {
			t.Errorf("width %v: the name's last line at %.0f, the lane %.0f–%.0f, the next name at %.0f", shape.Width, last, lane.Y, lane.Y+lane.H, next.Lines[0].Y)
		}
	}
}

// TestYearOf: the index lists a fact under the year it is ordered by, a
// period open at its start under the year it ends, never under "..20".
func TestYearOf(t *testing.T) {
	for _, tt := range []struct {
		date, start, end string
		want             string
	}{
		{"2023-02-14", "", "", "2023"},
		{"1997", "", "", "1997"},
		{"", "2021-08", "2023", "2021"},
		{"", "", "2023-02", "2023"},
		{"", "1996", "", "1996"},
	} {
		e := queries.TimelineEntry{FactView: queries.FactView{Date: tt.date, Start: tt.start, End: tt.end}}
		e.Period = e.When()
		if got := yearOf(e); got != tt.want {
			t.Errorf("yearOf(%q) = %q, want %q", e.Period, got, tt.want)
		}
	}
}
