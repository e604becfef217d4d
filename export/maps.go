package export

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/graph"
)

// MapsOptions configure Maps.
type MapsOptions struct {
	Dir  string
	Keep func(*graph.Fact) bool // nil keeps every fact
	AsOf graph.Date             // printed in captions when set
	// NoLegend leaves the key out of the SVG files.
	NoLegend bool
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
// neighbors their number. e is its focus; above HubNeighbours neighbours
// the weaker ones are grouped (see Map.Focus).
func EgoMap(e *graph.Entity, depth int, facts []*graph.Fact, neighbors int, asOf graph.Date) Map {
	hops := "hops"
	if depth == 1 {
		hops = "hop"
	}
	m := Map{ID: "around-" + e.ID, Title: fmt.Sprintf("%s: neighbours within %d %s", e.Name, depth, hops), AsOf: asOf, Facts: facts, Focus: e.ID}
	if neighbors > HubNeighbours {
		m.Layout = HubLayout
	}
	return m
}

// HubLayout is the Graphviz engine of hub ego maps (see docs/maps.md for
// the measurements behind the choice).
const HubLayout = "neato"

// PathMap is the map of a path: only its hops, one edge per hop and
// direction, between from and to (entity ids), its ends marked.
func PathMap(ds *graph.Dataset, hops []PathHop, from, to string, asOf graph.Date) Map {
	title := "Paths from " + entityName(ds, from) + " to " + entityName(ds, to)
	m := Map{ID: "path", Title: title, AsOf: asOf, Hops: hops, Ends: []string{from, to}, Focus: from}
	seen := map[string]bool{}
	for _, h := range hops {
		for _, f := range h.Facts {
			if !seen[f.ID] {
				seen[f.ID] = true
				m.Facts = append(m.Facts, f)
			}
		}
	}
	return m
}

// galleryItem is one map on the gallery page.
type galleryItem struct {
	ID, Title, Description     string
	File, JSON, Timeline, Core string
	Facts                      int
}

// CoreEntities is the number of entities a gallery card's thumbnail draws.
const CoreEntities = 8

// Maps renders, into opts.Dir, every theme's map (<theme>.svg), a
// thumbnail of its core (<theme>-core.svg), its subgraph as JSON
// (<theme>.json) and its timeline strip (<theme>-timeline.svg), the
// overview's backbone (overview.svg) and whole drawing
// (overview-full.svg) with a thumbnail of its core (overview-core.svg),
// and an index.html gallery linking them. It prints
// one line per file written, with its size. r draws the SVG maps.
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
			File: t.ID + ".svg", JSON: t.ID + ".json", Timeline: t.ID + "-timeline.svg", Core: t.ID + "-core.svg"}
		if err := write(it.File, func(w io.Writer) error { return RenderFile(ctx, r, w, ds, m, opts.NoLegend) }); err != nil {
			return err
		}
		core := CoreMap(ds, t, opts.Keep, CoreEntities)
		if err := write(it.Core, func(w io.Writer) error { return RenderMap(ctx, r, w, ds, core) }); err != nil {
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
	if err := write("overview.svg", func(w io.Writer) error { return RenderFile(ctx, r, w, ds, over, opts.NoLegend) }); err != nil {
		return err
	}
	core := CoreMap(ds, nil, opts.Keep, CoreEntities)
	if err := write("overview-core.svg", func(w io.Writer) error { return RenderMap(ctx, r, w, ds, core) }); err != nil {
		return err
	}
	full := FullOverviewMap(ds, opts.Keep, opts.AsOf)
	if err := write("overview-full.svg", func(w io.Writer) error { return RenderFile(ctx, r, w, ds, full, opts.NoLegend) }); err != nil {
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

// OverviewLayout lays out the overview's backbone (see docs/maps.md).
const OverviewLayout = "neato"

// OverviewBackbone is the number of entities the overview draws.
const OverviewBackbone = 30

// OverviewMap is the backbone of the whole graph: the OverviewBackbone
// entities with the most evidence, every kept relation among them
// aggregated per pair, the others collapsed into "+N" nodes.
func OverviewMap(ds *graph.Dataset, keep func(*graph.Fact) bool, asOf graph.Date) Map {
	m := FullOverviewMap(ds, keep, asOf)
	m.Title = "The Iran–Taliban knowledge graph: its backbone"
	m.Layout, m.Compact, m.Backbone = OverviewLayout, false, OverviewBackbone
	m.Facts = nil
	for _, f := range ds.Facts {
		if keep == nil || keep(f) {
			m.Facts = append(m.Facts, f)
		}
	}
	return m
}

// FullOverviewMap is the whole graph: every kept fact between two
// entities (values stay on theme maps), laid out with sfdp (dot's layout
// time explodes with hundreds of labelled edges), edge labels left to the
// tooltips.
func FullOverviewMap(ds *graph.Dataset, keep func(*graph.Fact) bool, asOf graph.Date) Map {
	m := Map{ID: "overview", Title: "The Iran–Taliban knowledge graph", AsOf: asOf, Layout: "sfdp", Compact: true}
	for _, f := range ds.Facts {
		if keep == nil || keep(f) {
			m.Facts = append(m.Facts, f)
		}
	}
	return m
}

// CoreMap is a theme's core for a gallery card: the keep entities of the
// theme with the most evidence and the relations among them aggregated
// per pair, in large type and without a caption. A nil theme takes the
// whole graph.
func CoreMap(ds *graph.Dataset, t *graph.Theme, keepFact func(*graph.Fact) bool, keep int) Map {
	if t == nil {
		m := FullOverviewMap(ds, keepFact, graph.Date{})
		return Map{ID: "overview-core", Title: m.Title, Facts: m.Facts, Backbone: keep, Thumbnail: true, Layout: CoreLayout}
	}
	th := ThemeMap(ds, t, keepFact, graph.Date{})
	return Map{ID: t.ID + "-core", Title: t.Title, Facts: th.Facts, Backbone: keep, Thumbnail: true, Layout: CoreLayout}
}

// CoreLayout lays out the gallery thumbnails (see docs/maps.md).
const CoreLayout = "neato"

// RenderFile writes m as a standalone SVG file: the drawing and, unless
// noKey, a key of its styles beside it.
func RenderFile(ctx context.Context, r Renderer, w io.Writer, ds *graph.Dataset, m Map, noKey bool) error {
	var svg bytes.Buffer
	if err := RenderMap(ctx, r, &svg, ds, m); err != nil {
		return err
	}
	if noKey {
		_, err := w.Write(svg.Bytes())
		return err
	}
	out, err := WithKey(svg.Bytes(), LegendItems(ds, m))
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
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
	"cite": citation.Short,
}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>itkg maps: the Iran–Taliban knowledge graph</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 1.2rem; color: #222; max-width: 1300px; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 460px), 1fr)); gap: 1.2rem; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .8rem; background: #fafafa; min-width: 0; }
.card a.thumb { display: block; background: white; border: 1px solid #eee; }
.card a.thumb img { display: block; width: 100%; height: auto; }
.card h2 { font-size: 1.1rem; margin: .5rem 0 .2rem; }
.card p { margin: .3rem 0; }
.meta { color: #666; font-size: .85rem; }
</style>
</head>
<body>
<h1>The Iran–Taliban knowledge graph: maps</h1>
<p class="meta">Each card shows the core of a theme: its entities with the most evidence. Open the map for all its facts; hover an edge for its evidence (fact id, source, date, quote).{{if .AsOf}} As of {{.AsOf}}.{{end}}</p>
<div class="grid">
<div class="card" id="overview">
<h2><a href="overview.svg">Overview: the backbone of the graph</a></h2>
<a class="thumb" href="overview.svg"><img src="overview-core.svg" alt="The entities with the most evidence in the whole graph"></a>
<p>The entities with the most evidence and their relations; the others in counted groups.</p>
<p class="meta">{{.Overview}} facts · <a href="overview.svg">backbone</a> · <a href="overview-full.svg">the whole drawing</a></p>
</div>
{{range .Items}}<div class="card" id="{{.ID}}">
<h2><a href="{{.File}}">{{.Title}}</a></h2>
<a class="thumb" href="{{.File}}"><img src="{{.Core}}" alt="The core of the {{.Title}} map"></a>
<p>{{.Description}}</p>
<p class="meta">{{.Facts}} facts · <a href="{{.File}}">full map</a> · <a href="{{.Timeline}}">timeline</a> · <a href="{{.JSON}}">JSON</a></p>
</div>
{{end}}</div>
<h2>Sources</h2>
<ul>
{{range .Sources}}<li>{{cite .}}: {{.Title}} ({{.Publisher}})</li>
{{end}}</ul>
</body>
</html>
`))
