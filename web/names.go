package web

import (
	"sort"
	"strings"

	"github.com/itkg/itkg/graph"
)

// nameIndex finds entities by the start of their name, an alias, their id
// or any word of those, for the search box's suggestions.
type nameIndex struct {
	keys []nameKey // sorted by key
	byID map[string]*graph.Entity
}

type nameKey struct {
	key  string // lower case
	rank int    // 0 name, 1 alias, 2 id, 3 a word of a name or alias
	e    *graph.Entity
}

// Match is one suggestion.
type Match struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Matched is the name, alias or id the query matched, when it is not
	// the entity's name.
	Matched string `json:"matched,omitempty"`
}

func newNameIndex(entities []*graph.Entity) *nameIndex {
	var keys []nameKey
	byID := make(map[string]*graph.Entity, len(entities))
	for _, e := range entities {
		byID[e.ID] = e
		add := func(s string, rank int) {
			if k := graph.NameKey(s); k != "" {
				keys = append(keys, nameKey{k, rank, e})
			}
		}
		add(e.Name, 0)
		for _, a := range e.Aliases {
			add(a, 1)
		}
		add(e.ID, 2)
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			for _, w := range strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '-' || r == '(' || r == ')' }) {
				if len([]rune(w)) >= 3 {
					add(w, 3)
				}
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].key < keys[j].key })
	return &nameIndex{keys: keys, byID: byID}
}

// labels names the entities among ids: id → Match, unknown ids left out.
func (x *nameIndex) labels(ids []string) map[string]Match {
	out := map[string]Match{}
	for _, id := range ids {
		if e := x.byID[id]; e != nil {
			out[id] = Match{ID: e.ID, Name: e.Name, Type: e.Type}
		}
	}
	return out
}

// search returns up to limit entities whose name, alias, id or a word of
// them starts with q, ignoring case: names before aliases before ids
// before words, then by name.
func (x *nameIndex) search(q string, limit int) []Match {
	q = graph.NameKey(q)
	if q == "" || limit <= 0 {
		return []Match{}
	}
	i := sort.Search(len(x.keys), func(i int) bool { return x.keys[i].key >= q })
	best := map[string]nameKey{}
	for ; i < len(x.keys) && strings.HasPrefix(x.keys[i].key, q); i++ {
		k := x.keys[i]
		if b, ok := best[k.e.ID]; !ok || k.rank < b.rank {
			best[k.e.ID] = k
		}
	}
	found := make([]nameKey, 0, len(best))
	for _, k := range best {
		found = append(found, k)
	}
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.e.Name != b.e.Name {
			return a.e.Name < b.e.Name
		}
		return a.e.ID < b.e.ID
	})
	out := []Match{}
	for _, k := range found[:min(limit, len(found))] {
		m := Match{ID: k.e.ID, Name: k.e.Name, Type: k.e.Type}
		if k.rank > 0 {
			m.Matched = matchedText(k)
		}
		out = append(out, m)
	}
	return out
}

// matchedText is the alias or id a key came from, as written.
func matchedText(k nameKey) string {
	for _, a := range k.e.Aliases {
		if strings.HasPrefix(graph.NameKey(a), k.key) || strings.Contains(graph.NameKey(a), k.key) {
			return a
		}
	}
	if k.rank == 2 {
		return k.e.ID
	}
	return ""
}
