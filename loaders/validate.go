package loaders

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/itkg/itkg/graph"
)

var (
	slugRe      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	predicateRe = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	factIDRe    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// at reports a problem at an item's position.
func (l *loader) at(p graph.Pos, field, format string, args ...any) {
	l.probs.add(p.File, p.Line, 0, field, format, args...)
}

func (l *loader) validate() {
	defer l.readMarks()
	defer l.attachLinks()
	ds := l.ds
	seen := map[string]graph.Pos{}
	dup := func(kind, id string, p graph.Pos) {
		if id == "" {
			return
		}
		key := kind + "\x00" + id
		if first, ok := seen[key]; ok {
			l.at(p, "id", "duplicate %s id %q (first defined at %s:%d)", kind, id, first.File, first.Line)
			return
		}
		seen[key] = p
	}

	sourceIDs := make([]string, 0, len(ds.Sources))
	for _, s := range ds.Sources {
		dup("source", s.ID, s.Pos)
		sourceIDs = append(sourceIDs, s.ID)
		if s.ID != "" && !slugRe.MatchString(s.ID) {
			l.at(s.Pos, "id", "source id %q is not a lower-case slug (like zelin-2023)", s.ID)
		}
	}
	clusterIDs := make([]string, 0, len(ds.Clusters))
	for _, c := range ds.Clusters {
		dup("cluster", c.ID, c.Pos)
		clusterIDs = append(clusterIDs, c.ID)
	}
	themeIDs := make([]string, 0, len(ds.Themes))
	for _, t := range ds.Themes {
		dup("theme", t.ID, t.Pos)
		themeIDs = append(themeIDs, t.ID)
	}

	predIDs := make([]string, 0, len(ds.Predicates))
	for _, p := range ds.Predicates {
		dup("predicate", p.ID, p.Pos)
		predIDs = append(predIDs, p.ID)
		if p.ID != "" && !predicateRe.MatchString(p.ID) {
			l.at(p.Pos, "id", "predicate id %q is not snake_case (like cooperates_with)", p.ID)
		}
		if p.Polarity != "" && !slices.Contains(graph.Polarities, p.Polarity) {
			l.at(p.Pos, "polarity", "unknown polarity %q (want one of %s)", p.Polarity, strings.Join(graph.Polarities, ", "))
		}
	}
	for _, p := range ds.Predicates {
		for _, c := range p.Contradicts {
			if ds.Predicate(c) == nil && !l.broken["predicate"] {
				l.at(p.Pos, "contradicts", "unknown predicate %q%s", c, didYouMean(c, predIDs))
			}
		}
	}

	entityIDs := make([]string, 0, len(ds.Entities))
	names := map[string]string{} // lower-case name or alias -> entity id
	for _, e := range ds.Entities {
		dup("entity", e.ID, e.Pos)
		entityIDs = append(entityIDs, e.ID)
		if e.ID != "" && !slugRe.MatchString(e.ID) {
			l.at(e.Pos, "id", "entity id %q is not a lower-case slug (like hassan-kazemi-qomi)", e.ID)
		}
		if e.Type != "" && !slices.Contains(graph.EntityTypes, e.Type) {
			l.at(e.Pos, "type", "unknown entity type %q%s", e.Type, didYouMean(e.Type, graph.EntityTypes))
		}
		if e.Cluster != "" && ds.Cluster(e.Cluster) == nil && !l.broken["cluster"] {
			l.at(e.Pos, "cluster", "unknown cluster %q%s", e.Cluster, didYouMean(e.Cluster, clusterIDs))
		}
	}
	// Names and aliases must resolve to one entity: an alias shared by two
	// entities would make `itkg show ALIAS` a guess.
	for _, e := range inFileOrder(ds.Entities, func(e *graph.Entity) graph.Pos { return e.Pos }) {
		for i, n := range append([]string{e.Name}, e.Aliases...) {
			key := graph.NameKey(n)
			if other, ok := names[key]; ok && other != e.ID {
				field := "aliases"
				if i == 0 {
					field = "name"
				}
				l.at(e.Pos, field, "%q is already a name or alias of entity %q", n, other)
				continue
			}
			names[key] = e.ID
		}
	}

	entity := func(f *graph.Fact, field, id string) {
		if id != "" && ds.Entity(id) == nil && !l.broken["entity"] {
			l.at(f.Pos, field, "unknown entity %q%s", id, didYouMean(id, entityIDs))
		}
	}
	for _, f := range inFileOrder(ds.Facts, func(f *graph.Fact) graph.Pos { return f.Pos }) {
		dup("fact", f.ID, f.Pos)
		if ds.Source(f.Source) == nil && !l.broken["source"] {
			l.at(f.Pos, "", "facts file %s.yaml names no source in sources.yaml%s", f.Source, didYouMean(f.Source, sourceIDs))
		}
		if f.ID != "" && (!factIDRe.MatchString(f.ID) || !strings.HasPrefix(f.ID, f.Source+"-")) {
			l.at(f.Pos, "id", "fact id %q should be the source id and a number, like %s-001", f.ID, f.Source)
		}
		entity(f, "subject", f.Subject)
		entity(f, "object", f.Object)
		entity(f, "claimed_by", f.ClaimedBy)
		if f.Predicate != "" && ds.Predicate(f.Predicate) == nil && !l.broken["predicate"] {
			l.at(f.Pos, "predicate", "unknown predicate %q%s", f.Predicate, didYouMean(f.Predicate, predIDs))
		}
		switch {
		case f.Object == "" && f.Value == "":
			l.at(f.Pos, "object", "a fact needs an object (entity id) or a value")
		case f.Object != "" && f.Value != "":
			l.at(f.Pos, "value", "a fact has an object or a value, not both")
		}
		if (f.Amount == nil) != (f.Unit == "") {
			l.at(f.Pos, "unit", "amount and unit go together")
		}
		for _, t := range f.Themes {
			if ds.Theme(t) == nil && !l.broken["theme"] {
				l.at(f.Pos, "themes", "unknown theme %q%s", t, didYouMean(t, themeIDs))
			}
		}
		if f.Stage != "" && !slices.Contains(graph.Stages, f.Stage) {
			l.at(f.Pos, "stage", "unknown stage %q (want one of %s)", f.Stage, strings.Join(graph.Stages, ", "))
		}
		if f.Modality != "" && !slices.Contains(graph.Modalities, f.Modality) {
			l.at(f.Pos, "modality", "unknown modality %q (want one of %s)", f.Modality, strings.Join(graph.Modalities, ", "))
		}
		if n := utf8.RuneCountInString(f.Quote); n > MaxQuote {
			l.at(f.Pos, "quote", "quote is %d characters long, at most %d allowed", n, MaxQuote)
		}
		l.quoteRules(f)
		if !f.Date.IsZero() && (!f.Start.IsZero() || !f.End.IsZero()) {
			l.at(f.Pos, "date", "give date, or start and end, not both")
		}
		if !f.Start.IsZero() && !f.End.IsZero() && f.End.Last().Before(f.Start.First()) {
			l.at(f.Pos, "end", "end %s is before start %s", f.End, f.Start)
		}
		if f.Event != "" && !slugRe.MatchString(f.Event) {
			l.at(f.Pos, "event", "event key %q is not a lower-case slug (like embassy-killings)", f.Event)
		}
		l.factDates(f)
	}
}

// EarliestDate is the earliest year a fact may be dated: the articles
// describe events since the twentieth century, and an earlier date is a
// typing slip (1000 for 2000).
const EarliestDate = 1900

// factDates checks a fact's dates against the calendar and its source: a
// source cannot report what happened after it was published, so a date
// that begins after the publication is a slip, unless the fact is
// speculative (the source's forecast or expectation, docs/curation.md).
func (l *loader) factDates(f *graph.Fact) {
	src := l.ds.Source(f.Source)
	for _, d := range []struct {
		field string
		date  graph.Date
	}{{"date", f.Date}, {"start", f.Start}, {"end", f.End}} {
		switch {
		case d.date.IsZero():
		case d.date.Year < EarliestDate:
			l.at(f.Pos, d.field, "%s %s is before %d", d.field, d.date, EarliestDate)
		case src != nil && !src.Published.IsZero() && d.date.First().After(src.Published.Last()) && f.Modality != "speculative":
			l.at(f.Pos, d.field, "%s %s is after the source was published (%s); only a speculative fact may be dated later",
				d.field, d.date, src.Published)
		}
	}
}

// inFileOrder returns xs sorted by where they were written, so "first
// defined at" and "already a name of" point at the earlier item.
func inFileOrder[T any](xs []T, pos func(T) graph.Pos) []T {
	out := append([]T(nil), xs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := pos(out[i]), pos(out[j])
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return out
}

func didYouMean(s string, candidates []string) string {
	if c := graph.Closest(s, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// Stats counts what a dataset holds, for `itkg build` and `itkg check`.
type Stats struct {
	Sources, Entities, Predicates, Themes, Facts int
	FactsBySource                                map[string]int
	FactsByTheme                                 map[string]int
}

// Count returns the counts of ds.
func Count(ds *graph.Dataset) Stats {
	st := Stats{
		Sources: len(ds.Sources), Entities: len(ds.Entities), Predicates: len(ds.Predicates),
		Themes: len(ds.Themes), Facts: len(ds.Facts),
		FactsBySource: map[string]int{}, FactsByTheme: map[string]int{},
	}
	for _, f := range ds.Facts {
		st.FactsBySource[f.Source]++
		for _, t := range f.Themes {
			st.FactsByTheme[t]++
		}
	}
	return st
}

// quoteRules checks what can be checked of a quote without its article: no
// markup, at least MinQuoteWords words, and the fact's subject or object
// named in it (or, where the quote uses a pronoun, in the note that says
// what the pronoun stands for). CheckQuotes checks the rest against the text.
func (l *loader) quoteRules(f *graph.Fact) {
	if f.Quote == "" {
		return
	}
	if m := quoteMarkup(f.Quote); m != "" {
		l.at(f.Pos, "quote", "fact %s: quote carries markup %q; quote the text a reader sees (a link's text, no URL, no emphasis marks)", f.ID, m)
	}
	if n := len(strings.Fields(f.Quote)); n < MinQuoteWords {
		l.at(f.Pos, "quote", "fact %s: quote has %d words, at least %d needed to state a fact", f.ID, n, MinQuoteWords)
	}
	var names []string
	for _, id := range []string{f.Subject, f.Object} {
		if e := l.ds.Entity(id); e != nil {
			names = append(names, e.Name)
			names = append(names, e.Aliases...)
		}
	}
	if len(names) > 0 && !namesAny(f.Quote, names) && !namesAny(f.Note, names) {
		l.at(f.Pos, "quote", "fact %s: quote names neither %s nor %s; quote a span that does, or say in note whom its pronoun means", f.ID, f.Subject, orValue(f))
	}
}

func orValue(f *graph.Fact) string {
	if f.Object != "" {
		return f.Object
	}
	return "the value's subject"
}

// attachLinks reads links.yaml: each link joins two facts of the data, and
// is kept on both (graph.FactLink), so either fact's description shows it.
func (l *loader) attachLinks() {
	seen := map[string]graph.Pos{}
	for _, r := range l.links {
		from, rel, to := r.str("from", true), r.str("relation", true), r.str("to", true)
		r.str("note", true) // why the articles support the link
		r.unknown([]string{"from", "relation", "to", "note"})
		p := pos(r)
		a, b := l.ds.Fact(from), l.ds.Fact(to)
		switch {
		case from == "" || rel == "" || to == "":
			continue
		case rel != "" && !slices.Contains(graph.LinkRelations, rel):
			l.at(p, "relation", "unknown relation %q (want one of %s)", rel, strings.Join(graph.LinkRelations, ", "))
			continue
		case a == nil:
			l.at(p, "from", "unknown fact %q", from)
			continue
		case b == nil:
			l.at(p, "to", "unknown fact %q", to)
			continue
		case from == to:
			l.at(p, "to", "a fact cannot be linked to itself (%s)", rel)
			continue
		}
		key := from + " " + rel + " " + to
		if prev, ok := seen[key]; ok {
			l.at(p, "", "link %s %s %s is already given at line %d", from, rel, to, prev.Line)
			continue
		}
		seen[key] = p
		a.Links = append(a.Links, graph.FactLink{Relation: rel, Fact: to})
		b.Links = append(b.Links, graph.FactLink{Relation: rel, Fact: from, Incoming: true})
	}
	for _, f := range l.ds.Facts {
		graph.SortLinks(f.Links)
	}
}

// readMarks reads marks.yaml: each mark names an existing fact as its
// evidence, dated within what the fact covers (an undated fact: its
// source's publication date), one mark per fact.
func (l *loader) readMarks() {
	seen := map[string]graph.Pos{}
	for _, r := range l.marks {
		m := &graph.Mark{Date: r.date("date"), Label: r.str("label", true), Fact: r.str("fact", true), Pos: pos(r)}
		r.unknown([]string{"date", "label", "fact"})
		if m.Date.IsZero() {
			r.problem("date", "required field is missing")
			continue
		}
		if m.Fact == "" {
			continue
		}
		f := l.ds.Fact(m.Fact)
		if f == nil {
			if !l.broken["fact"] {
				r.problem("fact", "unknown fact %q", m.Fact)
			}
			continue
		}
		if prev, ok := seen[m.Fact]; ok {
			r.problem("fact", "fact %s already marks the event at line %d", m.Fact, prev.Line)
			continue
		}
		seen[m.Fact] = m.Pos
		from, to := f.When(), f.Until()
		if from.IsZero() {
			if s := l.ds.Source(f.Source); s != nil {
				from, to = s.Published, s.Published
			}
		}
		if !from.IsZero() && (m.Date.Last().Before(from.First()) || m.Date.First().After(to.Last())) {
			r.problem("date", "mark dated %s, but its fact %s covers %s..%s", m.Date, m.Fact, from, to)
		}
		l.ds.Marks = append(l.ds.Marks, m)
	}
	l.ds.Index()
}
