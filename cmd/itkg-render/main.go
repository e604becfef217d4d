// Command itkg-render draws itkg's maps: it renders Graphviz DOT to SVG with
// Graphviz compiled to WebAssembly. itkg starts it as a helper (see package
// worker) so that commands that draw nothing do not pay Graphviz's start-up
// cost; it is also usable by hand:
//
//	itkg export --theme water --format dot | itkg-render > water.svg
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/itkg/itkg/export/wasm"
	"github.com/itkg/itkg/export/worker"
)

func main() {
	serve := flag.Bool("serve", false, "answer framed render requests on stdin (the protocol itkg speaks)")
	layout := flag.String("layout", "dot", "Graphviz layout engine when reading one DOT file from stdin")
	flag.Parse()
	if err := run(context.Background(), *serve, *layout, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "itkg-render: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, serve bool, layout string, in io.Reader, out io.Writer) error {
	r, err := wasm.New(ctx)
	if err != nil {
		return err
	}
	defer r.Close()
	if serve {
		return worker.Serve(ctx, in, out, r.SVG)
	}
	dot, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	return r.SVG(ctx, out, dot, layout)
}
