package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/queries"
)

type coverageOptions struct {
	sources     string
	unaccounted bool
}

func newCoverageCmd(g *globals) *cobra.Command {
	opts := &coverageOptions{}
	cmd := &cobra.Command{
		Use:   "coverage --sources DIR",
		Short: "Account for every sentence of the articles: quoted by a fact, or skipped with a reason",
		Long: `coverage splits each article in DIR into sentences and accounts for every one:
quoted by at least one fact, or named in data/coverage/<source-id>.yaml as
holding no checkable claim, with a reason (background, opinion, repeats,
navigation, footer). It prints, per article, the sentences, how many are
quoted, skipped by reason and unaccounted; with --unaccounted, the first
words of each unaccounted sentence. The exit code is 1 while any sentence is
unaccounted, or when a coverage entry names no sentence.`,
		Example: `  itkg coverage --sources ../shared/sources
  itkg coverage --sources ../shared/sources --unaccounted`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.sources == "" {
				return fmt.Errorf("--sources: the directory of the articles' texts is required")
			}
			d, err := g.data()
			if err != nil {
				return err
			}
			ds, probs, err := loaders.LoadAll(cmd.Context(), d.FS, d.Display)
			if err != nil {
				return err
			}
			if probs != nil {
				// Account for the sentences anyway, and fail at the end.
				fmt.Fprintf(cmd.ErrOrStderr(), "%v\n", probs)
			}
			skips, err := loaders.LoadCoverage(d.FS, d.Display, ds)
			if err != nil {
				return err
			}
			cov, err := loaders.Coverage(ds, skips, opts.sources)
			if err != nil {
				return err
			}
			asJSON, err := g.json()
			if err != nil {
				return err
			}
			if asJSON {
				err = queries.WriteJSON(cmd.OutOrStdout(), cov)
			} else {
				err = loaders.WriteCoverageText(cmd.OutOrStdout(), cov, opts.unaccounted)
			}
			if err != nil {
				return err
			}
			if probs != nil {
				return fmt.Errorf("the data has problems (listed above; itkg check lists them too)")
			}
			if n := loaders.Unaccounted(cov); n > 0 {
				return fmt.Errorf("%s unaccounted (list them with --unaccounted)", graph.Count(n, "sentence"))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.sources, "sources", "", "directory holding the articles' texts (e.g. ../shared/sources)")
	addOutputFlag(cmd, g)
	cmd.Flags().BoolVar(&opts.unaccounted, "unaccounted", false, "list the first words of each unaccounted sentence")
	return cmd
}
