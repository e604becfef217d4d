package queries

import (
	"fmt"
	"sort"
	"strings"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/loaders"
)

// NotFoundError says a name matched no entity, with the closest names.
type NotFoundError struct {
	Name        string
	Suggestions []string
}

func (e *NotFoundError) Error() string {
	if len(e.Suggestions) == 0 {
		return fmt.Sprintf("no entity named %q (try `itkg entities`)", e.Name)
	}
	return fmt.Sprintf("no entity named %q; did you mean %s?", e.Name, strings.Join(quoteAll(e.Suggestions), " or "))
}

// AmbiguousError says a name matched several entities.
type AmbiguousError struct {
	Name       string
	Candidates []*graph.Entity
}

func (e *AmbiguousError) Error() string {
	var cs []string
	for _, c := range e.Candidates {
		cs = append(cs, fmt.Sprintf("%s (%s, %s)", c.ID, c.Name, c.Type))
	}
	return fmt.Sprintf("%q names several entities: %s; use an id", e.Name, strings.Join(cs, ", "))
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// Resolve finds the entity a user means by name: its id, name or one of its
// aliases, ignoring case.
func Resolve(ds *graph.Dataset, name string) (*graph.Entity, error) {
	key := graph.NameKey(name)
	if e := ds.Entity(key); e != nil {
		return e, nil
	}
	var found []*graph.Entity
	for _, e := range ds.Entities {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if graph.NameKey(n) == key {
				found = append(found, e)
				break
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, &NotFoundError{Name: name, Suggestions: suggestions(ds, key)}
	}
	return nil, &AmbiguousError{Name: name, Candidates: found}
}

// suggestions lists up to three entity ids whose id, name or alias is close
// to key or contains it.
func suggestions(ds *graph.Dataset, key string) []string {
	type cand struct {
		id    string
		score int
	}
	var cs []cand
	for _, e := range ds.Entities {
		best := -1
		for _, n := range append([]string{e.ID, e.Name}, e.Aliases...) {
			n = graph.NameKey(n)
			score := -1
			if key != "" && strings.Contains(n, key) {
				score = 0
			} else if loaders.Suggest(key, []string{n}) != "" {
				score = 1
			}
			if score >= 0 && (best < 0 || score < best) {
				best = score
			}
		}
		if best >= 0 {
			cs = append(cs, cand{e.ID, best})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].score != cs[j].score {
			return cs[i].score < cs[j].score
		}
		return cs[i].id < cs[j].id
	})
	var out []string
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].id)
	}
	return out
}
