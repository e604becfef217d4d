package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalystCommands runs path, neighbors, timeline, conflicts and
// corroboration on the fixture through Main.
func TestAnalystCommands(t *testing.T) {
	runCases(t, filepath.Join(t.TempDir(), "graph.bolt"), analystCases())
}

// analystCases are the cases of path, neighbors, timeline, conflicts and
// corroboration.
func analystCases() []cliCase {
	return []cliCase{
		{"path", []string{"path", "jo smith", "GB"}, 0, []string{
			"1 shortest path from Jo \"The Engineer\" Smith <& co> to Green Brigade",
			"path 1, 3 hops: Jo \"The Engineer\" Smith <& co> — Upland — Lowland — Green Brigade",
			"Upland ←recognizes— Lowland   (1 fact; alpha-2022)",
			"Lowland ←attacks— Green Brigade   (2 facts; alpha-2022, beta-2023)",
			`"The Green Brigade attacked Lowland in 1998."`,
		}, ""},
		{"path all", []string{"path", "jo-smith", "green-brigade", "--all", "--facts", "0"}, 0, []string{
			"2 paths within 4 hops",
			"path 2, 4 hops: Jo \"The Engineer\" Smith <& co> — Upland — River Accord — Lowland — Green Brigade",
			"River Accord ←signs— Lowland",
		}, ""},
		{"path all limit", []string{"path", "jo-smith", "green-brigade", "--all", "--limit", "1"}, 0,
			[]string{"1+ path within 4 hops", "more paths left out; raise --limit"}, ""},
		{"path only-predicate alias", []string{"path", "upland", "lowland", "--only-predicate", "recognizes"}, 0,
			[]string{"Upland ←recognizes— Lowland"}, ""},
		{"path no path, filter named", []string{"path", "jo-smith", "green-brigade", "--theme", "water"}, 0, []string{
			"no path from Jo \"The Engineer\" Smith <& co> to Green Brigade with --theme water",
			"--theme water removed the last path",
		}, ""},
		{"path no path, since named", []string{"path", "lowland", "green-brigade", "--since", "2022", "--modality", "asserted"}, 0,
			[]string{"--since 2022 removed the last path"}, ""},
		{"path no path at all", []string{"path", "upland", "embassy-killings"}, 0, []string{"no path from Upland to Embassy killings\n"}, ""},
		{"path unknown name", []string{"path", "uplnd", "lowland"}, 1, nil, `itkg: FROM: no entity named "uplnd"; did you mean "upland"?`},
		{"path same entity", []string{"path", "upland", "uplanders"}, 1, nil, "itkg: FROM and TO are the same entity"},
		{"path bad date", []string{"path", "upland", "lowland", "--as-of", "2022-02-30"}, 1, nil, `itkg: --as-of: invalid date "2022-02-30": day 30 out of range`},
		{"path max-hops needs all", []string{"path", "upland", "lowland", "--max-hops", "2"}, 1, nil, "itkg: --max-hops needs --all"},
		{"path unknown predicate", []string{"path", "upland", "lowland", "--exclude-predicate", "loves"}, 1, nil, `itkg: --exclude-predicate: unknown predicate "loves"`},
		{"neighbors", []string{"neighbors", "low country"}, 0, []string{
			"3 entities within 1 hop of Lowland",
			"Upland  [country]  id: upland  — 1 hop",
			"Lowland —cooperates with→ Upland   (1 fact; beta-2023)",
		}, ""},
		{"neighbors depth and theme", []string{"neighbors", "lowland", "--depth", "2", "--theme", "water"}, 0,
			[]string{"2 entities within 2 hops of Lowland (--theme water)", "Upland  [country]  id: upland  — 2 hops"}, ""},
		{"neighbors empty theme", []string{"neighbors", "lowland", "--theme", "empty"}, 0, []string{"0 entities within 1 hop of Lowland"}, ""},
		{"neighbors bad depth", []string{"neighbors", "lowland", "--depth", "0"}, 1, nil, "itkg: --depth and --max-visited must be at least 1, --facts at least 0"},
		{"timeline", []string{"timeline"}, 0, []string{
			"── 1997 ──\nalpha-2022-006  1997",
			"── 2023 ──\nalpha-2022-007  ~2023",
			"── undated (5) ──",
			"5 dated facts, 5 undated",
		}, ""},
		{"timeline entity since", []string{"timeline", "--entity", "gb", "--since", "1998"}, 0,
			[]string{"beta-2023-001  1998", "1 dated fact, 0 undated"}, ""},
		{"timeline empty theme", []string{"timeline", "--theme", "empty"}, 0, []string{"0 dated facts, 0 undated"}, ""},
		{"timeline bad date", []string{"timeline", "--until", "22-01"}, 1, nil, `itkg: --until: invalid date "22-01": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"timeline unknown entity", []string{"timeline", "--entity", "lowlnd"}, 1, nil, `itkg: --entity: no entity named "lowlnd"; did you mean "lowland"?`},
		{"conflicts", []string{"conflicts"}, 0, []string{
			"[event-date] embassy-killings",
			"Alpha ~2022-06 [alpha-2022] says 1997",
			"Beta & Gamma 2023-01-15 [beta-2023] says 1998",
			"1 conflict\n",
		}, ""},
		{"conflicts kind", []string{"conflicts", "--kind", "amount"}, 0, []string{"0 conflicts"}, ""},
		{"conflicts unknown kind", []string{"conflicts", "--kind", "dates"}, 1, nil,
			`itkg: --kind: unknown kind "dates" (want event-date, event-amount, amount, contradiction, negation)`},
		{"corroboration", []string{"corroboration"}, 0, []string{"Green Brigade —attacks→ Lowland   (2 sources)", "1 relation\n"}, ""},
		{"corroboration min 1 theme", []string{"corroboration", "--min-sources", "1", "--theme", "water"}, 0, []string{"6 relations"}, ""},
		{"corroboration bad min", []string{"corroboration", "--min-sources", "0"}, 1, nil, "itkg: --min-sources must be at least 1"},
	}
}

// TestAnalystJSON checks every analyst command's JSON carries the evidence.
func TestAnalystJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	tests := []struct {
		args  []string
		check func(t *testing.T, v any)
	}{
		{[]string{"path", "lowland", "gb"}, func(t *testing.T, v any) {
			m := v.(map[string]any)
			p := m["paths"].([]any)[0].(map[string]any)
			st := p["steps"].([]any)[0].(map[string]any)["relations"].([]any)[0].(map[string]any)
			f := st["facts"].([]any)[0].(map[string]any)
			if st["text"] != "Lowland ←attacks— Green Brigade" || st["forward"] != false || f["id"] != "alpha-2022-006" ||
				f["quote"] == "" || f["date"] != "1997" || f["source"].(map[string]any)["id"] != "alpha-2022" {
				t.Errorf("step = %v", st)
			}
		}},
		{[]string{"path", "lowland", "gb", "--until", "1990"}, func(t *testing.T, v any) {
			b := v.(map[string]any)["blocked_by"].(map[string]any)
			f := b["filters"].([]any)[0].(map[string]any)
			if f["flag"] != "until" || f["value"] != "1990" || b["unfiltered_shortest"] != 1.0 {
				t.Errorf("blocked_by = %v", b)
			}
		}},
		{[]string{"neighbors", "jo-smith"}, func(t *testing.T, v any) {
			n := v.(map[string]any)["neighbors"].([]any)[0].(map[string]any)
			if n["entity"].(map[string]any)["id"] != "upland" || n["distance"] != 1.0 || len(n["via"].([]any)) != 1 {
				t.Errorf("neighbour = %v", n)
			}
		}},
		{[]string{"timeline", "--entity", "jo-smith"}, func(t *testing.T, v any) {
			m := v.(map[string]any)
			if len(m["dated"].([]any)) != 0 || len(m["undated"].([]any)) != 2 {
				t.Errorf("timeline = %v", m)
			}
		}},
		{[]string{"conflicts"}, func(t *testing.T, v any) {
			c := v.([]any)[0].(map[string]any)
			s := c["sides"].([]any)[1].(map[string]any)
			if c["kind"] != "event-date" || s["says"] != "1998" || s["facts"].([]any)[0].(map[string]any)["quote"] != "The Green Brigade attacked Lowland in 1998." {
				t.Errorf("conflict = %v", c)
			}
		}},
		{[]string{"corroboration"}, func(t *testing.T, v any) {
			c := v.([]any)[0].(map[string]any)
			if c["sources_count"] != 2.0 || len(c["sources"].([]any)) != 2 {
				t.Errorf("corroborated = %v", c)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errs, code := run(t, db, append(tt.args, "--output", "json")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var v any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			tt.check(t, v)
		})
	}
}
