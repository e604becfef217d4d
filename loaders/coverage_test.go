package loaders_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, raw string
		want      []string
	}{
		{"two sentences", "Iran met the Taliban. They talked.", []string{"Iran met the Taliban.", "They talked."}},
		{"abbreviations and initials", "Aaron Y. Zelin met Mr. Smith in Washington, D.C. on Monday. U.S. troops left.",
			[]string{"Aaron Y. Zelin met Mr. Smith in Washington, D.C. on Monday.", "U.S. troops left."}},
		{"heading of its own", "Cause for cooperation\n\nIran helped. It said so.", []string{"Cause for cooperation", "Iran helped.", "It said so."}},
		{"page break inside a sentence", "Since then, they have held\n\nsixty-seven meetings.", []string{"Since then, they have held sixty-seven meetings."}},
		{"closing quote", `He said "never." Then he left.`, []string{`He said "never."`, "Then he left."}},
		{"link reduced", `A push for [legitimacy \(https://x.example/l\)](https://x.example/l). More.`, []string{"A push for legitimacy.", "More."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, ss := loaders.Sentences(tt.raw)
			var got []string
			for _, s := range ss {
				got = append(got, s.Text)
				if text[s.Start:s.End] != s.Text {
					t.Errorf("offsets of %q give %q", s.Text, text[s.Start:s.End])
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

// TestCoverage runs the coverage check over the fixture: its articles'
// headings hold no fact, so they are unaccounted until a coverage file
// names them.
func TestCoverage(t *testing.T) {
	fsys := fixture.MapFS(t, fixture.FixtureData())
	ds, err := loaders.Load(fsys, "testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	cov, err := loaders.Coverage(ds, nil, fixture.SourcesDir())
	if err != nil {
		t.Fatal(err)
	}
	if n := loaders.Unaccounted(cov); n == 0 {
		t.Fatalf("no sentence unaccounted in the fixture without coverage files: %+v", cov)
	}
	var list strings.Builder
	if err := loaders.WriteCoverageText(&list, cov, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(list.String(), "    Alpha Report on the River Dispute\n") {
		t.Errorf("the unaccounted heading is not listed:\n%s", list.String())
	}

	fsys["coverage/alpha-2022.yaml"] = &fstest.MapFile{Data: []byte("- starts: \"Alpha Report on the River\"\n  reason: navigation\n")}
	// A two-word entry names a whole sentence only.
	fsys["coverage/beta-2023.yaml"] = &fstest.MapFile{Data: []byte("- starts: \"The Green\"\n  reason: navigation\n")}
	skips, err := loaders.LoadCoverage(fsys, "testdata/fixture", ds)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loaders.Coverage(ds, skips, fixture.SourcesDir()); err == nil ||
		!strings.Contains(err.Error(), `coverage/beta-2023.yaml:1: starts: no sentence of beta.txt is "The Green" (an entry of fewer than 4 words names a whole sentence)`) {
		t.Fatalf("Coverage with a two-word prefix = %v", err)
	}
	fsys["coverage/beta-2023.yaml"] = &fstest.MapFile{Data: []byte("- starts: \"Beta Brief\"\n  reason: navigation\n")}
	skips, err = loaders.LoadCoverage(fsys, "testdata/fixture", ds)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loaders.Coverage(ds, skips, fixture.SourcesDir()); err != nil {
		t.Fatalf("Coverage with a two-word heading = %v", err)
	}
	fsys["coverage/beta-2023.yaml"] = &fstest.MapFile{Data: []byte("- starts: \"No such sentence here\"\n  reason: repeats\n  repeats: beta-2023-001\n")}
	skips, err = loaders.LoadCoverage(fsys, "testdata/fixture", ds)
	if err != nil {
		t.Fatal(err)
	}
	cov, err = loaders.Coverage(ds, skips, fixture.SourcesDir())
	if err == nil || !strings.Contains(err.Error(), `no sentence of beta.txt starts "No such sentence here"`) {
		t.Errorf("Coverage with a stale entry = %v", err)
	}
	for _, c := range cov {
		if c.Source == "alpha-2022" {
			if len(c.Unaccounted) != 0 || c.Skipped["navigation"] != 1 {
				t.Errorf("alpha-2022 coverage = %+v, want its heading skipped and nothing unaccounted", c)
			}
		}
	}
}
