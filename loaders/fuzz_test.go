package loaders_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/queries"
)

// dataFiles are the fixture's files a fuzzed input may replace.
var dataFiles = []string{"sources.yaml", "entities.yaml", "predicates.yaml", "themes.yaml", "clusters.yaml",
	"facts/alpha-2022.yaml", "facts/beta-2023.yaml"}

func fixtureMap(tb testing.TB) fstest.MapFS {
	tb.Helper()
	fsys := fstest.MapFS{}
	base := os.DirFS(fixture.Dir())
	for _, f := range dataFiles {
		b, err := fs.ReadFile(base, f)
		if err != nil {
			tb.Fatal(err)
		}
		fsys[f] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// FuzzLoad puts any bytes in place of one of the fixture's data files. The
// loader must not panic; every problem it reports must name the data file
// it is about; and data it accepts must survive the trip into quads and
// back unchanged.
func FuzzLoad(f *testing.F) {
	base := fixtureMap(f)
	for i, name := range dataFiles {
		f.Add(uint8(i), base[name].Data)
	}
	f.Add(uint8(5), []byte("- id: alpha-2022-001\n\tsubject: upland\n"))
	f.Add(uint8(6), []byte("- id: x\n  id: y\n"))
	f.Add(uint8(1), []byte("- id: a\n  name: A\n  type: person\n  aliases: [Low Country]\n  description: d\n"))
	f.Add(uint8(6), []byte("- {id: beta-2023-001, subject: upland, predicate: attacks, object: lowland, date: \"2023-13-40\"}\n"))
	f.Add(uint8(0), []byte{0xff, 0xfe, 0x00, 0x01})
	f.Add(uint8(3), []byte(""))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		fsys := fixtureMap(t)
		name := dataFiles[int(which)%len(dataFiles)]
		fsys[name] = &fstest.MapFile{Data: data}
		start := time.Now()
		ds, err := loaders.Load(fsys, "data")
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("loading %d bytes in %s took %s", len(data), name, took)
		}
		if err != nil {
			var probs loaders.Problems
			if !errors.As(err, &probs) {
				if !strings.HasPrefix(err.Error(), "reading data: ") {
					t.Fatalf("an error that is neither a problem list nor a reading error: %v", err)
				}
				return
			}
			for _, p := range probs {
				if !strings.HasPrefix(p.File, "data/") || p.Line < 0 || !utf8.ValidString(p.String()) {
					t.Fatalf("problem %q does not name its data file (or is not text)", p.String())
				}
			}
			return
		}
		quads := graph.Quads(ds)
		back, err := queries.NewReader(memstore.New(quads...)).All(context.Background())
		if err != nil {
			t.Fatalf("accepted data does not read back: %v", err)
		}
		if a, b := nquads(quads), nquads(graph.Quads(back)); a != b {
			t.Fatalf("accepted data changed on its way through quads")
		}
	})
}

func nquads(qs []quad.Quad) string {
	var b strings.Builder
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = q.NQuad()
	}
	sortStrings(lines)
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.String()
}

func sortStrings(ss []string) {
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && ss[j] < ss[j-1]; j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
}

// FuzzNormalizeQuote: the quote normaliser never panics, is idempotent,
// leaves no run of white space or typographic quote, and keeps a quote
// found in a text found in the normalised text.
func FuzzNormalizeQuote(f *testing.F) {
	for _, s := range []string{"", "  a  b ", "“Iran’s ‘guests’” — 2023", "tab\there\nnewline", "\u00a0nbsp\u2009thin", "x\u2014y"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, text string, cut int) {
		n := loaders.NormalizeQuote(text)
		if loaders.NormalizeQuote(n) != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", text, n, loaders.NormalizeQuote(n))
		}
		if strings.Contains(n, "  ") || strings.ContainsAny(n, "\t\n\u201c\u201d\u2018\u2019\u2014") {
			t.Fatalf("%q normalises to %q, which keeps what it should fold", text, n)
		}
		if !utf8.ValidString(text) {
			return
		}
		// Any whole-word slice of the text, normalised, is found in the
		// normalised text: what the quote check relies on.
		words := strings.Fields(text)
		if len(words) == 0 {
			return
		}
		k := 1 + (cut%len(words)+len(words))%len(words)
		quote := strings.Join(words[:k], " ")
		if !strings.Contains(n, loaders.NormalizeQuote(quote)) {
			t.Fatalf("quote %q of %q is not found after normalising both", quote, text)
		}
	})
}

// FuzzOpenQuads feeds any bytes to the N-Quads reader of itkg load: no
// panic; an error names the input and a line; quads it reads are complete
// and read back the same once written.
func FuzzOpenQuads(f *testing.F) {
	for _, s := range []string{
		"<a> <b> <c> .\n",
		"<a> <b> \"c\" <l> .\n# comment\n\n<a> <b> \"x\\ny\"@en .\n",
		"<a> <b> .\n",
		"<a> <b> \"unterminated .\n",
		"_:b1 <p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
		"\x00\x01",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		qf, err := loaders.OpenQuads("-", "nquads", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		defer qf.Close()
		var got []quad.Quad
		for {
			q, err := qf.ReadQuad()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), "standard input:") {
					t.Fatalf("error %q does not name the input and line", err)
				}
				return
			}
			if !q.IsValid() {
				t.Fatalf("read an incomplete quad %v", q)
			}
			got = append(got, q)
		}
		var out strings.Builder
		for _, q := range got {
			out.WriteString(q.NQuad() + "\n")
		}
		again, err := loaders.OpenQuads("-", "nquads", strings.NewReader(out.String()))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; ; i++ {
			q, err := again.ReadQuad()
			if errors.Is(err, io.EOF) {
				if i != len(got) {
					t.Fatalf("read %d quads back, want %d", i, len(got))
				}
				return
			}
			if err != nil {
				t.Fatalf("quads written by itkg do not read back: %v\n%s", err, out.String())
			}
			if q.NQuad() != got[i].NQuad() {
				t.Fatalf("quad %d changed: %s -> %s", i, got[i].NQuad(), q.NQuad())
			}
		}
	})
}
