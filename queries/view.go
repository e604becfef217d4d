package queries

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/graph"
)

// The JSON shapes every command shares; docs/json.md documents them.

// Ref names an entity.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PredicateRef names a predicate.
type PredicateRef struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Polarity string `json:"polarity"`
}

// SourceRef names a source.
type SourceRef struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Authors     []string `json:"authors"`
	Publisher   string   `json:"publisher"`
	Published   string   `json:"published"`
	Approximate bool     `json:"published_approximate,omitempty"`
}

// FactView is a fact as commands print it: ids resolved to names.
type FactView struct {
	ID          string       `json:"id"`
	Subject     Ref          `json:"subject"`
	Predicate   PredicateRef `json:"predicate"`
	Object      *Ref         `json:"object,omitempty"`
	Value       string       `json:"value,omitempty"`
	Amount      *float64     `json:"amount,omitempty"`
	Unit        string       `json:"unit,omitempty"`
	Date        string       `json:"date,omitempty"`
	Start       string       `json:"start,omitempty"`
	End         string       `json:"end,omitempty"`
	Approximate bool         `json:"approximate,omitempty"`
	Themes      []string     `json:"themes"`
	Source      SourceRef    `json:"source"`
	Quote       string       `json:"quote"`
	Modality    string       `json:"modality"`
	ClaimedBy   *Ref         `json:"claimed_by,omitempty"`
	Event       string       `json:"event,omitempty"`
	Negated     bool         `json:"negated"`
	Stage       string       `json:"stage,omitempty"`
	// AsOf is the publication date of the source of an undated fact: the
	// fact describes the state at the time of writing.
	AsOf string `json:"as_of,omitempty"`
	Note string `json:"note,omitempty"`
	// Links are the claims this one answers, denies, supersedes or
	// corroborates, and those that do so to it.
	Links []LinkView `json:"links,omitempty"`
}

// LinkView is a link between two facts, read from the fact that holds it.
type LinkView struct {
	Relation string `json:"relation"` // responds_to, denies, supersedes, corroborates
	Label    string `json:"label"`    // "responds to", or for an incoming link "responded to by"
	Incoming bool   `json:"incoming"`
	Fact     string `json:"fact"`
}

// Relation is the predicate label as the fact reads it, with its negation
// and stage (graph.RelationLabel).
func (v FactView) Relation() string {
	return graph.RelationLabel(v.Predicate.Label, v.Negated, v.Stage)
}

// EntityRef returns the Ref of entity id, with its id as name when the
// entity is unknown.
func EntityRef(ds *graph.Dataset, id string) Ref {
	if e := ds.Entity(id); e != nil {
		return Ref{ID: id, Name: e.Name}
	}
	return Ref{ID: id, Name: id}
}

// SourceView returns the SourceRef of source id.
func SourceView(ds *graph.Dataset, id string) SourceRef {
	s := ds.Source(id)
	if s == nil {
		return SourceRef{ID: id}
	}
	return SourceRef{ID: id, Title: s.Title, Authors: s.Authors, Publisher: s.Publisher,
		Published: s.Published.String(), Approximate: s.Approximate}
}

// ViewFact resolves a fact for printing.
func ViewFact(ds *graph.Dataset, f *graph.Fact) FactView {
	v := FactView{
		ID: f.ID, Subject: EntityRef(ds, f.Subject), Value: f.Value, Amount: f.Amount, Unit: f.Unit,
		Date: f.Date.String(), Start: f.Start.String(), End: f.End.String(), Approximate: f.Approximate,
		Themes: f.Themes, Source: SourceView(ds, f.Source), Quote: f.Quote, Modality: f.Modality,
		Event: f.Event, Negated: f.Negated, Stage: f.Stage, Note: f.Note,
	}
	if f.When().IsZero() {
		v.AsOf = v.Source.Published
	}
	for _, l := range f.Links {
		v.Links = append(v.Links, LinkView{Relation: l.Relation, Label: graph.LinkLabel(l), Incoming: l.Incoming, Fact: l.Fact})
	}
	v.Predicate = PredicateRef{ID: f.Predicate, Label: f.Predicate}
	if p := ds.Predicate(f.Predicate); p != nil {
		v.Predicate = PredicateRef{ID: p.ID, Label: p.Label, Polarity: p.Polarity}
	}
	if f.HasObject() {
		r := EntityRef(ds, f.Object)
		v.Object = &r
	}
	if f.ClaimedBy != "" {
		r := EntityRef(ds, f.ClaimedBy)
		v.ClaimedBy = &r
	}
	if v.Themes == nil {
		v.Themes = []string{}
	}
	return v
}

// ViewFacts resolves facts for printing.
func ViewFacts(ds *graph.Dataset, fs []*graph.Fact) []FactView {
	out := make([]FactView, len(fs))
	for i, f := range fs {
		out[i] = ViewFact(ds, f)
	}
	return out
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Object is how the fact's object reads: an entity name, or its value with
// amount and unit.
func (v FactView) ObjectText() string {
	var parts []string
	if v.Object != nil {
		parts = append(parts, v.Object.Name)
	}
	if v.Value != "" {
		parts = append(parts, strconv.Quote(v.Value))
	}
	if v.Amount != nil {
		parts = append(parts, "("+graph.FormatAmount(*v.Amount)+" "+v.Unit+")")
	}
	return strings.Join(parts, " ")
}

// When is the fact's date or period as text (graph.FormatPeriod), or
// "undated".
func (v FactView) When() string {
	if p := graph.FormatPeriod(v.Date, v.Start, v.End, v.Approximate); p != "" {
		return p
	}
	return "undated"
}

// Cite is the short citation of a source (citation.Short): "Zelin
// 2023-03-03".
func (s SourceRef) Cite() string {
	pub, _ := graph.ParseDate(s.Published)
	return citation.Short(&graph.Source{ID: s.ID, Authors: s.Authors, Published: pub, Approximate: s.Approximate})
}
