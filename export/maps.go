package export

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/itkg/itkg/graph"
)

// MapsOptions configure Maps.
type MapsOptions struct {
	Dir  string
	Keep func(*graph.Fact) bool // nil keeps every fact
	AsOf graph.Date             // printed in captions when set
}

// ThemeMap is the map of one theme: every kept fact tagged with it.
func ThemeMap(ds *graph.Dataset, t *graph.Theme, keep func(*graph.Fact) bool, asOf graph.Date) Map {
	m := Map{ID: t.ID, Title: t.Title, AsOf: asOf}
	for _, f := range ds.Facts {
		if f.HasTheme(t.ID) && (keep == nil || keep(f)) {
			m.Facts = append(m.Facts, f)
		}
	}
	return m
}

// galleryItem is one map on the gallery page.
type galleryItem struct {
	ID, Title, Description, File string
	Facts, Bytes                 int
	Took                         time.Duration
}

// Maps renders every theme map to DIR/<theme>.svg and an index.html gallery
// linking them, and prints one line per file written to log.
func Maps(ctx context.Context, log io.Writer, ds *graph.Dataset, opts MapsOptions) error {
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return fmt.Errorf("maps: %w", err)
	}
	r, err := NewRenderer(ctx)
	if err != nil {
		return err
	}
	defer r.Close()
	var items []galleryItem
	for _, t := range ds.Themes {
		start := time.Now()
		m := ThemeMap(ds, t, opts.Keep, opts.AsOf)
		var svg bytes.Buffer
		if err := r.RenderMap(ctx, &svg, ds, m); err != nil {
			return fmt.Errorf("maps: theme %s: %w", t.ID, err)
		}
		file := t.ID + ".svg"
		if err := writeFileAtomic(filepath.Join(opts.Dir, file), svg.Bytes()); err != nil {
			return fmt.Errorf("maps: %w", err)
		}
		it := galleryItem{ID: t.ID, Title: t.Title, Description: t.Description, File: file,
			Facts: len(m.Facts), Bytes: svg.Len(), Took: time.Since(start)}
		items = append(items, it)
		fmt.Fprintf(log, "%-40s %8d bytes  %3d facts  %s\n", filepath.Join(opts.Dir, file), it.Bytes, it.Facts, it.Took.Round(time.Millisecond))
	}
	var page bytes.Buffer
	if err := galleryTmpl.Execute(&page, struct {
		Items   []galleryItem
		Sources []*graph.Source
		AsOf    string
	}{items, ds.Sources, opts.AsOf.String()}); err != nil {
		return fmt.Errorf("maps: gallery: %w", err)
	}
	index := filepath.Join(opts.Dir, "index.html")
	if err := writeFileAtomic(index, page.Bytes()); err != nil {
		return fmt.Errorf("maps: %w", err)
	}
	fmt.Fprintf(log, "%-40s %8d bytes\n", index, page.Len())
	return nil
}

// writeFileAtomic writes via a temporary file and a rename, so a reader
// never sees half a map.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

var galleryTmpl = template.Must(template.New("gallery").Funcs(template.FuncMap{
	"cite": citation,
}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>itkg maps: the Iran–Taliban knowledge graph</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 2rem; color: #222; max-width: 1200px; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 1.2rem; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .8rem; background: #fafafa; }
.card img { width: 100%; height: 220px; object-fit: contain; background: white; border: 1px solid #eee; }
.card h2 { font-size: 1.1rem; margin: .5rem 0 .2rem; }
.meta { color: #666; font-size: .85rem; }
</style>
</head>
<body>
<h1>The Iran–Taliban knowledge graph: maps</h1>
<p class="meta">Each map draws the facts of one theme. Hover an edge for its evidence (fact id, source, date, quote).{{if .AsOf}} As of {{.AsOf}}.{{end}}</p>
<div class="grid">
{{range .Items}}<div class="card" id="{{.ID}}">
<a href="{{.File}}"><img src="{{.File}}" alt="{{.Title}} map"></a>
<h2><a href="{{.File}}">{{.Title}}</a></h2>
<p>{{.Description}}</p>
<p class="meta">{{.Facts}} facts · {{.File}}</p>
</div>
{{end}}</div>
<h2>Sources</h2>
<ul>
{{range .Sources}}<li>{{cite .}}: {{.Title}} ({{.Publisher}})</li>
{{end}}</ul>
</body>
</html>
`))
