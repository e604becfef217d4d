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
