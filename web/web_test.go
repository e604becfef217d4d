package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/itkg/itkg/export/worker"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
)

// helper is the itkg-render helper, built once for the package's tests.
var helper string

func TestMain(m *testing.M) {
	os.Exit(fixture.Main(m, func(p map[string]string) { helper = p["itkg-render"] }, "itkg-render"))
}

// logBuffer collects a server's log for a test.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// start serves data from a bolt store in a temporary directory, drawing
// maps with the real helper, and returns the server, its address and its
// log.
func start(t testing.TB, data loaders.Data, tune func(*Options)) (*Server, *httptest.Server, *logBuffer) {
	t.Helper()
	pool := worker.NewPool(helper, 2, 0)
	t.Cleanup(func() { pool.Close() })
	log := &logBuffer{}
	opts := Options{
		Store:    store.Options{Addr: filepath.Join(t.TempDir(), "graph.bolt")},
		Data:     data,
		Renderer: pool,
		Log:      slog.New(slog.NewTextHandler(log, nil)),
	}
	if tune != nil {
		tune(&opts)
	}
	s, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return s, ts, log
}

func get(t testing.TB, ts *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// waitFor polls cond until it holds, failing the test after five seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// TestRoutes asks every route of the fixture a good question and a bad
// one, and checks status, content type and what the answer must hold.
func TestRoutes(t *testing.T) {
	_, ts, _ := start(t, fixture.FixtureData(), nil)
	tests := []struct {
		path   string
		status int
		ctype  string
		holds  []string
	}{
		{"/", 200, "text/html", []string{"10 facts about 6 entities, from 2 sources", `id="theme-water"`, `<a href="/map/water">`, `src="/map/water.svg?core=1"`, `src="/map/overview.svg?core=1"`}},
		{"/map/overview.svg?core=1", 200, "image/svg+xml", []string{"<svg"}},
		{"/search?q=low", 303, "", nil},
		{"/search?q=zzz", 200, "text/html", []string{"No entity has that name"}},
		{"/entity/lowland", 200, "text/html", []string{"<h1>Lowland</h1>", "also Low Country", `href="/timeline?entity=lowland"`, `href="/path?from=lowland"`, `href="/entity/lowland?depth=2"`, `<details class="relation">`, `data-focus="lowland"`, `class="legend"`, "<svg", `href="/fact/alpha-2022-006"`, `href="/entity/upland"`,
			`xlink:href="/entity/upland"`, `xlink:href="/fact/`}},
		{"/entity/low%20country", 303, "", nil},
		{"/entity/nowhere", 404, "text/html", []string{"no entity named &#34;nowhere&#34;"}},
		{"/entity/lowland?theme=watr", 200, "text/html", []string{"unknown theme &#34;watr&#34;", `name="theme"`}},
		{"/entity/lowland?modality=asserted&modality=reported&source=alpha-2022&grep=x&claimed_by=upland&predicate=attacks,borders", 200, "text/html", []string{
			`value="asserted" checked`, `value="reported" checked`, `<option value="alpha-2022" selected>`, `name="grep" value="x"`,
			`name="claimed_by" value="upland"`, `name="predicate" value="attacks,borders"`}},
		{"/entity/lowland?depth=2&event=x", 200, "text/html", []string{`<input type="hidden" name="depth" value="2">`, `<input type="hidden" name="event" value="x">`}},
		{"/map/water", 200, "text/html", []string{`class="explorer"`, `class="legend"`, `id="node_lowland"`, "drop speculation"}},
		{"/map/water?modality=speculative", 200, "text/html", []string{"No facts pass the filters."}},
		{"/map/overview", 200, "text/html", []string{`class="explorer"`, `href="/map/overview-full"`}},
		{"/map/overview-full", 200, "text/html", []string{`class="explorer"`, `href="/map/overview"`}},
		{"/map/overview-full.svg", 200, "image/svg+xml", []string{"<svg", `id="key"`}},
		{"/map/nope", 404, "text/html", nil},
		{"/map/water.svg?core=1", 200, "image/svg+xml", []string{"<svg"}},
		{"/api/itkg/labels?id=upland,nowhere", 200, "application/json", []string{`"upland": {`, `"name": "Upland"`}},
		{"/path", 200, "text/html", []string{`name="from"`}},
		{"/path?from=jo+smith&to=gb", 200, "text/html", []string{"1 path from", "Lowland ←attacks— Green Brigade", "<svg", `href="/fact/beta-2023-001"`}},
		{"/path?from=jo-smith&to=green-brigade&theme=water", 200, "text/html", []string{"No path from", "<code>theme water</code>"}},
		{"/path?from=uplnd&to=lowland", 200, "text/html", []string{`no entity named &#34;uplnd&#34;; did you mean &#34;upland&#34;?`}},
		{"/path?from=upland&to=lowland&max_hops=99", 200, "text/html", []string{"max_hops: want a whole number from 1 to 6"}},
		{"/timeline?theme=security", 200, "text/html", []string{`id="y-1997"`, `href="#y-1997"`, "alpha-2022-006", `<rect class="bar`}},
		{"/timeline?lanes=source", 200, "text/html", []string{`class="lane-name"`, "as of the article", `class="timeline-chart wide"`, `class="timeline-chart narrow"`}},
		{"/timeline?since=2023-13", 200, "text/html", []string{"invalid date &#34;2023-13&#34;"}},
		{"/conflicts", 200, "text/html", []string{"event-date", "embassy-killings", "says 1997", "says 1998"}},
		{"/sources", 200, "text/html", []string{`href="/source/alpha-2022"`}},
		{"/source/beta-2023", 200, "text/html", []string{"beta-2023-001", "Beta"}},
		{"/source/gamma", 404, "text/html", nil},
		{"/fact/alpha-2022-006", 200, "text/html", []string{"The Green Brigade attacked Lowland in 1997", "&lt;green-brigade&gt; &lt;attacks&gt; &lt;lowland&gt; &lt;fact:alpha-2022-006&gt; ."}},
		{"/fact/nope", 404, "text/html", []string{"no fact"}},
		{"/gizmo", 200, "text/html", []string{`id="gizmo-query"`, "Who attacked whom"}},
		{"/map/water.svg", 200, "image/svg+xml", []string{"<svg", "alpha-2022-001"}},
		{"/map/nope.svg", 404, "", nil},
		{"/static/app.js", 200, "text/javascript", []string{"gizmo"}},
		{"/static/style.css", 200, "text/css", nil},
		{"/api/itkg/search?q=lo", 200, "application/json", []string{`"id": "lowland"`}},
		{"/api/itkg/search?q=lo&limit=0", 400, "application/json", []string{"limit: want a whole number"}},
		{"/api/itkg/entity/upland", 200, "application/json", []string{`"id": "upland"`, `"relations"`}},
		{"/api/itkg/entity/lowland?limit=1&offset=1", 200, "application/json", []string{`"page": {`, `"offset": 1`, `"limit": 1`, `"total": 8`}},
		{"/api/itkg/facts?limit=-1", 400, "application/json", []string{"limit: want a whole number from 0"}},
		{"/api/itkg/entity/uplnd", 404, "application/json", []string{`did you mean \"upland\"?`}},
		{"/api/itkg/path?from=jo-smith&to=gb&all=1", 200, "application/json", []string{`"hops": 3`, `"hops": 4`}},
		{"/api/itkg/path?from=jo-smith", 400, "application/json", []string{"give both from and to"}},
		{"/api/itkg/path?from=upland&to=uplanders", 400, "application/json", []string{"FROM and TO are the same entity"}},
		{"/api/itkg/neighbors?entity=lowland&depth=2", 200, "application/json", []string{`"depth": 2`}},
		{"/api/itkg/neighbors?entity=lowland&depth=9", 400, "application/json", nil},
		{"/api/itkg/timeline?entity=gb&since=1998", 200, "application/json", []string{"beta-2023-001"}},
		{"/api/itkg/facts?theme=water&modality=asserted,reported", 200, "application/json", []string{"alpha-2022-001"}},
		{"/api/itkg/facts?since=2024&until=2023", 400, "application/json", []string{"since=2024 is after until=2023"}},
		{"/api/itkg/facts?since=2023-13", 400, "application/json", []string{`"error": "since=2023-13: invalid date`}},
		{"/api/itkg/facts?theme=watr", 400, "application/json", []string{`"error": "theme=watr: unknown theme`}},
		{"/api/itkg/facts?predicate=loves", 400, "application/json", []string{`unknown predicate \"loves\"`}},
		{"/api/itkg/fact/alpha-2022-004", 200, "application/json", []string{`"claimed_by"`, `"quads"`}},
		{"/api/itkg/conflicts?kind=event-date", 200, "application/json", []string{"embassy-killings"}},
		{"/api/itkg/conflicts?kind=dates", 400, "application/json", []string{"unknown kind"}},
		{"/api/itkg/sources", 200, "application/json", []string{`"facts": 7`}},
		{"/api/v2/query?lang=gizmo&qu=" + url.QueryEscape(`g.V("<upland>").Out("<cooperates_with>").All()`), 405, "application/json", []string{"POST"}},
		{"/api/v2/formats", 200, "application/json", []string{"nquads"}},
		{"/api/v2/read?format=nquads", 200, "", []string{"<green-brigade> <attacks> <lowland> <fact:alpha-2022-006> ."}},
		{"/nowhere", 404, "text/plain", nil},
		{"/api/itkg/nothing", 404, "text/plain", nil},
	}
	client := ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := client.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body := string(b)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%.600s", resp.StatusCode, tt.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, tt.ctype)
			}
			for _, h := range tt.holds {
				if !strings.Contains(body, h) {
					t.Errorf("the answer lacks %q:\n%.800s", h, body)
				}
			}
			checkHeaders(t, resp)
		})
	}
}

func checkHeaders(t *testing.T, resp *http.Response) {
	t.Helper()
	for h, want := range map[string]string{
		"Content-Security-Policy": "script-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
	} {
		if !strings.Contains(resp.Header.Get(h), want) {
			t.Errorf("%s = %q, want it to hold %q", h, resp.Header.Get(h), want)
		}
	}
}

// TestEscaping serves names and quotes holding <, " and & (the fixture's
// Jo "The Engineer" Smith <& co>) and a question holding a script, and
// checks that no page lets them through as markup.
func TestEscaping(t *testing.T) {
	_, ts, _ := start(t, fixture.FixtureData(), nil)
	raw := `Jo "The Engineer" Smith <& co>`
	attack := `<script>alert(1)</script>`
	for _, path := range []string{
		"/entity/jo-smith",
		"/entity/upland",
		"/path?from=jo-smith&to=gb",
		"/timeline?entity=jo-smith",
		"/search?q=" + url.QueryEscape(attack),
		"/path?from=" + url.QueryEscape(attack) + "&to=upland",
		"/timeline?theme=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`),
		"/fact/alpha-2022-004",
		"/",
	} {
		t.Run(path, func(t *testing.T) {
			_, body := get(t, ts, path)
			for _, bad := range []string{raw, attack, "<& co>", "<img src=x"} {
				if strings.Contains(body, bad) {
					t.Errorf("the page holds %q unescaped", bad)
				}
			}
			if strings.Contains(path, "jo-smith") && !strings.Contains(body, "Smith &lt;&amp; co&gt;") {
				t.Errorf("the page does not show the name, escaped")
			}
		})
	}
	// JSON carries the name as data.
	resp, body := get(t, ts, "/api/itkg/entity/jo-smith")
	var card struct {
		Entity struct{ Name string } `json:"entity"`
	}
	if err := json.Unmarshal([]byte(body), &card); err != nil || card.Entity.Name != raw {
		t.Errorf("entity JSON name = %q (%v), want %q", card.Entity.Name, err, raw)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("JSON answered without nosniff")
	}
}

// TestCayleyWritesForbidden: the Cayley API is read-only.
func TestCayleyWritesForbidden(t *testing.T) {
	_, ts, _ := start(t, fixture.FixtureData(), nil)
	for _, path := range []string{"/api/v2/write", "/api/v2/delete", "/api/v2/node/delete"} {
		resp, err := ts.Client().Post(ts.URL+path, "application/n-quads", strings.NewReader("<a> <b> <c> .\n"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s: status %d, want 403", path, resp.StatusCode)
		}
	}
	resp, err := ts.Client().Post(ts.URL+"/api/v2/query?lang=gizmo", "application/javascript", strings.NewReader(`g.V("<a>").Out("<b>").All()`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || strings.Contains(string(body), "<c>") {
		t.Errorf("a forbidden write reached the store: %s", body)
	}
}

// TestLimits: an oversized body is refused, a query that never ends is
// stopped at the time limit while other requests are answered, and the
// result limit holds.
func TestLimits(t *testing.T) {
	s, ts, _ := start(t, fixture.FixtureData(), func(o *Options) {
		o.QueryTimeout = 300 * time.Millisecond
		o.QueryLimit = 2
		o.MaxBody = 4096
	})
	post := func(q string) (int, string) {
		resp, err := ts.Client().Post(ts.URL+"/api/v2/query?lang=gizmo", "application/javascript", strings.NewReader(q))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post("g.V().All() //" + strings.Repeat("x", 5000)); code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "size limit") {
		t.Errorf("oversized query: %d %s", code, body)
	}
	if _, body := post(`g.V().All()`); strings.Count(body, `"id"`) != 2 {
		t.Errorf("the result limit of 2 did not hold: %s", body)
	}
	done := make(chan struct{})
	var code int
	var body string
	start := time.Now()
	go func() {
		code, body = post(`while (true) {}`)
		close(done)
	}()
	waitFor(t, "the runaway query to run", func() bool { return len(s.gizmoSlots) == 1 })
	if resp, _ := get(t, ts, "/api/itkg/entity/lowland"); resp.StatusCode != 200 {
		t.Errorf("a request during a runaway query: status %d", resp.StatusCode)
	}
	<-done
	if took := time.Since(start); code != http.StatusServiceUnavailable || took > 5*time.Second || !strings.Contains(body, "time limit (300ms)") {
		t.Errorf("runaway query: status %d after %s: %s", code, took, body)
	}
}

// TestPanicIsA500: a panicking handler answers 500, is logged with its
// stack, and the server goes on answering.
func TestPanicIsA500(t *testing.T) {
	s, _, log := start(t, fixture.FixtureData(), nil)
	h := s.logged(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	}
	if !strings.Contains(log.String(), "handler panicked") || !strings.Contains(log.String(), "panic=boom") {
		t.Errorf("log lacks the panic:\n%s", log)
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost/api/itkg/search?q=up", nil))
	if rec.Code != 200 {
		t.Errorf("after a panic: status %d", rec.Code)
	}
}

// TestRequestLog: every request is logged with method, path, status and
// duration.
func TestRequestLog(t *testing.T) {
	_, ts, log := start(t, fixture.FixtureData(), nil)
	get(t, ts, "/entity/upland")
	get(t, ts, "/nowhere")
	for _, want := range []string{"method=GET path=/entity/upland status=200", "method=GET path=/nowhere status=404", "duration="} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

// TestReopensRebuiltStore: after itkg build replaces the store, the next
// requests are answered from the new one.
func TestReopensRebuiltStore(t *testing.T) {
	fsys := fixture.MapFS(t, fixture.FixtureData())
	data := loaders.Data{FS: fsys, Display: "data"}
	s, ts, log := start(t, data, func(o *Options) { o.Recheck = time.Millisecond })
	if _, body := get(t, ts, "/api/itkg/sources"); !strings.Contains(body, `"facts": 3`) {
		t.Fatalf("sources before: %s", body)
	}
	delete(fsys, "facts/beta-2023.yaml")
	if _, err := store.Build(context.Background(), s.opts.Store, data); err != nil {
		t.Fatal(err)
	}
	// The server looks for a new store at most once per Recheck.
	var body string
	waitFor(t, "an answer from the rebuilt store", func() bool {
		_, body = get(t, ts, "/api/itkg/facts")
		return !strings.Contains(body, "beta-2023")
	})
	if !strings.Contains(log.String(), "reopened the store") {
		t.Errorf("log lacks the reopening:\n%s", log)
	}
}

// TestServesThroughRebuilds: while builds replace the store again and
// again, alternating two versions of the data, every request is answered
// whole from one version or the other.
func TestServesThroughRebuilds(t *testing.T) {
	fsys := fixture.MapFS(t, fixture.FixtureData())
	beta := fsys["facts/beta-2023.yaml"]
	data := loaders.Data{FS: fsys, Display: "data"}
	s, ts, log := start(t, data, func(o *Options) { o.Recheck = time.Millisecond })
	stop := make(chan struct{})
	var mu sync.Mutex
	var failures []string
	requests := 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, path := range []string{"/api/itkg/facts", "/entity/lowland", "/api/itkg/path?from=upland&to=lowland"} {
					resp, body := get(t, ts, path)
					mu.Lock()
					requests++
					whole := strings.HasSuffix(strings.TrimSpace(body), "]") || strings.HasSuffix(strings.TrimSpace(body), "}") || strings.HasSuffix(body, "</html>\n")
					if resp.StatusCode != 200 || !whole {
						failures = append(failures, fmt.Sprintf("GET %s: %d %.100s", path, resp.StatusCode, body))
					}
					mu.Unlock()
				}
			}
		}()
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return requests }
	const builds = 10
	during := 0 // requests answered while a build ran
	for i := range builds {
		hasBeta := i%2 != 0
		if hasBeta {
			fsys["facts/beta-2023.yaml"] = beta
		} else {
			delete(fsys, "facts/beta-2023.yaml")
		}
		before := count()
		if _, err := store.Build(context.Background(), s.opts.Store, data); err != nil {
			t.Fatal(err)
		}
		during += count() - before
		// The next build starts once the server answers from this one.
		waitFor(t, fmt.Sprintf("an answer from build %d", i+1), func() bool {
			_, body := get(t, ts, "/api/itkg/facts")
			return strings.Contains(body, "beta-2023") == hasBeta
		})
	}
	close(stop)
	wg.Wait()
	t.Logf("%d requests, %d of them during %d rebuilds, %d failures", requests, during, builds, len(failures))
	if during == 0 {
		t.Error("no request was answered while a build ran: the test shows nothing")
	}
	if n := strings.Count(log.String(), "reopened the store"); n < builds {
		t.Errorf("the server reopened the store %d times for %d builds", n, builds)
	}
	for i, f := range failures {
		if i == 5 {
			break
		}
		t.Error(f)
	}
}

// TestEntityPages pages the entity page: a card that fits shows no pager,
// a page of it says which facts it lists and links the pages around it,
// keeping the rest of the query.
func TestEntityPages(t *testing.T) {
	_, ts, _ := start(t, fixture.FixtureData(), nil)
	tests := []struct {
		path    string
		holds   []string
		lacks   []string
		factsIn int // fact links on the page
	}{
		{"/entity/lowland", nil, []string{`class="pager"`}, 8},
		{"/entity/lowland?limit=3", []string{"facts 1–3 of 8", `rel="next" href="/entity/lowland?limit=3&amp;offset=3"`}, []string{`rel="prev"`}, 3},
		{"/entity/lowland?limit=3&offset=3&depth=2", []string{"facts 4–6 of 8",
			`rel="prev" href="/entity/lowland?depth=2&amp;limit=3&amp;offset=0"`, `rel="next" href="/entity/lowland?depth=2&amp;limit=3&amp;offset=6"`}, nil, 3},
		{"/entity/lowland?limit=3&offset=6", []string{"facts 7–8 of 8", `rel="prev"`}, []string{`rel="next"`}, 2},
		{"/entity/lowland?limit=x", []string{"limit: want a whole number"}, []string{`class="pager"`}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, ts, tt.path)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			for _, s := range tt.holds {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tt.lacks {
				if strings.Contains(body, s) {
					t.Errorf("page holds %q", s)
				}
			}
			// Each listed fact is one <article class="fact">.
			if n := strings.Count(body, `class="fact"`); n != tt.factsIn {
				t.Errorf("%d facts listed, want %d", n, tt.factsIn)
			}
		})
	}
}

// TestEntityAPIHidesNegated checks that negated=hide, which the map pages
// pass on to the card in their side panel, leaves the negated relations
// and claims out of the entity API's card, as it leaves them off the map.
func TestEntityAPIHidesNegated(t *testing.T) {
	_, ts, _ := start(t, fixture.CorpusData(), func(o *Options) { o.Renderer = nil })
	card := func(path string) queries.Card {
		t.Helper()
		resp, body := get(t, ts, path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d\n%.300s", path, resp.StatusCode, body)
		}
		var c queries.Card
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return c
	}
	negated := func(c queries.Card) (n int) {
		for _, r := range c.Relations {
			if r.Negated {
				n++
			}
		}
		for _, f := range c.Claims {
			if f.Negated {
				n++
			}
		}
		return n
	}
	for _, id := range []string{"iran", "taliban"} {
		shown, hidden := card("/api/itkg/entity/"+id), card("/api/itkg/entity/"+id+"?negated=hide")
		if negated(shown) == 0 {
			t.Errorf("%s's card holds no negated relation to hide", id)
		}
		if n := negated(hidden); n > 0 {
			t.Errorf("%s's card with negated=hide holds %d negated relations or claims", id, n)
		}
		if want := len(shown.Relations) + len(shown.Claims) - negated(shown); len(hidden.Relations)+len(hidden.Claims) != want {
			t.Errorf("%s's card with negated=hide holds %d relations and claims, want %d", id, len(hidden.Relations)+len(hidden.Claims), want)
		}
	}
}
