package main

import (
	"github.com/spf13/cobra"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
)

func newMapsCmd(g *globals) *cobra.Command {
	var dir string
	var ff filterFlags
	var noLegend bool
	cmd := &cobra.Command{
		Use:   "maps [-o DIR]",
		Short: "Build the graph if needed and render every theme map and a gallery",
		Long: `maps builds the store if it is missing or out of date, then renders every
theme to DIR/<theme>.svg with a thumbnail of its core (<theme>-core.svg), a
timeline strip and its subgraph as JSON, the backbone of the whole graph
(overview.svg) and its full drawing (overview-full.svg), and an index.html
gallery linking them, printing one line per file written. Each SVG map has
a key of its styles beside the drawing unless --no-legend.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ds, flt, err := g.whole(cmd.Context(), &ff)
			if err != nil {
				return err
			}
			r, err := g.renderer()
			if err != nil {
				return err
			}
			keep := func(f *graph.Fact) bool { return flt.Match(ds, f) }
			return export.Maps(cmd.Context(), cmd.OutOrStdout(), r, ds, export.MapsOptions{Dir: dir, Keep: keep, AsOf: flt.AsOf, NoLegend: noLegend})
		},
	}
	cmd.Flags().StringVarP(&dir, "out", "o", "maps", "directory to write the maps into")
	cmd.Flags().BoolVar(&noLegend, "no-legend", false, "leave the key out of the SVG maps")
	ff.register(cmd, false)
	return cmd
}
