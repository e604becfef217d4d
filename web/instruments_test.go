package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
)

// getHost asks path of ts naming host in the Host header.
func getHost(t *testing.T, ts interface{ Client() *http.Client }, base, host, path string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// sameJSON says whether the JSON text got holds the value want encodes
// (the API escapes <, > and & where the command line does not).
func sameJSON(t *testing.T, got string, want any) bool {
	t.Helper()
	var b bytes.Buffer
	if err := queries.WriteJSON(&b, want); err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("%v: %.300s", err, got)
	}
	if err := json.Unmarshal(b.Bytes(), &w); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(g, w)
}

// TestInstrumentPages asks the barometer, ranking, fact and source pages
// and their APIs about the real corpus, with the articles' texts at hand,
// and checks their answers against the library functions computing them.
func TestInstrumentPages(t *testing.T) {
	_, ts, _ := start(t, fixture.CorpusData(), func(o *Options) {
		o.Sources = fixture.CorpusSourcesDir()
		o.AllowedHosts = []string{"itkg.example.org"}
		o.Renderer = nil // no maps needed here
	})
	ds := fixture.Dataset(t, fixture.CorpusData())
	ctx := context.Background()

	bm, err := queries.BarometerOf(ds, "iran", "taliban", queries.BarometerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ranks := map[string]*queries.Ranking{}
	for _, by := range queries.RankKinds {
		if ranks[by], err = queries.Rank(ctx, ds, queries.RankOptions{By: by, Seed: 1}); err != nil {
			t.Fatal(err)
		}
	}
	place := func(by, id string) int {
		for _, r := range ranks[by].Ranked {
			if r.Entity.ID == id {
				return r.Rank
			}
		}
		t.Fatalf("%s is not ranked by %s", id, by)
		return 0
	}

	// The barometer page: the chart inline with every point a link, the
	// tables, and nothing the CSP would refuse.
	t.Run("barometer", func(t *testing.T) {
		resp, body := get(t, ts, "/barometer")
		if resp.StatusCode != 200 {
			t.Fatalf("status %d\n%.600s", resp.StatusCode, body)
		}
		checkHeaders(t, resp)
		scored := 0
		for _, p := range bm.Series[0].Points {
			if p.Score != nil {
				scored++
			}
		}
		if n := strings.Count(body, `<a class="point-link" href="/barometer?facts=`); n != scored {
			t.Errorf("%d linked points, want the %d years with a score", n, scored)
		}
		for _, want := range []string{`aria-current="page">Barometer</a>`, `<figure class="barometer-chart"><svg`, "Iran — Taliban: cooperation against hostility",
			`<table class="counts">`, `id="barometer-pool" hidden`, `name="by_source"`, `name="include_speculative"`, `name="theme"`,
			fmt.Sprintf("%d speculative facts left out", bm.Speculative), `href="/barometer?pairs=main"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		// Each year of the table: its score, its counts, and a link to its
		// facts.
		for _, p := range bm.Series[0].Points {
			var ids []string
			for _, f := range p.Evidence {
				ids = append(ids, f.ID)
			}
			row := fmt.Sprintf(`data-facts="%s" data-year="%d">%d</a></th>`, strings.Join(ids, " "), p.Year, p.Year)
			if !strings.Contains(body, row) {
				t.Errorf("the table lacks the row of %d: %s", p.Year, row)
			}
		}
		if strings.Contains(body, "<style") || strings.Contains(body, ` style="`) || strings.Contains(body, "<?xml") {
			t.Error("the page holds an inline style or an XML prolog, which the CSP or HTML refuse")
		}
	})

	t.Run("barometer point", func(t *testing.T) {
		var p *queries.BarometerPoint
		for i := range bm.Series[0].Points {
			if pt := &bm.Series[0].Points[i]; pt.Score != nil && pt.Facts > 1 {
				p = pt
				break
			}
		}
		var ids []string
		for _, f := range p.Evidence {
			if f.Role == "cooperative" || f.Role == "hostile" {
				ids = append(ids, f.ID)
			}
		}
		_, body := get(t, ts, "/barometer?a=iran&b=taliban&facts="+url.QueryEscape(strings.Join(ids, ",")+",tabaan-2024-079"))
		head := fmt.Sprintf("The %s behind the point", pluralize(len(ids), "fact"))
		if !strings.Contains(body, head) {
			t.Errorf("the page lacks %q", head)
		}
		i := strings.Index(body, `<div class="point-facts-body">`)
		j := strings.Index(body, `id="barometer-pool"`)
		if i < 0 || j < i {
			t.Fatal("no list of the point's facts before the pool")
		}
		list := body[i:j]
		for _, id := range ids {
			if !strings.Contains(list, `id="fact-`+id+`"`) {
				t.Errorf("the point's list lacks %s", id)
			}
		}
		// A fact the barometer does not count is not listed.
		if strings.Contains(list, "tabaan-2024-079") {
			t.Error("the point's list holds a fact of no point")
		}
	})

	t.Run("small multiples", func(t *testing.T) {
		_, body := get(t, ts, "/barometer?pairs=main&by_source=1")
		if n := strings.Count(body, `<g class="panel"`); n != len(queries.MainPairs) {
			t.Errorf("%d panels, want %d", n, len(queries.MainPairs))
		}
		if n := strings.Count(body, `<section class="barometer-table">`); n != len(queries.MainPairs) {
			t.Errorf("%d tables, want %d", n, len(queries.MainPairs))
		}
		if !strings.Contains(body, `href="/barometer?pairs=main" aria-current="page"`) {
			t.Error("the picker does not mark the main pairs as shown")
		}
	})

	t.Run("barometer API", func(t *testing.T) {
		_, body := get(t, ts, "/api/itkg/barometer?a=iran&b=taliban&by_source=1")
		want, err := queries.BarometerOf(ds, "iran", "taliban", queries.BarometerOptions{BySource: true})
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(t, body, want) {
			t.Errorf("the API's barometer differs from the command line's JSON:\n%.400s", body)
		}
		// The real answer: hostile in the 1990s, cooperative after 2001.
		var got queries.Barometer
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Series) < 2 {
			t.Errorf("by_source gave %d series", len(got.Series))
		}
		for _, p := range got.Series[0].Points {
			if p.Score == nil {
				continue
			}
			if p.Year >= 1996 && p.Year <= 1999 && *p.Score >= 0 || p.Year >= 2002 && p.Year <= 2014 && *p.Score <= 0 {
				t.Errorf("%d scores %+.1f", p.Year, *p.Score)
			}
		}
		_, body = get(t, ts, "/api/itkg/barometer?pairs=main")
		var all []queries.Barometer
		if err := json.Unmarshal([]byte(body), &all); err != nil || len(all) != len(queries.MainPairs) {
			t.Errorf("pairs=main: %d barometers (%v)", len(all), err)
		}
	})

	t.Run("rank page", func(t *testing.T) {
		_, body := get(t, ts, "/rank?by=betweenness")
		want := fmt.Sprintf("%s ranked by betweenness", pluralize(ranks["betweenness"].Entities, "entity"))
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
		// The rows in the ranking's order.
		at := 0
		for _, r := range ranks["betweenness"].Ranked[:10] {
			row := fmt.Sprintf(`<tr id="r-%s"><td>%d</td>`, r.Entity.ID, r.Rank)
			i := strings.Index(body[at:], row)
			if i < 0 {
				t.Fatalf("row %q missing or out of order", row)
			}
			at += i
		}
	})

	t.Run("rank API", func(t *testing.T) {
		_, body := get(t, ts, "/api/itkg/rank?by=degree")
		want, err := queries.Rank(ctx, ds, queries.RankOptions{By: "degree", Seed: 1, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(t, body, want) {
			t.Errorf("the API's ranking differs from the command line's JSON:\n%.400s", body)
		}
		// A question the cache does not hold is computed.
		_, body = get(t, ts, "/api/itkg/rank?by=brokerage&between=iran-state,taliban-state&limit=5")
		want, err = queries.Rank(ctx, ds, queries.RankOptions{By: "brokerage", Between: []string{"iran-state", "taliban-state"}, Seed: 1, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(t, body, want) {
			t.Errorf("brokerage between two clusters:\n%.400s", body)
		}
	})

	t.Run("entity ranks", func(t *testing.T) {
		_, body := get(t, ts, "/entity/iran")
		want := fmt.Sprintf(`<a href="/rank?by=betweenness#r-iran">%s of %d by betweenness</a>, <a href="/rank?by=degree#r-iran">%s by degree</a>, <a href="/rank?by=brokerage#r-iran">%s by brokerage</a>`,
			queries.Ordinal(place("betweenness", "iran")), ranks["betweenness"].Entities, queries.Ordinal(place("degree", "iran")), queries.Ordinal(place("brokerage", "iran")))
		if !strings.Contains(body, want) {
			t.Errorf("the entity page lacks its ranks %q", want)
		}
	})

	t.Run("fact cite box", func(t *testing.T) {
		const id = "tabaan-2024-079"
		f := ds.Fact(id)
		src := ds.Source(f.Source)
		text, err := os.ReadFile(filepath.Join(fixture.CorpusSourcesDir(), src.File))
		if err != nil {
			t.Fatal(err)
		}
		para := loaders.Paragraph(string(text), f.Quote)
		if para == 0 {
			t.Fatalf("the quote of %s is not in its article", id)
		}
		resp, body := getHost(t, ts, ts.URL, "itkg.example.org", "/fact/"+id)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, format := range citation.Formats {
			var b strings.Builder
			err := citation.Facts(&b, ds, []string{id}, citation.Options{Format: format, BaseURL: "http://itkg.example.org",
				Locate: func(*graph.Source, string) string { return fmt.Sprintf("para. %d", para) }})
			if err != nil {
				t.Fatal(err)
			}
			box := fmt.Sprintf(`spellcheck="false">%s</textarea>`, html.EscapeString(strings.TrimRight(b.String(), "\n")))
			if !strings.Contains(strings.ReplaceAll(body, "&#34;", "&quot;"), strings.ReplaceAll(box, "&#34;", "&quot;")) {
				t.Errorf("the %s box does not hold `itkg cite`'s text:\n%s", format, box)
			}
		}
		for _, want := range []string{`Permalink: <a href="http://itkg.example.org/fact/` + id + `">`, fmt.Sprintf("(para. %d)", para),
			`<b>responds to</b> <a href="/fact/tabaan-2024-076">`, `<b>responds to</b> <a href="/fact/tabaan-2024-077">`, `<button type="button" class="copy" data-copy="cite-bibtex">`} {
			if !strings.Contains(body, want) {
				t.Errorf("the fact page lacks %q", want)
			}
		}
		// The other end of the link.
		_, body = get(t, ts, "/fact/tabaan-2024-076")
		if !strings.Contains(body, `<b>responded to by</b> <a href="/fact/tabaan-2024-079">`) {
			t.Error("the answered fact does not link its answer")
		}
		// A host the server does not serve gets no page at all.
		if resp, _ := getHost(t, ts, ts.URL, "evil.example", "/fact/"+id); resp.StatusCode != 403 {
			t.Errorf("a foreign Host got %d", resp.StatusCode)
		}
	})

	t.Run("source coverage", func(t *testing.T) {
		skips, err := loaders.LoadCoverage(fixture.CorpusData().FS, "data", ds)
		if err != nil {
			t.Fatal(err)
		}
		covs, err := loaders.Coverage(ds, skips, fixture.CorpusSourcesDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range covs {
			_, body := get(t, ts, "/source/"+c.Source)
			want := fmt.Sprintf("Of the article's %s, facts quote <b>%d</b>", pluralize(c.Sentences, "sentence"), c.Quoted)
			if !strings.Contains(body, want) || !strings.Contains(body, fmt.Sprintf("<b>%d</b> unaccounted", len(c.Unaccounted))) {
				t.Errorf("/source/%s lacks %q", c.Source, want)
			}
		}
	})
}

// TestInstrumentErrors: questions the instruments cannot answer get a
// clear message (on the page) or a 4xx (from the API).
func TestInstrumentErrors(t *testing.T) {
	_, ts, _ := start(t, fixture.FixtureData(), func(o *Options) { o.Renderer = nil })
	many := strings.TrimSuffix(strings.Repeat("upland:lowland,", 13), ",")
	tests := []struct {
		path   string
		status int
		holds  string
	}{
		{"/barometer", 200, "no entity named &#34;iran&#34;"},
		{"/barometer?a=upland", 200, "give both a and b"},
		{"/barometer?a=upland&b=uplanders", 200, "two different actors"},
		{"/barometer?pairs=" + many, 200, "13 pairs, at most 12"},
		{"/barometer?pairs=upland", 200, "is not a pair A:B"},
		{"/barometer?a=upland&b=lowland&since=2024-13", 200, "invalid date"},
		{"/api/itkg/barometer?a=upland", 400, "give both a and b"},
		{"/api/itkg/barometer?a=upland&b=nowhere", 404, "no entity named"},
		{"/api/itkg/barometer?a=upland&b=upland", 400, "two different actors"},
		{"/rank?by=fame", 200, "by: want one of degree, betweenness, brokerage"},
		{"/rank?by=brokerage&between=one", 200, "name two clusters"},
		{"/api/itkg/rank?by=fame", 400, "by: want one of"},
		{"/api/itkg/rank?limit=-1", 400, "limit: want a whole number"},
		{"/api/itkg/rank?by=brokerage&between=a,b", 400, "no cluster"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, ts, tt.path)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.holds) {
				t.Errorf("status %d, want %d, and %q in\n%.600s", resp.StatusCode, tt.status, tt.holds, body)
			}
		})
	}
	// Without --sources: a Cite box without locator, no coverage.
	_, body := get(t, ts, "/fact/alpha-2022-006")
	if !strings.Contains(body, `id="cite-chicago"`) || strings.Contains(body, "para.") {
		t.Errorf("a fact page without the articles: Cite box missing or with a locator")
	}
	if _, body := get(t, ts, "/source/alpha-2022"); strings.Contains(body, "Sentence coverage") {
		t.Error("a source page shows coverage without the articles")
	}
	// The fixture's pair: two hostile years, each point linked.
	_, body = get(t, ts, "/barometer?a=green-brigade&b=lowland")
	for _, id := range []string{"alpha-2022-006", "beta-2023-001"} {
		if !regexp.MustCompile(`<a class="point-link" href="/barometer\?a=green-brigade&amp;b=lowland&amp;facts=` + id + `#point-facts"`).MatchString(body) {
			t.Errorf("no point links %s", id)
		}
	}
}

// TestInstrumentEscaping: names, parameters and the chart's text reach the
// page escaped.
func TestInstrumentEscaping(t *testing.T) {
	_, ts, _ := start(t, fixture.FixtureData(), func(o *Options) { o.Renderer = nil })
	raw := `Jo "The Engineer" Smith <& co>`
	attack := `"><script>alert(1)</script>`
	for _, path := range []string{
		"/barometer?a=jo-smith&b=upland&x=" + url.QueryEscape(attack),
		"/barometer?a=" + url.QueryEscape(attack) + "&b=upland",
		"/barometer?pairs=" + url.QueryEscape(attack+":x"),
		"/rank?between=" + url.QueryEscape(attack) + ",x&by=brokerage",
		"/rank?x=" + url.QueryEscape(attack),
		"/entity/jo-smith",
		"/fact/alpha-2022-004",
	} {
		t.Run(path, func(t *testing.T) {
			_, body := get(t, ts, path)
			for _, bad := range []string{raw, "<script>", "<& co>"} {
				if strings.Contains(body, bad) {
					t.Errorf("the page holds %q unescaped", bad)
				}
			}
		})
	}
	_, body := get(t, ts, "/barometer?a=jo-smith&b=upland")
	if !strings.Contains(body, "Smith &lt;&amp; co&gt;") {
		t.Error("the barometer does not name the actor, escaped")
	}
}

// TestRanksPerStore: the rankings are computed once per open store, and
// again from the new one after a rebuild.
func TestRanksPerStore(t *testing.T) {
	fsys := fixture.MapFS(t, fixture.FixtureData())
	data := loaders.Data{FS: fsys, Display: "data"}
	s, ts, _ := start(t, data, func(o *Options) { o.Recheck = time.Millisecond; o.Renderer = nil })
	get(t, ts, "/entity/lowland")
	first := s.cur.Load()
	cached := first.ranks.by
	if cached == nil {
		t.Fatal("an entity page left no rankings cached")
	}
	get(t, ts, "/entity/upland")
	get(t, ts, "/rank")
	if s.cur.Load() != first || len(first.ranks.by) != len(cached) || first.ranks.by["degree"] != cached["degree"] {
		t.Error("the rankings were computed again for the same store")
	}
	delete(fsys, "facts/beta-2023.yaml")
	if _, err := store.Build(context.Background(), s.opts.Store, data); err != nil {
		t.Fatal(err)
	}
	// The server looks for a new store when a request comes after Recheck.
	var body string
	waitFor(t, "the server to reopen the rebuilt store", func() bool {
		_, body = get(t, ts, "/api/itkg/rank?by=degree&limit=0")
		return s.cur.Load() != first
	})
	ds := fixture.Dataset(t, data)
	want, err := queries.Rank(context.Background(), ds, queries.RankOptions{By: "degree", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(t, body, want) {
		t.Errorf("after the rebuild the ranking is not the new store's:\n%s", body)
	}
}
