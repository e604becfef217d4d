package queries

import (
	"fmt"
	"sort"
	"strings"

	"github.com/itkg/itkg/graph"
)

// EntityView is an entity as commands print it.
type EntityView struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Aliases     []string `json:"aliases"`
	Description string   `json:"description"`
	Cluster     string   `json:"cluster,omitempty"`
	Facts       int      `json:"facts"`
}

// Relation groups the facts that state one relation of an entity: the same
// predicate, direction and counterpart. Sources counts the distinct sources
// stating it: corroboration.
type Relation struct {
	Direction string     `json:"direction"` // "out" (entity is subject) or "in"
	Predicate string     `json:"predicate"`
	Label     string     `json:"label"` // read from the entity's side, with negation and stage
	Negated   bool       `json:"negated"`
	Stage     string     `json:"stage,omitempty"`
	Other     *Ref       `json:"other,omitempty"`
	Value     string     `json:"value,omitempty"`
	Sources   []string   `json:"sources"`
	Facts     []FactView `json:"facts"`
	// Total is the number of the relation's facts when a page of the card
	// lists only some of them; 0 when Facts lists them all.
	Total int `json:"total_facts,omitempty"`

	facts []*graph.Fact // while the card is built
}

// Count is the number of facts stating the relation.
func (r Relation) Count() int { return max(r.Total, len(r.Facts)) }

// Card is everything the graph says about one entity.
type Card struct {
	Entity    EntityView `json:"entity"`
	Themes    []string   `json:"themes"`
	First     string     `json:"first_dated,omitempty"`
	Last      string     `json:"last_dated,omitempty"`
	Relations []Relation `json:"relations"`
	Claims    []FactView `json:"claims"` // facts the entity is said to claim
	// Page says which of the card's facts (its relations' in order, then
	// its claims) this card lists, when it lists a page of them.
	Page *PageInfo `json:"page,omitempty"`
}

// Page is a window on a long answer: Limit items from Offset (counted
// from 0); a zero Limit means every item from Offset on.
type Page struct{ Offset, Limit int }

// IsZero reports whether p asks for the whole answer.
func (p Page) IsZero() bool { return p.Offset == 0 && p.Limit == 0 }

// window is the part [lo, hi) of n items that p asks for.
func (p Page) window(n int) (lo, hi int) {
	lo = min(max(p.Offset, 0), n)
	hi = n
	if p.Limit > 0 {
		hi = min(lo+p.Limit, n)
	}
	return lo, hi
}

// PageInfo says which part of a long answer was given: the items from
// Offset, at most Limit of them (0: no limit), of Total.
type PageInfo struct {
	Offset int `json:"offset"`
	Limit  int `json:"limit,omitempty"`
	Total  int `json:"total"`
}

// Entities lists entities, of one type when typ is set, with their fact
// counts.
func Entities(ds *graph.Dataset, typ string) []EntityView {
	counts := map[string]int{}
	for _, f := range ds.Facts {
		counts[f.Subject]++
		if f.Object != "" && f.Object != f.Subject {
			counts[f.Object]++
		}
	}
	var out []EntityView
	for _, e := range ds.Entities {
		if typ != "" && e.Type != typ {
			continue
		}
		v := viewEntity(e)
		v.Facts = counts[e.ID]
		out = append(out, v)
	}
	return out
}

func viewEntity(e *graph.Entity) EntityView {
	aliases := e.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	return EntityView{ID: e.ID, Name: e.Name, Type: e.Type, Aliases: aliases, Description: e.Description, Cluster: e.Cluster}
}

// CardOf builds the card of entity e from the facts passing flt, listing
// the facts page asks for (a zero Page: all of them). Only the listed
// facts are turned into views, so a page of a hub's card stays small.
func CardOf(ds *graph.Dataset, e *graph.Entity, flt Filter, page Page) Card {
	c, claims := groupCard(ds, e, flt)
	return pageCard(c, claims, page, func(f *graph.Fact) FactView { return ViewFact(ds, f) })
}

// groupCard builds the card of entity e from the facts of ds passing flt,
// its relations holding their facts (Relation.facts) but no views yet;
// claims are the facts e is said to claim.
func groupCard(ds *graph.Dataset, e *graph.Entity, flt Filter) (c Card, claims []*graph.Fact) {
	c = Card{Entity: viewEntity(e), Themes: []string{}, Relations: []Relation{}, Claims: []FactView{}}
	themes := map[string]bool{}
	groups := map[string]*Relation{}
	var order []string
	var first, last graph.Date
	for _, f := range Facts(ds, flt) {
		if f.ClaimedBy == e.ID {
			claims = append(claims, f)
		}
		if f.Subject != e.ID && f.Object != e.ID {
			continue
		}
		c.Entity.Facts++
		for _, t := range f.Themes {
			themes[t] = true
		}
		if w := f.When(); !w.IsZero() {
			if first.IsZero() || w.Compare(first) < 0 {
				first = w
			}
			if u := f.Until(); last.IsZero() || u.Compare(last) > 0 {
				last = u
			}
		}
		p := ds.Predicate(f.Predicate)
		dir, label, other := "out", f.Predicate, f.Object
		if p != nil {
			label = p.Label
		}
		if f.Subject != e.ID {
			dir, other = "in", f.Subject
			if p != nil {
				label = p.Inverse
			}
		}
		label = graph.RelationLabel(label, f.Negated, f.Stage)
		key := strings.Join([]string{dir, f.Predicate, other, f.Value, fmt.Sprint(f.Negated), f.Stage}, "\x00")
		g := groups[key]
		if g == nil {
			g = &Relation{Direction: dir, Predicate: f.Predicate, Label: label, Negated: f.Negated, Stage: f.Stage,
				Value: f.Value, Sources: []string{}}
			if other != "" {
				r := EntityRef(ds, other)
				g.Other = &r
			}
			groups[key] = g
			order = append(order, key)
		}
		g.facts = append(g.facts, f)
		if !contains(g.Sources, f.Source) {
			g.Sources = append(g.Sources, f.Source)
		}
	}
	for _, k := range order {
		sort.Strings(groups[k].Sources)
		c.Relations = append(c.Relations, *groups[k])
	}
	// Most corroborated first, then by predicate and counterpart.
	sort.SliceStable(c.Relations, func(i, j int) bool {
		a, b := c.Relations[i], c.Relations[j]
		if len(a.Sources) != len(b.Sources) {
			return len(a.Sources) > len(b.Sources)
		}
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		return a.OtherText() < b.OtherText()
	})
	for t := range themes {
		c.Themes = append(c.Themes, t)
	}
	sort.Strings(c.Themes)
	c.First, c.Last = first.String(), last.String()
	return c, claims
}

// pageCard lists the facts page asks for of a card from groupCard, each
// turned into a view by view: a window over the relations' facts in card
// order, then the claims; relations with no fact in it are left out.
func pageCard(c Card, claims []*graph.Fact, page Page, view func(*graph.Fact) FactView) Card {
	total := len(claims)
	for _, r := range c.Relations {
		total += len(r.facts)
	}
	lo, hi := page.window(total)
	at := 0
	take := func(fs []*graph.Fact) []FactView {
		out := []FactView{}
		for _, f := range fs {
			if at >= lo && at < hi {
				out = append(out, view(f))
			}
			at++
		}
		return out
	}
	rels := make([]Relation, 0, len(c.Relations))
	for _, r := range c.Relations {
		r.Facts = take(r.facts)
		if !page.IsZero() && len(r.Facts) < len(r.facts) {
			r.Total = len(r.facts)
		}
		r.facts = nil
		if len(r.Facts) > 0 || page.IsZero() {
			rels = append(rels, r)
		}
	}
	c.Relations = rels
	c.Claims = take(claims)
	if !page.IsZero() {
		c.Page = &PageInfo{Offset: lo, Limit: page.Limit, Total: total}
	}
	return c
}

// OtherText names what the relation points at: the other entity, or the
// literal value.
func (r Relation) OtherText() string {
	if r.Other != nil {
		return r.Other.Name
	}
	return r.Value
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// String says which part of an answer a page holds: "facts 101–200 of
// 4482".
func (p PageInfo) String() string {
	lo, hi := p.Offset+1, p.Total
	if p.Limit > 0 {
		hi = min(p.Offset+p.Limit, p.Total)
	}
	if lo > hi {
		return fmt.Sprintf("no facts past %d (of %d)", p.Offset, p.Total)
	}
	return fmt.Sprintf("facts %d–%d of %d", lo, hi, p.Total)
}
