package main

import (
	"github.com/spf13/cobra"

	"github.com/itkg/itkg/present"
)

func newShowCmd(g *globals) *cobra.Command {
	var ff filterFlags
	var pf pageFlags
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show an entity card: every fact in and out, with dates, sources and quotes",
		Long: `show prints everything the graph says about one entity. NAME is its id, name
or any alias, in any case. Relations are grouped, most corroborated (stated by
the most sources) first. --limit and --offset list a page of a long card's
facts (its relations' in order, then its claims).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			asJSON, err := g.json()
			if err != nil {
				return err
			}
			page, err := pf.page()
			if err != nil {
				return err
			}
			r, flt, done, err := g.question(cmd.Context(), &ff)
			defer done()
			if err != nil {
				return err
			}
			card, err := r.CardPage(cmd.Context(), args[0], flt, page)
			if err != nil {
				return err
			}
			return answer(cmd.OutOrStdout(), asJSON, card, present.WriteCardText)
		},
	}
	ff.register(cmd, false)
	pf.register(cmd)
	addOutputFlag(cmd, g)
	return cmd
}
