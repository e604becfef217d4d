package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/loaders"
)

type checkOptions struct {
	sources string
}

func newCheckCmd(g *globals) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Validate the curated data (and, with --sources, every quote against its article)",
		Long: `check validates every data file: YAML syntax, required fields, references to
entities, predicates, themes and sources, duplicate ids, dates and quotes. With
--sources DIR it also checks that each quote occurs verbatim in its article's
text (only white space, typographic quotes and dashes are normalised).
Every problem is listed with its file, line and field; the exit code is 1 if
there is any.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := g.data()
			if err != nil {
				return err
			}
			ds, err := loaders.LoadContext(cmd.Context(), d.FS, d.Display)
			if err == nil && opts.sources != "" {
				err = loaders.CheckQuotes(ds, opts.sources)
			}
			var probs loaders.Problems
			if errors.As(err, &probs) {
				for _, p := range probs {
					if err := written(fmt.Fprintln(cmd.OutOrStdout(), p)); err != nil {
						return err
					}
				}
				return fmt.Errorf("%s found", graph.Count(len(probs), "problem"))
			}
			if err != nil {
				return err
			}
			st := loaders.Count(ds)
			quotes := "not checked against the articles (use --sources DIR)"
			if opts.sources != "" {
				quotes = "all found verbatim in their articles"
			}
			return written(fmt.Fprintf(cmd.OutOrStdout(), "ok: %d sources, %d entities, %d predicates, %d themes, %d facts; quotes %s\n",
				st.Sources, st.Entities, st.Predicates, st.Themes, st.Facts, quotes))
		},
	}
	cmd.Flags().StringVar(&opts.sources, "sources", "", "directory holding the articles' texts (e.g. ../shared/sources)")
	return cmd
}
