package web

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/itkg/itkg/internal/fixture"
)

// TestLoad runs a few hundred concurrent clients against a real server on
// 127.0.0.1 for a bounded time ($ITKG_LOAD_SECONDS, 3 by default), mixing
// pages, API calls and Gizmo queries that never end, and reports requests
// per second and latency percentiles. Every answer must be the one
// expected: no transport errors, no unexpected status, and every runaway
// query stopped at the time limit.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test runs for seconds")
	}
	if raceEnabled {
		t.Skip("the race detector slows requests past the load test's time limits; the other web tests run under it")
	}
	seconds := 3
	if v := os.Getenv("ITKG_LOAD_SECONDS"); v != "" {
		fmt.Sscan(v, &seconds)
	}
	const clients = 200
	// Runaway queries are cut at the limit; ordinary ones, queued behind
	// 200 clients on two cores, must finish well within it (at 500 ms one
	// in a few hundred did not on a machine busy with other work).
	_, ts, _ := start(t, fixture.CorpusData(), func(o *Options) { o.QueryTimeout = 2 * time.Second })
	ds := fixture.Load(t, fixture.CorpusData())
	var ids []string
	for _, e := range ds.Entities {
		ids = append(ids, e.ID)
	}
	// Warm the map cache, as the first visitor would.
	if resp, _ := get(t, ts, "/"); resp.StatusCode != 200 {
		t.Fatalf("home: %d", resp.StatusCode)
	}

	type request struct {
		class  string
		method string
		path   string
		body   string
		status int    // expected
		holds  string // in the body
	}
	next := func(r *rand.Rand) request {
		e, f := ids[r.IntN(len(ids))], ids[r.IntN(len(ids))]
		switch x := r.IntN(100); {
		case x < 5:
			return request{"page /", "GET", "/", "", 200, "</html>"}
		case x < 25:
			return request{"page /entity", "GET", "/entity/" + e, "", 200, "</html>"}
		case x < 35:
			return request{"page /path", "GET", "/path?from=" + e + "&to=" + f, "", 200, "</html>"}
		case x < 55:
			return request{"api search", "GET", "/api/itkg/search?q=" + url.QueryEscape(e[:min(3, len(e))]), "", 200, `"id"`}
		case x < 65:
			if e == f {
				return request{"api path", "GET", "/api/itkg/path?from=" + e + "&to=" + f, "", 400, "same entity"}
			}
			return request{"api path", "GET", "/api/itkg/path?from=" + e + "&to=" + f, "", 200, `"paths"`}
		case x < 75:
			return request{"api facts", "GET", "/api/itkg/facts?entity=" + e, "", 200, "["}
		case x < 99:
			return request{"gizmo", "POST", "/api/v2/query?lang=gizmo", fmt.Sprintf(`g.V("<%s>").Out().All()`, e), 200, `"result"`}
		}
		return request{"gizmo runaway", "POST", "/api/v2/query?lang=gizmo", `while (true) {}`, 503, "time limit"}
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 30 * time.Second}
	var mu sync.Mutex
	latencies := map[string][]time.Duration{}
	var failures []string
	busy := 0
	var wg sync.WaitGroup
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	began := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 9))
			for time.Now().Before(deadline) {
				req := next(r)
				hr, _ := http.NewRequest(req.method, ts.URL+req.path, strings.NewReader(req.body))
				if req.method == "POST" {
					hr.Header.Set("Content-Type", "application/javascript")
				}
				start := time.Now()
				resp, err := client.Do(hr)
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				took := time.Since(start)
				mu.Lock()
				switch {
				case err != nil:
					failures = append(failures, fmt.Sprintf("%s %s: %v", req.method, req.path, err))
				case strings.HasPrefix(req.class, "gizmo") && resp.StatusCode == http.StatusServiceUnavailable &&
					strings.Contains(string(body), "Gizmo queries already"):
					// Past the server's few query slots a query is turned
					// away after a short wait: an expected answer under load.
					busy++
				case resp.StatusCode != req.status || !strings.Contains(string(body), req.holds):
					failures = append(failures, fmt.Sprintf("%s %s: status %d, want %d holding %q: %.200s", req.method, req.path, resp.StatusCode, req.status, req.holds, body))
				default:
					latencies[req.class] = append(latencies[req.class], took)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(began)

	var all []time.Duration
	classes := make([]string, 0, len(latencies))
	for c, ls := range latencies {
		classes = append(classes, c)
		all = append(all, ls...)
	}
	slices.Sort(classes)
	pct := func(ls []time.Duration, p float64) time.Duration {
		s := slices.Clone(ls)
		slices.Sort(s)
		return s[min(len(s)-1, int(p*float64(len(s))))].Round(100 * time.Microsecond)
	}
	t.Logf("%d clients for %s: %d requests, %.0f requests/s, p50 %s, p99 %s, %d errors",
		clients, elapsed.Round(time.Millisecond), len(all), float64(len(all))/elapsed.Seconds(), pct(all, .5), pct(all, .99), len(failures))
	t.Logf("  %d Gizmo queries turned away: the server's query slots were taken", busy)
	for _, c := range classes {
		ls := latencies[c]
		t.Logf("  %-16s %6d requests  p50 %-9s p99 %s", c, len(ls), pct(ls, .5), pct(ls, .99))
	}
	for i, f := range failures {
		if i == 10 {
			t.Errorf("…and %d more", len(failures)-10)
			break
		}
		t.Error(f)
	}
	if len(latencies["gizmo runaway"]) == 0 || len(all) < clients {
		t.Errorf("the mix did not run: %d requests, %d runaway queries stopped", len(all), len(latencies["gizmo runaway"]))
	}
}
