package graph_test

import (
	"strings"
	"testing"

	"github.com/itkg/itkg/graph"
)

// FuzzParseDate: no panic; only a blank string is no date; a date that
// parses prints back as the same
// text (in its canonical form) and parses again to the same date; its
// first day is not after its last.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "2023", "2023-05", "2023-05-13", "2023-13-40", "2024-02-29", "2023-02-29", "0001", "9999-12-31", "23-1", "2023-5-1", " 2023", "2023-05-13T00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := graph.ParseDate(s)
		if err != nil {
			if !strings.Contains(err.Error(), "invalid date") {
				t.Fatalf("ParseDate(%q) error %q does not say the date is invalid", s, err)
			}
			return
		}
		if d.IsZero() {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("ParseDate(%q) gave the zero date", s)
			}
			return
		}
		back, err := graph.ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, printed %q, parsed back %v, %v", s, d, d.String(), back, err)
		}
		if d.First().After(d.Last()) {
			t.Fatalf("%q: first day %v after last %v", s, d.First(), d.Last())
		}
	})
}
