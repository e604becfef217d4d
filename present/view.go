package present

import (
	"fmt"
	"io"
	"strings"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// WriteFactsText prints facts as WriteFactText does, then their count.
func WriteFactsText(w io.Writer, views []queries.FactView) error {
	pw := newPrinter(w)
	w = pw
	for _, v := range views {
		WriteFactText(w, v)
	}
	fmt.Fprintf(w, "%s\n", graph.Count(len(views), "fact"))
	return pw.err
}

// WriteFactPageText prints a page of a fact list as WriteFactText does,
// then which page it is.
func WriteFactPageText(w io.Writer, views []queries.FactView, info queries.PageInfo) error {
	pw := newPrinter(w)
	for _, v := range views {
		WriteFactText(pw, v)
	}
	fmt.Fprintln(pw, info)
	return pw.err
}

// WriteFactText prints one fact as a short block: the statement, the quote
// and the citation.
func WriteFactText(w io.Writer, v queries.FactView) error {
	pw := newPrinter(w)
	w = pw
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s —%s→ %s\n", v.ID, v.When(), v.Subject.Name, v.Relation(), v.ObjectText())
	fmt.Fprintf(&b, "    %q\n", v.Quote)
	var extra []string
	if v.Modality != "" && v.Modality != "asserted" {
		extra = append(extra, v.Modality)
	}
	if v.ClaimedBy != nil {
		extra = append(extra, "claimed by "+v.ClaimedBy.Name)
	}
	if len(v.Themes) > 0 {
		extra = append(extra, "themes: "+strings.Join(v.Themes, ", "))
	}
	fmt.Fprintf(&b, "    — %s [%s]", v.Source.Cite(), v.Source.ID)
	if len(extra) > 0 {
		fmt.Fprintf(&b, "; %s", strings.Join(extra, "; "))
	}
	b.WriteString("\n")
	if v.Note != "" {
		fmt.Fprintf(&b, "    note: %s\n", v.Note)
	}
	for _, l := range v.Links {
		fmt.Fprintf(&b, "    %s %s\n", l.Label, l.Fact)
	}
	io.WriteString(w, b.String())
	return pw.err
}
