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
	"unicode/utf8"

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

// MaxQuadLine is the longest N-Quads line read, in bytes.
const MaxQuadLine = 1 << 20

func (n *nquadsReader) ReadQuad() (quad.Quad, error) {
	for {
		text, err := n.readLine()
		if err != nil && (err != io.EOF || text == "") {
			if err == io.EOF {
				return quad.Quad{}, io.EOF
			}
			return quad.Quad{}, fmt.Errorf("%s:%d: %w", n.name, n.line+1, err)
		}
		n.line++
		if n.line == 1 {
			if strings.HasPrefix(text, "\xff\xfe") || strings.HasPrefix(text, "\xfe\xff") {
				return quad.Quad{}, fmt.Errorf("%s: UTF-16 text (it begins with a UTF-16 byte-order mark); N-Quads are UTF-8: convert it first, e.g. iconv -f UTF-16 -t UTF-8", n.name)
			}
			text = strings.TrimPrefix(text, "\uFEFF") // a UTF-8 byte-order mark
		}
		if !utf8.ValidString(text) {
			return quad.Quad{}, fmt.Errorf("%s:%d: not UTF-8 text", n.name, n.line)
		}
		stmt := strings.TrimSpace(text)
		if stmt == "" || stmt[0] == '#' {
			continue
		}
		perr := checkTerms(stmt)
		var q quad.Quad
		if perr == nil {
			q, perr = nquads.Parse(stmt)
		}
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

// readLine reads one line of at most MaxQuadLine bytes.
func (n *nquadsReader) readLine() (string, error) {
	var line []byte
	for {
		chunk, err := n.r.ReadSlice('\n')
		if len(line)+len(chunk) > MaxQuadLine {
			return "", fmt.Errorf("line longer than %d bytes", MaxQuadLine)
		}
		line = append(line, chunk...)
		if err != bufio.ErrBufferFull {
			return string(line), err
		}
	}
}

// checkTerms checks the terms of an N-Quads statement as RDF 1.1 writes
// them, which the quad package's parser does not: it reads "<a b>" as two
// words. Subject, predicate, object and graph label are each an IRI in
// angle brackets without spaces or the characters IRIREF excludes, a
// blank node or (the object only) a quoted literal.
func checkTerms(stmt string) error {
	terms := 0
	for i := 0; i < len(stmt); {
		switch c := stmt[i]; {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '.' && terms < 3:
			return fmt.Errorf("incomplete N-Quad")
		case c == '.':
			if rest := strings.TrimSpace(stmt[i+1:]); rest != "" && rest[0] != '#' {
				return fmt.Errorf("text after the final \".\": %q", truncateText(rest, 40))
			}
			return nil
		case c == '<':
			end, err := iriEnd(stmt, i)
			if err != nil {
				return err
			}
			i = end + 1
			terms++
		case c == '"':
			if terms != 2 {
				return fmt.Errorf("a literal can only be the object")
			}
			end := literalEnd(stmt, i)
			if end < 0 {
				return fmt.Errorf("incomplete N-Quad")
			}
			i = end + 1
			// A language tag or a datatype IRI may follow.
			if strings.HasPrefix(stmt[i:], "^^") {
				i += 2
				if i >= len(stmt) || stmt[i] != '<' {
					return fmt.Errorf("want a datatype IRI after ^^")
				}
				e, err := iriEnd(stmt, i)
				if err != nil {
					return err
				}
				i = e + 1
			} else if i < len(stmt) && stmt[i] == '@' {
				for i < len(stmt) && stmt[i] != ' ' && stmt[i] != '\t' {
					i++
				}
			}
			terms++
		case strings.HasPrefix(stmt[i:], "_:"):
			for i < len(stmt) && stmt[i] != ' ' && stmt[i] != '\t' {
				i++
			}
			terms++
		default:
			w := stmt[i:]
			if j := strings.IndexAny(w, " \t"); j >= 0 {
				w = w[:j]
			}
			return fmt.Errorf("%q is not an IRI in <>, a blank node or a quoted literal", truncateText(w, 40))
		}
		if terms > 4 {
			return fmt.Errorf("more than four terms")
		}
	}
	return nil // no final "."; the parser reports it
}

// iriEnd returns the index of the ">" closing the IRI opened at stmt[i],
// or an error naming the first character IRIREF excludes.
func iriEnd(stmt string, i int) (int, error) {
	for j := i + 1; j < len(stmt); j++ {
		c := stmt[j]
		switch {
		case c == '>':
			return j, nil
		case c <= ' ':
			return 0, fmt.Errorf("IRI %s… holds a space or control character (write it as %%20)", truncateText(stmt[i:j], 40))
		case strings.IndexByte("<\"{}|^`", c) >= 0:
			return 0, fmt.Errorf("IRI %s… holds %q, which an IRI may not", truncateText(stmt[i:j], 40), c)
		case c == '\\':
			// Only \uXXXX and \UXXXXXXXX escapes are allowed in an IRI.
			if !strings.HasPrefix(stmt[j:], "\\u") && !strings.HasPrefix(stmt[j:], "\\U") {
				return 0, fmt.Errorf("IRI %s… holds a backslash that is not a \\u escape", truncateText(stmt[i:j], 40))
			}
		}
	}
	return 0, fmt.Errorf("incomplete N-Quad: IRI %s has no closing >", truncateText(stmt[i:], 40))
}

// literalEnd returns the index of the quote closing the literal opened at
// stmt[i], or -1.
func literalEnd(stmt string, i int) int {
	for j := i + 1; j < len(stmt); j++ {
		switch stmt[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return -1
}

// truncateText shortens s to n bytes at a character boundary, marking the
// cut.
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
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
