package present

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextWriter returns a writer that passes text on with every character a
// terminal would act on rather than show written out instead: control
// characters other than tab and newline (an escape sequence could retitle
// the window or rewrite the screen) as \x1b or \u009b, bidirectional
// controls and zero-width characters as \u202e, and bytes that are not
// UTF-8 as U+FFFD. Data loaded from N-Quads can hold any of them. Every
// Write*Text function writes through it.
func TextWriter(w io.Writer) io.Writer {
	if _, ok := w.(textWriter); ok {
		return w
	}
	return textWriter{w}
}

type textWriter struct{ w io.Writer }

func (t textWriter) Write(p []byte) (int, error) {
	if !needsEscape(p) {
		return t.w.Write(p)
	}
	if _, err := io.WriteString(t.w, EscapeText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func needsEscape(p []byte) bool {
	for i := 0; i < len(p); {
		if p[i] < utf8.RuneSelf {
			if c := p[i]; (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && n == 1 || hidden(r) {
			return true
		}
		i += n
	}
	return false
}

// hidden says whether r is a character text output writes out as an
// escape.
func hidden(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r >= 0x200B && r <= 0x200F, r == 0xFEFF, r == 0x2060:
		return true
	}
	return false
}

// EscapeText is s with the characters TextWriter escapes written out.
func EscapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case hidden(r) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// printer is the writer every text printer writes through: it escapes
// control characters (TextWriter) and keeps the first write error, so that
// a printer writes freely and returns that error once, and a command
// printing to a full disk fails instead of exiting 0.
type printer struct {
	w   io.Writer
	err error
}

func newPrinter(w io.Writer) *printer { return &printer{w: TextWriter(w)} }

func (p *printer) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.w.Write(b)
	if err != nil {
		p.err = err
	}
	return n, err
}
