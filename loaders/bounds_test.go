package loaders_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/itkg/itkg/loaders"
)

// TestNestingAndSize: a data file nested 50,000 or 200,000 levels deep,
// in flow or block style, with too many tokens, or larger than 2 MiB, is
// refused with its file (and line, for nesting) within 200 MB of
// allocation, and so is one of 10 MB; a cancelled load stops. How long
// each takes (the target is 2 s) is BenchmarkNestingAndSize's figure, not
// a timed assertion.
func TestNestingAndSize(t *testing.T) {
	for _, tt := range boundCases() {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyFixture(t)
			if err := os.WriteFile(filepath.Join(dir, "themes.yaml"), []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := loaders.Load(os.DirFS(dir), "data")
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes: %s, %d MB allocated", len(tt.body), took.Round(time.Millisecond), alloc>>20)
			if tt.want == "" && err != nil {
				t.Errorf("Load: %.300v", err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Load: %v, want %q", err, tt.want)
			}
			if alloc > 200<<20 {
				t.Errorf("allocated %d MB, past 200 MB", alloc>>20)
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := loaders.LoadContext(ctx, os.DirFS(copyFixture(t)), "data"); !errors.Is(err, context.Canceled) {
			t.Errorf("LoadContext after cancel: %v", err)
		}
	})
}

// BenchmarkNestingAndSize times each hostile or largest data file of
// TestNestingAndSize (docs/reliability.md has the figures).
func BenchmarkNestingAndSize(b *testing.B) {
	for _, tt := range boundCases() {
		b.Run(tt.name, func(b *testing.B) {
			dir := copyFixture(b)
			if err := os.WriteFile(filepath.Join(dir, "themes.yaml"), []byte(tt.body), 0o644); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				loaders.Load(os.DirFS(dir), "data")
			}
		})
	}
}

type boundCase struct{ name, body, want string }

// boundCases are data files at and past the loader's bounds, with the
// error each must give ("" for the largest one accepted).
func boundCases() []boundCase {
	pyramid := func(levels int) string {
		var b strings.Builder
		b.WriteString("- id: water\n  title: Water\n  description:\n")
		for i := range levels {
			b.WriteString(strings.Repeat(" ", 4+i) + "k:\n")
		}
		return b.String()
	}
	// The largest file accepted: just under the token bound, every theme
	// unique, so it loads.
	var big strings.Builder
	big.WriteString("- id: water\n  title: Water\n  description: d\n- id: security\n  title: Security\n  description: d\n")
	for i := 0; big.Len() < 1<<20; i++ {
		fmt.Fprintf(&big, "- id: theme-%d\n  title: Water of the river and the lakes\n  description: A theme with several words in it.\n", i)
	}
	tests := []boundCase{
		{"flow 50k", "- id: water\n  title: " + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + "\n",
			"data/themes.yaml:2: nested more than 64 levels deep"},
		{"flow 200k", "- id: water\n  title: " + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + "\n",
			"data/themes.yaml: too large to check: 400006 words and marks, at most 250000 (split the file)"},
		{"flow 50k unclosed maps", "- id: water\n  title: " + strings.Repeat("{a: ", 50000) + "\n",
			"data/themes.yaml:2: nested more than 64 levels deep"},
		{"dashes 200k", strings.Repeat("- ", 200000) + "x\n", "data/themes.yaml:1: nested more than 64 levels deep"},
		{"indentation 1400", pyramid(1400), "data/themes.yaml:66: nested more than 64 levels deep"},
		{"flat list of 1M", "- id: water\n  title: [" + strings.Repeat("a,", 1<<19) + "]\n", "data/themes.yaml: too large to check"},
		{"largest accepted", big.String(), ""},
		{"over 2 MiB", "- id: water\n  title: Water\n  description: " + strings.Repeat("x", 2<<20) + "\n",
			"data/themes.yaml: larger than 2 MiB, the most a data file may hold"},
		{"10 MB of facts", strings.Repeat("- id: water\n  title: Water\n  description: A theme.\n", 10<<20/48),
			"data/themes.yaml: larger than 2 MiB, the most a data file may hold"},
	}
	return tests
}
