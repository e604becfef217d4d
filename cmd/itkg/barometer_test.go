package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBarometerCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "graph.bolt")
	svg := filepath.Join(dir, "b.svg")
	runCases(t, db, []cliCase{
		{"a pair by name", []string{"barometer", "Green Brigade", "low country"}, 0,
			[]string{"Green Brigade — Lowland: cooperative against hostile facts per year", "  1997  -10.0", "  1998  -10.0", "all sources: 2 facts from 2 sources"}, ""},
		{"speculation left out and counted", []string{"barometer", "upland", "lowland"}, 0,
			[]string{"  2023   +6.0", "left out: 1 speculative fact (--include-speculative counts them)"}, ""},
		{"speculation counted on request", []string{"barometer", "upland", "lowland", "--include-speculative"}, 0,
			[]string{"  2023   +6.0", "      2        2     2        0"}, ""},
		{"by source", []string{"barometer", "green-brigade", "lowland", "--by-source"}, 0,
			[]string{"Alpha ~2022-06 [alpha-2022]: 1 fact", "Beta & Gamma 2023-01-15 [beta-2023]: 1 fact"}, ""},
		{"the chart", []string{"barometer", "green-brigade", "lowland", "--svg", svg}, 0, []string{"chart written to " + svg}, ""},
		{"pairs", []string{"barometer", "--pairs", "green-brigade:lowland,upland:lowland"}, 0,
			[]string{"Green Brigade — Lowland", "Upland — Lowland"}, ""},
		{"one actor", []string{"barometer", "upland"}, 1, nil, "itkg: want two actors, or none for Iran and the Taliban; got 1"},
		{"the same actor twice", []string{"barometer", "upland", "Upland"}, 1, nil, "itkg: the barometer needs two different actors, got upland twice"},
		{"an unknown actor", []string{"barometer", "upland", "atlantis"}, 1, nil, `itkg: no entity named "atlantis" (try ` + "`itkg entities`)"},
		{"pairs and actors", []string{"barometer", "upland", "lowland", "--pairs", "main"}, 1, nil, "itkg: give two actors or --pairs, not both"},
		{"a bad pair", []string{"barometer", "--pairs", "upland"}, 1, nil, `itkg: --pairs: "upland" is not a pair A:B`},
	})
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `data-facts="alpha-2022-006"`) || !strings.Contains(string(b), "Green Brigade — Lowland") {
		t.Errorf("the chart lacks its points or title:\n%s", b)
	}

	out, errs, code := run(t, db, "barometer", "green-brigade", "lowland", "--output", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var bm struct {
		A      struct{ ID string }
		Series []struct {
			Points []struct {
				Year     int
				Score    *float64
				Evidence []struct{ ID, Role string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &bm); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if bm.A.ID != "green-brigade" || len(bm.Series) != 1 || len(bm.Series[0].Points) != 2 {
		t.Fatalf("JSON %s", out)
	}
	p := bm.Series[0].Points[0]
	if p.Year != 1997 || p.Score == nil || *p.Score != -10 || len(p.Evidence) != 1 || p.Evidence[0].ID != "alpha-2022-006" || p.Evidence[0].Role != "hostile" {
		t.Errorf("first point %+v", p)
	}
}
