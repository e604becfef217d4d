package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/present"
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
			return answer(cmd.OutOrStdout(), asJSON, queries.Entities(ds, typ), present.WriteEntitiesText)
		},
	}
	cmd.Flags().StringVar(&typ, "type", "", "only entities of this type")
	addOutputFlag(cmd, g)
	return cmd
}
