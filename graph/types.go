package graph

import (
	"slices"
	"sort"
	"strings"
)

// Pos is where an item was written in the curated data, for error messages.
type Pos struct {
	File string
	Line int
}

// Source is one article the facts are taken from.
type Source struct {
	ID           string
	Title        string
	TitlePrinted bool // false when Title describes an article that prints none
	Authors      []string
	Publisher    string
	Published    Date
	Approximate  bool   // Published is inferred from the text, not printed in it
	Window       string // how an approximate Published was inferred
	File         string // name of the article's text in the sources folder
	Pos          Pos
}

// EntityTypes is the closed list of entity types.
var EntityTypes = []string{
	"country", "government", "state-body", "armed-group", "political-group",
	"organization", "person", "place", "waterway", "infrastructure",
	"agreement", "event", "ethnic-or-religious-group", "population", "media",
	"publication", "practice",
}

// Entity is an actor, place, thing or event that facts connect.
type Entity struct {
	ID          string
	Name        string
	Type        string
	Aliases     []string
	Description string
	Cluster     string // optional cluster id, drawn as a box on maps
	Pos         Pos
}

// Polarities are the values a predicate's Polarity may take.
var Polarities = []string{"cooperative", "hostile", "neutral"}

// Predicate is a relation in the controlled vocabulary.
type Predicate struct {
	ID          string
	Label       string
	Inverse     string
	Polarity    string
	Symmetric   bool
	Contradicts []string
	Description string
	// Weight places the predicate on the barometer's scale of cooperation
	// (+10) against conflict (−10): positive for a cooperative predicate,
	// negative for a hostile one, 0 for a neutral one (docs/schema.md).
	Weight       float64
	WeightReason string // why the weight is what it is
	Pos          Pos
}

// MaxWeight bounds a predicate's Weight: the scale runs from −MaxWeight
// (the most hostile act) to +MaxWeight (the closest cooperation).
const MaxWeight = 10

// Mark is a key event the barometer's charts annotate (data/marks.yaml),
// with the fact that is its evidence.
type Mark struct {
	Date  Date
	Label string
	Fact  string // fact id
	Pos   Pos
}

// Theme groups facts for maps and filters.
type Theme struct {
	ID          string
	Title       string
	Description string
	Pos         Pos
}

// Cluster groups entities that maps draw together.
type Cluster struct {
	ID          string
	Title       string
	Description string
	Pos         Pos
}

// Modalities say how a source puts a fact: in its own voice (asserted), as
// somebody else's claim (reported), as its own analysis (assessed), or as a
// possibility or forecast (speculative).
var Modalities = []string{"asserted", "reported", "assessed", "speculative"}

// Stages say how far an act had gone when its source reported it: planned
// (intended or announced), pledged (promised), agreed (agreed in principle),
// signed (a contract or agreement signed, not yet carried out) or under_way
// (begun, not finished). A fact without a stage states an act that took
// place, or a state that held. See docs/schema.md.
var Stages = []string{"planned", "pledged", "agreed", "signed", "under_way"}

// Fact is one statement from one source: subject, predicate and either an
// object entity or a literal value, with its evidence.
type Fact struct {
	ID        string
	Source    string // source id
	Subject   string // entity id
	Predicate string // predicate id
	Object    string // entity id; empty when Value is set
	Value     string // literal; empty when Object is set
	Amount    *float64
	Unit      string
	Date      Date
	Start     Date
	End       Date
	// Approximate marks a date resolved from relative wording or inferred.
	Approximate bool
	Themes      []string
	Quote       string
	Modality    string
	ClaimedBy   string // entity id of whoever the source says makes the claim
	Event       string // shared key of facts describing one event
	// Negated marks a statement that something did not happen or does not
	// hold ("Iran has not voiced such criticism").
	Negated bool
	Stage   string // one of Stages, or empty for a completed act or a state
	Note    string
	// Links are the facts this one answers, denies, supersedes or
	// corroborates, and those that do so to it (data/links.yaml).
	Links []FactLink
	Pos   Pos
}

// LinkRelations are the ways a claim relates to another: it responds to
// it, denies it, supersedes it (a later statement by the same actor) or
// corroborates it.
var LinkRelations = []string{"responds_to", "denies", "supersedes", "corroborates"}

// FactLink is one link between two facts, seen from one of them.
type FactLink struct {
	Relation string // one of LinkRelations, read from the linking fact
	Fact     string // the other fact's id
	Incoming bool   // the other fact is the one that responds, denies, ...
}

// SortLinks puts links in the order every output lists them: the fact's
// own links first, then those to it, each by relation and fact id.
func SortLinks(ls []FactLink) {
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := ls[i], ls[j]
		if a.Incoming != b.Incoming {
			return !a.Incoming
		}
		if a.Relation != b.Relation {
			return a.Relation < b.Relation
		}
		return a.Fact < b.Fact
	})
}

// LinkLabel reads a link from the side of the fact holding it: "responds
// to", or for an incoming link "responded to by".
func LinkLabel(l FactLink) string {
	out := map[string]string{"responds_to": "responds to", "denies": "denies", "supersedes": "supersedes", "corroborates": "corroborates"}
	in := map[string]string{"responds_to": "responded to by", "denies": "denied by", "supersedes": "superseded by", "corroborates": "corroborated by"}
	if l.Incoming {
		return in[l.Relation]
	}
	return out[l.Relation]
}

// RelationLabel is how every output reads a fact's predicate label: a
// negated fact reads "NOT label", and an act not carried out names its
// stage, "label [signed]".
func RelationLabel(label string, negated bool, stage string) string {
	if negated {
		label = "NOT " + label
	}
	if stage != "" {
		label += " [" + strings.ReplaceAll(stage, "_", " ") + "]"
	}
	return label
}

// HasObject reports whether the fact links two entities rather than an
// entity and a value.
func (f *Fact) HasObject() bool { return f.Object != "" }

// When is the fact's date for sorting and filtering: Date, or else Start,
// or else End for a period known only by how it ended ("the years leading
// up to 2021").
func (f *Fact) When() Date {
	switch {
	case !f.Date.IsZero():
		return f.Date
	case !f.Start.IsZero():
		return f.Start
	}
	return f.End
}

// Until is the last date the fact covers: End, or else When.
func (f *Fact) Until() Date {
	if !f.End.IsZero() {
		return f.End
	}
	return f.When()
}

// HasTheme reports whether the fact carries theme id.
func (f *Fact) HasTheme(id string) bool {
	for _, t := range f.Themes {
		if t == id {
			return true
		}
	}
	return false
}

// Dataset is the whole curated corpus, or a part of it.
type Dataset struct {
	Sources    []*Source
	Entities   []*Entity
	Predicates []*Predicate
	Themes     []*Theme
	Clusters   []*Cluster
	Facts      []*Fact
	Marks      []*Mark // in date order

	sources    map[string]*Source
	entities   map[string]*Entity
	predicates map[string]*Predicate
	themes     map[string]*Theme
	clusters   map[string]*Cluster
	facts      map[string]*Fact
}

// Index builds the lookup tables behind Source, Entity, Predicate, Theme,
// Cluster and Fact, and sorts every list by id so output is stable. Call it
// after changing the lists.
func (d *Dataset) Index() {
	sortByID(d.Sources, func(s *Source) string { return s.ID })
	sortByID(d.Entities, func(e *Entity) string { return e.ID })
	sortByID(d.Predicates, func(p *Predicate) string { return p.ID })
	sortByID(d.Themes, func(t *Theme) string { return t.ID })
	sortByID(d.Clusters, func(c *Cluster) string { return c.ID })
	sortByID(d.Facts, func(f *Fact) string { return f.ID })
	sort.SliceStable(d.Marks, func(i, j int) bool {
		if c := d.Marks[i].Date.Compare(d.Marks[j].Date); c != 0 {
			return c < 0
		}
		return d.Marks[i].Fact < d.Marks[j].Fact
	})
	d.sources = indexByID(d.Sources, func(s *Source) string { return s.ID })
	d.entities = indexByID(d.Entities, func(e *Entity) string { return e.ID })
	d.predicates = indexByID(d.Predicates, func(p *Predicate) string { return p.ID })
	d.themes = indexByID(d.Themes, func(t *Theme) string { return t.ID })
	d.clusters = indexByID(d.Clusters, func(c *Cluster) string { return c.ID })
	d.facts = indexByID(d.Facts, func(f *Fact) string { return f.ID })
}

// Source returns the source with the given id, or nil.
func (d *Dataset) Source(id string) *Source { return d.sources[id] }

// Entity returns the entity with the given id, or nil.
func (d *Dataset) Entity(id string) *Entity { return d.entities[id] }

// Predicate returns the predicate with the given id, or nil.
func (d *Dataset) Predicate(id string) *Predicate { return d.predicates[id] }

// Theme returns the theme with the given id, or nil.
func (d *Dataset) Theme(id string) *Theme { return d.themes[id] }

// Cluster returns the cluster with the given id, or nil.
func (d *Dataset) Cluster(id string) *Cluster { return d.clusters[id] }

// Fact returns the fact with the given id, or nil.
func (d *Dataset) Fact(id string) *Fact { return d.facts[id] }

func sortByID[T any](xs []T, id func(T) string) {
	sort.SliceStable(xs, func(i, j int) bool { return id(xs[i]) < id(xs[j]) })
}

func indexByID[T any](xs []T, id func(T) string) map[string]T {
	m := make(map[string]T, len(xs))
	for _, x := range xs {
		m[id(x)] = x
	}
	return m
}

// Merge adds to d the items of part that d lacks, keeping d's lookup
// tables current; lists are not re-sorted. Readers that fill a dataset
// piece by piece from a store use it.
func (d *Dataset) Merge(part *Dataset) {
	if d.entities == nil {
		d.Index()
	}
	for _, s := range part.Sources {
		if d.sources[s.ID] == nil {
			d.sources[s.ID] = s
			d.Sources = append(d.Sources, s)
		}
	}
	for _, e := range part.Entities {
		if d.entities[e.ID] == nil {
			d.entities[e.ID] = e
			d.Entities = append(d.Entities, e)
		}
	}
	for _, p := range part.Predicates {
		if d.predicates[p.ID] == nil {
			d.predicates[p.ID] = p
			d.Predicates = append(d.Predicates, p)
		}
	}
	for _, t := range part.Themes {
		if d.themes[t.ID] == nil {
			d.themes[t.ID] = t
			d.Themes = append(d.Themes, t)
		}
	}
	for _, c := range part.Clusters {
		if d.clusters[c.ID] == nil {
			d.clusters[c.ID] = c
			d.Clusters = append(d.Clusters, c)
		}
	}
	for _, f := range part.Facts {
		if d.facts[f.ID] == nil {
			d.facts[f.ID] = f
			d.Facts = append(d.Facts, f)
		}
	}
	for _, m := range part.Marks {
		if !slices.ContainsFunc(d.Marks, func(o *Mark) bool { return o.Fact == m.Fact }) {
			d.Marks = append(d.Marks, m)
		}
	}
}
