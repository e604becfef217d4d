package export_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/export/wasm"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func themeMap(ds *graph.Dataset, theme string) export.Map {
	return export.ThemeMap(ds, ds.Theme(theme), nil, graph.Date{})
}

// TestDOTGolden compares the DOT of each fixture theme with
// testdata/<theme>.dot.golden; run with -update to rewrite them.
func TestDOTGolden(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	for _, theme := range []string{"water", "security", "empty"} {
		t.Run(theme, func(t *testing.T) {
			var b bytes.Buffer
			if err := export.DOT(&b, ds, themeMap(ds, theme)); err != nil {
				t.Fatal(err)
			}
			checkDOTGolden(t, theme, b.Bytes())
		})
	}
}

// checkSVG parses svg as XML and checks that it names every node label and
// every fact id of m, and carries the quotes as tooltips.
func checkSVG(t *testing.T, svg []byte, ds *graph.Dataset, m export.Map) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.CharData:
			text.Write(tok)
			text.WriteByte(' ')
		case xml.StartElement:
			for _, a := range tok.Attr {
				text.WriteString(a.Value)
				text.WriteByte(' ')
			}
		}
	}
	all := strings.Join(strings.Fields(text.String()), " ")
	for _, f := range m.Facts {
		for _, id := range []string{f.Subject, f.Object} {
			e := ds.Entity(id)
			if e == nil {
				continue
			}
			// Names are wrapped onto lines; every word must be there.
			for _, w := range strings.Fields(e.Name) {
				if !strings.Contains(all, w) {
					t.Errorf("SVG lacks %q of node %s", w, e.ID)
				}
			}
		}
		if !strings.Contains(all, f.ID) {
			t.Errorf("SVG lacks fact id %s", f.ID)
		}
		if q := strings.Join(strings.Fields(f.Quote), " "); !strings.Contains(all, q) {
			t.Errorf("SVG lacks the quote of %s as a tooltip", f.ID)
		}
	}
}

func TestSVGFixture(t *testing.T) {
	ctx := context.Background()
	ds := fixture.Dataset(t, fixture.FixtureData())
	r := renderer(t)
	for _, theme := range []string{"water", "security", "empty"} {
		m := themeMap(ds, theme)
		var svg bytes.Buffer
		if err := export.RenderMap(ctx, r, &svg, ds, m); err != nil {
			t.Fatalf("%s: %v", theme, err)
		}
		checkSVG(t, svg.Bytes(), ds, m)
	}
}

// TestCorpusMaps renders every theme of the real corpus and checks each SVG.
func TestCorpusMaps(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	dir := t.TempDir()
	var log bytes.Buffer
	if err := export.Maps(context.Background(), &log, renderer(t), ds, export.MapsOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	for _, th := range ds.Themes {
		svg, err := os.ReadFile(filepath.Join(dir, th.ID+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		m := themeMap(ds, th.ID)
		if len(m.Facts) < 12 {
			t.Errorf("theme %s has %d facts, want at least 12", th.ID, len(m.Facts))
		}
		checkSVG(t, svg, ds, m)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range ds.Themes {
		if !strings.Contains(string(index), `href="`+th.ID+`.svg"`) {
			t.Errorf("index.html does not link %s.svg", th.ID)
		}
	}
	files, _ := os.ReadDir(dir)
	if got := strings.Count(log.String(), "\n"); got != len(files) || len(files) != 4*len(ds.Themes)+4 {
		t.Errorf("Maps wrote %d files and printed %d lines, want one line per file and %d files:\n%s", len(files), got, 4*len(ds.Themes)+4, log.String())
	}
	for _, th := range ds.Themes {
		strip, err := os.ReadFile(filepath.Join(dir, th.ID+"-timeline.svg"))
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(strip, new(struct{})); err != nil {
			t.Errorf("%s-timeline.svg is not XML: %v", th.ID, err)
		}
	}
}

// renderer starts Graphviz in the test's process.
func renderer(tb testing.TB) *wasm.Renderer {
	tb.Helper()
	r, err := wasm.New(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

// checkDOTGolden compares the DOT of the map name with
// testdata/NAME.dot.golden, which -update (make golden) rewrites.
func checkDOTGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name+".dot.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run make golden to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("DOT for %s differs from %s (make golden rewrites it if the change is intended):\n%s", name, golden, got)
	}
}
