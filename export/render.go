package export

import (
	"bytes"
	"context"
	"io"

	"github.com/itkg/itkg/graph"
)

// Renderer lays out DOT with a Graphviz engine ("dot", "sfdp", "neato",
// "fdp"; empty means dot) and writes SVG. Two implementations exist:
// wasm.Renderer in this process, and worker.Pool in itkg-render helper
// processes, which the itkg command uses so that read commands do not pay
// for Graphviz at start.
type Renderer interface {
	SVG(ctx context.Context, w io.Writer, dot []byte, layout string) error
}

// RenderMap writes m as SVG.
func RenderMap(ctx context.Context, r Renderer, w io.Writer, ds *graph.Dataset, m Map) error {
	var dot bytes.Buffer
	if err := DOT(&dot, ds, m); err != nil {
		return err
	}
	return r.SVG(ctx, w, dot.Bytes(), m.Layout)
}
