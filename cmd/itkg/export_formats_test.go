package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itkg/itkg/export"
)

// TestExportCayleyLoadRoundTrip exports the graph in the store's own quads
// (--format cayley), loads the file into a second store with itkg load,
// and checks that the second store answers as the first: the round trip
// the README's `itkg export --all --format cayley | itkg load -` relies on.
// (An export holds the entities its facts name, so an entity without facts
// is not compared.) The RDF formats are not for itkg load: their absolute
// IRIs are not the store's.
func TestExportCayleyLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "graph.bolt")
	loaded := filepath.Join(dir, "loaded.bolt")
	file := filepath.Join(dir, "all.nq")
	if _, errs, code := run(t, db, "export", "--all", "--format", "cayley", "-o", file); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	if _, errs, code := run(t, loaded, "load", file); code != 0 {
		t.Fatalf("load: %s", errs)
	}
	for _, args := range [][]string{
		{"facts", "--output", "json"},
		{"show", "lowland"},
		{"timeline"},
		{"conflicts"},
	} {
		want, _, _ := run(t, db, args...)
		got, errs, code := run(t, loaded, args...)
		if code != 0 || got != want || want == "" {
			t.Errorf("%v on the loaded store (exit %d, %s) differs from the built store:\n%s\nwant\n%s", args, code, errs, got, want)
		}
	}
	nq, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(nq), "<lowland> <rdf:type> <type:") {
		t.Errorf("the cayley format lacks the store's short IRIs:\n%.300s", nq)
	}
}

func TestExportFormatsCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "graph.bolt")
	out := filepath.Join(dir, "water.csv")
	runCases(t, db, []cliCase{
		{"nquads is RDF", []string{"export", "--theme", "water", "--format", "nquads"}, 0,
			[]string{"<urn:itkg:id:upland> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:itkg:type:"}, ""},
		{"gexf", []string{"export", "--theme", "water", "--format", "gexf"}, 0,
			[]string{`<gexf xmlns="http://gexf.net/1.3" version="1.3">`, `<spell start="2022-05-01" end="2022-05-31">`}, ""},
		{"csv needs a file", []string{"export", "--theme", "water", "--format", "csv"}, 1, nil,
			"itkg: --format csv writes two files; give -o NAME.csv (or -o DIR)"},
		{"csv", []string{"export", "--theme", "water", "--format", "csv", "-o", out}, 0, nil,
			"wrote " + filepath.Join(dir, "water-elements.csv") + " and " + filepath.Join(dir, "water-connections.csv")},
	})
	conn, err := os.ReadFile(filepath.Join(dir, "water-connections.csv"))
	if err != nil || !strings.HasPrefix(string(conn), "ID,From,To,Type,Label,") {
		t.Errorf("connections file: %v\n%.200s", err, conn)
	}
}

// TestExportHelpListsFormats: the help names every format export takes,
// and export/formats_readers_test.go reads each of those with a reader.
func TestExportHelpListsFormats(t *testing.T) {
	out, _, code := run(t, filepath.Join(t.TempDir(), "graph.bolt"), "export", "--help")
	if code != 0 {
		t.Fatalf("export --help: exit %d", code)
	}
	for _, f := range export.Formats {
		if !strings.Contains(out, "\n  "+f+" ") {
			t.Errorf("export --help does not describe --format %s:\n%s", f, out)
		}
	}
}
