package queries

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/itkg/itkg/graph"
)

// Kinds of conflict, in the order Conflicts lists them.
const (
	// ConflictEventDate: facts sharing an event key, from different
	// sources, with the same subject and predicate, whose dates do not
	// overlap: the sources put the event at different times.
	ConflictEventDate = "event-date"
	// ConflictEventAmount: facts sharing an event key, from different
	// sources, with the same subject, predicate and unit but different
	// amounts.
	ConflictEventAmount = "event-amount"
	// ConflictAmount: the same subject, predicate and object (or value)
	// with the same unit, from different sources, with different amounts
	// for periods that overlap or are not given.
	ConflictAmount = "amount"
	// ConflictContradiction: facts from different sources about the same
	// pair of entities with predicates declared to contradict each other
	// (`contradicts` in predicates.yaml), for periods that overlap or are
	// not given. A symmetric predicate matches the pair in either order.
	ConflictContradiction = "contradiction"
	// ConflictNegation: a negated fact against a positive one with the same
	// subject, predicate and object (or value) from another source, for
	// periods that overlap: one source says it did not happen, another that
	// it did.
	ConflictNegation = "negation"
)

var conflictOrder = map[string]int{ConflictEventDate: 0, ConflictEventAmount: 1, ConflictAmount: 2, ConflictContradiction: 3, ConflictNegation: 4}

// ConflictKinds lists the kinds of conflict.
var ConflictKinds = []string{ConflictEventDate, ConflictEventAmount, ConflictAmount, ConflictContradiction, ConflictNegation}

// ConflictSide is one source's side of a disagreement.
type ConflictSide struct {
	Source SourceRef  `json:"source"`
	Says   string     `json:"says"` // the dates, amounts or relation this side gives
	Facts  []FactView `json:"facts"`
}

// Conflict is a disagreement between two sources, declared by the data
// (a shared event key, a shared relation and unit, or predicates declared
// contradictory), never guessed from wording.
type Conflict struct {
	Kind  string         `json:"kind"`
	About string         `json:"about"` // the event, or the relation in dispute
	Sides []ConflictSide `json:"sides"` // two sides, by source id
}

// Conflicts finds the disagreements between sources among the facts
// passing flt.
func Conflicts(ds *graph.Dataset, flt Filter) []Conflict {
	fs := Facts(ds, flt)
	type group struct {
		c     Conflict
		facts [2][]*graph.Fact
	}
	groups := map[string]*group{}
	var keys []string
	add := func(kind, key, about string, a, b *graph.Fact) {
		k := kind + "\x00" + key + "\x00" + a.Source + "\x00" + b.Source
		g := groups[k]
		if g == nil {
			g = &group{c: Conflict{Kind: kind, About: about}}
			groups[k] = g
			keys = append(keys, k)
		}
		for i, f := range []*graph.Fact{a, b} {
			if !containsFact(g.facts[i], f) {
				g.facts[i] = append(g.facts[i], f)
			}
		}
	}
	// Pairs are oriented by source id so that each pair of sources gives
	// one conflict per subject of dispute.
	orient := func(a, b *graph.Fact) (*graph.Fact, *graph.Fact) {
		if b.Source < a.Source {
			return b, a
		}
		return a, b
	}

	// (a) Facts describing one event.
	byEvent := map[string][]*graph.Fact{}
	for _, f := range fs {
		if f.Event != "" {
			byEvent[f.Event] = append(byEvent[f.Event], f)
		}
	}
	for ev, efs := range byEvent {
		eachPair(efs, func(a, b *graph.Fact) {
			if a.Source == b.Source || a.Subject != b.Subject || a.Predicate != b.Predicate {
				return
			}
			a, b = orient(a, b)
			if datedApart(ds, a, b, false) {
				add(ConflictEventDate, ev, ev, a, b)
			}
			if amountsDiffer(a, b) {
				add(ConflictEventAmount, ev+"\x00"+a.Subject+"\x00"+a.Predicate+"\x00"+a.Unit,
					fmt.Sprintf("%s: %s %s (%s)", ev, EntityRef(ds, a.Subject).Name, predicateLabel(ds, a.Predicate), a.Unit), a, b)
			}
		})
	}

	// (b) One relation, one unit, different amounts.
	byRelation := map[string][]*graph.Fact{}
	for _, f := range fs {
		// A negated amount, or one of an act not carried out (a contract
		// signed), is no rival to an amount that was.
		if f.Amount != nil && !f.Negated {
			k := strings.Join([]string{f.Subject, f.Predicate, f.Object, strings.ToLower(strings.TrimSpace(f.Value)), f.Unit, f.Stage}, "\x00")
			byRelation[k] = append(byRelation[k], f)
		}
	}
	for k, rfs := range byRelation {
		eachPair(rfs, func(a, b *graph.Fact) {
			if a.Source == b.Source || (a.Event != "" && a.Event == b.Event) || !amountsDiffer(a, b) || datedApart(ds, a, b, true) {
				return
			}
			a, b = orient(a, b)
			v := ViewFact(ds, a)
			about := fmt.Sprintf("%s —%s→ %s [%s]", v.Subject.Name, v.Relation(), objectName(v), a.Unit)
			add(ConflictAmount, k, about, a, b)
		})
	}

	// (c) Predicates declared contradictory, between the same pair.
	contra := map[string]map[string]bool{}
	for _, p := range ds.Predicates {
		for _, q := range p.Contradicts {
			for _, pq := range [][2]string{{p.ID, q}, {q, p.ID}} {
				if contra[pq[0]] == nil {
					contra[pq[0]] = map[string]bool{}
				}
				contra[pq[0]][pq[1]] = true
			}
		}
	}
	byPair := map[pairKey][]*graph.Fact{}
	for _, f := range fs {
		if f.HasObject() && contra[f.Predicate] != nil && !f.Negated {
			k := pairOf(f.Subject, f.Object)
			byPair[k] = append(byPair[k], f)
		}
	}
	symmetric := func(id string) bool { p := ds.Predicate(id); return p != nil && p.Symmetric }
	for pk, pfs := range byPair {
		eachPair(pfs, func(a, b *graph.Fact) {
			if a.Source == b.Source || !contra[a.Predicate][b.Predicate] {
				return
			}
			same := a.Subject == b.Subject && a.Object == b.Object
			reversed := a.Subject == b.Object && a.Object == b.Subject &&
				(symmetric(a.Predicate) || symmetric(b.Predicate))
			if (!same && !reversed) || datedApart(ds, a, b, true) {
				return
			}
			if b.Predicate < a.Predicate {
				a, b = b, a
			}
			about := fmt.Sprintf("%s / %s: %s and %s", predicateLabel(ds, a.Predicate), predicateLabel(ds, b.Predicate),
				EntityRef(ds, pk.a).Name, EntityRef(ds, pk.b).Name)
			add(ConflictContradiction, a.Predicate+"\x00"+b.Predicate+"\x00"+pk.a+"\x00"+pk.b, about, a, b)
		})
	}

	// (d) One source says it happened, another that it did not.
	byClaim := map[string][]*graph.Fact{}
	for _, f := range fs {
		k := strings.Join([]string{f.Subject, f.Predicate, f.Object, strings.ToLower(strings.TrimSpace(f.Value))}, "\x00")
		byClaim[k] = append(byClaim[k], f)
	}
	for k, cfs := range byClaim {
		eachPair(cfs, func(a, b *graph.Fact) {
			if a.Source == b.Source || a.Negated == b.Negated || datedApart(ds, a, b, true) {
				return
			}
			if a.Negated { // the positive side first
				a, b = b, a
			}
			v := ViewFact(ds, a)
			about := fmt.Sprintf("%s —%s→ %s", v.Subject.Name, v.Predicate.Label, objectName(v))
			add(ConflictNegation, k, about, a, b)
		})
	}

	out := make([]Conflict, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		for i := range g.facts {
			SortFacts(g.facts[i])
			g.c.Sides = append(g.c.Sides, ConflictSide{
				Source: SourceView(ds, g.facts[i][0].Source),
				Says:   says(ds, g.c.Kind, g.facts[i]),
				Facts:  ViewFacts(ds, g.facts[i]),
			})
		}
		out = append(out, g.c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind != b.Kind {
			return conflictOrder[a.Kind] < conflictOrder[b.Kind]
		}
		if a.About != b.About {
			return a.About < b.About
		}
		if a.Sides[0].Source.ID != b.Sides[0].Source.ID {
			return a.Sides[0].Source.ID < b.Sides[0].Source.ID
		}
		return a.Sides[1].Source.ID < b.Sides[1].Source.ID
	})
	return out
}

// says is a side's claim in short: its dates, amounts or relations.
func says(ds *graph.Dataset, kind string, fs []*graph.Fact) string {
	var parts []string
	for _, f := range fs {
		v := ViewFact(ds, f)
		var s string
		switch kind {
		case ConflictEventDate:
			s = v.When()
		case ConflictEventAmount, ConflictAmount:
			s = graph.FormatAmount(*f.Amount) + " " + f.Unit
		default:
			s = fmt.Sprintf("%s —%s→ %s (%s)", v.Subject.Name, v.Relation(), objectName(v), v.When())
		}
		if !contains(parts, s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "; ")
}

func objectName(v FactView) string {
	if v.Object != nil {
		return v.Object.Name
	}
	return fmt.Sprintf("%q", v.Value)
}

func predicateLabel(ds *graph.Dataset, id string) string {
	if p := ds.Predicate(id); p != nil {
		return p.Label
	}
	return id
}

func containsFact(fs []*graph.Fact, f *graph.Fact) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// eachPair calls fn for every unordered pair of distinct facts.
func eachPair(fs []*graph.Fact, fn func(a, b *graph.Fact)) {
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			fn(fs[i], fs[j])
		}
	}
}

func amountsDiffer(a, b *graph.Fact) bool {
	return a.Amount != nil && b.Amount != nil && a.Unit != "" && a.Unit == b.Unit &&
		math.Abs(*a.Amount-*b.Amount) > 1e-9*math.Max(math.Abs(*a.Amount), math.Abs(*b.Amount))
}

// datedApart reports whether both facts are dated and their periods share
// no day. A fact with only a start runs on; one with only an end ran from
// an unknown time. With asOf, an undated fact describes the state when its
// source was published, and is dated so (an undated fact would otherwise
// overlap every period, and 1990s hostility contradict undated cooperation).
func datedApart(ds *graph.Dataset, a, b *graph.Fact, asOf bool) bool {
	alo, ahi, aok := span(ds, a, asOf)
	blo, bhi, bok := span(ds, b, asOf)
	if !aok || !bok {
		return false
	}
	return ahi.Before(blo) || bhi.Before(alo)
}

var (
	beginning = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	ending    = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

func span(ds *graph.Dataset, f *graph.Fact, asOf bool) (lo, hi time.Time, ok bool) {
	switch {
	case !f.Date.IsZero():
		lo, hi = f.Date.First(), f.Date.Last()
		if !f.End.IsZero() && f.End.Last().After(hi) {
			hi = f.End.Last()
		}
		return lo, hi, true
	case !f.Start.IsZero() && !f.End.IsZero():
		return f.Start.First(), f.End.Last(), true
	case !f.Start.IsZero():
		return f.Start.First(), ending, true
	case !f.End.IsZero():
		return beginning, f.End.Last(), true
	}
	if s := ds.Source(f.Source); asOf && s != nil && !s.Published.IsZero() {
		return s.Published.First(), s.Published.Last(), true
	}
	return lo, hi, false
}

// ConflictsOfKind keeps the conflicts of the given kinds; no kinds keeps
// them all.
func ConflictsOfKind(cs []Conflict, kinds ...string) []Conflict {
	if len(kinds) == 0 {
		return cs
	}
	out := []Conflict{}
	for _, c := range cs {
		if contains(kinds, c.Kind) {
			out = append(out, c)
		}
	}
	return out
}
