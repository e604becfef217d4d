package graph

import "slices"

// Links are an entity's edges in the entity graph that path and
// neighbourhood searches walk: the other entities its facts link it to, in
// id order, and for each the ids of those facts, in id order.
type Links struct {
	Others []string
	Facts  [][]string
}

// Adjacency is the entity graph of ds, by entity: an entity-object fact
// linking two different entities is an edge between them. Negated facts
// are edges only with negated: they have no edge quad, so a store's
// indexes never list them.
func Adjacency(ds *Dataset, negated bool) map[string]Links {
	byPair := map[string]map[string][]string{}
	add := func(a, b, fact string) {
		m := byPair[a]
		if m == nil {
			m = map[string][]string{}
			byPair[a] = m
		}
		m[b] = append(m[b], fact)
	}
	for _, f := range ds.Facts {
		if !f.HasObject() || f.Object == f.Subject || (f.Negated && !negated) {
			continue
		}
		add(f.Subject, f.Object, f.ID)
		add(f.Object, f.Subject, f.ID)
	}
	out := make(map[string]Links, len(byPair))
	for e, m := range byPair {
		var l Links
		for o := range m {
			l.Others = append(l.Others, o)
		}
		slices.Sort(l.Others)
		for _, o := range l.Others {
			fs := m[o]
			slices.Sort(fs)
			l.Facts = append(l.Facts, fs)
		}
		out[e] = l
	}
	return out
}
