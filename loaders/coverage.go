package loaders

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itkg/itkg/graph"
)

// CoverageDir holds, per source, the sentences of its article that hold no
// checkable claim (data/coverage/<source-id>.yaml).
const CoverageDir = "coverage"

// SkipReasons are the reasons a sentence may hold no fact; docs/curation.md
// says when each applies.
var SkipReasons = []string{"background", "opinion", "repeats", "navigation", "footer"}

// minStartsWords is the fewest words a coverage entry names its sentence by,
// so that a short prefix cannot silently account for a sentence it was not
// written for; a shorter entry must be the whole sentence.
const minStartsWords = 4

// Skip is one coverage entry: the sentences starting with Starts hold no
// checkable claim, for Reason.
type Skip struct {
	Source  string
	Starts  string
	Reason  string
	Repeats string // fact id, with reason "repeats"
	Pos     graph.Pos
}

// Sentence is one sentence of an article, normalised as quotes are
// (NormalizeQuote over ArticleText), with its place in the article's
// normalised text.
type Sentence struct {
	Text       string
	Start, End int // byte offsets in the normalised article
}

// Sentences splits an article's markdown into sentences. Paragraphs (lines)
// are split at a full stop, question or exclamation mark followed by a
// capital, a digit or an opening quote, except after an abbreviation or an
// initial; a line with no end punctuation (a heading, a byline) is a sentence
// of its own, unless the next line starts in lower case (a page break inside
// a sentence). It also returns the normalised text the offsets refer to.
func Sentences(raw string) (string, []Sentence) {
	joined := blocks(raw)
	var text strings.Builder
	var out []Sentence
	for i, p := range joined {
		if i > 0 {
			text.WriteByte(' ')
		}
		base := text.Len()
		text.WriteString(p)
		start := 0
		for _, cut := range sentenceCuts(p) {
			out = append(out, Sentence{Text: p[start:cut], Start: base + start, End: base + cut})
			start = cut + 1 // the space after the cut
		}
		if start < len(p) {
			out = append(out, Sentence{Text: p[start:], Start: base + start, End: base + len(p)})
		}
	}
	return text.String(), out
}

// blocks are the lines of an article's text, normalised, with a line cut by
// a page break joined to its continuation.
func blocks(raw string) []string {
	var joined []string
	for _, line := range strings.Split(ArticleText(raw), "\n") {
		p := NormalizeQuote(line)
		switch n := len(joined); {
		case p == "":
		case n > 0 && !endsSentence(joined[n-1]) && startsLower(p):
			joined[n-1] += " " + p
		default:
			joined = append(joined, p)
		}
	}
	return joined
}

// Paragraph is the number of the paragraph of the article (raw markdown)
// that holds quote, counting the paragraphs a reader counts: blocks that
// end as a sentence does, not headings or bylines. It is 0 when the quote is
// not in one paragraph.
func Paragraph(raw, quote string) int {
	q := NormalizeQuote(quote)
	n := 0
	for _, b := range blocks(raw) {
		if !endsSentence(b) {
			continue
		}
		n++
		if strings.Contains(b, q) {
			return n
		}
	}
	return 0
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"gen": true, "col": true, "lt": true, "maj": true, "sgt": true, "capt": true, "prof": true,
	"u.s": true, "u.n": true, "u.k": true, "e.g": true, "i.e": true, "vs": true, "no": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "d.c": true, "inc": true,
	"ltd": true, "co": true, "approx": true, "etc": true,
}

// sentenceCuts returns the byte offsets in p just after each sentence's end
// punctuation (and closing quotes or brackets), where a space follows.
func sentenceCuts(p string) []int {
	var cuts []int
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		j := i + 1
		for j < len(p) && (p[j] == '"' || p[j] == '\'' || p[j] == ')' || p[j] == ']') {
			j++
		}
		if j+1 >= len(p) || p[j] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[j+1:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '\'' || next == '(' || next == '[') {
			continue
		}
		if c == '.' {
			w := lastWord(p[:i])
			if abbreviations[strings.ToLower(w)] {
				continue
			}
			if r, n := utf8.DecodeRuneInString(w); n == len(w) && unicode.IsUpper(r) {
				continue // an initial: "Aaron Y. Zelin"
			}
		}
		cuts = append(cuts, j)
		i = j
	}
	return cuts
}

func lastWord(s string) string {
	i := strings.LastIndexAny(s, " (\"'")
	return s[i+1:]
}

func endsSentence(p string) bool {
	p = strings.TrimRight(p, "\"')]")
	return strings.HasSuffix(p, ".") || strings.HasSuffix(p, "?") || strings.HasSuffix(p, "!") || strings.HasSuffix(p, ":")
}

func startsLower(p string) bool {
	r, _ := utf8.DecodeRuneInString(p)
	return unicode.IsLower(r)
}

// LoadCoverage reads every coverage file under the data directory fsys and
// checks each entry's fields against ds. A missing coverage directory is no
// entries.
func LoadCoverage(fsys fs.FS, display string, ds *graph.Dataset) ([]Skip, error) {
	entries, err := fs.ReadDir(fsys, CoverageDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path.Join(display, CoverageDir), err)
	}
	var probs problemList
	var skips []Skip
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		name := path.Join(CoverageDir, e.Name())
		shown := path.Join(display, name)
		source := strings.TrimSuffix(e.Name(), ".yaml")
		if ds.Source(source) == nil {
			probs.add(shown, 0, 0, "", "coverage file %s names no source in sources.yaml", e.Name())
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs.add(shown, 0, 0, "", "%v", err)
			continue
		}
		for _, r := range parseList(shown, data, &probs) {
			s := Skip{Source: source, Starts: r.str("starts", true), Reason: r.str("reason", true),
				Repeats: r.str("repeats", false), Pos: pos(r)}
			r.unknown([]string{"starts", "reason", "repeats"})
			switch {
			case s.Reason == "":
			case !slices.Contains(SkipReasons, s.Reason):
				probs.add(shown, s.Pos.Line, 0, "reason", "unknown reason %q (want one of %s)", s.Reason, strings.Join(SkipReasons, ", "))
			case s.Reason == "repeats" && s.Repeats == "":
				probs.add(shown, s.Pos.Line, 0, "repeats", "reason repeats needs the id of the fact the sentence repeats")
			case s.Reason != "repeats" && s.Repeats != "":
				probs.add(shown, s.Pos.Line, 0, "repeats", "repeats goes with reason repeats")
			}
			if s.Repeats != "" {
				if f := ds.Fact(s.Repeats); f == nil || f.Source != source {
					probs.add(shown, s.Pos.Line, 0, "repeats", "%q is not a fact of %s", s.Repeats, source)
				}
			}
			skips = append(skips, s)
		}
	}
	if err := probs.err(); err != nil {
		return nil, err
	}
	return skips, nil
}

// ArticleCoverage accounts for every sentence of one article.
type ArticleCoverage struct {
	Source      string         `json:"source"`
	Sentences   int            `json:"sentences"`
	Quoted      int            `json:"quoted"`
	Skipped     map[string]int `json:"skipped"` // by reason
	Unaccounted []string       `json:"unaccounted"`
}

// Coverage accounts for every sentence of every source's article in dir: a
// sentence is quoted when a fact's quote overlaps it, skipped when a
// coverage entry names it, and unaccounted otherwise. A coverage entry that
// names no sentence is a problem (the article or the entry changed).
func Coverage(ds *graph.Dataset, skips []Skip, dir string) ([]ArticleCoverage, error) {
	var probs problemList
	var out []ArticleCoverage
	for _, src := range ds.Sources {
		b, err := os.ReadFile(filepath.Join(dir, src.File))
		if err != nil {
			probs.add(src.Pos.File, src.Pos.Line, 0, "file", "cannot read the article text: %v", err)
			continue
		}
		text, sentences := Sentences(string(b))
		quoted := make([]bool, len(sentences))
		for _, f := range ds.Facts {
			if f.Source != src.ID || f.Quote == "" {
				continue
			}
			q := NormalizeQuote(f.Quote)
			for off := 0; ; {
				i := strings.Index(text[off:], q)
				if i < 0 {
					break
				}
				i += off
				markOverlap(sentences, quoted, i, i+len(q))
				off = i + 1
			}
		}
		ac := ArticleCoverage{Source: src.ID, Sentences: len(sentences), Skipped: map[string]int{}, Unaccounted: []string{}}
		reason := make([]string, len(sentences))
		for _, s := range skips {
			if s.Source != src.ID {
				continue
			}
			starts := NormalizeQuote(s.Starts)
			// A short entry must be a whole sentence (a two-word heading), so
			// that it cannot account for a longer sentence by its start.
			whole := len(strings.Fields(starts)) < minStartsWords
			found := false
			for i, sent := range sentences {
				if whole && sent.Text == starts || !whole && strings.HasPrefix(sent.Text, starts) {
					found = true
					if reason[i] == "" {
						reason[i] = s.Reason
					}
				}
			}
			switch {
			case !found && whole:
				probs.add(s.Pos.File, s.Pos.Line, 0, "starts", "no sentence of %s is %q (an entry of fewer than %d words names a whole sentence)", src.File, s.Starts, minStartsWords)
			case !found:
				probs.add(s.Pos.File, s.Pos.Line, 0, "starts", "no sentence of %s starts %q", src.File, s.Starts)
			}
		}
		for i, sent := range sentences {
			switch {
			case quoted[i]:
				ac.Quoted++
			case reason[i] != "":
				ac.Skipped[reason[i]]++
			default:
				ac.Unaccounted = append(ac.Unaccounted, sent.Text)
			}
		}
		out = append(out, ac)
	}
	if err := probs.err(); err != nil {
		return out, err
	}
	return out, nil
}

// markOverlap marks the sentences that the span [start, end) overlaps.
func markOverlap(sentences []Sentence, quoted []bool, start, end int) {
	i := sort.Search(len(sentences), func(i int) bool { return sentences[i].End > start })
	for ; i < len(sentences) && sentences[i].Start < end; i++ {
		quoted[i] = true
	}
}

// WriteCoverageText prints one line per article, with the first words of
// each unaccounted sentence when list is set.
func WriteCoverageText(w io.Writer, cov []ArticleCoverage, list bool) error {
	var b strings.Builder
	for _, c := range cov {
		var skipped []string
		total := 0
		for _, r := range SkipReasons {
			if n := c.Skipped[r]; n > 0 {
				skipped = append(skipped, fmt.Sprintf("%s %d", r, n))
				total += n
			}
		}
		fmt.Fprintf(&b, "%s: %d sentences, %d quoted, %d skipped", c.Source, c.Sentences, c.Quoted, total)
		if len(skipped) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(skipped, ", "))
		}
		fmt.Fprintf(&b, ", %d unaccounted\n", len(c.Unaccounted))
		if list {
			for _, s := range c.Unaccounted {
				fmt.Fprintf(&b, "    %s\n", firstWords(s, 12))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// firstWords is the start of a sentence, enough to find it in its article.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) <= n {
		return s
	}
	return strings.Join(f[:n], " ") + " …"
}

// Unaccounted counts the sentences no fact quotes and no entry skips.
func Unaccounted(cov []ArticleCoverage) int {
	n := 0
	for _, c := range cov {
		n += len(c.Unaccounted)
	}
	return n
}
