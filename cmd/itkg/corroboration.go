package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

func newCorroborationCmd(g *globals) *cobra.Command {
	var ff filterFlags
	var minSources int
	cmd := &cobra.Command{
		Use:   "corroboration",
		Short: "List relations stated by several independent sources, most sources first",
		Long: `corroboration lists the relations (subject, predicate, and object or value)
that at least --min-sources distinct sources state, with the count and each
source's facts and quotes: what can be cited with the most confidence. For a
symmetric predicate "A p B" and "B p A" are the same relation. Values match
ignoring case.`,
		Example: `  itkg corroboration
  itkg corroboration --min-sources 3 --entity iran
  itkg corroboration --theme water --output json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			asJSON, err := g.json()
			if err != nil {
				return err
			}
			if minSources < 1 {
				return fmt.Errorf("--min-sources must be at least 1")
			}
			ds, flt, err := g.whole(cmd.Context(), &ff)
			if err != nil {
				return err
			}
			cs := queries.Corroboration(ds, flt, minSources)
			return answer(cmd.OutOrStdout(), asJSON, cs, present.WriteCorroborationText)
		},
	}
	ff.register(cmd, true)
	cmd.Flags().IntVar(&minSources, "min-sources", 2, "least number of distinct sources")
	addOutputFlag(cmd, g)
	return cmd
}
