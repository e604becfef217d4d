package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/queries"
)

type exportOptions struct {
	format string
	out    string
}

func newExportCmd(g *globals) *cobra.Command {
	opts := &exportOptions{}
	var ff filterFlags
	cmd := &cobra.Command{
		Use:   "export --theme T [--format svg|dot] [-o FILE]",
		Short: "Draw a theme's subgraph as a Graphviz map (SVG or DOT)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if ff.theme == "" {
				return fmt.Errorf("--theme is required")
			}
			if opts.format != "svg" && opts.format != "dot" {
				return fmt.Errorf("--format %q: want svg or dot", opts.format)
			}
			ds, err := g.dataset(cmd.Context())
			if err != nil {
				return err
			}
			flt, err := ff.filter(ds)
			if err != nil {
				return err
			}
			t := ds.Theme(ff.theme)
			m := export.Map{ID: t.ID, Title: t.Title, Facts: queries.Facts(ds, flt), AsOf: flt.AsOf}
			var buf bytes.Buffer
			if opts.format == "dot" {
				err = export.DOT(&buf, ds, m)
			} else {
				var r *export.Renderer
				if r, err = export.NewRenderer(cmd.Context()); err != nil {
					return err
				}
				defer r.Close()
				err = r.RenderMap(cmd.Context(), &buf, ds, m)
			}
			if err != nil {
				return err
			}
			return writeOutput(cmd.OutOrStdout(), opts.out, buf.Bytes())
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "svg", "svg or dot")
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "write to this file instead of standard output")
	ff.register(cmd, false)
	return cmd
}

// writeOutput writes data to path, or to w when path is empty or "-".
func writeOutput(w io.Writer, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := w.Write(data)
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	return nil
}
