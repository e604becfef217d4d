package queries_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
	"github.com/itkg/itkg/storeread"
)

// battery asks the corpus many questions of every kind through answer,
// from workers goroutines, and returns each answer as JSON (or its error),
// keyed by the question; every one of them when every is 1, else every
// every-th.
func battery(t *testing.T, full *graph.Dataset, every, workers int, answer func(ctx context.Context, q func(*queries.Reader) (any, error)) (any, error)) map[string]string {
	t.Helper()
	type question struct {
		name string
		q    func(*queries.Reader) (any, error)
	}
	var todo []question
	n := 0
	ask := func(name string, q func(*queries.Reader) (any, error)) {
		if n++; n%every == 0 {
			todo = append(todo, question{name, q})
		}
	}
	filters := []queries.Filter{{}, {Theme: "iskp"}, {AsOf: graph.MustDate("2022")}, {Modalities: []string{"asserted"}},
		{Since: graph.MustDate("2021-08"), Exclude: []string{"cooperates_with"}}}
	for i, e := range full.Entities {
		// Every entity's card unfiltered; a third of them under each filter.
		for j, flt := range filters {
			if j > 0 && i%3 != j%3 {
				continue
			}
			ask(fmt.Sprintf("card %s %v", e.ID, flt.Settings()), func(r *queries.Reader) (any, error) {
				return r.Card(context.Background(), e.ID, flt)
			})
		}
		// Pages of the card, read from the facts' digests on a store with
		// the naming index.
		if i%2 == 0 {
			for j, pg := range []queries.Page{{Limit: 2}, {Offset: 3, Limit: 5}, {Offset: 1, Limit: 1000}} {
				flt := filters[(i+j)%len(filters)]
				ask(fmt.Sprintf("card page %s %v %+v", e.ID, flt.Settings(), pg), func(r *queries.Reader) (any, error) {
					return r.CardPage(context.Background(), e.ID, flt, pg)
				})
			}
		}
		for _, n := range append([]string{strings.ToUpper(e.Name), " " + e.ID}, e.Aliases...) {
			ask("resolve "+n, func(r *queries.Reader) (any, error) { return r.Resolve(context.Background(), n) })
		}
		if i%4 == 0 {
			ask("neighbors "+e.ID, func(r *queries.Reader) (any, error) {
				return r.Neighborhood(context.Background(), e.ID, queries.NeighborOptions{Depth: 1 + i%3, Filter: filters[i%len(filters)]})
			})
		}
	}
	for _, n := range []string{"qomy", "tehrn", "nobody at all", ""} {
		ask("resolve "+n, func(r *queries.Reader) (any, error) { return r.Resolve(context.Background(), n) })
	}
	// Paths between a spread of pairs, shortest and all, with and without
	// filters.
	es := full.Entities
	for i := 0; i < len(es); i += 7 {
		a, b := es[i], es[(i*31+11)%len(es)]
		opt := queries.PathOptions{All: i%2 == 0, MaxHops: 3, Filter: filters[i%len(filters)]}
		ask(fmt.Sprintf("path %s %s %+v", a.ID, b.ID, opt), func(r *queries.Reader) (any, error) {
			return r.Path(context.Background(), a.ID, b.ID, opt)
		})
	}
	var lists []queries.Filter
	for _, th := range full.Themes {
		lists = append(lists, queries.Filter{Theme: th.ID}, queries.Filter{Theme: th.ID, Until: graph.MustDate("2015")})
	}
	for _, s := range full.Sources {
		lists = append(lists, queries.Filter{Source: s.ID, Modalities: []string{"reported", "assessed"}})
	}
	lists = append(lists, queries.Filter{}, queries.Filter{Grep: "water"}, queries.Filter{Predicates: []string{"hosts", "kills"}},
		queries.Filter{ClaimedBy: "iran"}, queries.Filter{Event: "mazar-consulate-killings"}, queries.Filter{AsOf: graph.MustDate("2021-09")},
		queries.Filter{Entity: "taliban", Since: graph.MustDate("2023")})
	// Pages of entities' facts, read from the digests on a store with the
	// naming index.
	for i, e := range full.Entities {
		if i%5 != 0 {
			continue
		}
		for j, flt := range []queries.Filter{{Entity: e.ID}, {Subject: e.ID, Modalities: []string{"asserted"}}, {Object: e.ID, AsOf: graph.MustDate("2022")}} {
			pg := queries.Page{Offset: j, Limit: 3 + j}
			ask(fmt.Sprintf("fact page %v %+v", flt.Settings(), pg), func(r *queries.Reader) (any, error) {
				views, info, err := r.FactPage(context.Background(), flt, pg)
				return struct {
					Views []queries.FactView
					Info  queries.PageInfo
				}{views, info}, err
			})
		}
	}
	for _, flt := range lists {
		ask(fmt.Sprintf("facts %v", flt.Settings()), func(r *queries.Reader) (any, error) { return r.FactList(context.Background(), flt) })
		ask(fmt.Sprintf("timeline %v", flt.Settings()), func(r *queries.Reader) (any, error) { return r.Timeline(context.Background(), flt) })
	}
	out := make([]string, len(todo))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				v, err := answer(context.Background(), todo[i].q)
				if err != nil {
					out[i] = "error: " + err.Error()
					continue
				}
				var b bytes.Buffer
				queries.WriteJSON(&b, v)
				out[i] = b.String()
			}
		}()
	}
	for i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	answers := map[string]string{}
	for i, q := range todo {
		answers[q.name] = out[i]
	}
	return answers
}

// fresh answers each question with a new Reader over qs, so each reads
// only what it needs, as a command does.
func fresh(qs cgraph.QuadStore) func(context.Context, func(*queries.Reader) (any, error)) (any, error) {
	return func(ctx context.Context, q func(*queries.Reader) (any, error)) (any, error) {
		return q(queries.NewReader(qs))
	}
}

// whole answers every question with one Reader that has read the whole
// graph first: the in-memory answers the partial reads must match.
func whole(t *testing.T, qs cgraph.QuadStore) func(context.Context, func(*queries.Reader) (any, error)) (any, error) {
	r := queries.NewReader(qs)
	if _, err := r.All(context.Background()); err != nil {
		t.Fatal(err)
	}
	return func(ctx context.Context, q func(*queries.Reader) (any, error)) (any, error) { return q(r) }
}

func compare(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d answers, want %d", what, len(got), len(want))
	}
	bad := 0
	for q, w := range want {
		if g := got[q]; g != w {
			bad++
			if bad <= 3 {
				t.Errorf("%s: %s:\n got %.600s\nwant %.600s", what, q, g, w)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d answers differ", what, bad, len(want))
	}
}

// TestPartialReadsMatchWhole asks the corpus hundreds of questions through
// Readers that read only what each question needs, and through the
// in-memory source, and checks every answer against the same question
// answered by a store read whole.
func TestPartialReadsMatchWhole(t *testing.T) {
	s := fixture.Bolt(t, fixture.CorpusData())
	full, err := queries.NewReader(s.QS).All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := battery(t, full, 1, 1, whole(t, s.QS))
	got := battery(t, full, 1, 2, fresh(s.QS))
	compare(t, "partial reads on bolt", got, want)
	adj := s.Neighbours()
	if adj == nil {
		t.Fatal("a freshly built bolt store has no adjacency index")
	}
	indexed := battery(t, full, 1, 2, func(ctx context.Context, q func(*queries.Reader) (any, error)) (any, error) {
		return q(queries.FromStore(storeread.New(s.QS).WithNeighbours(adj, nil)))
	})
	compare(t, "partial reads through the adjacency index", indexed, want)
	desc := s.Descriptions()
	if desc == nil {
		t.Fatal("a freshly built bolt store has no descriptions index")
	}
	described := battery(t, full, 1, 2, func(ctx context.Context, q func(*queries.Reader) (any, error)) (any, error) {
		return q(queries.FromStore(storeread.New(s.QS).WithDescriptions(desc)))
	})
	compare(t, "partial reads through the descriptions index", described, want)
	all := battery(t, full, 1, 2, func(ctx context.Context, q func(*queries.Reader) (any, error)) (any, error) {
		return q(queries.FromStore(storeread.New(s.QS).WithIndexes(s)))
	})
	compare(t, "partial reads through every index", all, want)
	// The in-memory source, shared by four goroutines as a server shares
	// it, answers through the same code and must answer alike.
	mem := queries.InMemory(full)
	inMemory := battery(t, full, 1, 4, func(ctx context.Context, q func(*queries.Reader) (any, error)) (any, error) {
		return q(mem)
	})
	compare(t, "the dataset in memory", inMemory, want)
	errs := 0
	for _, a := range want {
		if strings.HasPrefix(a, "error: ") {
			errs++
		}
	}
	if errs > 10 || len(want) < 600 {
		t.Errorf("the battery asked %d questions, %d of them errors: too few real answers to compare", len(want), errs)
	}
}

// TestPostgresMatchesBolt builds the corpus into PostgreSQL and checks that
// every answer read from it equals the answer read from bolt.
func TestPostgresMatchesBolt(t *testing.T) {
	ctx := context.Background()
	opts := store.Options{Backend: store.Postgres, Addr: fixture.Postgres(t)}
	if _, err := store.Build(ctx, opts, fixture.CorpusData()); err != nil {
		t.Fatal(err)
	}
	pg, err := store.OpenRead(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	bolt := fixture.Bolt(t, fixture.CorpusData())
	full, err := queries.NewReader(bolt.QS).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fromPG, err := queries.NewReader(pg.QS).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	json.NewEncoder(&a).Encode(full)
	json.NewEncoder(&b).Encode(fromPG)
	if a.String() != b.String() {
		t.Errorf("the whole graph read from postgres differs from bolt's")
	}
	// A PostgreSQL round trip costs about 0.3 ms and a card or a path
	// needs hundreds: every fifth question keeps the test to seconds.
	compare(t, "postgres vs bolt", battery(t, full, 5, 8, fresh(pg.QS)), battery(t, full, 5, 2, fresh(bolt.QS)))
}
