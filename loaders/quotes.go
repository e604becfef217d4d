package loaders

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/itkg/itkg/graph"
)

// NormalizeQuote folds the differences a verbatim quote may have from its
// article and nothing else: runs of white space become one space, and
// typographic quotes, apostrophes and dashes become their ASCII forms.
func NormalizeQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '`':
			r = '\''
		case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033':
			r = '"'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
			r = '-'
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// CheckQuotes reports every fact whose quote does not occur verbatim (after
// NormalizeQuote) in its article's text in dir, and every source whose text
// is missing.
func CheckQuotes(ds *graph.Dataset, dir string) error {
	var probs problemList
	texts := map[string]string{}
	for _, s := range ds.Sources {
		b, err := os.ReadFile(filepath.Join(dir, s.File))
		if err != nil {
			probs.add(s.Pos.File, s.Pos.Line, 0, "file", "cannot read the article text: %v", err)
			continue
		}
		texts[s.ID] = NormalizeQuote(ArticleText(string(b)))
	}
	for _, f := range ds.Facts {
		text, ok := texts[f.Source]
		if !ok || f.Quote == "" {
			continue
		}
		q := NormalizeQuote(f.Quote)
		switch {
		case !strings.Contains(text, q):
			probs.add(f.Pos.File, f.Pos.Line, 0, "quote", "fact %s: quote not found verbatim in %s%s", f.ID, ds.Source(f.Source).File, nearMiss(text, f.Quote))
		case !containsWholeWords(text, q):
			probs.add(f.Pos.File, f.Pos.Line, 0, "quote", "fact %s: quote starts or ends inside a word of %s; quote whole words", f.ID, ds.Source(f.Source).File)
		}
	}
	return probs.err()
}

// nearMiss tells how much of the quote's start does occur in the text, which
// points the curator at the first differing word.
func nearMiss(text, quote string) string {
	q := NormalizeQuote(quote)
	lo, hi := 0, len(q)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if strings.Contains(text, q[:mid]) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo < 10 {
		return ""
	}
	rest := q[lo:]
	if len(rest) > 30 {
		rest = rest[:30]
	}
	return fmt.Sprintf(" (matches up to %q)", rest)
}
