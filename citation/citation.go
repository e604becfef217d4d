// Package citation writes references to the articles the graph is curated
// from, and citations of single facts with their quote, in the formats
// analysts paste into their work: Chicago, APA, BibTeX, CSL-JSON and RIS.
//
// It is the one home of how a source is cited; the short form every output
// prints ("Zelin 2023-03-03", "Kaura ~2024-04") is Short.
package citation

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/itkg/itkg/graph"
)

// Formats lists the formats Write accepts.
var Formats = []string{"chicago", "apa", "bibtex", "csl-json", "ris"}

// Item is one thing to cite: a source, and optionally one fact from it with
// the place of its quote in the article and a permalink to the fact's page.
type Item struct {
	Source  *graph.Source
	Fact    *graph.Fact // nil cites the source alone
	Locator string      // "para. 7", or "" when the article is not at hand
	URL     string      // permalink of the fact's page, or ""
}

// Short is the short citation of a source that every output prints: the
// authors' family names and the publication date, "~" marking a date
// inferred from the text ("Zelin 2023-03-03", "Cafiero & Aman ~2025-07",
// "Smith et al. 2020"). A source without authors is cited by its id.
func Short(s *graph.Source) string {
	var who string
	switch len(s.Authors) {
	case 0:
		who = s.ID
	case 1:
		who = family(s.Authors[0])
	case 2:
		who = family(s.Authors[0]) + " & " + family(s.Authors[1])
	default:
		who = family(s.Authors[0]) + " et al."
	}
	pub := s.Published.String()
	if s.Approximate {
		pub = "~" + pub
	}
	return who + " " + pub
}

// family is an author's family name: the last word of the name as printed.
func family(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return name
	}
	return f[len(f)-1]
}

// given is everything before the family name.
func given(name string) string {
	f := strings.Fields(name)
	if len(f) < 2 {
		return ""
	}
	return strings.Join(f[:len(f)-1], " ")
}

// Write writes items in format, one reference each (CSL-JSON: one array).
func Write(w io.Writer, format string, items []Item) error {
	var b strings.Builder
	switch format {
	case "chicago":
		for _, it := range items {
			b.WriteString(chicago(it) + "\n")
		}
	case "apa":
		for _, it := range items {
			b.WriteString(apa(it) + "\n")
		}
	case "bibtex":
		for i, it := range items {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(bibtex(it))
		}
	case "ris":
		for _, it := range items {
			b.WriteString(ris(it))
		}
	case "csl-json":
		out := make([]map[string]any, len(items))
		for i, it := range items {
			out[i] = CSL(it)
		}
		enc, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		b.Write(enc)
		b.WriteString("\n")
	default:
		return fmt.Errorf("unknown citation format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// id names an item: the fact's id, or the source's.
func (it Item) id() string {
	if it.Fact != nil {
		return it.Fact.ID
	}
	return it.Source.ID
}

// title is the article's title; an article that prints none is described
// in brackets, as the style guides ask.
func title(s *graph.Source) string {
	if s.TitlePrinted {
		return s.Title
	}
	return "[" + s.Title + "]"
}

// publisher is the source's publisher, or "" when the article prints none.
func publisher(s *graph.Source) string {
	if strings.EqualFold(s.Publisher, "not printed") {
		return ""
	}
	return s.Publisher
}

// authorList joins names as "A", "A and B", "A, B, and C".
func authorList(names []string, and string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	case 2:
		return names[0] + " " + and + " " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + ", " + and + " " + names[len(names)-1]
}

// longDate is "March 3, 2023", "April 2024" or "2024".
func longDate(d graph.Date) string {
	switch {
	case d.Day != 0:
		return fmt.Sprintf("%s %d, %d", time.Month(d.Month), d.Day, d.Year)
	case d.Month != 0:
		return fmt.Sprintf("%s %d", time.Month(d.Month), d.Year)
	}
	return fmt.Sprint(d.Year)
}

// quoted is the fact part of a citation: its quote, where it stands, and
// its page.
func quoted(it Item, open, close string) string {
	if it.Fact == nil {
		return ""
	}
	s := " Quoted: " + open + it.Fact.Quote + close
	switch {
	case it.Locator != "":
		s += " (" + it.Locator + ")."
	case !strings.ContainsAny(it.Fact.Quote[len(it.Fact.Quote)-1:], ".?!"):
		s += "."
	}
	if it.URL != "" {
		s += " " + it.URL + "."
	}
	return s
}

// chicago is a Chicago notes-bibliography entry for a web article.
func chicago(it Item) string {
	s := it.Source
	var names []string
	for i, a := range s.Authors {
		if i == 0 && given(a) != "" {
			a = family(a) + ", " + given(a)
		}
		names = append(names, a)
	}
	var b strings.Builder
	if len(names) > 0 {
		list := authorList(names, "and")
		if len(names) == 2 && strings.Contains(names[0], ", ") {
			// the inverted first name takes a comma before "and"
			list = names[0] + ", and " + names[1]
		}
		b.WriteString(strings.TrimSuffix(list, ".") + ". ")
	}
	if s.TitlePrinted {
		b.WriteString("“" + s.Title + ".” ")
	} else {
		b.WriteString(title(s) + ". ")
	}
	date := longDate(s.Published)
	if s.Approximate {
		date = "ca. " + date
	}
	if p := publisher(s); p != "" {
		b.WriteString(p + ", " + date + ".")
	} else {
		b.WriteString(strings.ToUpper(date[:1]) + date[1:] + ".")
	}
	b.WriteString(quoted(it, "“", "”"))
	return b.String()
}

// apa is an APA 7 reference for a web article. Titles keep the case the
// source gives: sentence case needs knowing which words are names.
func apa(it Item) string {
	s := it.Source
	var names []string
	for _, a := range s.Authors {
		n := family(a)
		var initials []string
		for _, g := range strings.Fields(given(a)) {
			r := []rune(strings.TrimSuffix(g, "."))
			if len(r) > 0 {
				initials = append(initials, string(r[0])+".")
			}
		}
		if len(initials) > 0 {
			n += ", " + strings.Join(initials, " ")
		}
		names = append(names, n)
	}
	var b strings.Builder
	switch len(names) {
	case 0:
	case 1:
		b.WriteString(names[0] + " ")
	default:
		// APA puts a comma before the ampersand, two authors or more.
		b.WriteString(strings.Join(names[:len(names)-1], ", ") + ", & " + names[len(names)-1] + " ")
	}
	d := s.Published
	date := fmt.Sprint(d.Year)
	if d.Month != 0 {
		date += ", " + time.Month(d.Month).String()
		if d.Day != 0 {
			date += fmt.Sprintf(" %d", d.Day)
		}
	}
	if s.Approximate {
		date = "ca. " + date
	}
	b.WriteString("(" + date + "). ")
	b.WriteString(title(s) + ".")
	if p := publisher(s); p != "" {
		b.WriteString(" " + p + ".")
	}
	b.WriteString(quoted(it, "“", "”"))
	return b.String()
}

// bibtexEscaper escapes the characters BibTeX and LaTeX treat as markup.
var bibtexEscaper = strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "&", `\&`, "%", `\%`,
	"$", `\$`, "#", `\#`, "_", `\_`, "~", `\textasciitilde{}`, "^", `\textasciicircum{}`)

// bibtex is a @misc entry, which every BibTeX style accepts for a web
// article; the fact's quote and locator go in the note.
func bibtex(it Item) string {
	s := it.Source
	var b strings.Builder
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %-12s = {%s},\n", k, v)
		}
	}
	fmt.Fprintf(&b, "@misc{%s,\n", it.id())
	var names []string
	for _, a := range s.Authors {
		n := family(a)
		if g := given(a); g != "" {
			n += ", " + g
		}
		names = append(names, bibtexEscaper.Replace(n))
	}
	field("author", strings.Join(names, " and "))
	field("title", "{"+bibtexEscaper.Replace(title(s))+"}")
	field("howpublished", bibtexEscaper.Replace(publisher(s)))
	field("year", fmt.Sprint(s.Published.Year))
	if s.Published.Month != 0 {
		field("month", strings.ToLower(time.Month(s.Published.Month).String()[:3]))
	}
	var note []string
	if s.Approximate {
		note = append(note, "Date inferred from the text: "+s.Window)
	}
	if it.Fact != nil {
		q := "Quoted: ``" + it.Fact.Quote + "''"
		if it.Locator != "" {
			q += " (" + it.Locator + ")"
		}
		note = append(note, q)
	}
	field("note", bibtexEscaper.Replace(strings.Join(note, ". ")))
	field("url", it.URL)
	b.WriteString("}\n")
	return b.String()
}

// ris is a RIS record of type ELEC (web page).
func ris(it Item) string {
	s := it.Source
	var b strings.Builder
	tag := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s  - %s\n", k, strings.ReplaceAll(v, "\n", " "))
		}
	}
	tag("TY", "ELEC")
	tag("ID", it.id())
	for _, a := range s.Authors {
		n := family(a)
		if g := given(a); g != "" {
			n += ", " + g
		}
		tag("AU", n)
	}
	tag("TI", title(s))
	tag("PB", publisher(s))
	tag("PY", fmt.Sprint(s.Published.Year))
	da := fmt.Sprintf("%04d/", s.Published.Year)
	if s.Published.Month != 0 {
		da += fmt.Sprintf("%02d/", s.Published.Month)
		if s.Published.Day != 0 {
			da += fmt.Sprintf("%02d/", s.Published.Day)
		} else {
			da += "/"
		}
	} else {
		da += "//"
	}
	tag("DA", da)
	if it.Fact != nil {
		tag("N1", "Quoted: “"+it.Fact.Quote+"”")
		tag("SP", it.Locator)
	}
	if s.Approximate {
		tag("N1", "Date inferred from the text: "+s.Window)
	}
	tag("UR", it.URL)
	b.WriteString("ER  - \n")
	return b.String()
}

// CSL is the CSL-JSON item of it (type "webpage"): what citeproc processors
// and reference managers (Zotero) read.
func CSL(it Item) map[string]any {
	s := it.Source
	item := map[string]any{"id": it.id(), "type": "webpage", "title": title(s)}
	var authors []map[string]string
	for _, a := range s.Authors {
		n := map[string]string{"family": family(a)}
		if g := given(a); g != "" {
			n["given"] = g
		}
		authors = append(authors, n)
	}
	if len(authors) > 0 {
		item["author"] = authors
	}
	if p := publisher(s); p != "" {
		item["publisher"] = p
	}
	parts := []int{s.Published.Year}
	if s.Published.Month != 0 {
		parts = append(parts, s.Published.Month)
		if s.Published.Day != 0 {
			parts = append(parts, s.Published.Day)
		}
	}
	issued := map[string]any{"date-parts": [][]int{parts}}
	if s.Approximate {
		issued["circa"] = true
	}
	item["issued"] = issued
	if it.Fact != nil {
		note := "Quoted: “" + it.Fact.Quote + "”"
		if it.Locator != "" {
			note += " (" + it.Locator + ")"
		}
		item["note"] = note
	}
	if it.URL != "" {
		item["URL"] = it.URL
	}
	return item
}

// Options says how Facts cites.
type Options struct {
	Format string
	// BaseURL, when set, is the address of an itkg web server: each fact is
	// cited with its page, BaseURL + "/fact/" + id.
	BaseURL string
	// Locate, when set, gives the place of a quote in its source's article
	// ("para. 7"), or "".
	Locate func(s *graph.Source, quote string) string
}

// Facts writes a citation of each fact of ids, in order, from ds (which
// holds them and their sources). An unknown id is an error naming it.
func Facts(w io.Writer, ds *graph.Dataset, ids []string, opt Options) error {
	items := make([]Item, 0, len(ids))
	for _, id := range ids {
		f := ds.Fact(id)
		if f == nil {
			return fmt.Errorf("no fact %q", id)
		}
		s := ds.Source(f.Source)
		if s == nil {
			return fmt.Errorf("fact %s: no source %q", id, f.Source)
		}
		it := Item{Source: s, Fact: f}
		if opt.Locate != nil {
			it.Locator = opt.Locate(s, f.Quote)
		}
		if opt.BaseURL != "" {
			it.URL = strings.TrimSuffix(opt.BaseURL, "/") + "/fact/" + id
		}
		items = append(items, it)
	}
	return Write(w, opt.Format, items)
}
