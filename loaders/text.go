package loaders

import (
	"fmt"
	"unicode"
)

// freeText are the fields written as prose, which may hold tabs and line
// breaks; every other field is one line.
var freeText = map[string]bool{"note": true, "description": true}

// badRune finds the first character a data field may not hold: a control
// character (C0, DEL or C1; tab and newline only in prose), a
// bidirectional override or isolate, which can make a line display
// reordered, or a zero-width character, which makes two names look alike
// (prose may hold the joiners, which some scripts need). ok is false when
// there is none.
func badRune(s string, prose bool) (r rune, why string, ok bool) {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n':
			if !prose {
				return r, "a tab or line break", true
			}
		case unicode.IsControl(r):
			return r, "a control character", true
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return r, "a bidirectional control", true
		case r == 0x200B, r == 0xFEFF, r == 0x2060:
			return r, "a zero-width character", true
		case r == 0x200C || r == 0x200D:
			if !prose {
				return r, "a zero-width character", true
			}
		}
	}
	return 0, "", false
}

// checkText reports a field's value that holds a character badRune
// refuses.
func (r *record) checkText(field, s string) {
	if c, why, bad := badRune(s, freeText[field]); bad {
		r.problem(field, "holds %s (%s), which a data field may not", why, runeName(c))
	}
}

// runeName writes a character by its code point: U+001B.
func runeName(r rune) string { return fmt.Sprintf("U+%04X", r) }
