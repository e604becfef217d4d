package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
)

// run runs itkg on the fixture data with a bolt store at db.
func run(t *testing.T, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runOn(t, []string{"--db", db}, args...)
}

// runOn runs itkg on the fixture data with the store that storeArgs
// (--backend, --db) name.
func runOn(t *testing.T, storeArgs []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	all := append(append([]string{"--data", fixture.Dir()}, storeArgs...), args...)
	code = Main(all, &out, &errb)
	return out.String(), errb.String(), code
}

// cliCase is one command line and what it must print and return.
type cliCase struct {
	name     string
	args     []string
	code     int
	contains []string // substrings of stdout
	stderr   string   // the whole of stderr, when set
}

// runCases runs each case against the bolt store at db.
func runCases(t *testing.T, db string, tests []cliCase) {
	t.Helper()
	runCasesOn(t, []string{"--db", db}, tests)
}

// runCasesOn runs each case against the store storeArgs name.
func runCasesOn(t *testing.T, storeArgs []string, tests []cliCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runOn(t, storeArgs, tt.args...)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errs)
			}
			for _, c := range tt.contains {
				if !strings.Contains(out, c) {
					t.Errorf("stdout lacks %q:\n%s", c, out)
				}
			}
			if tt.stderr != "" && strings.TrimSpace(errs) != tt.stderr {
				t.Errorf("stderr = %q, want %q", strings.TrimSpace(errs), tt.stderr)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	tests := []cliCase{
		{"check", []string{"check", "--sources", fixture.SourcesDir()}, 0,
			[]string{"ok: 2 sources, 6 entities, 9 predicates, 3 themes, 10 facts; quotes all found verbatim"}, ""},
		{"build", []string{"build"}, 0, []string{"built " + db + ": 2 sources, 6 entities, 10 facts"}, ""},
	}
	runCases(t, db, append(tests, readCases()...))
}

// readCases are the cases of the read commands, which every backend must
// answer alike.
func readCases() []cliCase {
	return []cliCase{
		{"show by alias", []string{"show", "low country"}, 0,
			[]string{"Lowland  [country]  id: lowland", "Lowland attacked by Green Brigade   (2 facts, 2 sources"}, ""},
		{"show a page", []string{"show", "low country", "--limit", "1", "--offset", "1"}, 0,
			[]string{"Lowland attacked by Green Brigade   (2 facts, 2 sources", "facts 2–2 of 8"}, ""},
		{"show bad limit", []string{"show", "lowland", "--limit", "-1"}, 1, nil, "itkg: --limit -1: want 0 (all) or more"},
		{"facts a page", []string{"facts", "--limit", "2", "--offset", "3"}, 0, []string{"facts 4–5 of "}, ""},
		{"show unknown", []string{"show", "uplnd"}, 1, nil, `itkg: no entity named "uplnd"; did you mean "upland"?`},
		{"facts by theme", []string{"facts", "--theme", "security", "--modality", "speculative"}, 0,
			[]string{"alpha-2022-007  ~2023  Lowland —recognizes→ Upland", "1 fact\n"}, ""},
		{"facts bad date", []string{"facts", "--since", "2023-13"}, 1, nil, `itkg: --since: invalid date "2023-13": month 13 out of range`},
		{"facts since after until", []string{"facts", "--since", "2024", "--until", "2023-06"}, 1, nil, `itkg: --since 2024 is after --until 2023-06`},
		{"facts unknown theme", []string{"facts", "--theme", "watr"}, 1, nil, `itkg: --theme: unknown theme "watr" (themes: empty, security, water)`},
		{"entities", []string{"entities", "--type", "person"}, 0, []string{"jo-smith", "2\n"}, ""},
		{"query", []string{"query", `g.V("<upland>").Out("<cooperates_with>").All()`}, 0, []string{`"id": "<lowland>"`}, ""},
		{"query timeout", []string{"query", "--timeout", "100ms", "while(true){}"}, 1, nil, "itkg: gizmo: query stopped at its time limit (100ms)"},
		{"export dot", []string{"export", "--theme", "water", "--format", "dot"}, 0, []string{`digraph "itkg-water"`, "alpha-2022-001"}, ""},
		{"export needs a theme", []string{"export"}, 1, nil, "itkg: give --theme T, --around NAME or --all"},
	}
}

// TestQueryLimits: itkg query has the server's bounds: a time limit above
// 0, a memory budget, a size limit.
func TestQueryLimits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	big := filepath.Join(t.TempDir(), "big.js")
	os.WriteFile(big, bytes.Repeat([]byte("@"), 100000), 0o644)
	runCases(t, db, []cliCase{
		{"build", []string{"build"}, 0, nil, ""},
		{"query timeout 0", []string{"query", "--timeout", "0", "g.V().All()"}, 1, nil, "itkg: --timeout 0s: want a time limit above 0"},
		{"query timeout negative", []string{"query", "--timeout", "-1s", "g.V().All()"}, 1, nil, "itkg: --timeout -1s: want a time limit above 0"},
		{"query memory limit", []string{"query", "--memory", "32", `var s="x"; while(true){s=s+s}`}, 1, nil, "itkg: gizmo: query stopped at its memory limit (32 MiB)"},
		{"query recursion", []string{"query", "--memory", "32", `function f(n){return f(n+1)+1}; f(0)`}, 1, nil, "itkg: gizmo: query stopped at its call-stack limit (512 nested calls)"},
		{"query too large", []string{"query", "--file", big}, 1, nil, "itkg: gizmo: query is longer than the size limit (16384 bytes)"},
		{"serve timeout 0", []string{"serve", "--no-maps", "--query-timeout", "0"}, 1, nil, "itkg: --query-timeout 0s: want a time limit above 0"},
	})
}

func TestFactsJSONCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	out, errs, code := run(t, db, "facts", "--entity", "jo smith", "--output", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var facts []struct {
		ID        string `json:"id"`
		Quote     string `json:"quote"`
		ClaimedBy *struct {
			ID string `json:"id"`
		} `json:"claimed_by"`
	}
	if err := json.Unmarshal([]byte(out), &facts); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(facts) != 2 || facts[0].ID != "alpha-2022-004" || facts[0].ClaimedBy == nil || facts[0].ClaimedBy.ID != "jo-smith" {
		t.Errorf("facts = %+v", facts)
	}
}

func TestCheckReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	os.CopyFS(dir, os.DirFS(fixture.Dir()))
	path := filepath.Join(dir, "facts", "beta-2023.yaml")
	b, _ := os.ReadFile(path)
	b = bytes.Replace(b, []byte("subject: upland"), []byte("subject: uplnd"), 1)
	b = bytes.Replace(b, []byte(`date: "1998"`), []byte(`date: "1998-13"`), 1)
	os.WriteFile(path, b, 0o644)
	var out, errb bytes.Buffer
	code := Main([]string{"--data", dir, "check"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := filepath.Clean(dir) + "/facts/beta-2023.yaml:5:9: date: invalid date \"1998-13\": month 13 out of range\n" +
		filepath.Clean(dir) + "/facts/beta-2023.yaml:19: subject: unknown entity \"uplnd\" (did you mean \"upland\"?)\n"
	if out.String() != want {
		t.Errorf("stdout =\n%s\nwant\n%s", out.String(), want)
	}
	if strings.TrimSpace(errb.String()) != "itkg: 2 problems found" {
		t.Errorf("stderr = %q", errb.String())
	}
}

func TestMapsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	dir := filepath.Join(t.TempDir(), "maps")
	out, errs, code := run(t, db, "maps", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{"water.svg", "security.svg", "empty.svg", "index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("maps did not write %s", f)
		}
		if !strings.Contains(out, f) {
			t.Errorf("maps output does not mention %s:\n%s", f, out)
		}
	}
}

func TestPathAndEgoMaps(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	svg := filepath.Join(t.TempDir(), "path.svg")
	out, errs, code := run(t, db, "path", "gb", "upland", "--svg", svg)
	if code != 0 {
		t.Fatalf("path: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(svg)
	if err != nil || !strings.Contains(string(b), "beta-2023-003") || !strings.Contains(out, "map written to "+svg) {
		t.Errorf("path --svg: %v, output %q", err, out)
	}
	out, errs, code = run(t, db, "export", "--around", "lowland", "--format", "dot")
	if code != 0 {
		t.Fatalf("export --around: exit %d: %s", code, errs)
	}
	for _, want := range []string{"Lowland: neighbours within 1 hop", "beta-2023-003", "alpha-2022-006"} {
		if !strings.Contains(out, want) {
			t.Errorf("ego map lacks %q", want)
		}
	}
}

// TestShowEscapesControls: names loaded from N-Quads may hold escape
// sequences, NULs and bidirectional controls; show writes them out as
// escapes, never raw to the terminal.
func TestShowEscapesControls(t *testing.T) {
	dir := t.TempDir()
	nq := filepath.Join(dir, "syn.nq")
	db := filepath.Join(dir, "syn.bolt")
	runCases(t, db, []cliCase{{"gen", []string{"gen", "--quads", "3000", "--seed", "3", "-o", nq}, 0, nil, ""}})
	b, err := os.ReadFile(nq)
	if err != nil {
		t.Fatal(err)
	}
	hostile := `"Synthetic \u001B]0;owned\u0007 Entity\u0000 \u202Eone\u009B"`
	b = bytes.Replace(b, []byte(`<syn-e-1> <rdfs:label> "Synthetic Entity 1" .`), []byte(`<syn-e-1> <rdfs:label> `+hostile+` .`), 1)
	os.WriteFile(nq, b, 0o644)
	runCases(t, db, []cliCase{
		{"load", []string{"load", nq}, 0, nil, ""},
		{"show", []string{"show", "syn-e-1"}, 0, []string{`Synthetic \x1b]0;owned\x07 Entity\x00 \u202eone\u009b  [`}, ""},
	})
	out, _, _ := run(t, db, "show", "syn-e-1")
	for _, r := range out {
		if r == 0x1b || r == 0 || r == 0x202e || r == 0x9b || r == 7 {
			t.Fatalf("show wrote %U raw:\n%q", r, out)
		}
	}
}

func TestGenAndLoad(t *testing.T) {
	dir := t.TempDir()
	nq := filepath.Join(dir, "syn.nq")
	db := filepath.Join(dir, "syn.bolt")
	bad := filepath.Join(dir, "bad.nq")
	os.WriteFile(bad, []byte("<a> <b> <c> .\n<a> <b> .\n"), 0o644)
	runCases(t, db, []cliCase{
		{"gen", []string{"gen", "--quads", "3000", "--seed", "3", "-o", nq}, 0, nil, ""},
		{"load", []string{"load", nq}, 0, []string{"loaded 3,0", "quads (nquads) from " + nq + " into " + db}, ""},
		{"show synthetic", []string{"show", "syn-e-1"}, 0, []string{"Synthetic Entity 1  [", "id: syn-e-1"}, ""},
		{"loaded store is not rebuilt", []string{"facts", "--grep", "Synthetic quote for fact 7."}, 0, []string{"syn-7 "}, ""},
		{"bad file", []string{"load", bad}, 1, nil, "itkg: writing " + db + ": " + bad + ":2: incomplete N-Quad: <a> <b> ."},
		{"store kept after a bad load", []string{"show", "syn-e-1"}, 0, []string{"id: syn-e-1"}, ""},
	})
	var out, errb bytes.Buffer
	if code := Main([]string{"load", nq}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "load needs --db") {
		t.Errorf("load without --db: exit %d, stderr %q", code, errb.String())
	}
}
