package main

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/export/worker"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/web"
)

type serveOptions struct {
	addr         string
	queryTimeout time.Duration
	queryLimit   int
	logFormat    string
	noMaps       bool
	queryMemory  int
	maxQueries   int
	allowedHosts []string
	sources      string
}

func newServeCmd(g *globals) *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT]",
		Short: "Serve the graph to browsers, and Cayley's HTTP API to tools, read-only",
		Long: `serve answers on --addr (loopback only by default; --addr 0.0.0.0:8080 is an
explicit choice to be reachable from other machines) with:

  /                     the theme maps, each edge's quote a hover away
  /entity/ID            an entity's card, ego map and neighbours
  /path, /timeline      the path finder and the timeline, with filters
  /conflicts, /sources  where the sources disagree; each article's facts
  /fact/ID              one fact: its quote, source, links to other claims,
                        a Cite box and the quads it produced
  /barometer            cooperation against hostility between two actors per
                        year (?a=iran&b=taliban, ?pairs=main), each point
                        linking to its facts
  /rank                 entities ranked by degree, betweenness or brokerage;
                        entity pages name their places
  /gizmo                a Gizmo console with the cookbook's recipes
  /api/itkg/...         the same answers as JSON (search, entity, path,
                        neighbors, timeline, facts, fact, conflicts, sources,
                        barometer, rank)
  /api/v2/...           Cayley's HTTP API v2 (query, read, formats); writes
                        answer 403

Gizmo queries stop after --query-timeout or when the heap grows by
--query-memory MiB, return at most --query-limit results, and run at most
--max-queries at once; a query is a POST of application/javascript (or
JSON {"query": ...}) of at most 16 KiB. Requests naming another host
(add one with --allowed-host) or sent by a page of another origin get 403. When itkg build replaces the store, the next request is answered
from the new one. Requests are logged to standard error; SIGINT or SIGTERM
stops the server after the requests under way.

With --sources DIR (the articles' texts), citations name the paragraph of
each quote and source pages show the article's sentence coverage.`,
		Example: `  itkg serve
  itkg serve --addr 0.0.0.0:8080 --backend postgres --db postgres://itkg@db/itkg
  curl 'localhost:8080/api/itkg/path?from=fatemiyoun&to=baradar'
  curl -H 'Content-Type: application/javascript' -d 'g.V("<iran>").Out("<hosts>").All()' 'localhost:8080/api/v2/query?lang=gizmo'`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{bulkAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.queryTimeout <= 0 {
				return fmt.Errorf("--query-timeout %s: want a time limit above 0", opts.queryTimeout)
			}
			if opts.queryMemory <= 0 {
				return fmt.Errorf("--query-memory %d: want a budget in MiB above 0", opts.queryMemory)
			}
			if opts.maxQueries <= 0 {
				return fmt.Errorf("--max-queries %d: want at least 1", opts.maxQueries)
			}
			if opts.sources != "" {
				if fi, err := os.Stat(opts.sources); err != nil || !fi.IsDir() {
					return fmt.Errorf("--sources %s: not a directory of article texts", opts.sources)
				}
			}
			var handler slog.Handler
			switch opts.logFormat {
			case "text":
				handler = slog.NewTextHandler(g.stderr, nil)
			case "json":
				handler = slog.NewJSONHandler(g.stderr, nil)
			default:
				return fmt.Errorf("--log-format %q: want text or json", opts.logFormat)
			}
			d, err := g.data()
			if err != nil {
				return err
			}
			var r export.Renderer
			if !opts.noMaps {
				path, err := worker.Find()
				if err != nil {
					return fmt.Errorf("%w; or serve without maps: --no-maps", err)
				}
				pool := worker.NewPool(path, runtime.GOMAXPROCS(0), 0)
				defer pool.Close()
				r = pool
			}
			srv, err := web.New(cmd.Context(), web.Options{
				Store: g.storeOptions(), Data: d, Renderer: r, BuildLog: g.stderr,
				QueryTimeout: opts.queryTimeout, QueryLimit: opts.queryLimit, Log: slog.New(handler),
				QueryMemory: int64(opts.queryMemory) << 20, MaxQueries: opts.maxQueries, AllowedHosts: opts.allowedHosts,
				Sources: opts.sources,
			})
			if err != nil {
				return err
			}
			defer srv.Close()
			return srv.Serve(cmd.Context(), opts.addr, func(a net.Addr) {
				fmt.Fprintf(cmd.OutOrStdout(), "itkg: serving http://%s/\n", a)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.DurationVar(&opts.queryTimeout, "query-timeout", 10*time.Second, "stop a Gizmo query after this long")
	f.IntVar(&opts.queryLimit, "query-limit", 1000, "most results a Gizmo query returns")
	f.IntVar(&opts.queryMemory, "query-memory", queries.DefaultGizmoMemory>>20, "stop a Gizmo query when the heap grows by this many MiB")
	f.IntVar(&opts.maxQueries, "max-queries", 2, "most Gizmo queries run at once; more wait briefly, then get 503")
	f.StringSliceVar(&opts.allowedHosts, "allowed-host", nil, "a host name clients reach the server by, beside localhost, IP addresses and the --addr host (repeatable)")
	f.StringVar(&opts.logFormat, "log-format", "text", "request log format: text or json")
	f.StringVar(&opts.sources, "sources", "", "directory holding the articles' texts, for citations' paragraphs and sentence coverage")
	f.BoolVar(&opts.noMaps, "no-maps", false, "draw no maps (no itkg-render helper needed)")
	return cmd
}
