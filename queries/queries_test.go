package queries_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

// TestRoundTrip checks that data → quads → bolt store → Read gives back
// every field of every fact, entity, source, predicate and theme.
func TestRoundTrip(t *testing.T) {
	for _, d := range []struct {
		name string
		src  loaders.Data
	}{{"fixture", fixture.FixtureData()}, {"corpus", fixture.CorpusData()}} {
		t.Run(d.name, func(t *testing.T) {
			src := d.src
			want := fixture.Load(t, src)
			got := fixture.Dataset(t, src)
			norm := func(ds *graph.Dataset) string {
				for _, f := range ds.Facts {
					f.Pos = graph.Pos{}
				}
				for _, e := range ds.Entities {
					e.Pos = graph.Pos{}
				}
				for _, s := range ds.Sources {
					s.Pos = graph.Pos{}
				}
				for _, p := range ds.Predicates {
					p.Pos = graph.Pos{}
				}
				for _, x := range ds.Themes {
					x.Pos = graph.Pos{}
				}
				for _, c := range ds.Clusters {
					c.Pos = graph.Pos{}
				}
				var b bytes.Buffer
				queries.WriteJSON(&b, queries.ViewFacts(ds, ds.Facts))
				queries.WriteJSON(&b, queries.Entities(ds, ""))
				queries.WriteJSON(&b, ds.Sources)
				queries.WriteJSON(&b, ds.Predicates)
				queries.WriteJSON(&b, ds.Themes)
				queries.WriteJSON(&b, ds.Clusters)
				return b.String()
			}
			if g, w := norm(got), norm(want); g != w {
				t.Errorf("store round trip differs from the data:\n%s", firstDiff(g, w))
			}
		})
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + al[i] + "\nwant " + bl[i]
		}
	}
	return "lengths differ"
}

func TestFactsJSON(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	fs := queries.Facts(ds, queries.Filter{Theme: "water", Modalities: []string{"reported"}})
	var b bytes.Buffer
	if err := queries.WriteJSON(&b, queries.ViewFacts(ds, fs)); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d facts, want 2: %s", len(got), b.String())
	}
	f := got[0]
	want := map[string]any{
		"id":         "alpha-2022-003",
		"subject":    map[string]any{"id": "lowland", "name": "Lowland"},
		"predicate":  map[string]any{"id": "has_measure", "label": "measures", "polarity": "neutral"},
		"value":      "share of its water received",
		"amount":     4.0,
		"unit":       "percent",
		"themes":     []any{"water"},
		"source":     map[string]any{"id": "alpha-2022", "title": "Alpha Report on the River Dispute", "authors": []any{"Ann Alpha"}, "publisher": "Alpha Institute", "published": "2022-06", "published_approximate": true},
		"quote":      "Lowland says it receives only 4 percent of its water share.",
		"modality":   "reported",
		"claimed_by": map[string]any{"id": "lowland", "name": "Lowland"},
		"negated":    false,
		// Undated: it describes the state when its source was published.
		"as_of": "2022-06",
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("fact JSON =\n%v\nwant\n%v", f, want)
	}
}

func TestFilter(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	tests := []struct {
		name string
		flt  queries.Filter
		want []string
	}{
		{"all, dated first in order", queries.Filter{}, []string{"alpha-2022-006", "beta-2023-001", "alpha-2022-001", "alpha-2022-002", "alpha-2022-007", "alpha-2022-003", "alpha-2022-004", "alpha-2022-005", "beta-2023-002", "beta-2023-003"}},
		{"entity", queries.Filter{Entity: "jo-smith"}, []string{"alpha-2022-004", "alpha-2022-005"}},
		{"theme", queries.Filter{Theme: "security", Source: "beta-2023"}, []string{"beta-2023-001", "beta-2023-002", "beta-2023-003"}},
		{"empty theme", queries.Filter{Theme: "empty"}, nil},
		{"since", queries.Filter{Since: graph.MustDate("2022")}, []string{"alpha-2022-001", "alpha-2022-002", "alpha-2022-007"}},
		{"until", queries.Filter{Until: graph.MustDate("1997-12")}, []string{"alpha-2022-006"}},
		{"as of 2022-12 drops the 2023 source and the 2023 forecast", queries.Filter{AsOf: graph.MustDate("2022-12"), Theme: "security"}, []string{"alpha-2022-006"}},
		{"modality", queries.Filter{Modalities: []string{"speculative"}}, []string{"alpha-2022-007"}},
		{"exclude predicate", queries.Filter{Entity: "green-brigade", Exclude: []string{"attacks"}}, nil},
		{"grep is case-insensitive over quote, value and note", queries.Filter{Grep: "NEXT YEAR"}, []string{"alpha-2022-007"}},
		{"event", queries.Filter{Event: "embassy-killings"}, []string{"alpha-2022-006", "beta-2023-001"}},
		{"claimed by", queries.Filter{ClaimedBy: "jo-smith"}, []string{"alpha-2022-004"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(queries.Facts(ds, tt.flt))
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Facts(%+v) = %v, want %v", tt.flt, got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	tests := []struct {
		name, want, wantErr string
	}{
		{"upland", "upland", ""},
		{"LOW COUNTRY", "lowland", ""},
		{"Jo Smith", "jo-smith", ""},
		{"  gb ", "green-brigade", ""},
		{"Uplnd", "", `no entity named "Uplnd"; did you mean "upland"?`},
		{"brigade", "", `no entity named "brigade"; did you mean "green-brigade"?`},
		{"zzzzzz", "", `no entity named "zzzzzz" (try ` + "`itkg entities`)"},
		// No suggestion for a name without a letter or digit: every short
		// name is "close" to it.
		{"", "", `no entity named "" (try ` + "`itkg entities`)"},
		{"-", "", `no entity named "-" (try ` + "`itkg entities`)"},
		{"?!", "", `no entity named "?!" (try ` + "`itkg entities`)"},
		{strings.Repeat("ü", 200), "", `no entity named "` + strings.Repeat("ü", 64) + `…" (try ` + "`itkg entities`)"},
	}
	for _, tt := range tests {
		e, err := queries.InMemory(ds).Resolve(context.Background(), tt.name)
		if tt.wantErr != "" {
			var nf *queries.NotFoundError
			if !errors.As(err, &nf) || err.Error() != tt.wantErr {
				t.Errorf("Resolve(%q) error = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || e.ID != tt.want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", tt.name, e, err, tt.want)
		}
	}
	// Past MaxName characters a name is refused before any matching, with
	// the start of it in the message; at 900 kB, without the work of
	// matching it (which took 20 s before the bound): what it allocates
	// is a small part of one copy of the name, not one per name compared.
	mem := queries.InMemory(ds)
	for _, long := range []string{strings.Repeat("x", queries.MaxName+1), strings.Repeat("upland ", 900<<10/7)} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := mem.Resolve(context.Background(), long)
		runtime.ReadMemStats(&after)
		var in *queries.InputError
		if !errors.As(err, &in) || !strings.Contains(err.Error(), "at most 256") || len(err.Error()) > 200 {
			t.Errorf("Resolve(%d characters) = %.300v", len(long), err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(len(long))+64<<10 {
			t.Errorf("Resolve(%d characters) allocated %d bytes", len(long), alloc)
		}
	}
	// Data loaded by other means may share an alias; Resolve lists both.
	ds.Entity("upland").Aliases = append(ds.Entity("upland").Aliases, "GB")
	_, err := queries.InMemory(ds).Resolve(context.Background(), "gb")
	var amb *queries.AmbiguousError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Fatalf("Resolve(gb) = %v, want an ambiguity with 2 candidates", err)
	}
	if want := `"gb" names several entities: green-brigade (Green Brigade, armed-group), upland (Upland, country); use an id`; err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}
}

func TestCard(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	c := queries.CardOf(ds, ds.Entity("lowland"), queries.Filter{}, queries.Page{})
	if c.Entity.Facts != 7 || c.First != "1997" || c.Last != "2023" {
		t.Errorf("card: %d facts, dated %s..%s; want 7, 1997..2023", c.Entity.Facts, c.First, c.Last)
	}
	top := c.Relations[0]
	if top.Predicate != "attacks" || top.Direction != "in" || top.Label != "attacked by" || len(top.Sources) != 2 {
		t.Errorf("most corroborated relation = %+v, want attacked by Green Brigade in 2 sources", top)
	}
	if len(c.Claims) != 1 || c.Claims[0].ID != "alpha-2022-003" {
		t.Errorf("claims = %v", c.Claims)
	}
	var b bytes.Buffer
	present.WriteCardText(&b, c)
	for _, want := range []string{"Lowland  [country]  id: lowland", "Lowland attacked by Green Brigade   (2 facts, 2 sources: alpha-2022, beta-2023)", `"The Green Brigade attacked Lowland in 1997, killing nine diplomats."`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("card text lacks %q:\n%s", want, b.String())
		}
	}
}

func TestGizmo(t *testing.T) {
	s := fixture.Bolt(t, fixture.FixtureData())
	ctx := context.Background()
	tests := []struct {
		query string
		want  string
	}{
		{`g.V("<upland>").Out("<cooperates_with>").All()`, `[{"id":"<lowland>"}]`},
		{`g.V("<fact:beta-2023-001>").Out("<itkg:quote>").All()`, `[{"id":"The Green Brigade attacked Lowland in 1998."}]`},
		{`g.V().Has("<rdf:type>", "<type:person>").Out("<rdfs:label>").All()`, `[{"id":"Jo \"The Engineer\" Smith <& co>"}]`},
		{`g.V().Has("<itkg:subject>", "<green-brigade>").Has("<itkg:predicate>", "<attacks>").Tag("fact").Out("<dcterms:date>").All()`, `[{"fact":"<fact:alpha-2022-006>","id":"1997"},{"fact":"<fact:beta-2023-001>","id":"1998"}]`},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if _, err := queries.Gizmo(ctx, &b, s.QS, tt.query, queries.GizmoOptions{}); err != nil {
			t.Fatalf("%s: %v", tt.query, err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, b.Bytes()); err != nil {
			t.Fatal(err)
		}
		if compact.String() != tt.want {
			t.Errorf("%s = %s, want %s", tt.query, compact.String(), tt.want)
		}
	}
}

func TestGizmoTimeout(t *testing.T) {
	s := fixture.Bolt(t, fixture.FixtureData())
	start := time.Now()
	_, err := queries.Gizmo(context.Background(), &bytes.Buffer{}, s.QS, `while(true){}`, queries.GizmoOptions{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, queries.ErrQueryTimeout) {
		t.Fatalf("endless query error = %v, want ErrQueryTimeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("endless query stopped after %s, want about 200ms", d)
	}
}

func TestGizmoLimitAndSyntax(t *testing.T) {
	s := fixture.Bolt(t, fixture.FixtureData())
	var b bytes.Buffer
	n, err := queries.Gizmo(context.Background(), &b, s.QS, `g.V().All()`, queries.GizmoOptions{Limit: 3, Lines: true})
	if err != nil || n != 3 || strings.Count(b.String(), "\n") != 3 {
		t.Errorf("limit 3 lines: n=%d err=%v output=%q", n, err, b.String())
	}
	_, err = queries.Gizmo(context.Background(), &b, s.QS, `g.V(`, queries.GizmoOptions{})
	if err == nil || !strings.HasPrefix(err.Error(), "gizmo: ") {
		t.Errorf("syntax error = %v", err)
	}
}
