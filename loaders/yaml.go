package loaders

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/itkg/itkg/graph"
)

// record is one item of a data file: a YAML mapping whose fields keep their
// positions, so every later problem can name its line.
type record struct {
	file   string
	line   int
	fields map[string]ast.Node
	used   map[string]bool
	probs  *problemList
}

// parseList parses a data file that holds a YAML list of mappings. An empty
// file, or one holding only comments, is an empty list.
func parseList(file string, data []byte, probs *problemList) []*record {
	if !utf8.Valid(data) {
		probs.add(file, 0, 0, "", "not UTF-8 text")
		return nil
	}
	if strings.IndexByte(string(data), 0) >= 0 {
		probs.add(file, 0, 0, "", "binary content (NUL byte)")
		return nil
	}
	// The lexer and parser spend about half a kilobyte on each token, and
	// the parser builds its whole tree before it answers: bound the tokens
	// with a cheap count first, then the nesting from the tokens.
	if n := items(data); n > MaxItems {
		probs.add(file, 0, 0, "", "too large to check: %d words and marks, at most %d (split the file)", n, MaxItems)
		return nil
	}
	toks := lexer.Tokenize(string(data))
	if line, depth := nesting(toks); depth > MaxDepth {
		probs.add(file, line, 0, "", "nested more than %d levels deep (no data file needs more than a few)", MaxDepth)
		return nil
	}
	f, err := parser.Parse(toks, 0)
	if err != nil {
		line, col, msg := yamlErrorPos(err)
		if strings.Contains(msg, "\t") {
			msg = strings.ReplaceAll(msg, "\t", `\t`) + " (indent with spaces, not tabs)"
		}
		probs.add(file, line, col, "", "YAML syntax: %s", msg)
		return nil
	}
	var out []*record
	for _, doc := range f.Docs {
		body := doc.Body
		if body == nil {
			continue
		}
		if _, ok := body.(*ast.NullNode); ok {
			continue
		}
		if c, ok := body.(*ast.CommentGroupNode); ok && c != nil {
			continue
		}
		seq, ok := body.(*ast.SequenceNode)
		if !ok {
			line, col := nodePos(body)
			probs.add(file, line, col, "", "want a list of items (each starting with \"- \"), found %s", body.Type())
			continue
		}
		for _, item := range seq.Values {
			if r := newRecord(file, item, probs); r != nil {
				out = append(out, r)
			}
		}
	}
	return out
}

func newRecord(file string, n ast.Node, probs *problemList) *record {
	line, col := nodePos(n)
	r := &record{file: file, line: line, fields: map[string]ast.Node{}, used: map[string]bool{}, probs: probs}
	var pairs []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		pairs = m.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{m}
	default:
		probs.add(file, line, col, "", "want a mapping of fields (key: value), found %s", n.Type())
		return nil
	}
	for _, mv := range pairs {
		key := scalarText(mv.Key)
		kl, kc := nodePos(mv.Key)
		if _, dup := r.fields[key]; dup {
			probs.add(file, kl, kc, key, "duplicate key")
			continue
		}
		r.fields[key] = mv.Value
	}
	// Records whose first key sits on the "- " line report that line.
	if len(pairs) > 0 {
		r.line, _ = nodePos(pairs[0].Key)
	}
	return r
}

// MaxDepth is how deeply the collections of a data file may nest.
const MaxDepth = 64

// MaxDataFile is the largest data file read, in bytes.
const MaxDataFile = 2 << 20

// MaxItems bounds the words and punctuation marks of a data file, and so
// its YAML tokens: a 55 kB facts file has about 9,000.
const MaxItems = 250_000

// items counts a data file's words and YAML punctuation, a bound on the
// tokens the lexer makes of it (within a small factor, and above it for
// quoted text).
func items(data []byte) int {
	n, inWord := 0, false
	for i, c := range data {
		switch c {
		case ' ', '\t', '\n', '\r':
			inWord = false
		case '[', ']', '{', '}', ',':
			n++
			inWord = false
		case ':', '-', '?':
			if i+1 == len(data) || data[i+1] == ' ' || data[i+1] == '\n' || data[i+1] == '\r' || data[i+1] == '\t' {
				n++
				inWord = false
			} else if !inWord {
				n++
				inWord = true
			}
		default:
			if !inWord {
				n++
				inWord = true
			}
		}
	}
	return n
}

// nesting returns the deepest nesting of collections in a token stream
// and the line where it is first reached, or where it first passes
// MaxDepth. Flow collections count by their brackets; block collections
// by the distinct indentation columns open at a line's first token, each
// "- " entry counting as one more.
func nesting(toks token.Tokens) (line, depth int) {
	var cols []int // columns of the open block collections
	flow := 0
	lastLine := 0
	var prev *token.Token
	for _, tk := range toks {
		if tk.Position == nil || tk.Type == token.CommentType {
			continue
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(0, flow-1)
		}
		if flow == 0 && (tk.Position.Line != lastLine || tk.Type == token.SequenceEntryType ||
			(prev != nil && prev.Type == token.SequenceEntryType)) {
			col := tk.Position.Column
			for len(cols) > 0 && cols[len(cols)-1] >= col {
				cols = cols[:len(cols)-1]
			}
			cols = append(cols, col)
		}
		lastLine = tk.Position.Line
		prev = tk
		if d := len(cols) + flow; d > depth {
			line, depth = tk.Position.Line, d
			if depth > MaxDepth {
				return line, depth
			}
		}
	}
	return line, depth
}

// yamlErrorPos extracts the position and message of a goccy/go-yaml error.
func yamlErrorPos(err error) (line, col int, msg string) {
	var te interface {
		GetToken() *token.Token
		GetMessage() string
	}
	if errors.As(err, &te) {
		if tk := te.GetToken(); tk != nil && tk.Position != nil {
			return tk.Position.Line, tk.Position.Column, te.GetMessage()
		}
		return 0, 0, te.GetMessage()
	}
	return 0, 0, err.Error()
}

func nodePos(n ast.Node) (line, col int) {
	if n == nil {
		return 0, 0
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line, tk.Position.Column
	}
	return 0, 0
}

// scalarText is the text of a scalar node as written (strings unquoted).
func scalarText(n ast.Node) string {
	switch v := n.(type) {
	case nil:
		return ""
	case *ast.StringNode:
		return v.Value
	case *ast.LiteralNode:
		return strings.TrimRight(v.Value.Value, "\n")
	case *ast.NullNode:
		return ""
	case *ast.TagNode:
		return scalarText(v.Value)
	case *ast.MappingKeyNode:
		return scalarText(v.Value)
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return n.String()
}

func isScalar(n ast.Node) bool {
	switch n.(type) {
	case *ast.StringNode, *ast.LiteralNode, *ast.IntegerNode, *ast.FloatNode,
		*ast.BoolNode, *ast.NullNode, *ast.InfinityNode, *ast.NanNode:
		return true
	}
	return false
}

func (r *record) problem(field, format string, args ...any) {
	line, col := r.line, 0
	if n, ok := r.fields[field]; ok {
		line, col = nodePos(n)
	}
	r.probs.add(r.file, line, col, field, format, args...)
}

// str returns a string field; required fields that are missing or empty are
// reported.
func (r *record) str(field string, required bool) string {
	r.used[field] = true
	n, ok := r.fields[field]
	if !ok || isNull(n) {
		if required {
			r.problem(field, "required field is missing")
		}
		return ""
	}
	if !isScalar(n) {
		r.problem(field, "want a single value, found %s", n.Type())
		return ""
	}
	s := strings.TrimSpace(scalarText(n))
	if s == "" && required {
		r.problem(field, "required field is empty")
	}
	r.checkText(field, s)
	return s
}

// strs returns a list-of-strings field; a single scalar is a one-item list.
func (r *record) strs(field string, required bool) []string {
	r.used[field] = true
	n, ok := r.fields[field]
	if !ok || isNull(n) {
		if required {
			r.problem(field, "required field is missing")
		}
		return nil
	}
	var out []string
	switch v := n.(type) {
	case *ast.SequenceNode:
		for _, item := range v.Values {
			if !isScalar(item) {
				line, col := nodePos(item)
				r.probs.add(r.file, line, col, field, "want a list of single values, found %s", item.Type())
				continue
			}
			if s := strings.TrimSpace(scalarText(item)); s != "" {
				out = append(out, s)
				if c, why, bad := badRune(s, false); bad {
					line, col := nodePos(item)
					r.probs.add(r.file, line, col, field, "holds %s (%s), which a data field may not", why, runeName(c))
				}
			}
		}
	default:
		if !isScalar(n) {
			r.problem(field, "want a list, found %s", n.Type())
			return nil
		}
		if s := strings.TrimSpace(scalarText(n)); s != "" {
			out = []string{s}
			r.checkText(field, s)
		}
	}
	if required && len(out) == 0 {
		r.problem(field, "required field is empty")
	}
	return out
}

func (r *record) boolean(field string) bool {
	s := r.str(field, false)
	switch strings.ToLower(s) {
	case "", "false", "no":
		return false
	case "true", "yes":
		return true
	}
	r.problem(field, "want true or false, found %q", s)
	return false
}

func (r *record) number(field string) *float64 {
	s := r.str(field, false)
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil {
		r.problem(field, "want a number, found %q", s)
		return nil
	}
	return &f
}

// unknown reports fields no decoder asked for, with a suggestion.
func (r *record) unknown(known []string) {
	for key := range r.fields {
		if r.used[key] {
			continue
		}
		if s := graph.Closest(key, known); s != "" {
			r.problem(key, "unknown field (did you mean %q?)", s)
		} else {
			r.problem(key, "unknown field (known fields: %s)", strings.Join(known, ", "))
		}
	}
}

func isNull(n ast.Node) bool {
	_, ok := n.(*ast.NullNode)
	return ok
}
