package export_test

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"testing"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
)

// BenchmarkMaps renders each theme map and the overview of the corpus with
// the embedded Graphviz, and the same DOT with the Graphviz `dot` program
// when it is installed, so the two can be compared (ns/op per map).
func BenchmarkMaps(b *testing.B) {
	ctx := context.Background()
	ds := fixture.Dataset(b, fixture.CorpusData())
	r := renderer(b)
	maps := []export.Map{export.OverviewMap(ds, nil, graph.Date{})}
	for _, t := range ds.Themes {
		maps = append(maps, export.ThemeMap(ds, t, nil, graph.Date{}))
	}
	for _, m := range maps {
		var dot bytes.Buffer
		if err := export.DOT(&dot, ds, m); err != nil {
			b.Fatal(err)
		}
		b.Run(m.ID+"/go-graphviz", func(b *testing.B) {
			for b.Loop() {
				if err := r.SVG(ctx, io.Discard, dot.Bytes(), m.Layout); err != nil {
					b.Fatal(err)
				}
			}
		})
		layout := m.Layout
		if layout == "" {
			layout = "dot"
		}
		if path, err := exec.LookPath(layout); err == nil {
			b.Run(m.ID+"/native-"+layout, func(b *testing.B) {
				for b.Loop() {
					cmd := exec.Command(path, "-Tsvg")
					cmd.Stdin = bytes.NewReader(dot.Bytes())
					if err := cmd.Run(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkLayouts lays out the maps whose engine was chosen by
// measurement with each candidate engine: Iran's hub ego map, the
// overview's backbone, the whole overview, and a gallery thumbnail.
func BenchmarkLayouts(b *testing.B) {
	ctx := context.Background()
	ds := fixture.Dataset(b, fixture.CorpusData())
	r := renderer(b)
	facts, n := egoFacts(ds, "iran")
	maps := []export.Map{
		export.EgoMap(ds.Entity("iran"), 1, facts, n, graph.Date{}),
		export.OverviewMap(ds, nil, graph.Date{}),
		export.FullOverviewMap(ds, nil, graph.Date{}),
		export.CoreMap(ds, ds.Theme("water"), nil, export.CoreEntities),
	}
	for _, m := range maps {
		for _, layout := range []string{"dot", "neato", "twopi", "sfdp"} {
			m := m
			m.Layout = layout
			if layout == "twopi" && m.Focus == "" {
				continue // twopi needs a root: the ego map's entity
			}
			if (layout == "dot" || layout == "neato") && m.ID == "overview" && m.Backbone == 0 {
				continue // tens of seconds (docs/maps.md)
			}
			var dot bytes.Buffer
			if err := export.DOT(&dot, ds, m); err != nil {
				b.Fatal(err)
			}
			name := m.ID
			if m.Backbone == 0 && m.ID == "overview" {
				name = "overview-full"
			}
			b.Run(name+"/"+layout, func(b *testing.B) {
				for b.Loop() {
					if err := r.SVG(ctx, io.Discard, dot.Bytes(), layout); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
