package present

import (
	"fmt"
	"io"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// WriteCorroborationText prints corroborated relations with each source's
// facts.
func WriteCorroborationText(w io.Writer, cs []queries.Corroborated) error {
	pw := newPrinter(w)
	w = pw
	for i, c := range cs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s   (%s)\n", c.Text(), graph.Count(c.Count, "source"))
		for _, s := range c.Sources {
			fmt.Fprintf(w, "  %s [%s]\n", s.Source.Cite(), s.Source.ID)
			for _, f := range s.Facts {
				WriteFactText(indent{indent{w}}, f)
			}
		}
	}
	fmt.Fprintf(w, "\n%s\n", graph.Count(len(cs), "relation"))
	return pw.err
}
