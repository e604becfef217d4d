package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
)

// apiEndpoints are the JSON endpoints FuzzAPI asks.
var apiEndpoints = []string{"/api/itkg/search", "/api/itkg/path", "/api/itkg/neighbors", "/api/itkg/timeline",
	"/api/itkg/facts", "/api/itkg/conflicts", "/api/itkg/entity/upland", "/api/itkg/fact/alpha-2022-001", "/api/itkg/sources"}

// FuzzAPI sends any query string to the JSON API. Every answer must be
// JSON with the status its question calls for: 200, or 400 and 404 with
// an error message; never a 500, never a panic.
func FuzzAPI(f *testing.F) {
	s, _, _ := start(f, fixture.FixtureData(), nil)
	h := s.Handler()
	for i, q := range []string{"q=up", "from=jo-smith&to=gb&all=1&max_hops=3", "entity=lowland&depth=2&theme=water",
		"since=2023-13&until=", "theme=water&modality=asserted,reported&predicate=attacks&exclude_predicate=signs",
		"kind=amount,dates", "as_of=1990", "grep=%00%ff", "limit=-1", "source=beta-2023&claimed_by=jo%20smith&event=embassy-killings"} {
		f.Add(uint8(i), q)
	}
	f.Fuzz(func(t *testing.T, which uint8, query string) {
		path := apiEndpoints[int(which)%len(apiEndpoints)]
		req, err := http.NewRequest("GET", path+"?"+query, nil)
		if err != nil {
			return // not a request a client could send
		}
		req.Host = "localhost"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var v any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("GET %s?%s: %d, not JSON: %v\n%.300s", path, query, rec.Code, err, rec.Body.String())
		}
		switch rec.Code {
		case http.StatusOK:
		case http.StatusBadRequest, http.StatusNotFound:
			if m, ok := v.(map[string]any); !ok || m["error"] == "" {
				t.Fatalf("GET %s?%s: %d without an error message: %s", path, query, rec.Code, rec.Body.String())
			}
		default:
			t.Fatalf("GET %s?%s: status %d: %s", path, query, rec.Code, rec.Body.String())
		}
	})
}
