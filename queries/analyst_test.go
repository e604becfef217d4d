package queries_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

// entitySeqs reads each path as its entity ids joined by spaces.
func entitySeqs(r *queries.PathResult) []string {
	var out []string
	for _, p := range r.Paths {
		var ids []string
		for _, e := range p.Entities {
			ids = append(ids, e.ID)
		}
		out = append(out, strings.Join(ids, " "))
	}
	return out
}

func settingFlags(ss []queries.FilterSetting) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.String())
	}
	return strings.Join(out, ", ")
}

func TestPaths(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	tests := []struct {
		name     string
		from, to string
		opt      queries.PathOptions
		want     []string // entity sequences
		more     bool
		blocked  string // "" for no BlockedBy; else the filters named, or "-" for several together
		shortest int    // unfiltered shortest when blocked
	}{
		{name: "shortest", from: "jo-smith", to: "green-brigade",
			want: []string{"jo-smith upland lowland green-brigade"}},
		{name: "all, shortest first", from: "jo-smith", to: "green-brigade", opt: queries.PathOptions{All: true},
			want: []string{"jo-smith upland lowland green-brigade", "jo-smith upland river-accord lowland green-brigade"}},
		{name: "all within 3 hops", from: "jo-smith", to: "green-brigade", opt: queries.PathOptions{All: true, MaxHops: 3},
			want: []string{"jo-smith upland lowland green-brigade"}},
		{name: "limit", from: "jo-smith", to: "green-brigade", opt: queries.PathOptions{All: true, Limit: 1},
			want: []string{"jo-smith upland lowland green-brigade"}, more: true},
		{name: "two shortest paths of one length", from: "upland", to: "river-accord", opt: queries.PathOptions{All: true, MaxHops: 2},
			want: []string{"upland river-accord", "upland lowland river-accord"}},
		{name: "exclude predicates reroutes", from: "jo-smith", to: "green-brigade",
			opt:  queries.PathOptions{Filter: queries.Filter{Exclude: []string{"cooperates_with", "recognizes"}}},
			want: []string{"jo-smith upland river-accord lowland green-brigade"}},
		{name: "as of 2022-12 drops the 2023 source", from: "jo-smith", to: "green-brigade",
			opt:  queries.PathOptions{Filter: queries.Filter{AsOf: graph.MustDate("2022-12")}},
			want: []string{"jo-smith upland river-accord lowland green-brigade"}},
		{name: "modality keeps the asserted link", from: "upland", to: "lowland",
			opt:  queries.PathOptions{Filter: queries.Filter{Modalities: []string{"asserted"}}},
			want: []string{"upland lowland"}},
		{name: "theme removed the last path", from: "jo-smith", to: "green-brigade",
			opt: queries.PathOptions{Filter: queries.Filter{Theme: "water"}}, blocked: "--theme water", shortest: 3},
		{name: "empty theme", from: "upland", to: "lowland",
			opt: queries.PathOptions{Filter: queries.Filter{Theme: "empty"}}, blocked: "--theme empty", shortest: 1},
		{name: "since removed the last path", from: "lowland", to: "green-brigade",
			opt: queries.PathOptions{Filter: queries.Filter{Since: graph.MustDate("2022")}}, blocked: "--since 2022", shortest: 1},
		{name: "until removed the last path", from: "jo-smith", to: "green-brigade",
			opt: queries.PathOptions{Filter: queries.Filter{Until: graph.MustDate("1997")}}, blocked: "--until 1997", shortest: 3},
		{name: "only-predicate removed the last path", from: "jo-smith", to: "green-brigade",
			opt: queries.PathOptions{Filter: queries.Filter{Predicates: []string{"attacks"}}}, blocked: "--predicate attacks", shortest: 3},
		{name: "source removed the last path", from: "jo-smith", to: "green-brigade",
			opt: queries.PathOptions{Filter: queries.Filter{Source: "beta-2023"}}, blocked: "--source beta-2023", shortest: 3},
		{name: "modality removed the last path", from: "jo-smith", to: "green-brigade",
			opt: queries.PathOptions{Filter: queries.Filter{Modalities: []string{"speculative"}}}, blocked: "--modality speculative", shortest: 3},
		{name: "either of two filters", from: "upland", to: "lowland",
			opt:     queries.PathOptions{Filter: queries.Filter{Theme: "water", Exclude: []string{"signs"}}},
			blocked: "--theme water, --exclude-predicate signs", shortest: 1},
		{name: "only several filters together", from: "jo-smith", to: "green-brigade",
			opt:     queries.PathOptions{Filter: queries.Filter{Theme: "security", Since: graph.MustDate("2022")}},
			blocked: "-", shortest: 3},
		{name: "no path at all", from: "upland", to: "embassy-killings"},
		{name: "no path within max hops", from: "jo-smith", to: "green-brigade", opt: queries.PathOptions{All: true, MaxHops: 2}},
		{name: "filtered, and no path without filters either", from: "upland", to: "embassy-killings",
			opt: queries.PathOptions{Filter: queries.Filter{Theme: "water"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := queries.InMemory(ds).Path(context.Background(), tt.from, tt.to, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(entitySeqs(r), " | "); got != strings.Join(tt.want, " | ") {
				t.Errorf("paths = %q, want %q", got, strings.Join(tt.want, " | "))
			}
			if r.More != tt.more {
				t.Errorf("More = %v, want %v", r.More, tt.more)
			}
			switch {
			case tt.blocked == "" && r.BlockedBy != nil:
				t.Errorf("BlockedBy = %+v, want none", r.BlockedBy)
			case tt.blocked != "" && r.BlockedBy == nil:
				t.Errorf("BlockedBy = nil, want %s", tt.blocked)
			case tt.blocked != "":
				got := settingFlags(r.BlockedBy.Filters)
				if got == "" {
					got = "-"
				}
				if got != tt.blocked || r.BlockedBy.Shortest != tt.shortest {
					t.Errorf("blocked by %q (unfiltered %d hops), want %q (%d)", got, r.BlockedBy.Shortest, tt.blocked, tt.shortest)
				}
			}
		})
	}
}

func TestPathHops(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	r, err := queries.InMemory(ds).Path(context.Background(), "jo-smith", "green-brigade", queries.PathOptions{})
	if err != nil || len(r.Paths) != 1 {
		t.Fatalf("Paths = %+v, %v", r, err)
	}
	p := r.Paths[0]
	if p.Length != 3 || r.Shortest != 3 {
		t.Errorf("length %d, shortest %d, want 3", p.Length, r.Shortest)
	}
	var texts []string
	for _, h := range p.Hops {
		for _, st := range h.Relations {
			var ids []string
			for _, f := range st.Facts {
				ids = append(ids, f.ID)
			}
			texts = append(texts, st.Text+" "+strings.Join(ids, ","))
		}
	}
	want := []string{
		`Jo "The Engineer" Smith <& co> —represents→ Upland alpha-2022-005`,
		// Symmetric: read forward though stored as Upland cooperates_with Lowland.
		`Upland —cooperates with→ Lowland beta-2023-003`,
		// Reversed: the fact says Lowland recognizes Upland.
		`Upland ←recognizes— Lowland alpha-2022-007`,
		// Parallel facts from two sources merged into one relation, dated order.
		`Lowland ←attacks— Green Brigade alpha-2022-006,beta-2023-001`,
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Errorf("hops:\n%s\nwant\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}
	last := p.Hops[2].Relations[0]
	if last.Forward || last.Subject.ID != "green-brigade" || strings.Join(last.Sources, ",") != "alpha-2022,beta-2023" {
		t.Errorf("last hop = %+v", last)
	}
	var b bytes.Buffer
	present.WritePathText(&b, r, 1)
	for _, s := range []string{
		"1 shortest path from Jo \"The Engineer\" Smith <& co> to Green Brigade",
		"Lowland ←attacks— Green Brigade   (2 facts; alpha-2022, beta-2023)",
		`"The Green Brigade attacked Lowland in 1997, killing nine diplomats."`,
		"…and 1 more: beta-2023-001",
	} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, b.String())
		}
	}
}

func TestPathNoPathText(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	r, err := queries.InMemory(ds).Path(context.Background(), "jo-smith", "green-brigade", queries.PathOptions{Filter: queries.Filter{Theme: "water"}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	present.WritePathText(&b, r, 0)
	want := "no path from Jo \"The Engineer\" Smith <& co> to Green Brigade with --theme water\n" +
		"without filters the shortest path has 3 hops; --theme water removed the last path\n"
	if b.String() != want {
		t.Errorf("text = %q\nwant   %q", b.String(), want)
	}
	var j bytes.Buffer
	if err := queries.WriteJSON(&j, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(j.String(), `"blocked_by": {`) || !strings.Contains(j.String(), `"paths": []`) {
		t.Errorf("JSON lacks blocked_by or an empty paths list:\n%s", j.String())
	}
}

func TestPathErrors(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	if _, err := queries.InMemory(ds).Path(context.Background(), "upland", "upland", queries.PathOptions{}); !errors.Is(err, queries.ErrSameEntity) {
		t.Errorf("same entity: %v", err)
	}
	var nf *queries.NotFoundError
	if _, err := queries.InMemory(ds).Path(context.Background(), "upland", "uplnd", queries.PathOptions{}); !errors.As(err, &nf) || len(nf.Suggestions) == 0 || nf.Suggestions[0] != "upland" {
		t.Errorf("unknown id: %v", err)
	}
	// Names reach Paths through Resolve: an ambiguous alias lists the candidates.
	ds.Entity("upland").Aliases = append(ds.Entity("upland").Aliases, "GB")
	var amb *queries.AmbiguousError
	if _, err := queries.InMemory(ds).Resolve(context.Background(), "gb"); !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Errorf("ambiguous alias: %v", err)
	}
}

func TestPathVisitCap(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	r, err := queries.InMemory(ds).Path(context.Background(), "jo-smith", "green-brigade", queries.PathOptions{MaxVisited: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Paths) != 0 || !r.Truncated {
		t.Errorf("with 2 visits: %d paths, truncated %v; want none, truncated", len(r.Paths), r.Truncated)
	}
}

func TestNeighbors(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	tests := []struct {
		name   string
		center string
		opt    queries.NeighborOptions
		want   string // id:distance, nearest first then by name
	}{
		{"depth 1", "lowland", queries.NeighborOptions{}, "green-brigade:1 river-accord:1 upland:1"},
		{"depth 2", "lowland", queries.NeighborOptions{Depth: 2}, "green-brigade:1 river-accord:1 upland:1 jo-smith:2"},
		{"theme", "lowland", queries.NeighborOptions{Depth: 2, Filter: queries.Filter{Theme: "water"}}, "river-accord:1 upland:2"},
		{"empty theme", "lowland", queries.NeighborOptions{Depth: 3, Filter: queries.Filter{Theme: "empty"}}, ""},
		{"since", "lowland", queries.NeighborOptions{Filter: queries.Filter{Since: graph.MustDate("2022")}}, "river-accord:1 upland:1"},
		{"as of", "upland", queries.NeighborOptions{Filter: queries.Filter{AsOf: graph.MustDate("2022-12")}}, "jo-smith:1 river-accord:1"},
		{"exclude predicate", "green-brigade", queries.NeighborOptions{Depth: 4, Filter: queries.Filter{Exclude: []string{"attacks"}}}, ""},
		{"value facts are not edges", "jo-smith", queries.NeighborOptions{}, "upland:1"},
		{"isolated", "embassy-killings", queries.NeighborOptions{Depth: 5}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb, err := queries.InMemory(ds).Neighborhood(context.Background(), tt.center, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range nb.Neighbors {
				got = append(got, n.Entity.ID+":"+strconv.Itoa(n.Distance))
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("Neighbors(%s, %+v) = %q, want %q", tt.center, tt.opt, strings.Join(got, " "), tt.want)
			}
		})
	}

	nb, _ := queries.InMemory(ds).Neighborhood(context.Background(), "lowland", queries.NeighborOptions{Depth: 2})
	jo := nb.Neighbors[3]
	if len(jo.Via) != 1 || jo.Via[0].From.ID != "upland" || jo.Via[0].Relations[0].Text != `Upland ←represents— Jo "The Engineer" Smith <& co>` {
		t.Errorf("jo-smith via = %+v", jo.Via)
	}
	up := nb.Neighbors[2]
	if up.Entity.ID != "upland" || len(up.Via[0].Relations) != 2 || up.Via[0].Relations[1].Text != "Lowland —recognizes→ Upland" {
		t.Errorf("upland via = %+v", up.Via)
	}
	var b bytes.Buffer
	present.WriteNeighborsText(&b, nb, 0)
	for _, s := range []string{"4 entities within 2 hops of Lowland", "Green Brigade  [armed-group]  id: green-brigade  — 1 hop", "Lowland ←attacks— Green Brigade   (2 facts; alpha-2022, beta-2023)"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, b.String())
		}
	}
	if _, err := queries.InMemory(ds).Neighborhood(context.Background(), "nowhere", queries.NeighborOptions{}); err == nil {
		t.Error("unknown centre: no error")
	}
	capped, _ := queries.InMemory(ds).Neighborhood(context.Background(), "lowland", queries.NeighborOptions{Depth: 2, MaxVisited: 2})
	if !capped.Truncated || len(capped.Neighbors) != 1 {
		t.Errorf("capped at 2 visits: %d neighbours, truncated %v", len(capped.Neighbors), capped.Truncated)
	}
}

func TestTimeline(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	tests := []struct {
		name             string
		flt              queries.Filter
		dated, undated   string
		firstWhen        string
		wantDatedPeriods string
	}{
		{name: "all", flt: queries.Filter{},
			dated:   "alpha-2022-006 beta-2023-001 alpha-2022-001 alpha-2022-002 alpha-2022-007",
			undated: "alpha-2022-003 alpha-2022-004 alpha-2022-005 beta-2023-002 beta-2023-003", wantDatedPeriods: "1997 1998 2022-05 2022-05 ~2023"},
		{name: "entity", flt: queries.Filter{Entity: "green-brigade"}, dated: "alpha-2022-006 beta-2023-001", undated: ""},
		{name: "theme", flt: queries.Filter{Theme: "water"}, dated: "alpha-2022-001 alpha-2022-002", undated: "alpha-2022-003 alpha-2022-004 alpha-2022-005 beta-2023-002"},
		{name: "empty theme", flt: queries.Filter{Theme: "empty"}},
		{name: "since and until keep dated facts only", flt: queries.Filter{Since: graph.MustDate("1998"), Until: graph.MustDate("2022-05")},
			dated: "beta-2023-001 alpha-2022-001 alpha-2022-002"},
		{name: "as of", flt: queries.Filter{AsOf: graph.MustDate("2022-12"), Entity: "lowland"}, dated: "alpha-2022-006 alpha-2022-002", undated: "alpha-2022-003"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := queries.TimelineOf(ds, tt.flt)
			var dated, periods, undated []string
			for _, e := range tl.Dated {
				dated = append(dated, e.ID)
				periods = append(periods, e.Period)
			}
			for _, v := range tl.Undated {
				undated = append(undated, v.ID)
			}
			if strings.Join(dated, " ") != tt.dated || strings.Join(undated, " ") != tt.undated {
				t.Errorf("dated %v, undated %v; want %q, %q", dated, undated, tt.dated, tt.undated)
			}
			if tt.wantDatedPeriods != "" && strings.Join(periods, " ") != tt.wantDatedPeriods {
				t.Errorf("periods %v, want %q", periods, tt.wantDatedPeriods)
			}
		})
	}
}

// TestTimelineOrder checks partial dates and ranges on facts made for it.
func TestTimelineOrder(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	ds.Facts = nil
	add := func(id, date, start, end string) {
		f := &graph.Fact{ID: id, Source: "alpha-2022", Subject: "upland", Predicate: "cooperates_with", Object: "lowland", Modality: "asserted"}
		f.Date, _ = graph.ParseDate(date)
		f.Start, _ = graph.ParseDate(start)
		f.End, _ = graph.ParseDate(end)
		ds.Facts = append(ds.Facts, f)
	}
	add("a", "2023-05-13", "", "")
	add("b", "2023", "", "")
	add("c", "2023-05", "", "")
	add("d", "", "2021-08", "2023")
	add("e", "", "", "2022")
	add("f", "", "", "")
	add("g", "2022-12-31", "", "")
	ds.Index()
	tl := queries.TimelineOf(ds, queries.Filter{})
	var got []string
	for _, e := range tl.Dated {
		got = append(got, e.ID+"="+e.Period)
	}
	want := "d=2021-08..2023 e=..2022 g=2022-12-31 b=2023 c=2023-05 a=2023-05-13"
	if strings.Join(got, " ") != want {
		t.Errorf("timeline = %q\nwant       %q", strings.Join(got, " "), want)
	}
	if len(tl.Undated) != 1 || tl.Undated[0].ID != "f" {
		t.Errorf("undated = %v", tl.Undated)
	}
	var b bytes.Buffer
	present.WriteTimelineText(&b, tl)
	for _, s := range []string{"── 2021 ──", "── 2023 ──", "── undated (1) ──", "6 dated facts, 1 undated"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, b.String())
		}
	}
	var j bytes.Buffer
	queries.WriteJSON(&j, tl)
	var shape struct {
		Dated   []map[string]any `json:"dated"`
		Undated []map[string]any `json:"undated"`
	}
	if err := json.Unmarshal(j.Bytes(), &shape); err != nil || len(shape.Dated) != 6 || shape.Dated[0]["when"] != "2021-08..2023" || shape.Dated[0]["id"] != "d" {
		t.Errorf("JSON shape: %v %v", err, shape.Dated)
	}
}

// conflictDigest reads a conflict as "kind about: ids | ids".
func conflictDigest(c queries.Conflict) string {
	var sides []string
	for _, s := range c.Sides {
		var ids []string
		for _, f := range s.Facts {
			ids = append(ids, f.ID)
		}
		sides = append(sides, s.Source.ID+"("+s.Says+") "+strings.Join(ids, ","))
	}
	return c.Kind + " " + c.About + ": " + strings.Join(sides, " | ")
}

func TestConflictsFixture(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	got := queries.Conflicts(ds, queries.Filter{})
	want := "event-date embassy-killings: alpha-2022(1997) alpha-2022-006 | beta-2023(1998) beta-2023-001"
	if len(got) != 1 || conflictDigest(got[0]) != want {
		var ds []string
		for _, c := range got {
			ds = append(ds, conflictDigest(c))
		}
		t.Fatalf("conflicts:\n%s\nwant\n%s", strings.Join(ds, "\n"), want)
	}
	if q := got[0].Sides[0].Facts[0].Quote; q != "The Green Brigade attacked Lowland in 1997, killing nine diplomats." {
		t.Errorf("quote = %q", q)
	}
	if n := len(queries.Conflicts(ds, queries.Filter{Theme: "water"})); n != 0 {
		t.Errorf("water theme: %d conflicts, want 0", n)
	}
}

// TestConflictKinds adds facts to the fixture to exercise every rule.
func TestConflictKinds(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	amount := func(a float64) *float64 { return &a }
	fact := func(f graph.Fact) {
		if f.Modality == "" {
			f.Modality = "asserted"
		}
		ds.Facts = append(ds.Facts, &f)
	}
	ds.Predicates = append(ds.Predicates,
		&graph.Predicate{ID: "does_not_recognize", Label: "does not recognize", Contradicts: []string{"recognizes"}})
	// Contradiction, reversed pair, symmetric predicates: beta-2023-003 says
	// Upland cooperates with Lowland, undated, so as of its article (2023-01-15).
	fact(graph.Fact{ID: "x-hostile", Source: "alpha-2022", Subject: "lowland", Predicate: "hostile_to", Object: "upland", Start: graph.MustDate("2022")})
	// Undated, so as of its article (~2022-06): apart from beta-2023-003, no conflict.
	fact(graph.Fact{ID: "x-hostile-undated", Source: "alpha-2022", Subject: "lowland", Predicate: "hostile_to", Object: "upland"})
	// Same source as beta-2023-003: no conflict.
	fact(graph.Fact{ID: "x-hostile-beta", Source: "beta-2023", Subject: "upland", Predicate: "hostile_to", Object: "lowland"})
	// Dated apart from what it contradicts: no conflict.
	fact(graph.Fact{ID: "x-norec-old", Source: "beta-2023", Subject: "lowland", Predicate: "does_not_recognize", Object: "upland", Date: graph.MustDate("1990")})
	// Overlapping (alpha-2022-007 is ~2023): a conflict.
	fact(graph.Fact{ID: "x-norec", Source: "beta-2023", Subject: "lowland", Predicate: "does_not_recognize", Object: "upland", Start: graph.MustDate("2020")})
	// Not symmetric and reversed: no conflict.
	fact(graph.Fact{ID: "x-norec-rev", Source: "beta-2023", Subject: "upland", Predicate: "does_not_recognize", Object: "lowland"})
	// Amounts: same relation and unit as alpha-2022-003 (4 percent).
	// alpha-2022-003 is undated, so as of ~2022-06.
	fact(graph.Fact{ID: "x-share", Source: "beta-2023", Subject: "lowland", Predicate: "has_measure", Value: "Share of its water received", Amount: amount(6), Unit: "percent", Date: graph.MustDate("2022")})
	// Undated, so as of beta-2023's 2023-01-15: apart from alpha-2022-003.
	fact(graph.Fact{ID: "x-share-later", Source: "beta-2023", Subject: "lowland", Predicate: "has_measure", Value: "share of its water received", Amount: amount(8), Unit: "percent"})
	fact(graph.Fact{ID: "x-share-unit", Source: "beta-2023", Subject: "lowland", Predicate: "has_measure", Value: "share of its water received", Amount: amount(7), Unit: "percent of the flow"})
	fact(graph.Fact{ID: "x-share-same", Source: "beta-2023", Subject: "lowland", Predicate: "has_measure", Value: "share of its water received", Amount: amount(4), Unit: "percent"})
	// Event amounts: same subject, predicate and unit in one event.
	fact(graph.Fact{ID: "x-killed-a", Source: "alpha-2022", Subject: "green-brigade", Predicate: "kills", Value: "diplomats", Amount: amount(9), Unit: "diplomats", Event: "embassy-killings", Date: graph.MustDate("1997")})
	fact(graph.Fact{ID: "x-killed-b", Source: "beta-2023", Subject: "green-brigade", Predicate: "kills", Value: "Lowland's diplomats", Amount: amount(11), Unit: "diplomats", Event: "embassy-killings", Date: graph.MustDate("1997")})
	ds.Index()

	tests := []struct {
		kind string
		want []string
	}{
		{queries.ConflictEventDate, []string{
			"event-date embassy-killings: alpha-2022(1997) alpha-2022-006 | beta-2023(1998) beta-2023-001"}},
		{queries.ConflictEventAmount, []string{
			"event-amount embassy-killings: Green Brigade kills (diplomats): alpha-2022(9 diplomats) x-killed-a | beta-2023(11 diplomats) x-killed-b"}},
		{queries.ConflictAmount, []string{
			`amount Lowland —measures→ "share of its water received" [percent]: alpha-2022(4 percent) alpha-2022-003 | beta-2023(6 percent) x-share`}},
		{queries.ConflictContradiction, []string{
			"contradiction cooperates with / hostile to: Lowland and Upland: beta-2023(Upland —cooperates with→ Lowland (undated)) beta-2023-003 | alpha-2022(Lowland —hostile to→ Upland (2022..)) x-hostile",
			"contradiction does not recognize / recognizes: Lowland and Upland: beta-2023(Lowland —does not recognize→ Upland (2020..)) x-norec | alpha-2022(Lowland —recognizes→ Upland (~2023)) alpha-2022-007"}},
	}
	all := queries.Conflicts(ds, queries.Filter{})
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			var got []string
			for _, c := range queries.ConflictsOfKind(all, tt.kind) {
				got = append(got, conflictDigest(c))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	var b bytes.Buffer
	present.WriteConflictsText(&b, all)
	for _, s := range []string{"[event-date] embassy-killings", "Alpha ~2022-06 [alpha-2022] says 1997", "5 conflicts"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, b.String())
		}
	}
}

// TestConflictsCorpus asserts the real corpus's known disagreements are
// found.
func TestConflictsCorpus(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	all := queries.Conflicts(ds, queries.Filter{})
	has := func(kind, srcA, factA, srcB, factB string) bool {
		for _, c := range queries.ConflictsOfKind(all, kind) {
			if c.Sides[0].Source.ID != srcA || c.Sides[1].Source.ID != srcB {
				continue
			}
			var a, b bool
			for _, f := range c.Sides[0].Facts {
				a = a || f.ID == factA
			}
			for _, f := range c.Sides[1].Facts {
				b = b || f.ID == factB
			}
			if a && b {
				return true
			}
		}
		return false
	}
	tests := []struct {
		name                           string
		kind, srcA, factA, srcB, factB string
	}{
		{"Mazar-i-Sharif consulate killings: 1997 or 1998", queries.ConflictEventDate, "tabaan-2024", "tabaan-2024-017", "zelin-2023", "zelin-2023-014"},
		{"share of Afghanistan's imports from Iran: one-third or 25%", queries.ConflictAmount, "kaura-2024", "kaura-2024-047", "tabaan-2024", "tabaan-2024-073"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !has(tt.kind, tt.srcA, tt.factA, tt.srcB, tt.factB) {
				var got []string
				for _, c := range all {
					got = append(got, conflictDigest(c))
				}
				t.Errorf("no %s conflict %s (%s) vs %s (%s) among:\n%s", tt.kind, tt.srcA, tt.factA, tt.srcB, tt.factB, strings.Join(got, "\n"))
			}
		})
	}
}

func TestCorroboration(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	got := queries.Corroboration(ds, queries.Filter{}, 2)
	if len(got) != 1 || got[0].Text() != "Green Brigade —attacks→ Lowland" || got[0].Count != 2 ||
		got[0].Sources[0].Source.ID != "alpha-2022" || got[0].Sources[1].Facts[0].ID != "beta-2023-001" {
		t.Fatalf("corroboration = %+v", got)
	}
	if n := len(queries.Corroboration(ds, queries.Filter{}, 1)); n != 9 {
		t.Errorf("min 1: %d relations, want 9 (one per fact, the two attack facts together)", n)
	}
	if n := len(queries.Corroboration(ds, queries.Filter{Theme: "empty"}, 1)); n != 0 {
		t.Errorf("empty theme: %d relations", n)
	}
	if n := len(queries.Corroboration(ds, queries.Filter{Until: graph.MustDate("1997")}, 2)); n != 0 {
		t.Errorf("until 1997: %d relations corroborated, want 0", n)
	}
	// A symmetric relation stated in the other direction by another source
	// is the same relation.
	ds.Facts = append(ds.Facts, &graph.Fact{ID: "x-coop", Source: "alpha-2022", Subject: "lowland", Predicate: "cooperates_with", Object: "upland", Modality: "asserted"})
	ds.Index()
	got = queries.Corroboration(ds, queries.Filter{}, 2)
	if len(got) != 2 || got[1].Text() != "Lowland —cooperates with→ Upland" || got[1].Count != 2 {
		t.Errorf("symmetric corroboration = %+v", got)
	}
	var b bytes.Buffer
	present.WriteCorroborationText(&b, got)
	for _, s := range []string{"Green Brigade —attacks→ Lowland   (2 sources)", "  Beta & Gamma 2023-01-15 [beta-2023]", "2 relations"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, b.String())
		}
	}
}
