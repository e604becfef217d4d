package loaders

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/cayleygraph/quad"
	_ "github.com/cayleygraph/quad/json"   // registers json and json-stream
	_ "github.com/cayleygraph/quad/jsonld" // registers jsonld
	"github.com/cayleygraph/quad/nquads"
	_ "github.com/cayleygraph/quad/pquads" // registers pquads
)

// QuadFormats lists the formats OpenQuads reads.
func QuadFormats() []string {
	var out []string
	for _, f := range quad.Formats() {
		if f.Reader != nil {
			out = append(out, f.Name)
		}
	}
	sort.Strings(out)
	return out
}

// QuadFile is a quad file open for streaming.
type QuadFile struct {
	quad.Reader
	Format string
	Size   int64 // bytes on disk, 0 when unknown (standard input)
	read   *counter
	close  []func() error
}

// Read is how many bytes of the file have been consumed so far (before
// decompression), for progress reports.
func (f *QuadFile) Read() int64 { return f.read.n.Load() }

// Close closes the file.
func (f *QuadFile) Close() error {
	var first error
	for i := len(f.close) - 1; i >= 0; i-- {
		if err := f.close[i](); first == nil {
			first = err
		}
	}
	return first
}

// OpenQuads opens a quad file for streaming: path "-" is standard input
// (in), format names one of QuadFormats or is empty to go by the file's
// extension (N-Quads when it says nothing). A ".gz" file is decompressed.
func OpenQuads(path, format string, in io.Reader) (*QuadFile, error) {
	qf := &QuadFile{read: &counter{}}
	var r io.Reader
	name := path
	if path == "-" {
		r = in
		name = ""
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		if info, err := f.Stat(); err == nil {
			if info.IsDir() {
				f.Close()
				return nil, fmt.Errorf("%s is a directory", path)
			}
			qf.Size = info.Size()
		}
		r = f
		qf.close = append(qf.close, f.Close)
	}
	r = &countingReader{r: r, c: qf.read}
	if strings.HasSuffix(name, ".gz") {
		gz, err := gzip.NewReader(bufio.NewReader(r))
		if err != nil {
			qf.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = gz
		qf.close = append(qf.close, gz.Close)
		name = strings.TrimSuffix(name, ".gz")
	}
	var f *quad.Format
	switch {
	case format != "":
		f = quad.FormatByName(format)
	case filepath.Ext(name) != "":
		f = quad.FormatByExt(filepath.Ext(name))
	}
	if f == nil && format == "" {
		f = quad.FormatByName("nquads")
	}
	if f == nil || f.Reader == nil {
		qf.Close()
		return nil, fmt.Errorf("unknown quad format %q (want %s)", format, strings.Join(QuadFormats(), ", "))
	}
	qf.Format = f.Name
	display := path
	if path == "-" {
		display = "standard input"
	}
	if f.Name == "nquads" {
		qf.Reader = &nquadsReader{r: bufio.NewReaderSize(r, 1<<16), name: display}
		return qf, nil
	}
	rc := f.Reader(bufio.NewReaderSize(r, 1<<16))
	qf.Reader = named{rc, display}
	qf.close = append(qf.close, rc.Close)
	return qf, nil
}

// nquadsReader reads N-Quads line by line, so that an error names its
// line; unlike the quad package's reader it also refuses, rather than
// skips, a statement that is not a complete quad.
type nquadsReader struct {
	r    *bufio.Reader
	name string
	line int
}

func (n *nquadsReader) ReadQuad() (quad.Quad, error) {
	for {
		text, err := n.r.ReadString('\n')
		if err != nil && (err != io.EOF || text == "") {
			if err == io.EOF {
				return quad.Quad{}, io.EOF
			}
			return quad.Quad{}, fmt.Errorf("%s:%d: %w", n.name, n.line+1, err)
		}
		n.line++
		stmt := strings.TrimSpace(text)
		if stmt == "" || stmt[0] == '#' {
			continue
		}
		q, perr := nquads.Parse(stmt)
		if perr == nil && !q.IsValid() {
			perr = fmt.Errorf("not a complete quad")
		}
		if perr != nil {
			if len(stmt) > 120 {
				stmt = stmt[:120] + "…"
			}
			return quad.Quad{}, fmt.Errorf("%s:%d: %v: %s", n.name, n.line, perr, stmt)
		}
		return q, nil
	}
}

// named prefixes a reader's errors with the file's name.
type named struct {
	quad.Reader
	name string
}

func (n named) ReadQuad() (quad.Quad, error) {
	q, err := n.Reader.ReadQuad()
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%s: %w", n.name, err)
	}
	return q, err
}

type counter struct{ n atomic.Int64 }

type countingReader struct {
	r io.Reader
	c *counter
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.c.n.Add(int64(n))
	return n, err
}
