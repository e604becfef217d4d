package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/web"
)

type barometerOptions struct {
	speculative bool
	bySource    bool
	svg         string
	pairs       string
}

// maxPairs bounds the pairs one barometer command draws.
const maxPairs = 12

func newBarometerCmd(g *globals) *cobra.Command {
	var ff filterFlags
	opts := &barometerOptions{}
	cmd := &cobra.Command{
		Use:   "barometer [A B]",
		Short: "Cooperation against hostility between two actors, year by year, with the facts behind each score",
		Long: `barometer scores the relations of two actors (default: Iran and the Taliban)
per year: the mean weight of the year's cooperative and hostile facts between
them, on a scale from -10 (use of force) to +10, each predicate weighted in
data/predicates.yaml (weight, weight_reason). Beside every score: the number
of facts and of sources behind it.

Speculative facts are left out unless --include-speculative. A negated fact
("did not criticize") and a fact of a neutral predicate add nothing to the
score; they are counted and listed. An act not carried out (a stage: planned,
pledged, agreed, signed, under way) counts half its weight. A fact with a
period counts in every year it covers (an open end runs to its article's
publication); an undated fact counts in its article's publication year.

--by-source adds one series per source; --pairs main draws the main pairs
(Iran–Taliban, Iran–ISKP, Taliban–ISKP, Iran–Pakistan, Iran–United States)
as small multiples; --svg FILE draws the chart, with the key events of
data/marks.yaml.`,
		Example: `  itkg barometer
  itkg barometer iran ISKP --include-speculative
  itkg barometer --by-source --svg barometer.svg
  itkg barometer --pairs main --svg pairs.svg
  itkg barometer iran taliban --output json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 0 && len(args) != 2 {
				return fmt.Errorf("want two actors, or none for Iran and the Taliban; got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			asJSON, err := g.json()
			if err != nil {
				return err
			}
			pairs, err := barometerPairs(args, opts.pairs)
			if err != nil {
				return err
			}
			r, flt, done, err := g.question(cmd.Context(), &ff)
			defer done()
			if err != nil {
				return err
			}
			bms, err := barometers(cmd.Context(), r, pairs, queries.BarometerOptions{Filter: flt, IncludeSpeculative: opts.speculative, BySource: opts.bySource})
			if err != nil {
				return err
			}
			if opts.svg != "" {
				if err := export.WriteBarometerFile(opts.svg, web.BarometerChart(bms)); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if len(bms) == 1 {
					return queries.WriteJSON(out, bms[0])
				}
				return queries.WriteJSON(out, bms)
			}
			for i, bm := range bms {
				if i > 0 {
					if _, err := fmt.Fprintln(out); err != nil {
						return fmt.Errorf("writing the answer: %w", err)
					}
				}
				if err := present.WriteBarometerText(out, bm); err != nil {
					return fmt.Errorf("writing the answer: %w", err)
				}
			}
			if opts.svg != "" {
				if _, err := fmt.Fprintf(out, "\nchart written to %s\n", opts.svg); err != nil {
					return fmt.Errorf("writing the answer: %w", err)
				}
			}
			return nil
		},
	}
	ff.register(cmd, false)
	f := cmd.Flags()
	f.BoolVar(&opts.speculative, "include-speculative", false, "count the facts the sources put as possibilities or forecasts")
	f.BoolVar(&opts.bySource, "by-source", false, "one series per source beside the combined one")
	f.StringVar(&opts.svg, "svg", "", "draw the chart as SVG into this file")
	f.StringVar(&opts.pairs, "pairs", "", `pairs to draw as small multiples: "main", or A:B,C:D (ids, names or aliases)`)
	addOutputFlag(cmd, g)
	return cmd
}

// barometerPairs reads the pairs the command line asks for.
func barometerPairs(args []string, pairs string) ([][2]string, error) {
	switch {
	case pairs != "" && len(args) > 0:
		return nil, fmt.Errorf("give two actors or --pairs, not both")
	case pairs == "main":
		return queries.MainPairs, nil
	case pairs != "":
		var out [][2]string
		for _, p := range strings.Split(pairs, ",") {
			a, b, ok := strings.Cut(p, ":")
			if !ok || strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
				return nil, fmt.Errorf("--pairs: %q is not a pair A:B", p)
			}
			out = append(out, [2]string{strings.TrimSpace(a), strings.TrimSpace(b)})
		}
		if len(out) > maxPairs {
			return nil, fmt.Errorf("--pairs: %d pairs, at most %d", len(out), maxPairs)
		}
		return out, nil
	case len(args) == 2:
		return [][2]string{{args[0], args[1]}}, nil
	}
	return [][2]string{queries.MainPairs[0]}, nil
}

func barometers(ctx context.Context, r *queries.Reader, pairs [][2]string, opts queries.BarometerOptions) ([]*queries.Barometer, error) {
	var out []*queries.Barometer
	for _, p := range pairs {
		bm, err := r.Barometer(ctx, p[0], p[1], opts)
		if err != nil {
			return nil, err
		}
		out = append(out, bm)
	}
	return out, nil
}
