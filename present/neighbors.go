package present

import (
	"fmt"
	"io"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// WriteNeighborsText prints a neighbourhood for a terminal, the first
// maxFacts facts of each relation in full (0: all) and the ids of the rest.
func WriteNeighborsText(w io.Writer, nb *queries.Neighborhood, maxFacts int) error {
	pw := newPrinter(w)
	w = pw
	fmt.Fprintf(w, "%s within %s of %s", graph.Count(len(nb.Neighbors), "entity"),
		graph.Count(nb.Depth, "hop"), nb.Center.Name)
	if len(nb.Filters) > 0 {
		fmt.Fprintf(w, " (%s)", settingsText(nb.Filters))
	}
	fmt.Fprintln(w)
	for _, nr := range nb.Neighbors {
		fmt.Fprintf(w, "\n%s  [%s]  id: %s  — %s\n", nr.Entity.Name, nr.Type, nr.Entity.ID, graph.Count(nr.Distance, "hop"))
		for _, h := range nr.Via {
			writeHopText(indent{w}, h, maxFacts)
		}
	}
	if nb.Truncated {
		fmt.Fprintln(w, "\nthe search stopped at its limit of visited entities; the list is incomplete")
	}
	return pw.err
}
