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
