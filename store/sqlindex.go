package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// In a PostgreSQL or CockroachDB store, itkg's indexes (indexes.go) live
// in the table itkg_index of the graph's schema, beside Cayley's nodes and
// quads: one row per entry, swapped in with the schema. A question then
// reads an entity's edges, or the descriptions of all the facts it
// prints, in one round trip instead of one per node.
const indexTableDDL = `CREATE TABLE %s.itkg_index (
	name text NOT NULL,
	key bytea NOT NULL,
	val bytea NOT NULL,
	PRIMARY KEY (name, key)
)`

// sqlIndexRows is how many rows one statement inserts or asks for.
const sqlIndexRows = 500

// sqlIndexWriter inserts index entries into a build schema's table, in
// multi-row statements.
type sqlIndexWriter struct {
	ctx    context.Context
	db     *sql.DB
	schema string
	args   []any
}

func (w *sqlIndexWriter) put(index, key, val []byte) error {
	w.args = append(w.args, string(index), key, val)
	if len(w.args) >= 3*sqlIndexRows {
		return w.flush()
	}
	return nil
}

// flush inserts the rows put since the last flush.
func (w *sqlIndexWriter) flush() error {
	if len(w.args) == 0 {
		return nil
	}
	var q strings.Builder
	fmt.Fprintf(&q, "INSERT INTO %s.itkg_index (name, key, val) VALUES ", w.schema)
	for i := 0; i < len(w.args); i += 3 {
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "($%d, $%d, $%d)", i+1, i+2, i+3)
	}
	_, err := w.db.ExecContext(w.ctx, q.String(), w.args...)
	w.args = w.args[:0]
	if err != nil {
		return fmt.Errorf("writing itkg's indexes: %w", err)
	}
	return nil
}

// sqlIndex reads the indexes of a SQL store.
type sqlIndex struct{ db *sql.DB }

func (x sqlIndex) Get(ctx context.Context, index []byte, keys [][]byte, found func(i int, val []byte) error) error {
	for start := 0; start < len(keys); start += sqlIndexRows {
		batch := keys[start:min(start+sqlIndexRows, len(keys))]
		args := []any{string(index)}
		var q strings.Builder
		q.WriteString("SELECT key, val FROM itkg_index WHERE name = $1 AND key IN (")
		for i, k := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			fmt.Fprintf(&q, "$%d", i+2)
			args = append(args, k)
		}
		q.WriteString(")")
		rows, err := x.db.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return err
		}
		vals := map[string][]byte{}
		for rows.Next() {
			var k, v []byte
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return err
			}
			vals[string(k)] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// In the order asked, as the key-value stores answer.
		for i, k := range batch {
			if v, ok := vals[string(k)]; ok {
				if err := found(start+i, v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// hasIndexTable reports whether schema holds itkg_index (a store built by
// an itkg before the table has none).
func hasIndexTable(ctx context.Context, db *sql.DB, schema string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = $1 AND table_name = 'itkg_index'`, schema).Scan(&n)
	return n > 0, err
}
