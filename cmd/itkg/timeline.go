package main

import (
	"github.com/spf13/cobra"

	"github.com/itkg/itkg/present"
)

func newTimelineCmd(g *globals) *cobra.Command {
	var ff filterFlags
	cmd := &cobra.Command{
		Use:   "timeline",
		Short: "List dated facts in order, undated facts apart at the end",
		Long: `timeline lists the facts passing the filters in date order. Dates keep the
precision the source gives: a year sorts before the months and days it holds
(2023 before 2023-05 before 2023-05-13); a period reads start..end and sorts
by its start; "~" marks an approximate date. Undated facts follow under
their own heading (none when --since or --until is set, which keep dated
facts only). JSON output is {"dated": [...], "undated": [...]}.`,
		Example: `  itkg timeline --entity "Helmand River"
  itkg timeline --theme refugees --since 2023 --until 2024-06
  itkg timeline --entity iran --as-of 2021-12 --output json`,
		Args: cobra.NoArgs,
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
			tl, err := r.Timeline(cmd.Context(), flt)
			if err != nil {
				return err
			}
			return answer(cmd.OutOrStdout(), asJSON, tl, present.WriteTimelineText)
		},
	}
	ff.register(cmd, true)
	addOutputFlag(cmd, g)
	return cmd
}
