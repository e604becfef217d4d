package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/export/worker"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

// TestDisplayAgrees checks, for every fact of the corpus, that the command
// line's text, the JSON export, the SVG map's tooltips and the web's fact
// page show the period and the citation the graph's own rules give
// (graph.Fact.Period, citation.Short): the rules have one home and every
// output uses it.
func TestDisplayAgrees(t *testing.T) {
	d := fixture.CorpusData()
	ds := fixture.Load(t, d)
	type shown struct{ period, cite string }
	want := map[string]shown{}
	for _, f := range ds.Facts {
		p := f.Period()
		if p == "" {
			p = "undated"
		}
		want[f.ID] = shown{p, citation.Short(ds.Source(f.Source))}
	}
	check := func(output, id string, got shown) {
		t.Helper()
		if w := want[id]; got != w {
			t.Errorf("%s shows %s as %q, %q; want %q, %q", output, id, got.period, got.cite, w.period, w.cite)
		}
	}

	t.Run("text", func(t *testing.T) {
		for _, f := range ds.Facts {
			var b bytes.Buffer
			present.WriteFactText(&b, queries.ViewFact(ds, f))
			m := regexp.MustCompile(`^(\S+)  (\S+)  .*\n[^\n]*\n    — (.+) \[`).FindStringSubmatch(b.String())
			if m == nil || m[1] != f.ID {
				t.Fatalf("text of %s unreadable:\n%s", f.ID, b.String())
			}
			check("text", f.ID, shown{m[2], m[3]})
		}
	})

	m := export.FullOverviewMap(ds, nil, graph.Date{})
	t.Run("json", func(t *testing.T) {
		var b bytes.Buffer
		if err := export.Write(&b, "json", ds, m); err != nil {
			t.Fatal(err)
		}
		var sg struct {
			Links []struct {
				ID       string `json:"id"`
				Date     string `json:"date"`
				Citation string `json:"citation"`
			} `json:"links"`
		}
		if err := json.Unmarshal(b.Bytes(), &sg); err != nil {
			t.Fatal(err)
		}
		if len(sg.Links) != len(ds.Facts) {
			t.Errorf("the JSON export holds %d facts, want %d", len(sg.Links), len(ds.Facts))
		}
		for _, l := range sg.Links {
			if l.Date == "" {
				l.Date = "undated"
			}
			check("json", l.ID, shown{l.Date, l.Citation})
		}
	})

	t.Run("svg", func(t *testing.T) {
		pool := worker.NewPool(helper, 1, 0)
		defer pool.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		var b bytes.Buffer
		// The overview draws the facts between two entities; each theme
		// map draws its facts with a literal value too.
		maps := []export.Map{m}
		for _, th := range ds.Themes {
			maps = append(maps, export.ThemeMap(ds, th, nil, graph.Date{}))
		}
		for _, m := range maps {
			if err := export.RenderMap(ctx, pool, &b, ds, m); err != nil {
				t.Fatal(err)
			}
		}
		// Each fact's line of a tooltip: "ID: subject relation object —
		// CITE, PERIOD[ (modality…)]: “quote”".
		svg := html.UnescapeString(b.String())
		seen := map[string]bool{}
		for _, f := range ds.Facts {
			i := strings.Index(svg, f.ID+": ")
			if i < 0 {
				if f.HasObject() || len(f.Themes) > 0 {
					t.Errorf("no tooltip of %s in the SVG", f.ID)
				}
				continue
			}
			line := svg[i:]
			line = line[:strings.Index(line, ": “")]
			dash := strings.LastIndex(line, " — ")
			cite, period, _ := strings.Cut(line[dash+len(" — "):], ", ")
			period, _, _ = strings.Cut(period, " (")
			check("svg", f.ID, shown{period, cite})
			seen[f.ID] = true
		}
		if len(seen) == 0 {
			t.Fatal("no tooltips read")
		}
	})

	t.Run("web", func(t *testing.T) {
		_, ts, _ := start(t, d, nil)
		re := regexp.MustCompile(`<span class="when">([^<]*)</span>(?s:.*?)<p class="cite">— <a href="/source/[^"]*">([^<]*)</a>`)
		for _, f := range ds.Facts {
			resp, body := get(t, ts, "/fact/"+f.ID)
			if resp.StatusCode != 200 {
				t.Fatalf("GET /fact/%s: %d", f.ID, resp.StatusCode)
			}
			m := re.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("the page of %s shows no period and citation", f.ID)
			}
			check("web", f.ID, shown{html.UnescapeString(m[1]), html.UnescapeString(m[2])})
		}
	})
}
