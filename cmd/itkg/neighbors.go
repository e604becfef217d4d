package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

type neighborsOptions struct {
	filters  filterFlags
	depth    int
	facts    int
	maxNodes int
	negated  bool
}

func newNeighborsCmd(g *globals) *cobra.Command {
	opts := &neighborsOptions{}
	cmd := &cobra.Command{
		Use:   "neighbors NAME",
		Short: "List the entities within N hops of an entity, with the relations that connect them",
		Long: `neighbors lists the entities within --depth hops of NAME (id, name or alias),
nearest first. Each neighbour comes with its distance and the relations that
bring it there from the entities one hop nearer, each with its facts. Hops
read as in path: "A —label→ B" when the facts say A label B, "A ←label— B"
when they say B label A. Only facts linking two entities count; the filters
choose which.`,
		Example: `  itkg neighbors "Quds Force"
  itkg neighbors iskp --depth 2 --theme iskp
  itkg neighbors taliban --predicate attacks,kills --output json`,
		Aliases: []string{"neighbours"},
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNeighbors(cmd, g, opts, args[0])
		},
	}
	opts.filters.register(cmd, false)
	f := cmd.Flags()
	f.IntVar(&opts.depth, "depth", 1, "how many hops from NAME")
	f.IntVar(&opts.facts, "facts", 3, "facts printed in full per relation in text output (0: all); the rest by id")
	f.IntVar(&opts.maxNodes, "max-visited", queries.DefaultMaxVisited, "stop after visiting this many entities")
	f.BoolVar(&opts.negated, "include-negated", false, "walk negated facts too; by default they link nothing")
	aliasOnlyPredicate(cmd)
	addOutputFlag(cmd, g)
	return cmd
}

func runNeighbors(cmd *cobra.Command, g *globals, opts *neighborsOptions, name string) error {
	asJSON, err := g.json()
	if err != nil {
		return err
	}
	if opts.depth < 1 || opts.facts < 0 || opts.maxNodes < 1 {
		return fmt.Errorf("--depth and --max-visited must be at least 1, --facts at least 0")
	}
	r, flt, done, err := g.question(cmd.Context(), &opts.filters)
	defer done()
	if err != nil {
		return err
	}
	nb, err := r.Neighborhood(cmd.Context(), name, queries.NeighborOptions{Depth: opts.depth, Filter: flt, MaxVisited: opts.maxNodes,
		IncludeNegated: opts.negated})
	if err != nil {
		return err
	}
	return answer(cmd.OutOrStdout(), asJSON, nb, func(w io.Writer, nb *queries.Neighborhood) error {
		return present.WriteNeighborsText(w, nb, opts.facts)
	})
}
