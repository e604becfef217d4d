package graph

import (
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
)

// Closest returns the candidate nearest to s in edit distance when it is
// near enough to be a likely typo (at most a quarter of s's length, and at
// least two edits allowed), or "". A string without a letter or digit gets
// none: every short candidate is near to "" or "-". It is the one rule for
// "did you mean" in the loaders' problems and the queries' name look-ups.
func Closest(s string, candidates []string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	best, bestDist := "", max(2, len(s)/4)+1
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(s, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
