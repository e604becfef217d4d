package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenCases are the answers analysts read most, over the real corpus, in
// text and JSON: any change to what a command prints shows in review as a
// change to these files (make golden rewrites them after an intended one).
var goldenCases = []struct {
	name string
	args []string
}{
	{"show-qomi", []string{"show", "Kazemi Qomi"}},
	{"facts-water-zelin", []string{"facts", "--theme", "water", "--source", "zelin-2023"}},
	{"path-fatemiyoun-baradar", []string{"path", "fatemiyoun", "Mullah Baradar", "--facts", "1"}},
	{"neighbors-qomi", []string{"neighbors", "Kazemi Qomi"}},
	{"timeline-qomi", []string{"timeline", "--entity", "Kazemi Qomi"}},
	{"conflicts", []string{"conflicts"}},
	{"corroboration-water", []string{"corroboration", "--theme", "water", "--min-sources", "2"}},
	{"rank-brokerage", []string{"rank", "--by", "brokerage", "--between", "iran-state,taliban-state", "--limit", "10"}},
	{"barometer", []string{"barometer"}},
}

// TestGolden runs each case as text and as JSON against a bolt store built
// from the embedded corpus, and compares stdout with testdata/golden.
func TestGolden(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	for _, c := range goldenCases {
		for _, format := range []string{"text", "json"} {
			name := c.name + "." + map[string]string{"text": "txt", "json": "json"}[format]
			t.Run(name, func(t *testing.T) {
				var out, errb strings.Builder
				args := append([]string{"--db", db}, c.args...)
				args = append(args, "--output", format)
				if code := Main(args, &out, &errb); code != 0 {
					t.Fatalf("itkg %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
				}
				path := filepath.Join("testdata", "golden", name)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run make golden to write it)", err)
				}
				if out.String() != string(want) {
					t.Errorf("itkg %s differs from %s (make golden rewrites it after an intended change):\n%s",
						strings.Join(c.args, " "), path, firstDiff(out.String(), string(want)))
				}
			})
		}
	}
}
