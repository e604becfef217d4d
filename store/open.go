package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/loaders"
)

// Data is the curated data a store is derived from.
type Data struct {
	FS      fs.FS
	Display string // the data directory's name in messages, e.g. "data"
}

// Build checks the data and writes a fresh store from it, whatever the
// current store holds. It returns the dataset it loaded.
func Build(ctx context.Context, opts Options, data Data) (*graph.Dataset, BuildStats, error) {
	ds, hash, err := load(data)
	if err != nil {
		return nil, BuildStats{}, err
	}
	if opts.backend() == Memory {
		return ds, BuildStats{Quads: len(graph.Quads(ds))}, nil
	}
	if opts.backend() != Bolt {
		return nil, BuildStats{}, fmt.Errorf("unknown backend %q (want bolt or memory)", opts.Backend)
	}
	path, err := opts.path()
	if err != nil {
		return nil, BuildStats{}, err
	}
	st, err := BuildBolt(ctx, path, graph.Quads(ds), hash, opts.timeout())
	return ds, st, err
}

func load(data Data) (*graph.Dataset, string, error) {
	hash, err := loaders.Hash(data.FS)
	if err != nil {
		return nil, "", fmt.Errorf("reading %s: %w", data.Display, err)
	}
	ds, err := loaders.Load(data.FS, data.Display)
	if err != nil {
		return nil, "", err
	}
	return ds, hash, nil
}

// Open opens the store for reading, first building it when it is missing,
// unreadable or built from other data than data holds. Progress of an
// automatic build is reported to log, which may be io.Discard.
func Open(ctx context.Context, opts Options, data Data, log io.Writer) (*Store, error) {
	switch opts.backend() {
	case Memory:
		ds, hash, err := load(data)
		if err != nil {
			return nil, err
		}
		return NewMemory(graph.Quads(ds), hash), nil
	case Bolt:
	default:
		return nil, fmt.Errorf("unknown backend %q (want bolt or memory)", opts.Backend)
	}
	path, err := opts.path()
	if err != nil {
		return nil, err
	}
	hash, err := loaders.Hash(data.FS)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", data.Display, err)
	}
	s, err := OpenBolt(path, opts.timeout())
	switch {
	case err == nil && s.Hash == hash:
		return s, nil
	case err == nil:
		s.Close()
		fmt.Fprintf(log, "itkg: the data changed since %s was built; rebuilding\n", path)
	case errors.Is(err, ErrNoStore):
		fmt.Fprintf(log, "itkg: building %s\n", path)
	default:
		fmt.Fprintf(log, "itkg: %v; rebuilding\n", err)
	}
	if _, _, err := Build(ctx, opts, data); err != nil {
		return nil, err
	}
	return OpenBolt(path, opts.timeout())
}
