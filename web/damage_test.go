package web

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/itkg/itkg/internal/fixture"
)

// TestSurvivesStoreTruncatedInPlace cuts the live bolt file short under a
// running server (as a careless `truncate` or a full disk during someone
// else's write would): the Gizmo query that reaches the cut answers an
// error instead of ending the process; the server then rebuilds its store
// (a cache of the data) and answers again.
func TestSurvivesStoreTruncatedInPlace(t *testing.T) {
	s, ts, log := start(t, fixture.FixtureData(), func(o *Options) { o.Recheck = time.Hour })
	query := func() (int, string) {
		resp, err := ts.Client().Post(ts.URL+"/api/v2/query?lang=gizmo", "application/javascript",
			strings.NewReader(`g.V("<upland>").Out("<cooperates_with>").All()`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, b.String()
	}
	if code, body := query(); code != 200 || !strings.Contains(body, "<lowland>") {
		t.Fatalf("before: %d %s", code, body)
	}
	// Keep the header (and itkg's mark): the store is still known as
	// itkg's, and damaged.
	if err := os.Truncate(s.opts.Store.Addr, 8192); err != nil {
		t.Fatal(err)
	}
	code, body := query()
	if code == 200 && !strings.Contains(body, "<lowland>") {
		t.Fatalf("the query on the cut store answered 200 without its result: %s", body)
	}
	t.Logf("the query reaching the cut: %d %.200s", code, body)
	var ok bool
	for range 50 {
		code, body := query()
		if code == 200 && strings.Contains(body, "<lowland>") {
			ok = true
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !ok {
		t.Fatalf("the server did not answer again after the cut; log:\n%s", log)
	}
	if resp, body := get(t, ts, "/entity/lowland"); resp.StatusCode != 200 || !strings.Contains(body, "<h1>Lowland</h1>") {
		t.Errorf("/entity/lowland after the cut: %d", resp.StatusCode)
	}
	if !strings.Contains(log.String(), "rebuil") {
		t.Errorf("the log does not tell of the rebuild:\n%s", log)
	}
}
