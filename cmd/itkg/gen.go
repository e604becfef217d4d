package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/itkg/itkg/internal/progress"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/synthetic"
)

type genOptions struct {
	quads int64
	seed  uint64
	out   string
}

func newGenCmd(g *globals) *cobra.Command {
	opts := &genOptions{}
	cmd := &cobra.Command{
		Use:   "gen --quads N [--seed S] [-o FILE]",
		Short: "Generate a synthetic graph with the shape of the real one, for benchmarks",
		Long: `gen writes a synthetic graph of about N quads: sources, entities and facts with
the same provenance quads as the curated data (quotes, sources, dates,
themes, modalities, claimants), over the curated vocabulary of predicates,
themes and clusters, with a few hub entities as in the corpus. The same seed
gives the same file. Every name in it says it is synthetic.

The format follows the file's extension (.nq N-Quads, the default; .jsonld,
.json, .pq); load it with itkg load.`,
		Example: `  itkg gen --quads 1000000 -o big.nq
  itkg load big.nq --db big.bolt`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{bulkAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := g.data()
			if err != nil {
				return err
			}
			vocab, err := loaders.Load(d.FS, d.Display)
			if err != nil {
				return err
			}
			f := quad.FormatByName("nquads")
			if ext := filepath.Ext(opts.out); ext != "" {
				if f = quad.FormatByExt(ext); f == nil || f.Writer == nil {
					return fmt.Errorf("-o %s: no quad format writes %s files", opts.out, ext)
				}
			}
			out := cmd.OutOrStdout()
			var file *os.File
			if opts.out != "" && opts.out != "-" {
				if file, err = os.Create(opts.out); err != nil {
					return err
				}
				defer file.Close()
				out = file
			}
			bw := bufio.NewWriterSize(out, 1<<16)
			w := f.Writer(bw)
			st, err := synthetic.Generate(cmd.Context(), w, vocab, synthetic.Options{Quads: opts.quads, Seed: opts.seed})
			if err == nil {
				err = w.Close()
			}
			if err == nil {
				err = bw.Flush()
			}
			if err == nil && file != nil {
				err = file.Close()
			}
			if err != nil {
				return fmt.Errorf("gen: %w", err)
			}
			fmt.Fprintf(g.stderr, "generated %s quads: %s facts, %s entities, %s sources\n",
				progress.Count(st.Quads), progress.Count(st.Facts), progress.Count(st.Entities), progress.Count(st.Sources))
			return nil
		},
	}
	cmd.Flags().Int64Var(&opts.quads, "quads", 100000, "about how many quads to generate")
	cmd.Flags().Uint64Var(&opts.seed, "seed", 1, "random seed")
	cmd.Flags().StringVarP(&opts.out, "out", "o", "-", "file to write (- for standard output)")
	return cmd
}
