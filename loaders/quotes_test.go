package loaders_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
)

func TestNormalizeQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Iran’s  “Axis of\nResistance”", `Iran's "Axis of Resistance"`},
		{"2014–15 — a dash", "2014-15 - a dash"},
		{"  leading and trailing \t", "leading and trailing"},
		{"", ""},
		{"unchanged <&> text", "unchanged <&> text"},
	}
	for _, tt := range tests {
		if got := loaders.NormalizeQuote(tt.in); got != tt.want {
			t.Errorf("NormalizeQuote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckQuotes(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		ds := fixture.Load(t, fixture.FixtureData())
		if err := loaders.CheckQuotes(ds, fixture.SourcesDir()); err != nil {
			t.Fatalf("CheckQuotes: %v", err)
		}
	})
	t.Run("NotVerbatim", func(t *testing.T) {
		ds := fixture.Load(t, fixture.FixtureData())
		ds.Fact("beta-2023-001").Quote = "The Green Brigade attacked Lowland in 1999."
		err := loaders.CheckQuotes(ds, fixture.SourcesDir())
		var probs loaders.Problems
		if !errors.As(err, &probs) || len(probs) != 1 {
			t.Fatalf("CheckQuotes = %v, want one problem", err)
		}
		want := `testdata/fixture/facts/beta-2023.yaml:1: quote: fact beta-2023-001: quote not found verbatim in beta.txt (matches up to "9.")`
		if probs[0].String() != want {
			t.Errorf("problem = %q\nwant      %q", probs[0].String(), want)
		}
	})
	t.Run("MissingText", func(t *testing.T) {
		ds := fixture.Load(t, fixture.FixtureData())
		err := loaders.CheckQuotes(ds, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "sources.yaml:1: file: cannot read the article text") {
			t.Fatalf("CheckQuotes = %v", err)
		}
	})
}

// TestCorpusQuotes checks every quote of the shipped corpus against the
// articles, which live beside the repository (../shared/sources).
func TestCorpusQuotes(t *testing.T) {
	dir := fixture.CorpusSourcesDir()
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the article texts are missing at %s", dir)
		}
		t.Skip("article texts not found at", dir)
	}
	ds := fixture.Load(t, fixture.CorpusData())
	if err := loaders.CheckQuotes(ds, dir); err != nil {
		t.Fatalf("CheckQuotes:\n%v", err)
	}
}
