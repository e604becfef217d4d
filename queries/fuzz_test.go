package queries_test

import (
	"context"
	"strings"
	"testing"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
)

// FuzzResolve asks for any name, in memory and through a store's indexes:
// no panic, both answer alike, and an entity found really has that id,
// name or alias (ignoring case).
func FuzzResolve(f *testing.F) {
	s := fixture.Bolt(f, fixture.FixtureData())
	ds, err := queries.NewReader(s.QS).All(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	mem := queries.InMemory(ds)
	for _, n := range []string{"upland", "UPLAND", " Low Country ", "gb", "uplnd", "", "jo \"the engineer\" smith <& co>", "north", "attacks", "fact:alpha-2022-001", "\x00", "Ü"} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, name string) {
		e, err := mem.Resolve(context.Background(), name)
		se, serr := queries.NewReader(s.QS).Resolve(context.Background(), name)
		if (err == nil) != (serr == nil) || (err != nil && err.Error() != serr.Error()) {
			t.Fatalf("Resolve(%q): in memory %v, %v; from the store %v, %v", name, e, err, se, serr)
		}
		if err != nil {
			return
		}
		if e.ID != se.ID {
			t.Fatalf("Resolve(%q): %s in memory, %s from the store", name, e.ID, se.ID)
		}
		key := graph.NameKey(name)
		ok := key == e.ID || key == graph.NameKey(e.Name)
		for _, a := range e.Aliases {
			ok = ok || key == graph.NameKey(a)
		}
		if !ok {
			t.Fatalf("Resolve(%q) = %s, whose id, name and aliases %q do not match", name, e.ID, append([]string{e.Name}, e.Aliases...))
		}
		if strings.TrimSpace(name) == "" {
			t.Fatalf("a blank name resolved to %s", e.ID)
		}
	})
}
