package queries

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itkg/itkg/graph"
)

// NotFoundError says a name matched no entity, with the closest names.
type NotFoundError struct {
	Name        string
	Suggestions []string
}

func (e *NotFoundError) Error() string {
	if len(e.Suggestions) == 0 {
		return fmt.Sprintf("no entity named %q (try `itkg entities`)", Echo(e.Name))
	}
	return fmt.Sprintf("no entity named %q; did you mean %s?", Echo(e.Name), strings.Join(quoteAll(e.Suggestions), " or "))
}

// MaxName is the longest name, in characters, that is looked up: no
// entity's name comes near it, and a longer one would only cost the
// fuzzy matching of suggestions time.
const MaxName = 256

// maxEcho is how much of a user's input an error message repeats.
const maxEcho = 64

// Echo is s as an error message repeats it: at most 64 characters, the
// cut marked with "…".
func Echo(s string) string {
	n := 0
	for i := range s {
		if n == maxEcho {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// checkName refuses a name too long to be one, before any matching.
func checkName(name string) error {
	if n := utf8.RuneCountInString(name); n > MaxName {
		return &InputError{Err: fmt.Errorf("a name of %d characters, at most %d: %q", n, MaxName, Echo(name))}
	}
	return nil
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
	return fmt.Sprintf("%q names several entities: %s; use an id", Echo(e.Name), strings.Join(cs, ", "))
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// suggestions lists up to three entity ids whose id, name or alias is close
// to key or contains it; none for a key without a letter or digit (every
// name is close to "" or "-") or longer than any name.
func suggestions(entities []*graph.Entity, key string) []string {
	if !strings.ContainsFunc(key, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) ||
		utf8.RuneCountInString(key) > MaxName {
		return nil
	}
	type cand struct {
		id    string
		score int
	}
	var cs []cand
	for _, e := range entities {
		best := -1
		for _, n := range append([]string{e.ID, e.Name}, e.Aliases...) {
			n = graph.NameKey(n)
			score := -1
			if key != "" && strings.Contains(n, key) {
				score = 0
			} else if graph.Closest(key, []string{n}) != "" {
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
