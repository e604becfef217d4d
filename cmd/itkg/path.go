package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
)

type pathOptions struct {
	filters  filterFlags
	all      bool
	maxHops  int
	limit    int
	facts    int
	maxNodes int
	svg      string
	negated  bool
}

func newPathCmd(g *globals) *cobra.Command {
	opts := &pathOptions{}
	cmd := &cobra.Command{
		Use:   "path FROM TO",
		Short: "Find the chains of relations that link two entities, with the facts behind each hop",
		Long: `path finds the shortest chains of relations between two entities (id, name
or alias, as in show). Relations are walked in both directions, but each hop
is printed in its true direction, the arrow running from the fact's subject
to its object:

  Fatemiyoun Division —part of→ Quds Force     the facts say: Fatemiyoun Division part of Quds Force
  Afghanistan ←controls— Taliban               the facts say: Taliban controls Afghanistan

A symmetric relation (cooperates with, meets with…) holds both ways and is
printed forward. Only facts linking two entities are edges; facts with a
value (amounts, statements) are not. Parallel facts between the same two
entities are merged into one hop and all listed as its evidence.

With --all, every simple path up to --max-hops is listed, shortest first.
The filters choose which facts count as edges; when they leave no path but
the whole graph has one, path says which filter removed the last one.`,
		Example: `  itkg path "Fatemiyoun Division" Taliban
  itkg path iran al-qaeda --all --max-hops 3 --limit 5
  itkg path iran taliban --theme water --exclude-predicate disputes_with
  itkg path iran taliban --since 2021 --modality asserted,reported`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("max-hops") && !opts.all {
				return fmt.Errorf("--max-hops needs --all")
			}
			return runPath(cmd, g, opts, args[0], args[1])
		},
	}
	opts.filters.register(cmd, false)
	f := cmd.Flags()
	f.BoolVar(&opts.all, "all", false, "list every simple path up to --max-hops, shortest first")
	f.IntVar(&opts.maxHops, "max-hops", queries.DefaultMaxHops, "longest path --all lists")
	f.IntVar(&opts.limit, "limit", queries.DefaultPathLimit, "most paths to list")
	f.IntVar(&opts.facts, "facts", 3, "facts printed in full per relation in text output (0: all); the rest by id")
	f.StringVar(&opts.svg, "svg", "", "also draw the paths found as an SVG map in this file")
	f.IntVar(&opts.maxNodes, "max-visited", queries.DefaultMaxVisited, "give up after visiting this many entities")
	f.BoolVar(&opts.negated, "include-negated", false, "walk negated facts too (\"A does NOT criticize B\"); by default they link nothing")
	aliasOnlyPredicate(cmd)
	addOutputFlag(cmd, g)
	return cmd
}

// aliasOnlyPredicate lets --only-predicate stand for --predicate.
func aliasOnlyPredicate(cmd *cobra.Command) {
	cmd.Flags().SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "only-predicate" {
			name = "predicate"
		}
		return pflag.NormalizedName(name)
	})
}

func runPath(cmd *cobra.Command, g *globals, opts *pathOptions, fromName, toName string) error {
	asJSON, err := g.json()
	if err != nil {
		return err
	}
	if opts.maxHops < 1 || opts.limit < 1 || opts.facts < 0 || opts.maxNodes < 1 {
		return fmt.Errorf("--max-hops, --limit and --max-visited must be at least 1, --facts at least 0")
	}
	r, flt, done, err := g.question(cmd.Context(), &opts.filters)
	defer done()
	if err != nil {
		return err
	}
	res, err := r.Path(cmd.Context(), fromName, toName, queries.PathOptions{
		Filter: flt, All: opts.all, MaxHops: opts.maxHops, Limit: opts.limit, MaxVisited: opts.maxNodes,
		IncludeNegated: opts.negated,
	})
	if err != nil {
		return err
	}
	if opts.svg != "" && len(res.Paths) > 0 {
		ds, err := r.Facts(cmd.Context(), res.FactIDs())
		if err != nil {
			return err
		}
		m := export.PathMap(ds, pathHops(ds, res), res.From.ID, res.To.ID, flt.AsOf)
		if err := writeMap(cmd, g, ds, m, "svg", opts.svg, false); err != nil {
			return err
		}
	}
	if asJSON {
		return queries.WriteJSON(cmd.OutOrStdout(), res)
	}
	if err := present.WritePathText(cmd.OutOrStdout(), res, opts.facts); err != nil {
		return fmt.Errorf("writing the answer: %w", err)
	}
	if opts.svg != "" && len(res.Paths) > 0 {
		if _, err := fmt.Fprintf(cmd.OutOrStdout(), "map written to %s\n", opts.svg); err != nil {
			return fmt.Errorf("writing the answer: %w", err)
		}
	}
	return nil
}

// pathHops lists the distinct hops of res's paths with their facts, for
// export.PathMap.
func pathHops(ds *graph.Dataset, res *queries.PathResult) []export.PathHop {
	var hops []export.PathHop
	seen := map[string]bool{}
	for _, p := range res.Paths {
		for _, h := range p.Hops {
			if seen[h.From.ID+"\x00"+h.To.ID] || seen[h.To.ID+"\x00"+h.From.ID] {
				continue
			}
			seen[h.From.ID+"\x00"+h.To.ID] = true
			hop := export.PathHop{From: h.From.ID, To: h.To.ID}
			for _, st := range h.Relations {
				for _, f := range st.Facts {
					if fact := ds.Fact(f.ID); fact != nil {
						hop.Facts = append(hop.Facts, fact)
					}
				}
			}
			hops = append(hops, hop)
		}
	}
	return hops
}
