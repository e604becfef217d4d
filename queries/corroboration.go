package queries

import (
	"fmt"
	"sort"
	"strings"

	"github.com/itkg/itkg/graph"
)

// SourceFacts is what one source says in support of a relation.
type SourceFacts struct {
	Source SourceRef  `json:"source"`
	Facts  []FactView `json:"facts"`
}

// Corroborated is a relation (subject, predicate, object or value) stated
// by several sources. For a symmetric predicate "A p B" and "B p A" are one
// relation, read from the entity with the smaller id.
type Corroborated struct {
	Subject   Ref           `json:"subject"`
	Predicate PredicateRef  `json:"predicate"`
	Object    *Ref          `json:"object,omitempty"`
	Value     string        `json:"value,omitempty"`
	Negated   bool          `json:"negated"`
	Stage     string        `json:"stage,omitempty"`
	Count     int           `json:"sources_count"`
	Sources   []SourceFacts `json:"sources"`
}

// Text reads the relation: "Iran —cooperates with→ Taliban".
func (c Corroborated) Text() string {
	obj := fmt.Sprintf("%q", c.Value)
	if c.Object != nil {
		obj = c.Object.Name
	}
	return fmt.Sprintf("%s —%s→ %s", c.Subject.Name, graph.RelationLabel(c.Predicate.Label, c.Negated, c.Stage), obj)
}

// Corroboration lists the relations that at least minSources distinct
// sources state among the facts passing flt, most sources first. Values
// match ignoring case and surrounding space.
func Corroboration(ds *graph.Dataset, flt Filter, minSources int) []Corroborated {
	if minSources < 1 {
		minSources = 1
	}
	type group struct {
		c     Corroborated
		facts map[string][]*graph.Fact // by source
	}
	groups := map[string]*group{}
	var keys []string
	for _, f := range Facts(ds, flt) {
		subj, obj := f.Subject, f.Object
		p := ds.Predicate(f.Predicate)
		if p != nil && p.Symmetric && obj != "" && obj < subj {
			subj, obj = obj, subj
		}
		val := strings.ToLower(strings.TrimSpace(f.Value))
		// A negated fact or an act at another stage is another relation: it
		// never corroborates the plain one.
		key := strings.Join([]string{subj, f.Predicate, obj, val, fmt.Sprint(f.Negated), f.Stage}, "\x00")
		g := groups[key]
		if g == nil {
			v := ViewFact(ds, f)
			g = &group{c: Corroborated{Subject: EntityRef(ds, subj), Predicate: v.Predicate, Value: f.Value,
				Negated: f.Negated, Stage: f.Stage},
				facts: map[string][]*graph.Fact{}}
			if obj != "" {
				r := EntityRef(ds, obj)
				g.c.Object = &r
			}
			groups[key] = g
			keys = append(keys, key)
		}
		g.facts[f.Source] = append(g.facts[f.Source], f)
	}
	var out []Corroborated
	for _, k := range keys {
		g := groups[k]
		if len(g.facts) < minSources {
			continue
		}
		var srcs []string
		for s := range g.facts {
			srcs = append(srcs, s)
		}
		sort.Strings(srcs)
		for _, s := range srcs {
			g.c.Sources = append(g.c.Sources, SourceFacts{Source: SourceView(ds, s), Facts: ViewFacts(ds, g.facts[s])})
		}
		g.c.Count = len(srcs)
		out = append(out, g.c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Text() < b.Text()
	})
	if out == nil {
		out = []Corroborated{}
	}
	return out
}
