package loaders

import (
	"strings"
	"unicode"
)

// suggest returns the candidate closest to s when it is close enough to be
// a likely typo, or "". A string without a letter or digit gets none:
// every short candidate is "close" to "" or "-".
func suggest(s string, candidates []string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	best, bestDist := "", max(2, len(s)/4)+1
	for _, c := range candidates {
		if d := levenshtein(s, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Suggest is suggest for other packages (name resolution in queries).
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
