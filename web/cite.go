package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/queries"
)

// maxArticle bounds an article text the server reads from Options.Sources:
// an article is a few thousand words, a larger file is not one.
const maxArticle = 4 << 20

// articles reads the articles' texts from a folder, each once, for the
// paragraph of a quote (the citation's locator).
type articles struct {
	dir   string
	mu    sync.Mutex
	texts map[string]string // by file name; "" when unreadable
}

func newArticles(dir string) *articles {
	if dir == "" {
		return nil
	}
	return &articles{dir: dir, texts: map[string]string{}}
}

// text is the article of s, or "" when it cannot be read.
func (a *articles) text(s *graph.Source) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if t, ok := a.texts[s.File]; ok {
		return t
	}
	var t string
	// The file name comes from the curated data; a name reaching out of
	// the folder is not an article of it.
	if filepath.IsLocal(s.File) {
		path := filepath.Join(a.dir, s.File)
		if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() <= maxArticle {
			if b, err := os.ReadFile(path); err == nil {
				t = string(b)
			}
		}
	}
	a.texts[s.File] = t
	return t
}

// locate is the quote's paragraph in its article ("para. 7"), or "".
func (a *articles) locate(s *graph.Source, quote string) string {
	if a == nil {
		return ""
	}
	if n := loaders.Paragraph(a.text(s), quote); n > 0 {
		return fmt.Sprintf("para. %d", n)
	}
	return ""
}

// citeFormat is one format of a fact's Cite box.
type citeFormat struct {
	ID, Name string
	Text     string
	Rows     int
}

var citeNames = map[string]string{"chicago": "Chicago", "apa": "APA", "bibtex": "BibTeX", "csl-json": "CSL-JSON", "ris": "RIS"}

// permalink is the address of a fact's page on this server, as the
// request reached it; "" when the request names a host the server does
// not serve (it would not have got this far, but a citation must not
// carry a name an attacker chose).
func (s *Server) permalink(r *http.Request, id string) string {
	if !s.servesHost(r.Host) || strings.ContainsAny(r.Host, "/\\@?#") {
		return ""
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/fact/" + id
}

// citeBox writes the fact's citation in every format of `itkg cite`.
func (s *Server) citeBox(r *http.Request, ds *graph.Dataset, f *graph.Fact) ([]citeFormat, string, error) {
	opt := citation.Options{BaseURL: ""}
	url := s.permalink(r, f.ID)
	if url != "" {
		opt.BaseURL = strings.TrimSuffix(url, "/fact/"+f.ID)
	}
	if s.articles != nil {
		opt.Locate = s.articles.locate
	}
	var out []citeFormat
	for _, format := range citation.Formats {
		opt.Format = format
		var b strings.Builder
		if err := citation.Facts(&b, ds, []string{f.ID}, opt); err != nil {
			return nil, "", fmt.Errorf("citing %s as %s: %w", f.ID, format, err)
		}
		text := strings.TrimRight(b.String(), "\n")
		rows := strings.Count(text, "\n") + 1
		if format == "chicago" || format == "apa" {
			rows = 4 // one long line, wrapped
		}
		out = append(out, citeFormat{ID: format, Name: citeNames[format], Text: text, Rows: min(rows, 24)})
	}
	return out, url, nil
}

// factPageData is what a fact's page shows.
type factPageData struct {
	*factDetail
	Cite      []citeFormat
	Permalink string
	Locator   string // the quote's paragraph, when the articles are at hand
	Links     []factLink
}

// factLink is a link between two claims, with the other claim.
type factLink struct {
	Label string
	Fact  queries.FactView
}

func (s *Server) factPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	rd := st.reader()
	d, err := s.fact(ctx, rd, r.PathValue("id"))
	if err != nil {
		return "", nil, err
	}
	var other []string
	for _, l := range d.Fact.Links {
		other = append(other, l.Fact)
	}
	ds, err := rd.Facts(ctx, append(other, d.Fact.ID))
	if err != nil {
		return "", nil, err
	}
	f := ds.Fact(d.Fact.ID)
	data := &factPageData{factDetail: d}
	if data.Cite, data.Permalink, err = s.citeBox(r, ds, f); err != nil {
		return "", nil, err
	}
	if src := ds.Source(f.Source); src != nil {
		data.Locator = s.articles.locate(src, f.Quote)
	}
	for _, l := range d.Fact.Links {
		if g := ds.Fact(l.Fact); g != nil {
			data.Links = append(data.Links, factLink{Label: l.Label, Fact: queries.ViewFact(ds, g)})
		}
	}
	return "fact", &page{Title: "Fact " + d.Fact.ID, Data: data}, nil
}

// coverageCache holds the articles' sentence coverage of one open store,
// computed once.
type coverageCache struct {
	once sync.Once
	by   map[string]loaders.ArticleCoverage
	err  error
}

// coverage is the sentence coverage of a source's article: how many of
// its sentences facts quote, how many the data skips and why, and how
// many are unaccounted. ok is false without Options.Sources.
func (s *Server) coverage(ctx context.Context, st *state, id string) (cov loaders.ArticleCoverage, ok bool, err error) {
	// The coverage files are data files: only a server given the curated
	// data's folder (not just a store) can read them.
	data, isFiles := s.opts.Data.(loaders.Data)
	if s.opts.Sources == "" || !isFiles || data.FS == nil {
		return cov, false, nil
	}
	c := &st.coverage
	c.once.Do(func() {
		ds, err := st.reader().All(context.WithoutCancel(ctx))
		if err != nil {
			c.err = err
			return
		}
		for _, src := range ds.Sources {
			fi, err := os.Stat(filepath.Join(s.opts.Sources, src.File))
			if err == nil && fi.Size() > maxArticle {
				c.err = fmt.Errorf("%s: %d bytes, more than an article's %d", src.File, fi.Size(), maxArticle)
				return
			}
		}
		skips, err := loaders.LoadCoverage(data.FS, data.Display, ds)
		if err != nil {
			c.err = err
			return
		}
		// Coverage reports entries naming no sentence as a problem but
		// still accounts for the rest.
		covs, err := loaders.Coverage(ds, skips, s.opts.Sources)
		c.err = err
		c.by = map[string]loaders.ArticleCoverage{}
		for _, a := range covs {
			c.by[a.Source] = a
		}
	})
	cov, ok = c.by[id]
	if c.err != nil {
		s.opts.Log.Warn("sentence coverage", "sources", s.opts.Sources, "err", c.err)
	}
	return cov, ok, c.err
}

// coverageView is an article's sentence coverage as its source page shows
// it.
type coverageView struct {
	loaders.ArticleCoverage
	Skips   []string // "12 background", in the reasons' order
	Percent string   // of the sentences quoted or skipped with a reason
	Error   string   // a problem of the coverage data, shown beside the figures
}

func (s *Server) coverageOf(ctx context.Context, st *state, id string) *coverageView {
	cov, ok, err := s.coverage(ctx, st, id)
	if !ok && err == nil {
		return nil
	}
	v := &coverageView{ArticleCoverage: cov}
	if err != nil {
		v.Error = err.Error()
	}
	if !ok {
		return v
	}
	skipped := 0
	for _, r := range loaders.SkipReasons {
		if n := cov.Skipped[r]; n > 0 {
			v.Skips = append(v.Skips, fmt.Sprintf("%d %s", n, r))
			skipped += n
		}
	}
	if cov.Sentences > 0 {
		v.Percent = fmt.Sprintf("%.0f%%", 100*float64(cov.Quoted+skipped)/float64(cov.Sentences))
	}
	return v
}
