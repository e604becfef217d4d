package present

import (
	"fmt"
	"io"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// WriteTimelineText prints a timeline, a heading for each year, the
// undated facts at the end under their own heading.
func WriteTimelineText(w io.Writer, tl queries.Timeline) error {
	pw := newPrinter(w)
	w = pw
	year := -1
	for _, e := range tl.Dated {
		y := yearOf(e)
		if y != year {
			if year != -1 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "── %04d ──\n", y)
			year = y
		}
		WriteFactText(w, e.FactView)
	}
	if len(tl.Undated) > 0 {
		if len(tl.Dated) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "── undated (%d) ──\n", len(tl.Undated))
		for _, v := range tl.Undated {
			WriteFactText(w, v)
		}
	}
	fmt.Fprintf(w, "\n%s, %d undated\n", graph.Count(len(tl.Dated), "dated fact"), len(tl.Undated))
	return pw.err
}

func yearOf(e queries.TimelineEntry) int {
	for _, s := range []string{e.Date, e.Start, e.End} {
		if d, err := graph.ParseDate(s); err == nil && !d.IsZero() {
			return d.Year
		}
	}
	return 0
}
