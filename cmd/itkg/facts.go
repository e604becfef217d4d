package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

func newFactsCmd(g *globals) *cobra.Command {
	var ff filterFlags
	var pf pageFlags
	cmd := &cobra.Command{
		Use:   "facts",
		Short: "List facts, filtered by entity, theme, source, predicate, date or text",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
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
			views, info, err := r.FactPage(cmd.Context(), flt, page)
			if err != nil {
				return err
			}
			return answer(cmd.OutOrStdout(), asJSON, views, func(w io.Writer, views []queries.FactView) error {
				if page.IsZero() {
					return present.WriteFactsText(w, views)
				}
				return present.WriteFactPageText(w, views, info)
			})
		},
	}
	ff.register(cmd, true)
	pf.register(cmd)
	addOutputFlag(cmd, g)
	return cmd
}
