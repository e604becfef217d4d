package export_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/internal/fixture"
)

// TestDOTControlCharacters: a name holding a NUL or another control
// character (data loaded from N-Quads can) reaches Graphviz as U+FFFD,
// and the map is drawn whole.
func TestDOTControlCharacters(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	e := ds.Entity("upland")
	e.Name = "Up\x00land \x1b]0;x\a\u009b"
	var dot bytes.Buffer
	m := themeMap(ds, "water")
	if err := export.DOT(&dot, ds, m); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"\x00", "\x1b", "\a", "\u009b"} {
		if strings.Contains(dot.String(), c) {
			t.Errorf("DOT holds %q", c)
		}
	}
	if !strings.Contains(dot.String(), "Up\ufffdland") {
		t.Errorf("DOT lacks the name with U+FFFD:\n%s", dot.String())
	}
	var svg bytes.Buffer
	if err := export.RenderMap(context.Background(), renderer(t), &svg, ds, m); err != nil {
		t.Fatalf("rendering: %v", err)
	}
	if !strings.Contains(svg.String(), "</svg>") || !strings.Contains(svg.String(), "land") {
		t.Errorf("the map was not drawn whole:\n%.500s", svg.String())
	}
}
