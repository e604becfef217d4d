package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/loaders"
)

type citeOptions struct {
	format  string
	baseURL string
	sources string
}

func newCiteCmd(g *globals) *cobra.Command {
	opts := &citeOptions{}
	cmd := &cobra.Command{
		Use:   "cite FACT-ID...",
		Short: "Cite facts: the article's reference, the quote, where it stands and the fact's page",
		Long: `cite writes a citation of each fact: the reference of its article in the
chosen format, the fact's quote, its locator (the paragraph of the article
that holds the quote, when --sources names the articles' folder) and a
permalink to the fact's page on an itkg server (--base-url).`,
		Example: `  itkg cite zelin-2023-001
  itkg cite zelin-2023-001 kaura-2024-010 --format bibtex --sources ../shared/sources
  itkg cite tabaan-2024-020 --format csl-json --base-url https://itkg.example.org`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, ids []string) error {
			if !slices.Contains(citation.Formats, opts.format) {
				return fmt.Errorf("--format %q: want one of %s", opts.format, strings.Join(citation.Formats, ", "))
			}
			r, done, err := g.reader(cmd.Context())
			defer done()
			if err != nil {
				return err
			}
			ds, err := r.Facts(cmd.Context(), ids)
			if err != nil {
				return err
			}
			copt := citation.Options{Format: opts.format, BaseURL: opts.baseURL}
			if opts.sources != "" {
				copt.Locate = locator(opts.sources)
			}
			return citation.Facts(cmd.OutOrStdout(), ds, ids, copt)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "chicago", "citation format: "+strings.Join(citation.Formats, ", "))
	f.StringVar(&opts.baseURL, "base-url", "", "address of an itkg web server, for each fact's permalink")
	f.StringVar(&opts.sources, "sources", "", "directory holding the articles' texts, for the paragraph of each quote")
	return cmd
}

// maxArticle bounds the article texts cite reads.
const maxArticle = 4 << 20

// locator finds a quote's paragraph in the article texts of dir, reading
// each article once.
func locator(dir string) func(*graph.Source, string) string {
	texts := map[string]string{}
	return func(s *graph.Source, quote string) string {
		text, ok := texts[s.ID]
		if !ok {
			// An article is a few thousand words: a larger file is not one.
			path := filepath.Join(dir, s.File)
			if fi, err := os.Stat(path); err == nil && fi.Size() <= maxArticle {
				if b, err := os.ReadFile(path); err == nil {
					text = string(b)
				}
			}
			texts[s.ID] = text
		}
		if n := loaders.Paragraph(text, quote); n > 0 {
			return fmt.Sprintf("para. %d", n)
		}
		return ""
	}
}
