package present

import (
	"fmt"
	"io"
	"strings"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// writeHopText prints a hop's relations, each with its evidence: the
// first maxFacts facts in full (all when maxFacts is 0), the ids of the
// rest.
func writeHopText(w io.Writer, h queries.Hop, maxFacts int) {
	for _, st := range h.Relations {
		fmt.Fprintf(w, "%s   (%s; %s)\n", st.Text, graph.Count(len(st.Facts), "fact"), strings.Join(st.Sources, ", "))
		writeFactsText(indent{w}, st.Facts, maxFacts)
	}
}

// writeFactsText prints facts in full, the first maxFacts of them (all
// when maxFacts is 0), then the ids of the rest.
func writeFactsText(w io.Writer, fs []queries.FactView, maxFacts int) {
	for i, f := range fs {
		if maxFacts > 0 && i == maxFacts {
			rest := make([]string, 0, len(fs)-i)
			for _, f := range fs[i:] {
				rest = append(rest, f.ID)
			}
			fmt.Fprintf(w, "…and %d more: %s\n", len(rest), strings.Join(rest, ", "))
			return
		}
		WriteFactText(w, f)
	}
}
