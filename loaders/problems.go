package loaders

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong with the curated data.
type Problem struct {
	File  string
	Line  int    // 0 when the problem concerns a whole file
	Col   int    // 0 when unknown
	Field string // the YAML key concerned, if any
	Msg   string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Field != "" {
		f := p.Field
		if _, _, bad := badRune(f, false); bad || !utf8.ValidString(f) {
			f = strconv.Quote(f) // a key from the file: never raw controls
		}
		b.WriteString(f + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is the list of every problem found; as an error it prints one
// problem a line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sorted orders problems by file and line so reports read top to bottom.
func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
	return ps
}

// problemList collects problems while loading.
type problemList struct{ ps Problems }

func (l *problemList) add(file string, line, col int, field, format string, args ...any) {
	l.ps = append(l.ps, Problem{File: file, Line: line, Col: col, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (l *problemList) err() error {
	if len(l.ps) == 0 {
		return nil
	}
	return l.ps.sorted()
}
