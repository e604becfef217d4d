package queries

import (
	"strings"

	"github.com/itkg/itkg/graph"
)

// FilterSetting is one field a Filter sets, named by its command-line flag.
type FilterSetting struct {
	Flag  string `json:"flag"` // "theme", "since", "exclude-predicate"…
	Value string `json:"value"`
}

// String reads the setting as its flag: "--theme security".
func (s FilterSetting) String() string { return "--" + s.Flag + " " + s.Value }

type filterSetting struct {
	FilterSetting
	drop func(*Filter)
}

// Settings lists the fields flt sets, in a fixed order, named by the flags
// that set them.
func (flt Filter) Settings() []FilterSetting {
	var out []FilterSetting
	for _, s := range flt.settings() {
		out = append(out, s.FilterSetting)
	}
	return out
}

func (flt Filter) settings() []filterSetting {
	var out []filterSetting
	str := func(flag, v string, drop func(*Filter)) {
		if v != "" {
			out = append(out, filterSetting{FilterSetting{flag, v}, drop})
		}
	}
	list := func(flag string, v []string, drop func(*Filter)) {
		if len(v) > 0 {
			out = append(out, filterSetting{FilterSetting{flag, strings.Join(v, ",")}, drop})
		}
	}
	date := func(flag string, d graph.Date, drop func(*Filter)) {
		if !d.IsZero() {
			out = append(out, filterSetting{FilterSetting{flag, d.String()}, drop})
		}
	}
	str("entity", flt.Entity, func(f *Filter) { f.Entity = "" })
	str("subject", flt.Subject, func(f *Filter) { f.Subject = "" })
	str("object", flt.Object, func(f *Filter) { f.Object = "" })
	str("theme", flt.Theme, func(f *Filter) { f.Theme = "" })
	str("source", flt.Source, func(f *Filter) { f.Source = "" })
	str("claimed-by", flt.ClaimedBy, func(f *Filter) { f.ClaimedBy = "" })
	str("event", flt.Event, func(f *Filter) { f.Event = "" })
	list("predicate", flt.Predicates, func(f *Filter) { f.Predicates = nil })
	list("exclude-predicate", flt.Exclude, func(f *Filter) { f.Exclude = nil })
	list("modality", flt.Modalities, func(f *Filter) { f.Modalities = nil })
	date("since", flt.Since, func(f *Filter) { f.Since = graph.Date{} })
	date("until", flt.Until, func(f *Filter) { f.Until = graph.Date{} })
	date("as-of", flt.AsOf, func(f *Filter) { f.AsOf = graph.Date{} })
	str("grep", flt.Grep, func(f *Filter) { f.Grep = "" })
	return out
}
