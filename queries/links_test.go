package queries_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/storeread"
)

// TestFactLinks links two claims of the fixture and reads the chain back
// from a real bolt store, from both ends.
func TestFactLinks(t *testing.T) {
	fsys := fixture.MapFS(t, fixture.FixtureData())
	fsys["links.yaml"] = &fstest.MapFile{Data: []byte(`- from: beta-2023-001
  relation: denies
  to: alpha-2022-006
  note: "Beta dates the attack to 1998, against Alpha's 1997."
`)}
	s := fixture.Bolt(t, loaders.Data{FS: fsys, Display: "testdata/fixture"})
	r := queries.FromStore(storeread.New(s.QS).WithIndexes(s))
	views, err := r.FactList(context.Background(), queries.Filter{Event: "embassy-killings"})
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	present.WriteFactsText(&text, views)
	for _, want := range []string{"    denies alpha-2022-006\n", "    denied by beta-2023-001\n"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("facts text lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := queries.WriteJSON(&js, views); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"links": [`) || !strings.Contains(js.String(), `"label": "denied by"`) {
		t.Errorf("JSON lacks the links:\n%s", js.String())
	}
}

func TestFactLinksBad(t *testing.T) {
	tests := []struct{ body, want string }{
		{"- from: beta-2023-001\n  relation: refutes\n  to: alpha-2022-006\n  note: x\n", `links.yaml:1: relation: unknown relation "refutes"`},
		{"- from: beta-2023-999\n  relation: denies\n  to: alpha-2022-006\n  note: x\n", `links.yaml:1: from: unknown fact "beta-2023-999"`},
		{"- from: beta-2023-001\n  relation: denies\n  to: beta-2023-001\n  note: x\n", `links.yaml:1: to: a fact cannot be linked to itself (denies)`},
		{"- from: beta-2023-001\n  relation: denies\n  to: alpha-2022-006\n", `links.yaml:1: note: required field is missing`},
	}
	for _, tt := range tests {
		fsys := fixture.MapFS(t, fixture.FixtureData())
		fsys["links.yaml"] = &fstest.MapFile{Data: []byte(tt.body)}
		_, err := loaders.Load(fsys, "data")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("links.yaml %q: error %v, want %q", tt.body, err, tt.want)
		}
	}
}
