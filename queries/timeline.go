package queries

import (
	"fmt"
	"io"

	"github.com/itkg/itkg/graph"
)

// TimelineEntry is a dated fact with its date or period as text: "1997",
// "2021-08..2023", "~2023" for an approximate date.
type TimelineEntry struct {
	Period string `json:"when"`
	FactView
}

// Timeline is the facts passing a filter in date order, with undated facts
// apart.
type Timeline struct {
	Dated   []TimelineEntry `json:"dated"`
	Undated []FactView      `json:"undated"`
}

// TimelineOf orders the facts passing flt by date: coarse dates before the
// finer dates they contain (2023 before 2023-05-13), periods by their start.
func TimelineOf(ds *graph.Dataset, flt Filter) Timeline {
	tl := Timeline{Dated: []TimelineEntry{}, Undated: []FactView{}}
	for _, f := range Facts(ds, flt) {
		v := ViewFact(ds, f)
		if f.When().IsZero() {
			tl.Undated = append(tl.Undated, v)
			continue
		}
		tl.Dated = append(tl.Dated, TimelineEntry{Period: v.When(), FactView: v})
	}
	return tl
}

// WriteTimelineText prints a timeline, a heading for each year, the
// undated facts at the end under their own heading.
func WriteTimelineText(w io.Writer, tl Timeline) error {
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

func yearOf(e TimelineEntry) int {
	for _, s := range []string{e.Date, e.Start, e.End} {
		if d, err := graph.ParseDate(s); err == nil && !d.IsZero() {
			return d.Year
		}
	}
	return 0
}
