package main

import (
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
			return answer(cmd.OutOrStdout(), asJSON, views, queries.WriteFactsText)
		},
	}
	ff.register(cmd, true)
	addOutputFlag(cmd, g)
	return cmd
}
