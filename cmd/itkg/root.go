package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/data"
	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/export/worker"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/present"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
	"github.com/itkg/itkg/storeread"
)

// globals are the flags every command shares.
type globals struct {
	dataDir string
	db      string
	backend string
	output  string
	timeout time.Duration
	stderr  io.Writer
	pool    *worker.Pool // started by the first command that draws a map
}

// exitError carries an exit code other than 1.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Main runs itkg with args and returns the process exit code. Errors are
// printed once, here.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	g := &globals{stderr: stderr}
	root := newRoot(g, stdout, stderr)
	root.SetArgs(args)
	err := execute(ctx, root)
	if g.pool != nil {
		g.pool.Close()
	}
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	// Errors can echo names and data: no control character reaches the
	// terminal raw.
	fmt.Fprintf(present.TextWriter(stderr), "itkg: %s\n", queries.Describe(err, flagNames))
	return 1
}

// written turns a failed write of a command's output into its error, so
// that the command exits non-zero.
func written(_ int, err error) error {
	if err != nil {
		return fmt.Errorf("writing the answer: %w", err)
	}
	return nil
}

// flagNames names a question's fields as the command line does: "--since".
var flagNames = queries.Naming{
	Field:   func(field, _ string) string { return "--" + field },
	Setting: func(field, value string) string { return "--" + field + " " + value },
}

// execute runs the command line. A panic becomes an error, printed once
// like any other, and a memory fault (a read reaching a damaged part of a
// store's mapped file) becomes a panic first, so a damaged store gives a
// message instead of a crash.
func execute(ctx context.Context, root *cobra.Command) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if p := recover(); p != nil {
			err = panicError(p)
		}
	}()
	return root.ExecuteContext(ctx)
}

// panicError describes a recovered panic: as probable damage to the store
// when it is a memory fault or one of bbolt's page assertions, else as an
// internal error with its stack.
func panicError(p any) error {
	if d := store.Recovered(p); d != nil {
		return fmt.Errorf("%w; run `itkg build` to rebuild it", d)
	}
	msg := fmt.Sprint(p)
	if strings.Contains(msg, "fault") || strings.HasPrefix(msg, "assertion failed") {
		return fmt.Errorf("reading the store failed (%s): the store is probably damaged; `itkg build` rebuilds it from the data", msg)
	}
	return fmt.Errorf("internal error: %s\n%s", msg, debug.Stack())
}

func newRoot(g *globals, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "itkg",
		Short: "The Iran–Taliban knowledge graph: curated, quoted, queryable",
		Long: `itkg turns five policy articles on Iran–Taliban relations into a
source-grounded knowledge graph. Every fact carries its source, a verbatim
quote, its date and who makes the claim.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			tuneGC(cmd)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&g.dataDir, "data", "", "read the curated data from this directory instead of the embedded copy")
	pf.StringVar(&g.db, "db", envOr("ITKG_DB", ""), "store location: a bolt file (default: in the user cache dir), a leveldb directory, or a postgres:// URL [$ITKG_DB]")
	pf.StringVar(&g.backend, "backend", envOr("ITKG_BACKEND", store.Bolt), "store backend: "+strings.Join(store.Backends, ", ")+" [$ITKG_BACKEND]")
	pf.DurationVar(&g.timeout, "lock-timeout", store.DefaultTimeout, "how long to wait for a store another process holds")
	root.AddCommand(
		newCheckCmd(g), newCoverageCmd(g), newCiteCmd(g), newRankCmd(g), newBuildCmd(g), newEntitiesCmd(g), newShowCmd(g), newFactsCmd(g),
		newQueryCmd(g), newExportCmd(g), newMapsCmd(g),
		newPathCmd(g), newNeighborsCmd(g), newTimelineCmd(g), newConflictsCmd(g), newCorroborationCmd(g),
		newGenCmd(g), newLoadCmd(g), newServeCmd(g),
		newBarometerCmd(g),
	)
	return root
}

// bulkAnnotation marks commands whose heap grows with the data they
// write or serve; they keep Go's default garbage collection.
const bulkAnnotation = "itkg/bulk"

// tuneGC lets a one-question command's heap grow three times its live
// size before collecting (GOGC=300) instead of twice: such a command
// allocates a few megabytes and exits, and the collections it is spared
// are a tenth of its time for the same peak memory (docs/scaling.md). A
// GOGC the user set is left alone.
func tuneGC(cmd *cobra.Command) {
	if os.Getenv("GOGC") != "" || cmd.Annotations[bulkAnnotation] != "" {
		return
	}
	debug.SetGCPercent(300)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// addOutputFlag adds --output to a read command.
func addOutputFlag(cmd *cobra.Command, g *globals) {
	cmd.Flags().StringVarP(&g.output, "output", "o", "text", "output format: text or json")
}

func (g *globals) json() (bool, error) {
	switch g.output {
	case "", "text":
		return false, nil
	case "json":
		return true, nil
	}
	return false, fmt.Errorf("--output %q: want text or json", g.output)
}

// answer writes an answer as JSON when asJSON, else with its text writer.
// A failed write is an error naming the output, so the command exits
// non-zero.
func answer[T any](w io.Writer, asJSON bool, v T, text func(io.Writer, T) error) error {
	var err error
	if asJSON {
		err = queries.WriteJSON(w, v)
	} else {
		err = text(w, v)
	}
	if err != nil {
		return fmt.Errorf("writing the answer: %w", err)
	}
	return nil
}

// data returns the curated data: the embedded copy, or --data DIR.
func (g *globals) data() (loaders.Data, error) {
	if g.dataDir == "" {
		return loaders.Data{FS: data.FS, Display: "data"}, nil
	}
	info, err := os.Stat(g.dataDir)
	if err != nil {
		return loaders.Data{}, fmt.Errorf("--data: %w", err)
	}
	if !info.IsDir() {
		return loaders.Data{}, fmt.Errorf("--data %s: not a directory", g.dataDir)
	}
	return loaders.Data{FS: os.DirFS(g.dataDir), Display: filepath.Clean(g.dataDir)}, nil
}

func (g *globals) storeOptions() store.Options {
	return store.Options{Backend: g.backend, Addr: g.db, Timeout: g.timeout}
}

// renderer returns the map renderer: an itkg-render helper, started on
// first use and stopped when the command ends.
func (g *globals) renderer() (export.Renderer, error) {
	if g.pool == nil {
		path, err := worker.Find()
		if err != nil {
			return nil, err
		}
		g.pool = worker.NewPool(path, 1, 0)
	}
	return g.pool, nil
}

// open opens the store, building it first when needed.
func (g *globals) open(ctx context.Context) (*store.Store, error) {
	d, err := g.data()
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, g.storeOptions(), d, g.stderr)
}

// reader opens the store, building it first when needed, and returns a
// Reader over it; done closes the store.
func (g *globals) reader(ctx context.Context) (r *queries.Reader, done func(), err error) {
	s, err := g.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	done = func() {
		// A read that panicked (a damaged store) left its transaction
		// open, and closing would wait for it forever: let the panic go
		// on to execute, which reports it, and the process end.
		if p := recover(); p != nil {
			panic(p)
		}
		s.Close()
	}
	return queries.FromStore(storeread.New(s.QS).WithIndexes(s)), done, nil
}

// question opens a Reader and resolves the filter flags against it: the
// start of every command that asks one question of the store. done closes
// the store; it is set even on error.
func (g *globals) question(ctx context.Context, ff *filterFlags) (r *queries.Reader, flt queries.Filter, done func(), err error) {
	r, done, err = g.reader(ctx)
	if err != nil {
		return nil, flt, func() {}, err
	}
	flt, err = r.Filter(ctx, ff.spec())
	return r, flt, done, err
}

// whole reads the whole graph, for the commands that draw or survey all
// of it, and resolves the filter flags against it.
func (g *globals) whole(ctx context.Context, ff *filterFlags) (*graph.Dataset, queries.Filter, error) {
	r, done, err := g.reader(ctx)
	if err != nil {
		return nil, queries.Filter{}, err
	}
	defer done()
	ds, err := r.All(ctx)
	if err != nil {
		return nil, queries.Filter{}, err
	}
	flt, err := r.Filter(ctx, ff.spec())
	return ds, flt, err
}

// filterFlags are the fact filters shared by facts, export and later
// commands.
type filterFlags struct {
	entity, theme, source, claimedBy, event, grep string
	predicates, exclude, modalities               []string
	since, until, asOf                            string
}

func (f *filterFlags) register(cmd *cobra.Command, withEntity bool) {
	fl := cmd.Flags()
	if withEntity {
		fl.StringVar(&f.entity, "entity", "", "only facts with this entity as subject or object (id, name or alias)")
	}
	fl.StringVar(&f.theme, "theme", "", "only facts with this theme")
	fl.StringVar(&f.source, "source", "", "only facts from this source id")
	fl.StringSliceVar(&f.predicates, "predicate", nil, "only facts with these predicates (comma-separated)")
	fl.StringSliceVar(&f.exclude, "exclude-predicate", nil, "leave out facts with these predicates")
	fl.StringSliceVar(&f.modalities, "modality", nil, "only facts with these modalities: asserted, reported, assessed, speculative")
	fl.StringVar(&f.since, "since", "", "only facts dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)")
	fl.StringVar(&f.until, "until", "", "only facts dated on or before this date")
	fl.StringVar(&f.asOf, "as-of", "", "the graph as known on this date: leave out later facts and sources")
	fl.StringVar(&f.grep, "grep", "", "only facts whose quote, value or note contains this text")
	fl.StringVar(&f.claimedBy, "claimed-by", "", "only facts the sources attribute to this entity (id, name or alias)")
	fl.StringVar(&f.event, "event", "", "only facts with this event key")
}

func (f *filterFlags) spec() queries.FilterSpec {
	return queries.FilterSpec{Entity: f.entity, ClaimedBy: f.claimedBy, Theme: f.theme, Source: f.source,
		Event: f.event, Predicates: f.predicates, Exclude: f.exclude, Modalities: f.modalities,
		Since: f.since, Until: f.until, AsOf: f.asOf, Grep: f.grep}
}
