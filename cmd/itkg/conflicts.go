package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

func newConflictsCmd(g *globals) *cobra.Command {
	var ff filterFlags
	var kinds []string
	cmd := &cobra.Command{
		Use:   "conflicts",
		Short: "List where the sources disagree, with both sides' facts and quotes",
		Long: `conflicts lists disagreements between sources that the data declares, never
guessed from wording. Each conflict has a kind and two sides, each side one
source with the facts, dates or amounts it gives:

  event-date     facts sharing an event key (same subject and predicate) whose
                 dates do not overlap: the sources date the event differently
  event-amount   facts sharing an event key (same subject, predicate and unit)
                 with different amounts
  amount         the same subject, predicate and object or value, in the same
                 unit, with different amounts for overlapping periods
  contradiction  facts about the same two entities using predicates declared
                 to contradict each other (contradicts in predicates.yaml), for
                 overlapping periods; a symmetric predicate matches the pair in
                 either order
  negation       a negated fact ("Iran —NOT criticizes→ Taliban") against the
                 same relation stated by another source, for overlapping periods

An undated fact describes the state when its article was published, and
counts as of that date. The filters choose which facts are compared.`,
		Example: `  itkg conflicts
  itkg conflicts --kind event-date,amount
  itkg conflicts --entity taliban --output json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			asJSON, err := g.json()
			if err != nil {
				return err
			}
			for _, k := range kinds {
				if !slices.Contains(queries.ConflictKinds, k) {
					return fmt.Errorf("--kind: unknown kind %q (want %s)", k, strings.Join(queries.ConflictKinds, ", "))
				}
			}
			ds, flt, err := g.whole(cmd.Context(), &ff)
			if err != nil {
				return err
			}
			cs := queries.ConflictsOfKind(queries.Conflicts(ds, flt), kinds...)
			return answer(cmd.OutOrStdout(), asJSON, cs, present.WriteConflictsText)
		},
	}
	ff.register(cmd, true)
	cmd.Flags().StringSliceVar(&kinds, "kind", nil, "only these kinds: "+strings.Join(queries.ConflictKinds, ", "))
	addOutputFlag(cmd, g)
	return cmd
}
