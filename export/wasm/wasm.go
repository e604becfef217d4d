// Package wasm renders DOT to SVG in this process with Graphviz compiled to
// WebAssembly (go-graphviz: no cgo, no system Graphviz).
//
// Linking this package costs every process time and memory at start
// (docs/scaling.md), before main runs, because go-graphviz instantiates its
// WebAssembly module in init. The itkg command therefore does not link it: it renders through
// the itkg-render helper (package worker), which does.
package wasm

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/goccy/go-graphviz"
)

// Renderer renders DOT to SVG. Creating one is costly, so callers drawing
// several maps share one. A Renderer is not safe for
// concurrent use.
type Renderer struct {
	gv *graphviz.Graphviz
}

// New starts Graphviz.
func New(ctx context.Context) (*Renderer, error) {
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
