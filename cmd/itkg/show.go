package main

import (
	"github.com/spf13/cobra"

	"github.com/itkg/itkg/queries"
)

func newShowCmd(g *globals) *cobra.Command {
	var ff filterFlags
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show an entity card: every fact in and out, with dates, sources and quotes",
		Long: `show prints everything the graph says about one entity. NAME is its id, name
or any alias, in any case. Relations are grouped, most corroborated (stated by
the most sources) first.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			asJSON, err := g.json()
			if err != nil {
				return err
			}
			ds, err := g.dataset(cmd.Context())
			if err != nil {
				return err
			}
			e, err := queries.Resolve(ds, args[0])
			if err != nil {
				return err
			}
			flt, err := ff.filter(ds)
			if err != nil {
				return err
			}
			card := queries.CardOf(ds, e, flt)
			if asJSON {
				return queries.WriteJSON(cmd.OutOrStdout(), card)
			}
			queries.WriteCardText(cmd.OutOrStdout(), card)
			return nil
		},
	}
	ff.register(cmd, false)
	addOutputFlag(cmd, g)
	return cmd
}
