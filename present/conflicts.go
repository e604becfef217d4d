package present

import (
	"fmt"
	"io"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// WriteConflictsText prints conflicts, each side with its facts.
func WriteConflictsText(w io.Writer, cs []queries.Conflict) error {
	pw := newPrinter(w)
	w = pw
	for i, c := range cs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "[%s] %s\n", c.Kind, c.About)
		for _, s := range c.Sides {
			fmt.Fprintf(w, "  %s [%s] says %s\n", s.Source.Cite(), s.Source.ID, s.Says)
			for _, f := range s.Facts {
				WriteFactText(indent{indent{w}}, f)
			}
		}
	}
	fmt.Fprintf(w, "\n%s\n", graph.Count(len(cs), "conflict"))
	return pw.err
}
