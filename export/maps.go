package export

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"

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

// EgoMap is the map of entity e's neighbourhood within depth hops: facts
// are the relations among it and its neighbours (queries.EgoFacts), and
// neighbors their number.
func EgoMap(e *graph.Entity, depth int, facts []*graph.Fact, neighbors int, asOf graph.Date) Map {
	hops := "hops"
	if depth == 1 {
		hops = "hop"
	}
	m := Map{ID: "around-" + e.ID, Title: fmt.Sprintf("%s and its neighbours within %d %s", e.Name, depth, hops), AsOf: asOf, Facts: facts}
	if neighbors > 60 {
		// dot slows down sharply with hundreds of labelled edges.
		m.Layout, m.Compact = "sfdp", true
	}
	return m
}

// galleryItem is one map on the gallery page.
type galleryItem struct {
	ID, Title, Description string
	File, JSON, Timeline   string
	Facts                  int
}

// Maps renders, into opts.Dir, every theme's map (<theme>.svg), its
// subgraph as JSON (<theme>.json) and its timeline strip
// (<theme>-timeline.svg), the whole-graph overview (overview.svg), and an
// index.html gallery linking them. It prints one line per file written,
// with its size. r draws the SVG maps.
func Maps(ctx context.Context, log io.Writer, r Renderer, ds *graph.Dataset, opts MapsOptions) error {
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return fmt.Errorf("maps: %w", err)
	}
	write := func(name string, render func(io.Writer) error) error {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return fmt.Errorf("maps: %s: %w", name, err)
		}
		path := filepath.Join(opts.Dir, name)
		if err := writeFileAtomic(path, buf.Bytes()); err != nil {
			return fmt.Errorf("maps: %w", err)
		}
		fmt.Fprintf(log, "%-44s %8d bytes\n", path, buf.Len())
		return nil
	}
	var items []galleryItem
	for _, t := range ds.Themes {
		m := ThemeMap(ds, t, opts.Keep, opts.AsOf)
		it := galleryItem{ID: t.ID, Title: t.Title, Description: t.Description, Facts: len(m.Facts),
			File: t.ID + ".svg", JSON: t.ID + ".json", Timeline: t.ID + "-timeline.svg"}
		if err := write(it.File, func(w io.Writer) error { return RenderMap(ctx, r, w, ds, m) }); err != nil {
			return err
		}
		if err := write(it.JSON, func(w io.Writer) error { return Write(w, "json", ds, m) }); err != nil {
			return err
		}
		if err := write(it.Timeline, func(w io.Writer) error { return TimelineStrip(w, ds, m) }); err != nil {
			return err
		}
		items = append(items, it)
	}
	over := OverviewMap(ds, opts.Keep, opts.AsOf)
	if err := write("overview.svg", func(w io.Writer) error { return RenderMap(ctx, r, w, ds, over) }); err != nil {
		return err
	}
	return write("index.html", func(w io.Writer) error {
		return galleryTmpl.Execute(w, struct {
			Items    []galleryItem
			Sources  []*graph.Source
			AsOf     string
			Overview int
		}{items, ds.Sources, opts.AsOf.String(), len(over.Facts)})
	})
}

// OverviewMap is the whole graph: every kept fact between two entities
// (values stay on theme maps),
// laid out with sfdp (dot's layout time explodes with hundreds of labelled
// edges), edge labels left to the tooltips.
func OverviewMap(ds *graph.Dataset, keep func(*graph.Fact) bool, asOf graph.Date) Map {
	m := Map{ID: "overview", Title: "The Iran–Taliban knowledge graph", AsOf: asOf, Layout: "sfdp", Compact: true}
	for _, f := range ds.Facts {
		if f.HasObject() && (keep == nil || keep(f)) {
			m.Facts = append(m.Facts, f)
		}
	}
	return m
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
.card img.strip { height: 60px; }
.card img { width: 100%; height: 220px; object-fit: contain; background: white; border: 1px solid #eee; }
.card h2 { font-size: 1.1rem; margin: .5rem 0 .2rem; }
.meta { color: #666; font-size: .85rem; }
</style>
</head>
<body>
<h1>The Iran–Taliban knowledge graph: maps</h1>
<p class="meta">Each map draws the facts of one theme. Hover an edge for its evidence (fact id, source, date, quote).{{if .AsOf}} As of {{.AsOf}}.{{end}}</p>
<div class="grid">
<div class="card" id="overview">
<a href="overview.svg"><img src="overview.svg" alt="Overview map"></a>
<h2><a href="overview.svg">Overview: the whole graph</a></h2>
<p>Every relation between two actors, from all five sources.</p>
<p class="meta">{{.Overview}} facts · <a href="overview.svg">overview.svg</a></p>
</div>
{{range .Items}}<div class="card" id="{{.ID}}">
<a href="{{.File}}"><img src="{{.File}}" alt="{{.Title}} map"></a>
<h2><a href="{{.File}}">{{.Title}}</a></h2>
<p>{{.Description}}</p>
<a href="{{.Timeline}}"><img class="strip" src="{{.Timeline}}" alt="{{.Title}} timeline"></a>
<p class="meta">{{.Facts}} facts · <a href="{{.File}}">SVG</a> · <a href="{{.Timeline}}">timeline</a> · <a href="{{.JSON}}">JSON</a></p>
</div>
{{end}}</div>
<h2>Sources</h2>
<ul>
{{range .Sources}}<li>{{cite .}}: {{.Title}} ({{.Publisher}})</li>
{{end}}</ul>
</body>
</html>
`))
