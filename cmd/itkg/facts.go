package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/queries"
)

func newFactsCmd(g *globals) *cobra.Command {
	var ff filterFlags
	cmd := &cobra.Command{
		Use:   "facts",
		Short: "List facts, filtered by entity, theme, source, predicate, date or text",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			asJSON, err := g.json()
			if err != nil {
				return err
			}
			r, flt, done, err := g.question(cmd.Context(), &ff)
			defer done()
			if err != nil {
				return err
			}
			views, err := r.FactList(cmd.Context(), flt)
			if err != nil {
				return err
			}
			if asJSON {
				return queries.WriteJSON(cmd.OutOrStdout(), views)
			}
			for _, v := range views {
				queries.WriteFactText(cmd.OutOrStdout(), v)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d fact%s\n", len(views), plural(len(views)))
			return nil
		},
	}
	ff.register(cmd, true)
	addOutputFlag(cmd, g)
	return cmd
}
