package main

import (
	"errors"
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
	memory  int
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

A query is at most 16 KiB long and stops at --timeout (compiling included)
or when the heap grows by --memory MiB. See docs/gizmo.md for a cookbook.`,
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
				src, err = readQuery(opts.file, nil)
			case len(args) == 0 || args[0] == "-":
				src, err = readQuery("", cmd.InOrStdin())
			default:
				src = []byte(args[0])
			}
			var le *queries.LimitError
			if errors.As(err, &le) {
				return err
			} else if err != nil {
				return fmt.Errorf("reading the query: %w", err)
			}
			if opts.timeout <= 0 {
				return fmt.Errorf("--timeout %s: want a time limit above 0", opts.timeout)
			}
			if opts.memory <= 0 {
				return fmt.Errorf("--memory %d: want a budget in MiB above 0", opts.memory)
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
				Limit: opts.limit, Timeout: opts.timeout, Memory: int64(opts.memory) << 20, Lines: opts.format == "lines",
			})
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.lang, "lang", "gizmo", "query language")
	f.StringVarP(&opts.file, "file", "f", "", "read the query from this file")
	f.IntVar(&opts.limit, "limit", queries.DefaultGizmoLimit, "most results to print")
	f.DurationVar(&opts.timeout, "timeout", queries.DefaultGizmoTimeout, "stop the query after this long")
	f.IntVar(&opts.memory, "memory", queries.DefaultGizmoMemory>>20, "stop the query when the heap grows by this many MiB")
	f.StringVar(&opts.format, "format", "array", "array (one JSON array) or lines (one JSON value a line)")
	return cmd
}

// readQuery reads a query from a file, or from r when path is "", reading
// no more than one byte past the size limit so a huge input is refused
// without being read whole.
func readQuery(path string, r io.Reader) ([]byte, error) {
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, queries.DefaultGizmoMaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > queries.DefaultGizmoMaxSize {
		return nil, &queries.LimitError{Err: queries.ErrQueryTooLarge, Limit: fmt.Sprintf("%d bytes", queries.DefaultGizmoMaxSize)}
	}
	return b, nil
}
