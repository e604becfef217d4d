package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/queries"
)

type queryOptions struct {
	lang    string
	file    string
	limit   int
	timeout time.Duration
	format  string
}

func newQueryCmd(g *globals) *cobra.Command {
	opts := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query [QUERY | -]",
		Short: "Run a Gizmo query against the store; results as JSON",
		Long: `query runs a Gizmo (JavaScript) query, Cayley's query language, against the
store and prints the results as JSON. The query comes from the argument, from
--file, or from standard input with "-". Entities and predicates are bare IRIs:

  itkg query 'g.V("<iran>").Out("<cooperates_with>").All()'

See docs/gizmo.md for a cookbook.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.lang != "gizmo" {
				return fmt.Errorf("--lang %q: only gizmo is supported", opts.lang)
			}
			var src []byte
			var err error
			switch {
			case opts.file != "" && len(args) > 0:
				return fmt.Errorf("give the query as an argument or with --file, not both")
			case opts.file != "":
				src, err = os.ReadFile(opts.file)
			case len(args) == 0 || args[0] == "-":
				src, err = io.ReadAll(cmd.InOrStdin())
			default:
				src = []byte(args[0])
			}
			if err != nil {
				return fmt.Errorf("reading the query: %w", err)
			}
			if opts.format != "array" && opts.format != "lines" {
				return fmt.Errorf("--format %q: want array or lines", opts.format)
			}
			s, err := g.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			_, err = queries.Gizmo(cmd.Context(), cmd.OutOrStdout(), s.QS, string(src), queries.GizmoOptions{
				Limit: opts.limit, Timeout: opts.timeout, Lines: opts.format == "lines",
			})
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.lang, "lang", "gizmo", "query language")
	f.StringVarP(&opts.file, "file", "f", "", "read the query from this file")
	f.IntVar(&opts.limit, "limit", queries.DefaultGizmoLimit, "most results to print")
	f.DurationVar(&opts.timeout, "timeout", queries.DefaultGizmoTimeout, "stop the query after this long")
	f.StringVar(&opts.format, "format", "array", "array (one JSON array) or lines (one JSON value a line)")
	return cmd
}
