package loaders

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The articles are stored as markdown. A reader sees a link's text, not its
// syntax, so quotes are checked against the text with links reduced to their
// text, bare URLs dropped and emphasis marks removed.
var (
	// [text \(url\)](url) and [text](url): the text.
	mdLink = regexp.MustCompile(`\[([^\]\n]*?)(?:\s*\\\([^)\n]*\\\))?\]\([^)\n]*\)`)
	// " (<https://…>)" and "<https://…>": nothing.
	mdBareURL = regexp.MustCompile(`\s*\(?<https?://[^>\s]*>\)?`)
)

// ArticleText reduces an article's markdown to the text its reader sees:
// links become their text, bare URLs and emphasis marks (** and __) go, and
// escaped parentheses lose their backslashes.
func ArticleText(raw string) string {
	s := mdLink.ReplaceAllString(raw, "$1")
	s = mdBareURL.ReplaceAllString(s, "")
	s = strings.NewReplacer("**", "", "__", "", `\(`, "(", `\)`, ")").Replace(s)
	return s
}

// MinQuoteWords is the fewest words a quote may have: a shorter span rarely
// states a fact by itself.
const MinQuoteWords = 6

// quoteMarkup reports markup that a quote must not carry, or "".
func quoteMarkup(q string) string {
	for _, m := range []string{"](", "**", "http://", "https://", "<http"} {
		if strings.Contains(q, m) {
			return m
		}
	}
	return ""
}

// isWordRune reports whether r continues a word: a quote's span must not
// start or end inside a word.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// containsWholeWords reports whether text holds quote starting and ending on
// word boundaries (both already normalised).
func containsWholeWords(text, quote string) bool {
	if quote == "" {
		return false
	}
	for off := 0; ; {
		i := strings.Index(text[off:], quote)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(quote)
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[j:])
		first, _ := utf8.DecodeRuneInString(quote)
		last, _ := utf8.DecodeLastRuneInString(quote)
		startOK := i == 0 || !isWordRune(before) || !isWordRune(first)
		endOK := j == len(text) || !isWordRune(after) || !isWordRune(last)
		if startOK && endOK {
			return true
		}
		off = i + 1
	}
}

// namesAny reports whether text names one of names: case-insensitively, each
// starting on a word boundary (so "Iran" names Iran in "Iranian" and in
// "Iran's"), after NormalizeQuote.
func namesAny(text string, names []string) bool {
	t := strings.ToLower(NormalizeQuote(text))
	for _, n := range names {
		n = strings.ToLower(NormalizeQuote(n))
		if n == "" {
			continue
		}
		for off := 0; ; {
			i := strings.Index(t[off:], n)
			if i < 0 {
				break
			}
			i += off
			before, _ := utf8.DecodeLastRuneInString(t[:i])
			if i == 0 || !isWordRune(before) {
				return true
			}
			off = i + 1
		}
	}
	return false
}
