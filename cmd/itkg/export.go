package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

type exportOptions struct {
	all    bool
	around string
	depth  int
	format string
	out    string
	layout string
	full   bool
	// noLegend leaves the key out of an SVG file.
	noLegend bool
}

func newExportCmd(g *globals) *cobra.Command {
	opts := &exportOptions{}
	var ff filterFlags
	cmd := &cobra.Command{
		Use:   "export (--theme T | --around NAME | --all) [--format F] [-o FILE]",
		Short: "Export a theme, an entity's neighbourhood or the whole graph as a map or a graph file",
		Long: `export writes the facts of one theme (--theme), of the relations among an
entity and its neighbours within --depth hops (--around, an ego map), or of
the whole graph (--all), after any filters, in one of these formats:

  svg      a Graphviz map (the default)
  dot      the Graphviz source of the map
  graphml  GraphML with node and edge attributes, for Gephi, yEd, Cytoscape
  gml      GML (ASCII, other characters as &#NNNN;), for networkx, igraph, yEd
  gexf     GEXF 1.3 for Gephi: dated facts as spells on its timeline
  csv      two files for Kumu and spreadsheets: -o out.csv writes
           out-elements.csv and out-connections.csv
  jsonld   JSON-LD of every quad, provenance included (RDF, absolute IRIs)
  nquads   RDF 1.1 N-Quads of the same quads, for rdflib, Jena, triple stores
  cayley   the same quads in the store's short IRIs, for itkg load and
           cayley load
  json     nodes and links for D3 or Cytoscape.js
  csl-json a citation of every fact (its article, quote and page), for Zotero
           and citeproc processors; itkg cite formats single facts

Which tools read each format, and what each keeps: docs/formats.md.

PNG is not offered: the embedded Graphviz renders it without node outlines.
Convert the SVG instead (e.g. rsvg-convert map.svg -o map.png).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			chosen := 0
			for _, set := range []bool{ff.theme != "", opts.all, opts.around != ""} {
				if set {
					chosen++
				}
			}
			if chosen != 1 && !(chosen == 2 && ff.theme != "" && opts.around != "") {
				return fmt.Errorf("give --theme T, --around NAME or --all")
			}
			if opts.full && !opts.all {
				return fmt.Errorf("--full goes with --all")
			}
			if !slices.Contains(export.Formats, opts.format) {
				return fmt.Errorf("--format %q: want one of %s", opts.format, strings.Join(export.Formats, ", "))
			}
			r, done, err := g.reader(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			ds, err := r.All(cmd.Context())
			if err != nil {
				return err
			}
			flt, err := r.Filter(cmd.Context(), ff.spec())
			if err != nil {
				return err
			}
			m := export.Map{Facts: queries.Facts(ds, flt), AsOf: flt.AsOf}
			if opts.around != "" {
				e, err := r.Resolve(cmd.Context(), opts.around)
				if err != nil {
					return fmt.Errorf("--around: %w", err)
				}
				ego, err := r.EgoFacts(cmd.Context(), e.ID, opts.depth, flt)
				if err != nil {
					return err
				}
				m = export.EgoMap(e, opts.depth, ego.Facts, len(ego.Neighbors), flt.AsOf)
				card, err := r.Card(cmd.Context(), e.ID, flt)
				if err != nil {
					return err
				}
				m.CardFacts = card.Entity.Facts
			} else if opts.all {
				keep := func(f *graph.Fact) bool { return flt.Match(ds, f) }
				if opts.full {
					m = export.FullOverviewMap(ds, keep, flt.AsOf)
				} else {
					m = export.OverviewMap(ds, keep, flt.AsOf)
				}
			} else {
				t := ds.Theme(ff.theme)
				m.ID, m.Title = t.ID, t.Title
			}
			if opts.layout != "" {
				m.Layout = opts.layout
			}
			if opts.format == "csv" {
				return writeCSV(cmd, ds, m, opts.out)
			}
			return writeMap(cmd, g, ds, m, opts.format, opts.out, opts.noLegend)
		},
	}
	cmd.Flags().BoolVar(&opts.all, "all", false, "export the whole graph (an overview map of its backbone; --full for every entity)")
	cmd.Flags().StringVar(&opts.around, "around", "", "export an entity's neighbourhood (an ego map)")
	cmd.Flags().IntVar(&opts.depth, "depth", 1, "with --around: hops from the entity")
	cmd.Flags().StringVar(&opts.format, "format", "svg", "one of "+strings.Join(export.Formats, ", "))
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "write to this file instead of standard output")
	cmd.Flags().StringVar(&opts.layout, "layout", "", "Graphviz layout engine: dot, sfdp, fdp, neato, twopi (default: dot; neato for --all and for hub ego maps; sfdp for --all --full)")
	cmd.Flags().BoolVar(&opts.full, "full", false, "with --all: draw every entity, not the backbone")
	cmd.Flags().BoolVar(&opts.noLegend, "no-legend", false, "leave the key out of an SVG map")
	ff.register(cmd, false)
	return cmd
}

// writeMap renders m in format to path, or to standard output.
// An SVG file carries a key of its styles beside the drawing unless noKey.
func writeMap(cmd *cobra.Command, g *globals, ds *graph.Dataset, m export.Map, format, path string, noKey bool) error {
	if path != "" && path != "-" && g.storeOptions().IsStore(path) {
		return fmt.Errorf("-o %s is the store this command reads; write the export to another file", path)
	}
	var buf bytes.Buffer
	if format == "svg" {
		r, err := g.renderer()
		if err != nil {
			return err
		}
		if err := export.RenderFile(cmd.Context(), r, &buf, ds, m, noKey); err != nil {
			return err
		}
	} else if err := export.Write(&buf, format, ds, m); err != nil {
		return err
	}
	return writeOutput(cmd.OutOrStdout(), path, buf.Bytes())
}

// writeOutput writes data to path, or to w when path is empty or "-".
func writeOutput(w io.Writer, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := w.Write(data)
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// writeCSV writes the csv format's two files and names them on standard
// error; standard output cannot hold two files.
func writeCSV(cmd *cobra.Command, ds *graph.Dataset, m export.Map, path string) error {
	if path == "" || path == "-" {
		return fmt.Errorf("--format csv writes two files; give -o NAME.csv (or -o DIR)")
	}
	el, conn, err := export.WriteCSVFiles(path, ds, m)
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s and %s\n", el, conn)
	return nil
}
