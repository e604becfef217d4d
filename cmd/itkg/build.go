package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/store"
)

func newBuildCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "build",
		Short: "Check the data and rebuild the store from it",
		Long: `build checks the curated data and writes a fresh store from it. The new store
is written beside the old one and replaces it only when complete, so an
interrupted or failed build leaves the previous store working.`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{bulkAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := g.data()
			if err != nil {
				return err
			}
			ds, err := d.Load(cmd.Context())
			if err != nil {
				return err
			}
			d.Dataset = ds // built from what was loaded, not parsed twice
			st, err := store.Build(cmd.Context(), g.storeOptions(), d)
			if err != nil {
				return err
			}
			c := loaders.Count(ds)
			return written(fmt.Fprintf(cmd.OutOrStdout(), "built %s: %d sources, %d entities, %d facts, %d quads in %s\n",
				st.Where, c.Sources, c.Entities, c.Facts, st.Quads, st.Duration.Round(1e6)))
		},
	}
}
