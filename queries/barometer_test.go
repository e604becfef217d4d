package queries_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/storeread"
)

// barometerData is a small dataset for the barometer's rules: two actors,
// a third, and facts that exercise every rule.
func barometerData(facts ...*graph.Fact) *graph.Dataset {
	ds := &graph.Dataset{
		Sources: []*graph.Source{
			{ID: "s1", Authors: []string{"Ann One"}, Published: graph.MustDate("2023-03")},
			{ID: "s2", Authors: []string{"Bo Two"}, Published: graph.MustDate("2024")},
		},
		Entities: []*graph.Entity{{ID: "a", Name: "Aland"}, {ID: "b", Name: "Bland"}, {ID: "c", Name: "Cland"}},
		Predicates: []*graph.Predicate{
			{ID: "helps", Polarity: "cooperative", Weight: 6},
			{ID: "signs_with", Polarity: "cooperative", Weight: 8},
			{ID: "attacks", Polarity: "hostile", Weight: -10},
			{ID: "meets", Polarity: "neutral"},
		},
		Facts: facts,
	}
	ds.Index()
	return ds
}

func fact(id, src, s, p, o string, set func(*graph.Fact)) *graph.Fact {
	f := &graph.Fact{ID: id, Source: src, Subject: s, Predicate: p, Object: o, Modality: "asserted"}
	if set != nil {
		set(f)
	}
	return f
}

func dated(d string) func(*graph.Fact) { return func(f *graph.Fact) { f.Date = graph.MustDate(d) } }

// point returns the combined series' point for year, or nil.
func point(bm *queries.Barometer, year int) *queries.BarometerPoint {
	for i := range bm.Series[0].Points {
		if p := &bm.Series[0].Points[i]; p.Year == year {
			return p
		}
	}
	return nil
}

func years(bm *queries.Barometer, series int) []int {
	var out []int
	for _, p := range bm.Series[series].Points {
		out = append(out, p.Year)
	}
	return out
}

func score(p *queries.BarometerPoint) string {
	if p == nil {
		return "no point"
	}
	if p.Score == nil {
		return "no score"
	}
	b, _ := json.Marshal(*p.Score)
	return string(b)
}

func TestBarometerRules(t *testing.T) {
	tests := []struct {
		name  string
		facts []*graph.Fact
		opts  queries.BarometerOptions
		check func(t *testing.T, bm *queries.Barometer)
	}{
		{"a period counts in every year it covers", []*graph.Fact{
			fact("s1-001", "s1", "a", "helps", "b", func(f *graph.Fact) { f.Start, f.End = graph.MustDate("2019-06"), graph.MustDate("2021") }),
		}, queries.BarometerOptions{}, func(t *testing.T, bm *queries.Barometer) {
			if got := years(bm, 0); !equalInts(got, []int{2019, 2020, 2021}) {
				t.Errorf("years = %v, want 2019..2021", got)
			}
			for _, y := range []int{2019, 2020, 2021} {
				p := point(bm, y)
				if score(p) != "6" || p.Facts != 1 || p.Evidence[0].Dating != "period" {
					t.Errorf("%d: score %s, %+v", y, score(p), p)
				}
			}
			if bm.Series[0].Total.Facts != 1 {
				t.Errorf("total facts = %d, want the period counted once", bm.Series[0].Total.Facts)
			}
		}},
		{"an open period runs to its article's publication", []*graph.Fact{
			fact("s1-001", "s1", "b", "helps", "a", func(f *graph.Fact) { f.Start = graph.MustDate("2021") }),
		}, queries.BarometerOptions{}, func(t *testing.T, bm *queries.Barometer) {
			if got := years(bm, 0); !equalInts(got, []int{2021, 2022, 2023}) {
				t.Errorf("years = %v, want 2021..2023 (s1 published 2023-03)", got)
			}
		}},
		{"a period known by its end counts in its end year; an undated fact in its article's year", []*graph.Fact{
			fact("s1-001", "s1", "a", "attacks", "b", func(f *graph.Fact) { f.End = graph.MustDate("2001") }),
			fact("s2-001", "s2", "a", "helps", "b", nil),
		}, queries.BarometerOptions{}, func(t *testing.T, bm *queries.Barometer) {
			if got := years(bm, 0); !equalInts(got, []int{2001, 2024}) {
				t.Errorf("years = %v, want 2001 and 2024", got)
			}
			if p := point(bm, 2001); p == nil || p.Evidence[0].Dating != "end" {
				t.Errorf("2001: %+v", p)
			}
			if p := point(bm, 2024); p == nil || p.Evidence[0].Dating != "as_of" || score(p) != "6" {
				t.Errorf("2024: %+v", p)
			}
		}},
		{"the score is the mean contribution; neutral facts are counted, not scored", []*graph.Fact{
			fact("s1-001", "s1", "a", "helps", "b", dated("2022")),
			fact("s1-002", "s1", "b", "attacks", "a", dated("2022")),
			fact("s2-001", "s2", "a", "attacks", "b", dated("2022-04")),
			fact("s2-002", "s2", "a", "meets", "b", dated("2022")),
		}, queries.BarometerOptions{}, func(t *testing.T, bm *queries.Barometer) {
			p := point(bm, 2022)
			// (6 - 10 - 10) / 3
			if score(p) != "-4.67" || p.Facts != 3 || p.Cooperative != 1 || p.Hostile != 2 || p.Neutral != 1 || p.Sources != 2 {
				t.Errorf("2022: score %s, %+v", score(p), p.BarometerCounts)
			}
			if len(p.Evidence) != 4 {
				t.Errorf("evidence %v, want all four facts", p.Evidence)
			}
		}},
		{"a negated fact is not cooperation: counted and listed, no weight", []*graph.Fact{
			fact("s1-001", "s1", "a", "helps", "b", func(f *graph.Fact) { f.Date = graph.MustDate("2022"); f.Negated = true }),
			fact("s1-002", "s1", "a", "attacks", "b", func(f *graph.Fact) { f.Date = graph.MustDate("2023"); f.Negated = true }),
			fact("s1-003", "s1", "a", "attacks", "b", dated("2023")),
		}, queries.BarometerOptions{}, func(t *testing.T, bm *queries.Barometer) {
			p := point(bm, 2022)
			if p == nil || p.Score != nil || p.Negated != 1 || p.Facts != 0 || p.Evidence[0].Role != "negated" || p.Evidence[0].Contribution != 0 {
				t.Errorf("2022: score %s, %+v", score(p), p)
			}
			if p := point(bm, 2023); score(p) != "-10" || p.Negated != 1 || p.Facts != 1 {
				t.Errorf("2023: score %s, %+v", score(p), p)
			}
		}},
		{"an act not carried out counts half", []*graph.Fact{
			fact("s1-001", "s1", "a", "signs_with", "b", func(f *graph.Fact) { f.Date = graph.MustDate("2022"); f.Stage = "signed" }),
			fact("s1-002", "s1", "a", "helps", "b", dated("2022")),
		}, queries.BarometerOptions{}, func(t *testing.T, bm *queries.Barometer) {
			p := point(bm, 2022)
			// (8/2 + 6) / 2
			if score(p) != "5" || p.Staged != 1 || p.Facts != 2 {
				t.Errorf("2022: score %s, %+v", score(p), p.BarometerCounts)
			}
		}},
		{"speculative facts are left out unless asked for", []*graph.Fact{
			fact("s1-001", "s1", "a", "attacks", "b", func(f *graph.Fact) { f.Date = graph.MustDate("2022"); f.Modality = "speculative" }),
			fact("s1-002", "s1", "a", "helps", "b", dated("2022")),
		}, queries.BarometerOptions{}, func(t *testing.T, bm *queries.Barometer) {
			if p := point(bm, 2022); score(p) != "6" || bm.Speculative != 1 {
				t.Errorf("2022: score %s, %d speculative left out", score(p), bm.Speculative)
			}
		}},
		{"speculative facts counted with IncludeSpeculative", []*graph.Fact{
			fact("s1-001", "s1", "a", "attacks", "b", func(f *graph.Fact) { f.Date = graph.MustDate("2022"); f.Modality = "speculative" }),
			fact("s1-002", "s1", "a", "helps", "b", dated("2022")),
		}, queries.BarometerOptions{IncludeSpeculative: true}, func(t *testing.T, bm *queries.Barometer) {
			if p := point(bm, 2022); score(p) != "-2" || bm.Speculative != 0 {
				t.Errorf("2022: score %s, %d speculative left out", score(p), bm.Speculative)
			}
		}},
		{"only the pair's facts, in either direction", []*graph.Fact{
			fact("s1-001", "s1", "a", "helps", "c", dated("2022")),
			fact("s1-002", "s1", "c", "attacks", "b", dated("2022")),
			fact("s1-003", "s1", "b", "helps", "a", dated("2020")),
		}, queries.BarometerOptions{}, func(t *testing.T, bm *queries.Barometer) {
			if got := years(bm, 0); !equalInts(got, []int{2020}) {
				t.Errorf("years = %v, want only 2020", got)
			}
		}},
		{"by source: one series per source beside the combined one", []*graph.Fact{
			fact("s1-001", "s1", "a", "helps", "b", dated("2022")),
			fact("s2-001", "s2", "a", "attacks", "b", dated("2022")),
		}, queries.BarometerOptions{BySource: true}, func(t *testing.T, bm *queries.Barometer) {
			if len(bm.Series) != 3 || bm.Series[0].Source != nil || bm.Series[1].Source.ID != "s1" || bm.Series[2].Source.ID != "s2" {
				t.Fatalf("series %+v", bm.Series)
			}
			if score(&bm.Series[1].Points[0]) != "6" || score(&bm.Series[2].Points[0]) != "-10" || score(point(bm, 2022)) != "-2" {
				t.Errorf("scores: s1 %s, s2 %s, all %s", score(&bm.Series[1].Points[0]), score(&bm.Series[2].Points[0]), score(point(bm, 2022)))
			}
		}},
		{"since and until bound the years, not the facts", []*graph.Fact{
			fact("s1-001", "s1", "a", "helps", "b", func(f *graph.Fact) { f.Start, f.End = graph.MustDate("2010"), graph.MustDate("2020") }),
		}, queries.BarometerOptions{Filter: queries.Filter{Since: graph.MustDate("2018"), Until: graph.MustDate("2019-06")}}, func(t *testing.T, bm *queries.Barometer) {
			if got := years(bm, 0); !equalInts(got, []int{2018, 2019}) {
				t.Errorf("years = %v, want 2018, 2019", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bm, err := queries.BarometerOf(barometerData(tt.facts...), "a", "b", tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, bm)
		})
	}
}

func TestBarometerErrors(t *testing.T) {
	long := fact("s1-001", "s1", "a", "helps", "b", func(f *graph.Fact) { f.Start, f.End = graph.MustDate("1800"), graph.MustDate("2020") })
	tests := []struct {
		name string
		a, b string
		want string
	}{
		{"same actor twice", "a", "a", "two different actors"},
		{"a period longer than the bound", "a", "b", "fact s1-001 covers 221 years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := queries.BarometerOf(barometerData(long), tt.a, tt.b, queries.BarometerOptions{})
			var be *queries.BarometerError
			if !errors.As(err, &be) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want a BarometerError with %q", err, tt.want)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestBarometerStore reads the barometer from a real bolt store, through
// the store's indexes and by name: weights and marks survive the quads,
// and the answer is the one computed over the loaded data.
func TestBarometerStore(t *testing.T) {
	fsys := fixture.MapFS(t, fixture.FixtureData())
	fsys["marks.yaml"] = &fstest.MapFile{Data: []byte("- date: \"1998\"\n  label: Second attack\n  fact: beta-2023-001\n")}
	d := loaders.Data{FS: fsys, Display: "testdata/fixture"}
	s := fixture.Bolt(t, d)
	ds := fixture.Load(t, d)
	for _, pair := range [][2]string{{"green-brigade", "lowland"}, {"upland", "lowland"}} {
		want, err := queries.BarometerOf(ds, pair[0], pair[1], queries.BarometerOptions{BySource: true})
		if err != nil {
			t.Fatal(err)
		}
		r := queries.FromStore(storeread.New(s.QS).WithIndexes(s))
		e, err := r.Entity(context.Background(), pair[0])
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Barometer(context.Background(), e.Name, pair[1], queries.BarometerOptions{BySource: true})
		if err != nil {
			t.Fatal(err)
		}
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		if !bytes.Equal(gj, wj) {
			t.Errorf("%v from the store:\n%s\nwant:\n%s", pair, gj, wj)
		}
	}
	r := queries.FromStore(storeread.New(s.QS).WithIndexes(s))
	bm, err := r.Barometer(context.Background(), "green-brigade", "lowland", queries.BarometerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Alpha attacks in 1997, Beta in 1998: the predicate's weight, -10.
	if score(point(bm, 1997)) != "-10" || score(point(bm, 1998)) != "-10" {
		t.Errorf("scores 1997 %s, 1998 %s, want -10 (attacks)", score(point(bm, 1997)), score(point(bm, 1998)))
	}
	if len(bm.Marks) != 1 || bm.Marks[0].Fact != "beta-2023-001" || bm.Marks[0].Year != 1998 {
		t.Errorf("marks %+v", bm.Marks)
	}
	var text bytes.Buffer
	present.WriteBarometerText(&text, bm)
	for _, want := range []string{"Green Brigade — Lowland", "  1997  -10.0", "1998       Second attack [beta-2023-001]"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
}

// TestBarometerCorpus checks the corpus's answer: Iran and the Taliban
// were hostile in the 1990s and mixed after the 2021 takeover.
func TestBarometerCorpus(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	bm, err := queries.BarometerOf(ds, "iran", "taliban", queries.BarometerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var nineties, after []queries.BarometerPoint
	for _, p := range bm.Series[0].Points {
		switch {
		case p.Year >= 1990 && p.Year <= 1999 && p.Score != nil:
			nineties = append(nineties, p)
		case p.Year >= 2022 && p.Score != nil:
			after = append(after, p)
		}
	}
	if len(nineties) == 0 || len(after) == 0 {
		t.Fatalf("no scored years in the 1990s (%d) or after 2021 (%d)", len(nineties), len(after))
	}
	var worst float64 = -10
	for _, p := range nineties {
		if *p.Score >= 0 || p.Cooperative != 0 {
			t.Errorf("%d: score %v with %d cooperative facts, want hostile", p.Year, *p.Score, p.Cooperative)
		}
		worst = max(worst, *p.Score)
	}
	var coop, hostile, mixedYears int
	for _, p := range after {
		coop += p.Cooperative
		hostile += p.Hostile
		if p.Cooperative > 0 && p.Hostile > 0 {
			mixedYears++
		}
		if *p.Score <= worst {
			t.Errorf("%d: score %v no better than the 1990s' best %v", p.Year, *p.Score, worst)
		}
	}
	if coop == 0 || hostile == 0 || mixedYears == 0 {
		t.Errorf("after 2021: %d cooperative, %d hostile facts, %d years with both; want a mixed relation", coop, hostile, mixedYears)
	}
	var marks []string
	for _, m := range bm.Marks {
		marks = append(marks, m.Date)
	}
	if !strings.Contains(strings.Join(marks, " "), "2021-08") || !strings.Contains(strings.Join(marks, " "), "2023-05") {
		t.Errorf("marks %v lack the 2021 takeover or the 2023 border clashes", marks)
	}
	for _, pair := range queries.MainPairs {
		bm, err := queries.BarometerOf(ds, pair[0], pair[1], queries.BarometerOptions{})
		if err != nil {
			t.Errorf("%v: %v", pair, err)
			continue
		}
		if bm.Series[0].Total.Facts == 0 {
			t.Errorf("%v: no cooperative or hostile facts", pair)
		}
	}
}

// TestPredicateWeightsBad: a bad weight is an error naming file, line and
// field.
func TestPredicateWeightsBad(t *testing.T) {
	pred := func(polarity, extra string) string {
		return "- id: helps\n  label: helps\n  inverse: helped by\n  polarity: " + polarity + "\n  description: Helps.\n" + extra
	}
	tests := []struct {
		name, body, want string
	}{
		{"outside the scale", pred("cooperative", "  weight: 12\n  weight_reason: x\n"), "predicates.d/extra.yaml:6:11: weight: weight 12 is outside -10..10"},
		{"below the scale", pred("hostile", "  weight: -10.5\n  weight_reason: x\n"), "predicates.d/extra.yaml:6:11: weight: weight -10.5 is outside -10..10"},
		{"missing for a cooperative predicate", pred("cooperative", ""), "predicates.d/extra.yaml:1: weight: required field is missing for a cooperative predicate"},
		{"sign against the polarity", pred("hostile", "  weight: 3\n  weight_reason: x\n"), "predicates.d/extra.yaml:6:11: weight: weight 3 of a hostile predicate must be below 0"},
		{"a neutral predicate weighed", pred("neutral", "  weight: 2\n  weight_reason: x\n"), "predicates.d/extra.yaml:6:11: weight: weight 2 of a neutral predicate must be 0"},
		{"no reason", pred("cooperative", "  weight: 4\n"), "predicates.d/extra.yaml:1: weight_reason: required field is missing"},
		{"not a number", pred("cooperative", "  weight: lots\n  weight_reason: x\n"), `predicates.d/extra.yaml:6:11: weight: want a number, found "lots"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixture.MapFS(t, fixture.FixtureData())
			fsys["predicates.d/extra.yaml"] = &fstest.MapFile{Data: []byte(tt.body)}
			_, err := loaders.Load(fsys, "data")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if err != nil && strings.Count(err.Error(), "extra.yaml") != 1 {
				t.Errorf("error %v, want one problem", err)
			}
		})
	}
	fsys := fixture.MapFS(t, fixture.FixtureData())
	fsys["predicates.d/extra.yaml"] = &fstest.MapFile{Data: []byte(pred("neutral", ""))}
	if _, err := loaders.Load(fsys, "data"); err != nil {
		t.Errorf("a neutral predicate without a weight: %v", err)
	}
}

func TestMarksBad(t *testing.T) {
	tests := []struct{ body, want string }{
		{"- date: \"1998\"\n  label: x\n  fact: beta-2023-999\n", `marks.yaml:3:9: fact: unknown fact "beta-2023-999"`},
		{"- date: \"2005\"\n  label: x\n  fact: beta-2023-001\n", "marks.yaml:1:9: date: mark dated 2005, but its fact beta-2023-001 covers 1998..1998"},
		{"- label: x\n  fact: beta-2023-001\n", "marks.yaml:1: date: required field is missing"},
		{"- date: \"1998\"\n  fact: beta-2023-001\n", "marks.yaml:1: label: required field is missing"},
		{"- date: \"1998\"\n  label: x\n  fact: beta-2023-001\n- date: \"1998\"\n  label: y\n  fact: beta-2023-001\n", "marks.yaml:6:9: fact: fact beta-2023-001 already marks the event at line 1"},
		{"- date: \"2023\"\n  label: x\n  fact: beta-2023-003\n  when: now\n", "marks.yaml:4:9: when: unknown field"},
	}
	for _, tt := range tests {
		fsys := fixture.MapFS(t, fixture.FixtureData())
		fsys["marks.yaml"] = &fstest.MapFile{Data: []byte(tt.body)}
		_, err := loaders.Load(fsys, "data")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("marks.yaml %q: error %v, want %q", tt.body, err, tt.want)
		}
	}
}

// TestWeightsDocumented: the table of bands in docs/schema.md lists every
// cooperative and hostile predicate with the weight predicates.yaml gives.
func TestWeightsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(fixture.Root(), "docs", "schema.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(doc), "## The barometer's weights")
	table, _, _ = strings.Cut(table, "\n## ")
	// The vocabulary, whatever the state of the facts files.
	ds, _, err := loaders.LoadAll(context.Background(), fixture.CorpusData().FS, "data")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ds.Predicates {
		if p.Polarity == "neutral" {
			continue
		}
		want := fmt.Sprintf("`%s` %s", p.ID, strconv.FormatFloat(p.Weight, 'f', -1, 64))
		if !strings.Contains(table, want) {
			t.Errorf("docs/schema.md's table of weights lacks %q", want)
		}
	}
}
