package main

import (
	"fmt"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/itkg/itkg/internal/progress"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/store"
)

type loadOptions struct {
	format     string
	append     bool
	allowEmpty bool
}

func newLoadCmd(g *globals) *cobra.Command {
	opts := &loadOptions{}
	cmd := &cobra.Command{
		Use:   "load FILE|- --db STORE [--append]",
		Short: "Bulk-load a quad file (N-Quads and other formats) into a store",
		Long: `load streams the quads of FILE (or standard input, "-") into the store named by
--db and --backend, in batches, with memory bounded by the batch and not by
the file. By default the store's contents are replaced atomically: the file
is written into a fresh store that is swapped in when complete, so readers
never see a half-loaded graph and a failed load leaves the old one. With
--append the quads are added to the existing store in place, batch by batch.

The format follows the file's extension unless --format names it
(` + strings.Join(loaders.QuadFormats(), ", ") + `; N-Quads by default); .gz files are
decompressed. On a terminal a progress line shows quads, rate and time left.

An input holding no quads (an empty file, only comments, an export that
failed into a pipe) is refused, leaving the store as it was, unless
--allow-empty. The report counts the distinct quads stored: a quad repeated
in the input is stored once.

A loaded store is never rebuilt from the curated data. load needs an explicit
--db: the default store is the cache of the curated data.`,
		Example: `  itkg gen --quads 1000000 -o big.nq && itkg load big.nq --db big.bolt
  itkg export --all --format cayley | itkg load - --backend postgres --db postgres://localhost/itkg`,
		Args:        cobra.ExactArgs(1),
		Annotations: map[string]string{bulkAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.db == "" && g.backend != store.Memory {
				return fmt.Errorf("load needs --db: the default store is the cache of the curated data")
			}
			if g.backend == store.Memory {
				return fmt.Errorf("loading into the memory backend keeps nothing; choose bolt, leveldb, postgres or cockroach")
			}
			qf, err := loaders.OpenQuads(args[0], opts.format, cmd.InOrStdin())
			if err != nil {
				return fmt.Errorf("load: %w", err)
			}
			defer qf.Close()
			meter := progress.New(g.stderr, progress.IsTerminal(g.stderr), "quads")
			report := &loadReport{meter: meter, qf: qf}
			var in quad.Reader = qf
			if !opts.allowEmpty {
				in = store.RefuseEmpty(qf, args[0])
			}
			var n int64
			if opts.append {
				n, err = store.Append(cmd.Context(), g.storeOptions(), in, report)
			} else {
				n, err = store.Replace(cmd.Context(), g.storeOptions(), in, store.Info{Origin: store.OriginLoad}, report)
			}
			took := meter.Done()
			if err != nil {
				return err
			}
			verb := "loaded"
			if opts.append {
				verb = "appended"
			}
			read := ""
			if report.read != n {
				read = " (" + progress.Count(report.read) + " read)"
			}
			return written(fmt.Fprintf(cmd.OutOrStdout(), "%s %s quads%s (%s) from %s into %s in %s: %s quads/s\n",
				verb, progress.Count(n), read, qf.Format, args[0], g.storeOptions().Where(), took.Round(1e6),
				progress.Count(progress.Rate(report.read, took))))
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", "quad format of FILE: "+strings.Join(loaders.QuadFormats(), ", "))
	cmd.Flags().BoolVar(&opts.append, "append", false, "add to the existing store in place instead of replacing it")
	cmd.Flags().BoolVar(&opts.allowEmpty, "allow-empty", false, "load an input that holds no quads (by default refused, leaving the store as it was)")
	return cmd
}

var _ quad.Reader = (*loaders.QuadFile)(nil)

// loadReport shows a load's progress on its meter.
type loadReport struct {
	meter *progress.Meter
	qf    *loaders.QuadFile
	read  int64 // quads read so far
}

func (r *loadReport) Read(n int64) {
	r.read = n
	r.meter.Update(n, r.qf.Read(), r.qf.Size)
}
func (r *loadReport) Stage(what string) { r.meter.Stage(what) }
