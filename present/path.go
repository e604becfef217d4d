package present

import (
	"fmt"
	"io"
	"strings"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// WritePathText prints a path answer for a terminal: each chain, then each
// hop's relations in their true direction with the facts behind them, the
// first maxFacts of each relation in full (0: all) and the ids of the rest.
func WritePathText(w io.Writer, r *queries.PathResult, maxFacts int) error {
	pw := newPrinter(w)
	w = pw
	if len(r.Paths) == 0 {
		writeNoPath(w, r)
		return pw.err
	}
	n := fmt.Sprintf("%d", len(r.Paths))
	if r.More {
		n += "+"
	}
	what := graph.Plural(len(r.Paths), "shortest path")
	if r.All {
		what = fmt.Sprintf("%s within %d hops", graph.Plural(len(r.Paths), "path"), r.MaxHops)
	}
	fmt.Fprintf(w, "%s %s from %s to %s", n, what, r.From.Name, r.To.Name)
	if len(r.Filters) > 0 {
		fmt.Fprintf(w, " (%s)", settingsText(r.Filters))
	}
	fmt.Fprintln(w)
	for i, p := range r.Paths {
		names := make([]string, len(p.Entities))
		for j, e := range p.Entities {
			names[j] = e.Name
		}
		fmt.Fprintf(w, "\npath %d, %s: %s\n", i+1, graph.Count(p.Length, "hop"), strings.Join(names, " — "))
		for _, h := range p.Hops {
			writeHopText(indent{w}, h, maxFacts)
		}
	}
	if r.More {
		fmt.Fprintf(w, "\nmore paths left out; raise --limit\n")
	}
	if r.Truncated {
		fmt.Fprintf(w, "\nthe search stopped at its limit of visited entities; the list may be incomplete\n")
	}
	return pw.err
}

func writeNoPath(w io.Writer, r *queries.PathResult) {
	within := ""
	if r.All {
		within = fmt.Sprintf(" within %d hops", r.MaxHops)
	}
	fmt.Fprintf(w, "no path from %s to %s%s", r.From.Name, r.To.Name, within)
	if len(r.Filters) > 0 {
		fmt.Fprintf(w, " with %s", settingsText(r.Filters))
	}
	fmt.Fprintln(w)
	if r.Truncated {
		fmt.Fprintln(w, "(the search stopped at its limit of visited entities)")
	}
	b := r.BlockedBy
	if b == nil {
		return
	}
	fmt.Fprintf(w, "without filters the shortest path has %s; ", graph.Count(b.Shortest, "hop"))
	switch len(b.Filters) {
	case 0:
		fmt.Fprintln(w, "no single filter removed it: only dropping several together restores a path")
	case 1:
		fmt.Fprintf(w, "%s removed the last path\n", b.Filters[0])
	default:
		fmt.Fprintf(w, "dropping any one of %s restores a path\n", settingsText(b.Filters))
	}
}

func settingsText(ss []queries.FilterSetting) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.String()
	}
	return strings.Join(parts, ", ")
}
