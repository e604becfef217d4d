package loaders_test

import (
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/loaders"
)

const twoQuads = "# a comment\n<a> <b> <c> .\n\n<a> <b> \"d\" <l> .\n"

func readAll(t *testing.T, path, format string) ([]quad.Quad, error) {
	t.Helper()
	qf, err := loaders.OpenQuads(path, format, strings.NewReader(twoQuads))
	if err != nil {
		return nil, err
	}
	defer qf.Close()
	var out []quad.Quad
	for {
		q, err := qf.ReadQuad()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, q)
	}
}

func TestOpenQuads(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	gz := filepath.Join(dir, "g.nq.gz")
	f, _ := os.Create(gz)
	zw := gzip.NewWriter(f)
	zw.Write([]byte(twoQuads))
	zw.Close()
	f.Close()
	tests := []struct {
		name, path, format string
		quads              int
		err                string
	}{
		{"nquads", write("a.nq", twoQuads), "", 2, ""},
		{"no extension", write("a", twoQuads), "", 2, ""},
		{"gzip", gz, "", 2, ""},
		{"stdin", "-", "", 2, ""},
		{"bad line", write("bad.nq", "<a> <b> <c> .\n\n<a> <b> \"x .\n"), "", 1, "bad.nq:3: incomplete N-Quad: <a> <b> \"x ."},
		{"incomplete quad", write("inc.nq", "<a> <b> .\n"), "", 0, "inc.nq:1: incomplete N-Quad"},
		{"space in an IRI", write("sp.nq", "<a> <b> <c> .\n<a b> <c> <d> .\n"), "", 1, "sp.nq:2: IRI <a… holds a space or control character (write it as %20): <a b> <c> <d> ."},
		{"space in an object IRI", write("sp2.nq", "<a> <b> <c d> .\n"), "", 0, "sp2.nq:1: IRI <c… holds a space"},
		{"brace in an IRI", write("br.nq", "<a{> <b> <c> .\n"), "", 0, `br.nq:1: IRI <a… holds '{', which an IRI may not`},
		{"bare word", write("bw.nq", "<a> <b> c .\n"), "", 0, `bw.nq:1: "c" is not an IRI in <>, a blank node or a quoted literal`},
		{"literal subject", write("ls.nq", "\"a\" <b> <c> .\n"), "", 0, "ls.nq:1: a literal can only be the object"},
		{"literals and blank nodes", write("ok.nq", "_:x <b> \"a b\\\" c\"@en .\n<a> <b> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> <g> .\n<a> <b\\u0020c> _:y .\n"), "", 3, ""},
		{"invalid UTF-8", write("u8.nq", "<a> <b> <c> .\n<a> <b> \"caf\xe9\" .\n"), "", 1, "u8.nq:2: not UTF-8 text"},
		{"UTF-8 byte-order mark", write("bom.nq", "\uFEFF"+twoQuads), "", 2, ""},
		{"UTF-16", write("u16.nq", "\xff\xfe<\x00a\x00>\x00"), "", 0, "u16.nq: UTF-16 text (it begins with a UTF-16 byte-order mark); N-Quads are UTF-8"},
		{"line over 1 MiB", write("long.nq", "<a> <b> \""+strings.Repeat("x", 1<<20)+"\" .\n"), "", 0, "long.nq:1: line longer than 1048576 bytes"},
		{"unknown format", write("a.txt", twoQuads), "turtle", 0, `unknown quad format "turtle"`},
		{"directory", dir, "", 0, "is a directory"},
		{"missing", filepath.Join(dir, "none.nq"), "", 0, "no such file"},
		{"jsonld", write("a.jsonld", `[{"@id":"http://x/a","http://x/b":[{"@id":"http://x/c"}]}]`), "", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs, err := readAll(t, tt.path, tt.format)
			if tt.err == "" && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.err)
			}
			if len(qs) != tt.quads {
				t.Errorf("read %d quads, want %d", len(qs), tt.quads)
			}
		})
	}
}
