package queries

import (
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
