package present

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/queries"
)

// WriteBarometerText prints a barometer: for each series a table of its
// years, with a bar showing the score, then the marks and what was left
// out.
func WriteBarometerText(w io.Writer, bm *queries.Barometer) error {
	pw := newPrinter(w)
	w = pw
	fmt.Fprintf(w, "%s — %s: cooperative against hostile facts per year\n", bm.A.Name, bm.B.Name)
	fmt.Fprintf(w, "score: mean weight of the year's cooperative and hostile facts, -10 (use of force) .. +10;\nstaged acts count half, negated and neutral facts nothing (docs/schema.md)\n")
	if len(bm.Settings) > 0 {
		var fs []string
		for _, st := range bm.Settings {
			fs = append(fs, st.String())
		}
		fmt.Fprintf(w, "filters: %s\n", strings.Join(fs, " "))
	}
	for _, s := range bm.Series {
		fmt.Fprintln(w)
		if s.Source == nil {
			fmt.Fprintf(w, "all sources: %s from %s", graph.Count(s.Total.Facts, "fact"), graph.Count(s.Total.Sources, "source"))
		} else {
			fmt.Fprintf(w, "%s [%s]: %s", s.Source.Cite(), s.Source.ID, graph.Count(s.Total.Facts, "fact"))
		}
		if s.Total.Neutral+s.Total.Negated > 0 {
			fmt.Fprintf(w, " (and %d neutral, %d negated)", s.Total.Neutral, s.Total.Negated)
		}
		fmt.Fprintln(w)
		if len(s.Points) == 0 {
			fmt.Fprintln(w, "  no facts between the two")
			continue
		}
		fmt.Fprintf(w, "  %-4s  %5s  %-21s  %5s  %7s  %4s  %7s  %6s  %7s  %7s\n", "year", "score", "hostile | cooperative", "facts", "sources", "coop", "hostile", "staged", "neutral", "negated")
		for _, p := range s.Points {
			score := "    -"
			if p.Score != nil {
				score = fmt.Sprintf("%+5.1f", *p.Score)
			}
			fmt.Fprintf(w, "  %04d  %5s  %-21s  %5d  %7d  %4d  %7d  %6d  %7d  %7d\n", p.Year, score, scoreBar(p.Score),
				p.Facts, p.Sources, p.Cooperative, p.Hostile, p.Staged, p.Neutral, p.Negated)
		}
	}
	if len(bm.Marks) > 0 {
		fmt.Fprintln(w, "\nkey events:")
		for _, m := range bm.Marks {
			fmt.Fprintf(w, "  %-10s %s [%s]\n", m.Date, m.Label, m.Fact)
		}
	}
	if bm.Speculative > 0 {
		fmt.Fprintf(w, "\nleft out: %s (--include-speculative counts them)\n", graph.Count(bm.Speculative, "speculative fact"))
	}
	return pw.err
}

// scoreBar draws a score as up to ten cells left (hostile) or right
// (cooperative) of a centre line.
func scoreBar(score *float64) string {
	if score == nil {
		return strings.Repeat(" ", 10) + "·"
	}
	n := int(math.Round(math.Abs(*score)))
	if *score < 0 {
		return strings.Repeat(" ", 10-n) + strings.Repeat("█", n) + "|"
	}
	return strings.Repeat(" ", 10) + "|" + strings.Repeat("█", n)
}
