package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
)

// TestReadCommandsOnEveryBackend builds the fixture into leveldb, memory
// and a real PostgreSQL server, runs every read command's cases against
// each, and checks that each prints exactly what it prints on bolt, in text
// and in JSON.
func TestReadCommandsOnEveryBackend(t *testing.T) {
	bolt := []string{"--db", filepath.Join(t.TempDir(), "graph.bolt")}
	if _, errs, code := runOn(t, bolt, "build"); code != 0 {
		t.Fatalf("build into bolt: %s", errs)
	}
	cases := append(readCases(), analystCases()...)
	for _, b := range []struct {
		name  string
		store func(t *testing.T) []string
	}{
		{"leveldb", func(t *testing.T) []string {
			return []string{"--backend", "leveldb", "--db", filepath.Join(t.TempDir(), "graph.leveldb")}
		}},
		{"memory", func(t *testing.T) []string { return []string{"--backend", "memory"} }},
		{"postgres", func(t *testing.T) []string { return []string{"--backend", "postgres", "--db", fixture.Postgres(t)} }},
	} {
		t.Run(b.name, func(t *testing.T) {
			st := b.store(t)
			out, errs, code := runOn(t, st, "build")
			if code != 0 || !strings.HasPrefix(out, "built ") {
				t.Fatalf("build: exit %d\n%s%s", code, out, errs)
			}
			runCasesOn(t, st, cases)
			for _, c := range cases {
				for _, args := range [][]string{c.args, append(c.args, "--output", "json")} {
					if c.code != 0 && len(args) > len(c.args) {
						continue
					}
					gotOut, gotErr, gotCode := runOn(t, st, args...)
					bOut, bErr, bCode := runOn(t, bolt, args...)
					if gotOut != bOut || gotCode != bCode || strings.TrimSpace(gotErr) != strings.TrimSpace(bErr) {
						t.Errorf("itkg %s: %s and bolt differ:\n%s (exit %d): %.400s%s\nbolt (exit %d): %.400s%s",
							strings.Join(args, " "), b.name, b.name, gotCode, gotOut, gotErr, bCode, bOut, bErr)
					}
				}
			}
		})
	}
}
