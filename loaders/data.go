package loaders

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

// Data is a directory of curated data (the embedded copy or --data DIR)
// as a store sees it: a name for messages, a content hash that says
// whether a store built from it is current, and the quads to build one.
type Data struct {
	FS      fs.FS
	Display string // the directory's name in messages, e.g. "data"
	// Dataset, when set, is FS already loaded (a build that reports what it
	// loaded), so Quads does not parse the files again.
	Dataset *graph.Dataset
}

// Name is the data directory's name in messages.
func (d Data) Name() string { return d.Display }

// Hash is the hash of the data's files (see Hash).
func (d Data) Hash() (string, error) {
	h, err := Hash(d.FS)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", d.Display, err)
	}
	return h, nil
}

// Load checks and loads the data.
func (d Data) Load(ctx context.Context) (*graph.Dataset, error) {
	if d.Dataset != nil {
		return d.Dataset, nil
	}
	return LoadContext(ctx, d.FS, d.Display)
}

// Quads checks and loads the data and returns it as quads.
func (d Data) Quads(ctx context.Context) ([]quad.Quad, error) {
	ds, err := d.Load(ctx)
	if err != nil {
		return nil, err
	}
	return graph.Quads(ds), nil
}
