package present

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// WriteEntitiesText prints entities as a table: id, name, type and number
// of facts.
func WriteEntitiesText(w io.Writer, es []queries.EntityView) error {
	pw := newPrinter(w)
	w = pw
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tTYPE\tFACTS")
	for _, e := range es {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", e.ID, e.Name, e.Type, e.Facts)
	}
	tw.Flush()
	return pw.err
}

// WriteCardText prints a card for a terminal.
func WriteCardText(w io.Writer, c queries.Card) error {
	pw := newPrinter(w)
	w = pw
	e := c.Entity
	fmt.Fprintf(w, "%s  [%s]  id: %s\n", e.Name, e.Type, e.ID)
	if len(e.Aliases) > 0 {
		fmt.Fprintf(w, "also: %s\n", strings.Join(e.Aliases, ", "))
	}
	fmt.Fprintln(w, e.Description)
	fmt.Fprintf(w, "facts: %d", e.Facts)
	if c.First != "" {
		fmt.Fprintf(w, "   dated: %s .. %s", c.First, c.Last)
	}
	fmt.Fprintln(w)
	if len(c.Themes) > 0 {
		fmt.Fprintf(w, "themes: %s\n", strings.Join(c.Themes, ", "))
	}
	for _, r := range c.Relations {
		fmt.Fprintf(w, "\n%s %s %s", e.Name, r.Label, r.OtherText())
		fmt.Fprintf(w, "   (%s, %s: %s)\n", graph.Count(r.Count(), "fact"),
			graph.Count(len(r.Sources), "source"), strings.Join(r.Sources, ", "))
		for _, f := range r.Facts {
			WriteFactText(indent{w}, f)
		}
	}
	if len(c.Claims) > 0 {
		fmt.Fprintf(w, "\nclaims attributed to %s:\n", e.Name)
		for _, f := range c.Claims {
			WriteFactText(indent{w}, f)
		}
	}
	if c.Page != nil {
		fmt.Fprintf(w, "\n%s\n", c.Page)
	}
	return pw.err
}

// indent prefixes every line written through it with two spaces.
type indent struct{ w io.Writer }

func (i indent) Write(p []byte) (int, error) {
	s := strings.TrimSuffix(string(p), "\n")
	s = "  " + strings.ReplaceAll(s, "\n", "\n  ") + "\n"
	if _, err := io.WriteString(i.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}
