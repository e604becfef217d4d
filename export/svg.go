package export

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/goccy/go-graphviz"

	"github.com/itkg/itkg/graph"
)

// Renderer renders DOT to SVG with Graphviz compiled to WebAssembly (no cgo,
// no system Graphviz). Creating one costs tens of milliseconds, so callers
// drawing several maps share one. A Renderer is not safe for concurrent use.
type Renderer struct {
	gv *graphviz.Graphviz
}

// NewRenderer starts Graphviz.
func NewRenderer(ctx context.Context) (*Renderer, error) {
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("starting graphviz: %w", err)
	}
	return &Renderer{gv: gv}, nil
}

// Close releases Graphviz.
func (r *Renderer) Close() error { return r.gv.Close() }

// SVG lays out dot with the given engine ("dot", "sfdp", "neato", "fdp")
// and writes SVG to w. The engine named in the DOT's layout attribute wins
// when set; layout is the fallback.
func (r *Renderer) SVG(ctx context.Context, w io.Writer, dot []byte, layout string) error {
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("parsing DOT: %w", err)
	}
	defer g.Close()
	if layout == "" {
		layout = "dot"
	}
	r.gv.SetLayout(graphviz.Layout(layout))
	var buf bytes.Buffer
	if err := r.gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return fmt.Errorf("rendering SVG: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// RenderMap writes m as SVG.
func (r *Renderer) RenderMap(ctx context.Context, w io.Writer, ds *graph.Dataset, m Map) error {
	var dot bytes.Buffer
	if err := DOT(&dot, ds, m); err != nil {
		return err
	}
	return r.SVG(ctx, w, dot.Bytes(), m.Layout)
}
