package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

func newEntitiesCmd(g *globals) *cobra.Command {
	var typ string
	cmd := &cobra.Command{
		Use:   "entities",
		Short: "List entities, optionally of one type",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			asJSON, err := g.json()
			if err != nil {
				return err
			}
			if typ != "" && !slices.Contains(graph.EntityTypes, typ) {
				return fmt.Errorf("--type: unknown type %q (types: %s)", typ, strings.Join(graph.EntityTypes, ", "))
			}
			ds, _, err := g.whole(cmd.Context(), &filterFlags{})
			if err != nil {
				return err
			}
			es := queries.Entities(ds, typ)
			if asJSON {
				return queries.WriteJSON(cmd.OutOrStdout(), es)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tTYPE\tFACTS")
			for _, e := range es {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", e.ID, e.Name, e.Type, e.Facts)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&typ, "type", "", "only entities of this type")
	addOutputFlag(cmd, g)
	return cmd
}
