package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

type rankOptions struct {
	filters     filterFlags
	by          string
	between     []string
	limit       int
	negated     bool
	speculative bool
	seed        uint64
}

func newRankCmd(g *globals) *cobra.Command {
	opts := &rankOptions{}
	cmd := &cobra.Command{
		Use:   "rank",
		Short: "Rank entities by evidence-weighted degree, betweenness or brokerage between clusters",
		Long: `rank orders the entities of the graph (or of the facts the filters keep) by

  degree       evidence-weighted degree: for each related entity, the number
               of independent sources stating a relation with it, summed
  betweenness  how many shortest paths between other entities pass through
               it; a relation's length is 1 / its number of sources, so
               well-evidenced links are short
  brokerage    betweenness over pairs of entities in different clusters, or
               with --between A,B in clusters A and B: who links the Iranian
               state to the Taliban, the jihadist groups to the rest

Negated and speculative facts are left out unless asked for. Above ` + fmt.Sprint(queries.ExactRankLimit) + ` related
entities betweenness is estimated from ` + fmt.Sprint(queries.RankPivots) + ` sampled entities (the output says so).`,
		Example: `  itkg rank
  itkg rank --by betweenness --theme iskp
  itkg rank --by brokerage --between iran-state,taliban-state --limit 10`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			asJSON, err := g.json()
			if err != nil {
				return err
			}
			ds, flt, err := g.whole(cmd.Context(), &opts.filters)
			if err != nil {
				return err
			}
			r, err := queries.Rank(cmd.Context(), ds, queries.RankOptions{By: opts.by, Filter: flt, Between: opts.between,
				Limit: opts.limit, IncludeNegated: opts.negated, IncludeSpeculative: opts.speculative, Seed: opts.seed})
			if err != nil {
				return err
			}
			if asJSON {
				return queries.WriteJSON(cmd.OutOrStdout(), r)
			}
			return present.WriteRankingText(cmd.OutOrStdout(), r)
		},
	}
	opts.filters.register(cmd, true)
	f := cmd.Flags()
	f.StringVar(&opts.by, "by", queries.RankDegree, "degree, betweenness or brokerage")
	f.StringSliceVar(&opts.between, "between", nil, "two clusters, for --by brokerage (e.g. iran-state,taliban-state)")
	f.IntVar(&opts.limit, "limit", 20, "most entities listed (0: all)")
	f.BoolVar(&opts.negated, "include-negated", false, "count negated facts as relations")
	f.BoolVar(&opts.speculative, "include-speculative", false, "count speculative facts as relations")
	f.Uint64Var(&opts.seed, "seed", 1, "seed of the sampled estimate on large graphs")
	addOutputFlag(cmd, g)
	return cmd
}
