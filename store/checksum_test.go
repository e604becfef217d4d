package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
	"github.com/itkg/itkg/storeread"
)

// TestChecksumsOnRead changes one digit of a quote everywhere the store
// holds it (Cayley's record of the value and itkg's descriptions index),
// with the store marked as verified as it is now (as after a disk's bit
// rot, which changes no file time), and reads it every way a command
// does: each read fails with the store's DamagedError, none shows the
// altered quote, none crashes (Gizmo runs in a goroutine of Cayley's).
func TestChecksumsOnRead(t *testing.T) {
	ctx := context.Background()
	opts := store.Options{Addr: filepath.Join(t.TempDir(), "graph.bolt")}
	if _, err := store.Build(ctx, opts, fixture.FixtureData()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(opts.Addr)
	if err != nil {
		t.Fatal(err)
	}
	quote := []byte("receives only 4 percent")
	n := bytes.Count(b, quote)
	if n < 2 {
		t.Fatalf("the quote is in the store %d times", n)
	}
	b = bytes.ReplaceAll(b, quote, []byte("receives only 5 percent"))
	if err := os.WriteFile(opts.Addr, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// Bit rot changes no file time: the file looks as old as it was when
	// it was last verified, well before the note.
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(opts.Addr, past, past); err != nil {
		t.Fatal(err)
	}
	store.RememberVerified(opts.Addr)
	reads := map[string]func(s *store.Store) (string, error){
		"card": func(s *store.Store) (string, error) {
			c, err := queries.FromStore(storeread.New(s.QS).WithIndexes(s)).Card(ctx, "lowland", queries.Filter{})
			return fmt.Sprint(c), err
		},
		"all": func(s *store.Store) (string, error) {
			ds, err := queries.FromStore(storeread.New(s.QS).WithIndexes(s)).All(ctx)
			return fmt.Sprint(ds), err
		},
		"gizmo": func(s *store.Store) (string, error) {
			r, err := queries.GizmoResults(ctx, s.QS, `g.V().Out("<itkg:quote>").All()`, 100)
			return fmt.Sprint(r), err
		},
	}
	for name, read := range reads {
		t.Run(name, func(t *testing.T) {
			s, err := store.OpenRead(ctx, opts)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			out, err := recovered(func() (string, error) { return read(s) })
			var damaged *store.DamagedError
			if !errors.As(err, &damaged) || !strings.Contains(err.Error(), "is damaged") {
				t.Errorf("read: %v, want the store's DamagedError", err)
			}
			if strings.Contains(out, "5 percent") {
				t.Errorf("the altered quote was read as data")
			}
		})
	}
}

// recovered runs read, turning a panic carrying the store's damage into
// its error, as the command line and the server do.
func recovered(read func() (string, error)) (out string, err error) {
	defer func() {
		if p := recover(); p != nil {
			if d := store.Recovered(p); d != nil {
				err = d
				return
			}
			panic(p)
		}
	}()
	return read()
}
