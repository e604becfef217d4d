package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/itkg/itkg/store/internal/kvlayout"

	cgraph "github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach" // registers the cockroach store
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"  // registers the postgres store
	hkv "github.com/hidal-go/hidalgo/kv"
)

// sqlBackend keeps the graph in a PostgreSQL or CockroachDB database, in
// the tables Cayley creates (nodes, quads) inside one schema, "itkg" unless
// the URL's search_path names another. A build fills a new schema
// <schema>_build_<time> and renames it into place in one transaction, so a
// reader's statements see the old graph or the new one, never a
// half-loaded one.
type sqlBackend struct {
	opts   Options
	driver string // database/sql driver Cayley's backend uses
	url    *url.URL
	schema string // the live schema
}

// DefaultSchema holds the graph when the URL names none.
const DefaultSchema = "itkg"

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,39}$`)

func newSQLBackend(o Options) (*sqlBackend, error) {
	u, err := url.Parse(o.Addr)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, fmt.Errorf("--db %s: want a URL such as postgres://user@localhost:5432/itkg?sslmode=disable", redact(o.Addr))
	}
	b := &sqlBackend{opts: o, driver: "postgres", url: u, schema: DefaultSchema}
	if o.Backend == Cockroach {
		b.driver = "pgx"
	}
	if sp := u.Query().Get("search_path"); sp != "" {
		b.schema = sp
	}
	if !schemaName.MatchString(b.schema) {
		return nil, fmt.Errorf("--db: search_path %q: want one lower-case schema name", b.schema)
	}
	return b, nil
}

// addr is the connection URL with search_path set to schema.
func (b *sqlBackend) addr(schema string) string {
	u := *b.url
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// redact hides a URL's password for messages.
func redact(addr string) string {
	u, err := url.Parse(addr)
	if err != nil || u.User == nil {
		return addr
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func (b *sqlBackend) connect(ctx context.Context) (*sql.DB, error) {
	db, err := sql.Open(b.driver, b.addr(b.schema))
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, b.opts.timeout())
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to %s: %w", redact(b.opts.Addr), err)
	}
	return db, nil
}

// tablesIn counts Cayley's two tables (nodes, quads) in schema.
func tablesIn(ctx context.Context, db *sql.DB, schema string) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = $1 AND table_name IN ('nodes', 'quads')`, schema).Scan(&n)
	return n, err
}

func (b *sqlBackend) open(ctx context.Context) (*Store, error) {
	db, err := b.connect(ctx)
	if err != nil {
		return nil, err
	}
	n, err := tablesIn(ctx, db, b.schema)
	indexed := false
	if err == nil {
		indexed, err = hasIndexTable(ctx, db, b.schema)
	}
	if err != nil || n != 2 || !indexed {
		db.Close()
	}
	switch {
	case err != nil:
		return nil, fmt.Errorf("opening %s: %w", redact(b.opts.Addr), err)
	case n == 0:
		return nil, fmt.Errorf("opening schema %s of %s: %w", b.schema, redact(b.opts.Addr), ErrNoStore)
	case n == 1:
		return nil, &DamagedError{Where: redact(b.opts.Addr), Err: fmt.Errorf("schema %s holds one of Cayley's two tables (nodes, quads)", b.schema)}
	}
	qs, err := cgraph.NewQuadStore(b.opts.Backend, b.addr(b.schema), nil)
	if err != nil {
		if indexed {
			db.Close()
		}
		return nil, &DamagedError{Where: redact(b.opts.Addr), Err: err}
	}
	s := &Store{QS: qs, Options: b.opts}
	if indexed {
		s.index = sqlIndex{db}
		s.close = append(s.close, db.Close)
	}
	return s, nil
}

func (b *sqlBackend) replace(ctx context.Context, fill filler) error {
	db, err := b.connect(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	b.dropLeftovers(ctx, db)
	build := fmt.Sprintf("%s_build_%d_%d", b.schema, time.Now().Unix(), os.Getpid()%100000)
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+build); err != nil {
		return fmt.Errorf("creating schema %s: %w", build, err)
	}
	swapped := false
	defer func() {
		if !swapped {
			db.Exec("DROP SCHEMA IF EXISTS " + build + " CASCADE")
		}
	}()
	if err := cgraph.InitQuadStore(b.opts.Backend, b.addr(build), nil); err != nil {
		return fmt.Errorf("creating tables in %s: %w", build, err)
	}
	if _, err := db.ExecContext(ctx, fmt.Sprintf(indexTableDDL, build)); err != nil {
		return fmt.Errorf("creating itkg_index in %s: %w", build, err)
	}
	qs, err := cgraph.NewQuadStore(b.opts.Backend, b.addr(build), nil)
	if err != nil {
		return err
	}
	err = fill(qs, nil, &sqlIndexWriter{ctx: ctx, db: db, schema: build})
	if cerr := qs.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	old := fmt.Sprintf("%s_old_%d_%d", b.schema, time.Now().Unix(), os.Getpid()%100000)
	if err := b.swap(ctx, db, build, old); err != nil {
		return err
	}
	swapped = true
	// Readers still inside the old schema hold locks that make the drop
	// wait; after a short wait it is left for the next build to remove.
	if _, err := db.ExecContext(ctx, "SET lock_timeout = '5s'"); err == nil {
		db.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+old+" CASCADE")
	}
	return nil
}

// swap renames the live schema away and the build schema into its place,
// in one transaction.
func (b *sqlBackend) swap(ctx context.Context, db *sql.DB, build, old string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var live int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1`, b.schema).Scan(&live); err != nil {
		return err
	}
	if live > 0 {
		if _, err := tx.ExecContext(ctx, "ALTER SCHEMA "+b.schema+" RENAME TO "+old); err != nil {
			return fmt.Errorf("renaming schema %s: %w", b.schema, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "ALTER SCHEMA "+build+" RENAME TO "+b.schema); err != nil {
		return fmt.Errorf("renaming schema %s: %w", build, err)
	}
	return tx.Commit()
}

// dropLeftovers removes old schemas a previous build could not drop, and
// build schemas more than a day old (their build died).
func (b *sqlBackend) dropLeftovers(ctx context.Context, db *sql.DB) {
	rows, err := db.QueryContext(ctx, `SELECT schema_name FROM information_schema.schemata
		WHERE schema_name LIKE $1 OR schema_name LIKE $2`, b.schema+`\_old\_%`, b.schema+`\_build\_%`)
	if err != nil {
		return
	}
	var drop []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			continue
		}
		rest, isBuild := strings.CutPrefix(name, b.schema+"_build_")
		if isBuild {
			stamp, _, _ := strings.Cut(rest, "_")
			sec, err := strconv.ParseInt(stamp, 10, 64)
			if err != nil || time.Since(time.Unix(sec, 0)) < 24*time.Hour {
				continue
			}
		}
		drop = append(drop, name)
	}
	rows.Close()
	for _, name := range drop {
		db.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+name+" CASCADE")
	}
}

func (b *sqlBackend) update(ctx context.Context) (cgraph.QuadStore, hkv.KV, func() error, error) {
	db, err := b.connect(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	n, err := tablesIn(ctx, db, b.schema)
	if err == nil && n == 1 {
		err = &DamagedError{Where: redact(b.opts.Addr), Err: fmt.Errorf("schema %s holds one of Cayley's two tables (nodes, quads)", b.schema)}
	}
	if err == nil && n == 0 {
		if _, err = db.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+b.schema); err == nil {
			err = cgraph.InitQuadStore(b.opts.Backend, b.addr(b.schema), nil)
		}
	}
	if err == nil {
		// The appended quads may add edges and descriptions the indexes
		// do not hold.
		var indexed bool
		if indexed, err = hasIndexTable(ctx, db, b.schema); err == nil && indexed {
			_, err = db.ExecContext(ctx, "DELETE FROM itkg_index WHERE key = $1", kvlayout.IndexComplete)
		}
	}
	db.Close()
	if err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return nil, nil, nil, err
	}
	qs, err := cgraph.NewQuadStore(b.opts.Backend, b.addr(b.schema), nil)
	if err != nil {
		return nil, nil, nil, err
	}
	return qs, nil, qs.Close, nil
}
